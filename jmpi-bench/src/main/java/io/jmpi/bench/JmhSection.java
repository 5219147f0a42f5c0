package io.jmpi.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the "Micro-benchmarks" section of {@code docs/performance.md} from a JMH run's CSV
 * results ({@code -rf csv}), between markers, so that {@code bench/jmh.sh} and
 * {@code bench/compare.sh} ({@link Report}) each rewrite their own part of the page and keep
 * the other's.
 *
 * <pre>java -cp jmpi-bench.jar io.jmpi.bench.JmhSection RESULTS_CSV META_FILE OUT_MD</pre>
 */
public final class JmhSection {
    static final String BEGIN = "<!-- micro-benchmarks: begin (written by bench/jmh.sh, kept by bench/compare.sh) -->";
    static final String END = "<!-- micro-benchmarks: end -->";
    private static final String BEFORE = "## What limits these figures";

    /** What each benchmark class measures, in the order the section shows them. */
    private static final Map<String, String[]> CLASSES = new LinkedHashMap<>();

    static {
        CLASSES.put("MatchingBenchmark", new String[] {"Matching: one eager 8-byte message through the engine",
            "Two point-to-point engines joined by a loopback transport that calls the receiver on the "
                + "sender's thread: header encoding, packing and copying the payload, decoding the frame, "
                + "searching the posted or unexpected queue, copying into the receive buffer. "
                + "`queued` = entries of another tag in each of the receiver's queues, walked past by every search."});
        CLASSES.put("FrameBenchmark", new String[] {"Frames",
            "`encodeHeader` / `decodeHeader`: the engine's 40-byte frame header written, and read back field "
                + "by field with the engine's checks. `tcpEncode`: header and `payload` bytes copied behind the "
                + "length prefix into a pooled direct buffer, as the TCP transport does before writing; "
                + "`tcpDecode`: the frame split out of the inbound stream by the transport's frame decoder "
                + "(on Netty's embedded channel)."});
        CLASSES.put("SerializationBenchmark", new String[] {"Kryo: the object messages of the OSU-style benchmark",
            "As the engine serializes an object message (into 1 MiB blocks) and deserializes it: a 6-entry "
                + "map, a list of 1,000 doubles, a record holding a 1 MiB `double[]`."});
        CLASSES.put("ReduceKernelBenchmark", new String[] {"Reduction kernels",
            "One combining step of a reduction over `bytes` of packed little-endian elements "
                + "(what every allreduce step does per received block): SUM and MAX of doubles, SUM of ints."});
    }

    private JmhSection() {
    }

    /**
     * Writes the section into the page, replacing the previous one or adding it.
     *
     * @param args JMH CSV results, metadata file (a block of {@code key: value} lines), page
     * @throws IOException if a file cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        Locale.setDefault(Locale.ROOT);
        Path csv = Path.of(args[0]);
        Path meta = Path.of(args[1]);
        Path page = Path.of(args[2]);
        String section = render(Files.readAllLines(csv), Files.exists(meta) ? Files.readString(meta) : "");
        String text = Files.exists(page) ? Files.readString(page) : "# Performance\n\n";
        Files.writeString(page, splice(text, section));
    }

    /**
     * Puts {@code section} into {@code page}: in place of the page's section if it has one, else
     * before "What limits these figures", else at the end.
     *
     * @param page the page
     * @param section the section, markers included
     * @return the new page
     */
    static String splice(String page, String section) {
        int b = page.indexOf(BEGIN);
        int e = page.indexOf(END);
        if (b >= 0 && e > b) {
            return page.substring(0, b) + section + page.substring(e + END.length());
        }
        int at = page.indexOf(BEFORE);
        if (at >= 0) {
            return page.substring(0, at) + section + "\n" + page.substring(at);
        }
        return page + (page.endsWith("\n") ? "\n" : "\n\n") + section + "\n";
    }

    /**
     * Carries the section of {@code previous} (the page before it is regenerated) into
     * {@code generated}.
     *
     * @param previous the old page, possibly empty
     * @param generated the new page
     * @return the new page with the old section, if there was one
     */
    static String carryOver(String previous, String generated) {
        int b = previous.indexOf(BEGIN);
        int e = previous.indexOf(END);
        return b >= 0 && e > b ? splice(generated, previous.substring(b, e + END.length())) : generated;
    }

