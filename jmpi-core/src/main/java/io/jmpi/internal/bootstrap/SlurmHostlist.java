package io.jmpi.internal.bootstrap;

import io.jmpi.ErrorClass;
import io.jmpi.MpiException;

import java.util.ArrayList;
import java.util.List;

/**
 * Slurm's compressed host lists ({@code SLURM_STEP_NODELIST}, {@code SLURM_JOB_NODELIST}), as
 * {@code scontrol show hostnames} expands them: {@code node[01-03,07],gpu2} is
 * {@code node01 node02 node03 node07 gpu2}. Zero padding is kept (the width of a range's first
 * number), and several bracket groups in one name expand as a product, the last group varying
 * fastest ({@code rack[1-2]-node[1-2]} is {@code rack1-node1 rack1-node2 rack2-node1 rack2-node2}).
 */
public final class SlurmHostlist {
    /** A guard against a malformed list that would expand to millions of names. */
    static final int MAX_HOSTS = 1 << 20;

    private SlurmHostlist() {
    }

    /**
     * Expands a host list.
     *
     * @param hostlist the compressed list
     * @return the host names, in order
     * @throws MpiException {@code ERR_OTHER} naming the list when it is malformed
     */
    public static List<String> expand(String hostlist) {
        List<String> hosts = new ArrayList<>();
        for (String item : splitTopLevel(hostlist.trim(), hostlist)) {
            if (!item.isEmpty()) {
                expandItem(item, hostlist, hosts);
            }
        }
        return hosts;
    }

    /**
     * Returns the first host of a list without expanding the rest.
     *
     * @param hostlist the compressed list
     * @return the first host name
     * @throws MpiException {@code ERR_OTHER} when the list is empty or malformed
     */
    public static String first(String hostlist) {
        for (String item : splitTopLevel(hostlist.trim(), hostlist)) {
            if (!item.isEmpty()) {
                List<String> one = new ArrayList<>();
                expandItem(item, hostlist, one);
                return one.get(0);
            }
        }
        throw malformed(hostlist, "it names no host");
    }

    /** Splits at commas outside brackets. */
    private static List<String> splitTopLevel(String s, String whole) {
        List<String> items = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '[') {
                if (++depth > 1) {
                    throw malformed(whole, "nested '['");
                }
            } else if (c == ']') {
                if (--depth < 0) {
                    throw malformed(whole, "']' without '['");
                }
            } else if (c == ',' && depth == 0) {
                items.add(s.substring(start, i).trim());
                start = i + 1;
            }
        }
        if (depth != 0) {
            throw malformed(whole, "'[' without ']'");
        }
        items.add(s.substring(start).trim());
        return items;
    }

    private static void expandItem(String item, String whole, List<String> out) {
        List<String> partial = new ArrayList<>();
        partial.add("");
        int i = 0;
        while (i < item.length()) {
            int open = item.indexOf('[', i);
            String literal = open < 0 ? item.substring(i) : item.substring(i, open);
            partial.replaceAll(p -> p + literal);
            if (open < 0) {
                break;
            }
            int close = item.indexOf(']', open);
            List<String> values = expandRanges(item.substring(open + 1, close), whole);
            List<String> next = new ArrayList<>(partial.size() * values.size());
            for (String p : partial) {
                for (String v : values) {
                    next.add(p + v);
                }
            }
            if (out.size() + next.size() > MAX_HOSTS) {
                throw malformed(whole, "it expands to more than " + MAX_HOSTS + " hosts");
            }
            partial = next;
            i = close + 1;
        }
        out.addAll(partial);
    }

    private static List<String> expandRanges(String ranges, String whole) {
        List<String> values = new ArrayList<>();
        for (String range : ranges.split(",", -1)) {
            String r = range.trim();
            if (r.isEmpty()) {
                throw malformed(whole, "an empty range in [" + ranges + "]");
            }
            int dash = r.indexOf('-');
            String lo = dash < 0 ? r : r.substring(0, dash);
            String hi = dash < 0 ? r : r.substring(dash + 1);
            if (!digits(lo) || !digits(hi)) {
                throw malformed(whole, "'" + r + "' is not a number or a range of numbers");
            }
            long from = Long.parseLong(lo);
            long to = Long.parseLong(hi);
            if (to < from) {
                throw malformed(whole, "range '" + r + "' runs backwards");
            }
            if (to - from >= MAX_HOSTS) {
                throw malformed(whole, "range '" + r + "' is longer than " + MAX_HOSTS);
            }
            int width = lo.length();
            for (long n = from; n <= to; n++) {
                String s = Long.toString(n);
                values.add(s.length() >= width ? s : "0".repeat(width - s.length()) + s);
            }
        }
        return values;
    }

    private static boolean digits(String s) {
        if (s.isEmpty() || s.length() > 18) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    private static MpiException malformed(String hostlist, String why) {
        return new MpiException(ErrorClass.ERR_OTHER, "Slurm host list '" + hostlist + "' is malformed: " + why);
    }
}
