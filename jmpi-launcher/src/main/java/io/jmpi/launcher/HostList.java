package io.jmpi.launcher;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses {@code --host} values, Open MPI's spelling: {@code a:2,b} is host {@code a} with 2
 * slots and host {@code b} with 1. A host named more than once gets the sum of its slots, and
 * hosts keep the order in which they were first named.
 */
public final class HostList {
    private HostList() {
    }

    /**
     * Parses one or more {@code --host} values.
     *
     * @param values the values, each a comma-separated list of {@code host[:slots]}
     * @return the hosts, merged by name, in first-seen order
     * @throws UsageException when an entry is malformed
     */
    public static List<HostSlots> parse(List<String> values) {
        List<HostSlots> entries = new ArrayList<>();
        for (String value : values) {
            for (String item : value.split(",", -1)) {
                entries.add(parseItem(item.trim(), value));
            }
        }
        return merge(entries);
    }

    private static HostSlots parseItem(String item, String value) {
        if (item.isEmpty()) {
            throw new UsageException("--host '" + value + "' has an empty host name");
        }
        String name = item;
        int slots = 1;
        int colon = item.lastIndexOf(':');
        // an IPv6 address has colons of its own: only [addr]:n or a name without colons takes a count
        boolean bracketed = item.startsWith("[");
        if (colon > 0 && (bracketed ? item.lastIndexOf(']') < colon : item.indexOf(':') == colon)) {
            name = item.substring(0, colon);
            String count = item.substring(colon + 1);
            try {
                slots = Integer.parseInt(count);
            } catch (NumberFormatException e) {
                slots = 0;
            }
            if (slots < 1) {
                throw new UsageException("--host '" + item + "': the slot count must be a positive number, got '"
                        + count + "'");
            }
        }
        if (name.startsWith("[") && name.endsWith("]")) {
            name = name.substring(1, name.length() - 1);
        }
        if (name.isEmpty()) {
            throw new UsageException("--host '" + value + "' has an empty host name");
        }
        return new HostSlots(name, slots, HostSlots.UNLIMITED);
    }

    /**
     * Merges entries that name the same host, keeping first-seen order.
     *
     * @param entries the entries
     * @return one entry per host
     */
    static List<HostSlots> merge(List<HostSlots> entries) {
        Map<String, HostSlots> byName = new LinkedHashMap<>();
        for (HostSlots h : entries) {
            byName.merge(h.name(), h, HostSlots::plus);
        }
        return List.copyOf(byName.values());
    }
}