    static String render(List<String> csv, String meta) {
        List<String> header = fields(csv.get(0));
        int benchmark = header.indexOf("Benchmark");
        int score = header.indexOf("Score");
        int error = header.indexOf("Score Error (99.9%)");
        int unit = header.indexOf("Unit");
        Map<String, List<String>> rows = new LinkedHashMap<>();
        for (String c : CLASSES.keySet()) {
            rows.put(c, new ArrayList<>());
        }
        for (String line : csv.subList(1, csv.size())) {
            if (line.isBlank()) {
                continue;
            }
            List<String> f = fields(line);
            String name = f.get(benchmark);
            String[] parts = name.split("\\.");
            String cls = parts[parts.length - 2];
            String method = parts[parts.length - 1];
            List<String> params = new ArrayList<>();
            long bytes = -1;
            for (int i = 0; i < header.size(); i++) {
                if (header.get(i).startsWith("Param: ") && i < f.size() && !f.get(i).isEmpty()) {
                    String p = header.get(i).substring("Param: ".length());
                    params.add(p + "=" + f.get(i));
                    if (p.equals("bytes") || p.equals("payload")) {
                        bytes = Long.parseLong(f.get(i));
                    } else if (f.get(i).equals("record1MiB")) {
                        bytes = 1L << 20;
                    }
                }
            }
            double ns = toNanos(Double.parseDouble(f.get(score)), f.get(unit));
            double err = toNanos(Double.parseDouble(f.get(error)), f.get(unit));
            String rate = bytes > 0 && (!cls.equals("FrameBenchmark") || method.startsWith("tcp"))
                    ? String.format("%.2f GB/s", bytes / ns) : "";
            rows.computeIfAbsent(cls, k -> new ArrayList<>()).add("| `" + method + "` | " + String.join(", ", params)
                    + " | " + time(ns) + " | " + (Double.isNaN(err) ? "–" : "± " + time(err)) + " | " + rate + " |");
        }
        StringBuilder md = new StringBuilder();
        md.append(BEGIN).append("\n## Micro-benchmarks (JMH)\n\n");
        md.append("The hot paths measured alone, in one JVM, with no network and no second process: what a\n"
                + "message costs in CPU before and after the transport. Time per operation, mean over the\n"
                + "measurement iterations with JMH's 99.9 % confidence interval; GB/s = 10^9 B/s of payload.\n"
                + "The forked JVMs run with the ranks' flags of `bench/compare.sh` (`runs:` below). With the\n"
                + "default short settings (one fork, five 1-second iterations) read differences under about\n"
                + "10 % as noise, and a wide error as a busy machine.\n"
                + "Made by `bench/jmh.sh` (this section is generated; `bench/compare.sh` keeps it).\n\n");
        md.append("```\n").append(meta.strip()).append("\n```\n\n");
        for (Map.Entry<String, List<String>> e : rows.entrySet()) {
            if (e.getValue().isEmpty()) {
                continue;
            }
            String[] what = CLASSES.getOrDefault(e.getKey(), new String[] {e.getKey(), ""});
            md.append("### ").append(what[0]).append(" (`").append(e.getKey()).append("`)\n\n");
            if (!what[1].isEmpty()) {
                md.append(what[1]).append("\n\n");
            }
            md.append("| benchmark | parameters | time per operation | error | rate |\n|---|---|---|---|---|\n");
            for (String row : e.getValue()) {
                md.append(row).append('\n');
            }
            md.append('\n');
        }
        md.append(END);
        return md.toString();
    }

    private static double toNanos(double value, String unit) {
        switch (unit) {
            case "ns/op": return value;
            case "us/op": return value * 1e3;
            case "ms/op": return value * 1e6;
            case "s/op": return value * 1e9;
            default: throw new IllegalArgumentException("unit " + unit + " is not a time per operation (run with -bm avgt)");
        }
    }

    private static String time(double ns) {
        if (Double.isNaN(ns)) {
            return "–";
        }
        if (ns >= 1e6) {
            return Results.fmt(ns / 1e6) + " ms";
        }
        if (ns >= 1e3) {
            return Results.fmt(ns / 1e3) + " µs";
        }
        return Results.fmt(ns) + " ns";
    }

    /** Splits one CSV line (JMH quotes strings with double quotes and never embeds commas in them). */
    private static List<String> fields(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                if (quoted && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (c == ',' && !quoted) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
