package io.jmpi.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a hostfile in Open MPI's format: one host per line, {@code host [slots=N] [max_slots=M]},
 * {@code #} to the end of a line is a comment, blank lines are skipped. A host without
 * {@code slots} has 1 slot (Open MPI counts its cores instead); a host listed twice gets the sum.
 * {@code count=N} and {@code cpu=N} are accepted as old spellings of {@code slots=N}.
 */
public final class Hostfile {
    private Hostfile() {
    }

    /**
     * Reads a hostfile.
     *
     * @param file the file
     * @return its hosts, merged by name, in file order
     * @throws UsageException when it cannot be read, is malformed, or names no host
     */
    public static List<HostSlots> read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UsageException("cannot read hostfile " + file + ": " + e.getMessage());
        }
        List<HostSlots> hosts = parse(text, file.toString());
        if (hosts.isEmpty()) {
            throw new UsageException("hostfile " + file + " names no host");
        }
        return hosts;
    }

    /**
     * Parses a hostfile's text.
     *
     * @param text the contents
     * @param source the file's name, for messages
     * @return its hosts, merged by name, in file order (possibly none)
     * @throws UsageException when a line is malformed
     */
    public static List<HostSlots> parse(String text, String source) {
        List<HostSlots> entries = new ArrayList<>();
        int lineNumber = 0;
        for (String line : text.split("\\R", -1)) {
            lineNumber++;
            int hash = line.indexOf('#');
            String content = (hash >= 0 ? line.substring(0, hash) : line).trim();
            if (content.isEmpty()) {
                continue;
            }
            String[] words = content.split("\\s+");
            String where = source + ":" + lineNumber;
            Integer slots = null;
            Integer maxSlots = null;
            for (int i = 1; i < words.length; i++) {
                String[] kv = words[i].split("=", 2);
                if (kv.length != 2) {
                    throw new UsageException(where + ": '" + words[i] + "' is not key=value (slots=N, max_slots=M)");
                }
                switch (kv[0].toLowerCase(java.util.Locale.ROOT)) {
                    case "slots", "count", "cpu" -> slots = number(where, kv[0], kv[1]);
                    case "max_slots", "max-slots" -> maxSlots = number(where, kv[0], kv[1]);
                    default -> throw new UsageException(where + ": unknown field '" + kv[0]
                            + "' (jmpiexec knows slots and max_slots)");
                }
            }
            int s = slots != null ? slots : maxSlots != null ? Math.min(1, maxSlots) : 1;
            int max = maxSlots != null ? maxSlots : HostSlots.UNLIMITED;
            if (max < s) {
                throw new UsageException(where + ": max_slots=" + max + " is less than slots=" + s);
            }
            entries.add(new HostSlots(words[0], s, max));
        }
        return HostList.merge(entries);
    }

    private static int number(String where, String key, String value) {
        try {
            int n = Integer.parseInt(value);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException(where + ": " + key + " must be a positive number, got '" + value + "'");
    }
}
