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
 * Writes the "Micro-benchmarks" section of {@code docs/performance.md} from a JMH run's JSON
 * results ({@code -rf json}), between markers, so that {@code bench/jmh.sh} and
 * {@code bench/compare.sh} ({@link Report}) each rewrite their own part of the page and keep
 * the other's.
 *
 * <pre>java -cp jmpi-bench.jar io.jmpi.bench.JmhSection RESULTS_JSON META_FILE OUT_MD</pre>
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
     * @param args JMH JSON results, metadata file (a block of {@code key: value} lines), page
     * @throws IOException if a file cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        Locale.setDefault(Locale.ROOT);
        Path json = Path.of(args[0]);
        Path meta = Path.of(args[1]);
        Path page = Path.of(args[2]);
        String section = render(Files.readString(json), Files.exists(meta) ? Files.readString(meta) : "");
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
            return page.substring(0, at) + section + "\n\n" + page.substring(at);
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

    @SuppressWarnings("unchecked")
    static String render(String json, String meta) {
        Map<String, List<String>> rows = new LinkedHashMap<>();
        for (String c : CLASSES.keySet()) {
            rows.put(c, new ArrayList<>());
        }
        for (Object o : (List<Object>) new Json(json).value()) {
            Map<String, Object> b = (Map<String, Object>) o;
            String[] parts = ((String) b.get("benchmark")).split("\\.");
            String cls = parts[parts.length - 2];
            String method = parts[parts.length - 1];
            List<String> params = new ArrayList<>();
            long bytes = -1;
            Map<String, Object> p = (Map<String, Object>) b.getOrDefault("params", Map.of());
            for (Map.Entry<String, Object> e : p.entrySet()) {
                String v = (String) e.getValue();
                params.add(e.getKey() + "=" + v);
                if (e.getKey().equals("bytes") || e.getKey().equals("payload")) {
                    bytes = Long.parseLong(v);
                } else if (v.equals("record1MiB")) {
                    bytes = 1L << 20;
                }
            }
            Map<String, Object> m = (Map<String, Object>) b.get("primaryMetric");
            String unit = (String) m.get("scoreUnit");
            Map<String, Object> pct = (Map<String, Object>) m.get("scorePercentiles");
            double median = toNanos(number(pct.get("50.0")), unit);
            double min = toNanos(number(pct.get("0.0")), unit);
            double max = toNanos(number(pct.get("100.0")), unit);
            double mean = toNanos(number(m.get("score")), unit);
            double err = toNanos(number(m.get("scoreError")), unit);
            String rate = bytes > 0 && (!cls.equals("FrameBenchmark") || method.equals("tcpEncode"))
                    ? Results.fmt(bytes / median) + " GB/s" : "";
            rows.computeIfAbsent(cls, k -> new ArrayList<>()).add("| `" + method + "` | " + String.join(", ", params)
                    + " | " + time(median) + " [" + time(min) + " – " + time(max) + "] | " + time(mean)
                    + (Double.isNaN(err) ? "" : " ± " + time(err)) + " | " + rate + " |");
        }
        StringBuilder md = new StringBuilder();
        md.append(BEGIN).append("\n## Micro-benchmarks (JMH)\n\n");
        md.append("The hot paths measured alone, in one JVM, with no network and no second process: what a\n"
                + "message costs in CPU before and after the transport. Time per operation: the median\n"
                + "[min – max] of the measurement iterations (as the rest of this page), and JMH's mean with\n"
                + "its 99.9 % confidence interval; on a busy machine the median and the minimum are the\n"
                + "figures to read, a wide interval says the machine was busy. Rate: payload bytes per\n"
                + "median time, GB/s = 10^9 B/s. The forked JVMs run with the ranks' flags of\n"
                + "`bench/compare.sh` (`runs:` below).\n"
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
            md.append("| benchmark | parameters | median [min – max] | mean ± 99.9 % | rate |\n|---|---|---|---|---|\n");
            for (String row : e.getValue()) {
                md.append(row).append('\n');
            }
            md.append('\n');
        }
        md.append(END);
        return md.toString();
    }

    /** JMH writes non-finite numbers as strings ("NaN"). */
    private static double number(Object o) {
        return o instanceof Double d ? d : o == null ? Double.NaN : Double.parseDouble(o.toString());
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

    /** A minimal JSON reader for JMH's result files: objects, arrays, strings, numbers, literals. */
    private static final class Json {
        private final String s;
        private int i;

        Json(String s) {
            this.s = s;
        }

        Object value() {
            skip();
            char c = s.charAt(i);
            if (c == '{') {
                Map<String, Object> m = new LinkedHashMap<>();
                i++;
                skip();
                if (s.charAt(i) == '}') {
                    i++;
                    return m;
                }
                while (true) {
                    skip();
                    String k = string();
                    skip();
                    expect(':');
                    m.put(k, value());
                    skip();
                    if (s.charAt(i++) == '}') {
                        return m;
                    }
                }
            }
            if (c == '[') {
                List<Object> l = new ArrayList<>();
                i++;
                skip();
                if (s.charAt(i) == ']') {
                    i++;
                    return l;
                }
                while (true) {
                    l.add(value());
                    skip();
                    if (s.charAt(i++) == ']') {
                        return l;
                    }
                }
            }
            if (c == '"') {
                return string();
            }
            int start = i;
            while (i < s.length() && ",]} \n\r\t".indexOf(s.charAt(i)) < 0) {
                i++;
            }
            String t = s.substring(start, i);
            return switch (t) {
                case "true" -> Boolean.TRUE;
                case "false" -> Boolean.FALSE;
                case "null" -> null;
                default -> Double.parseDouble(t);
            };
        }

        private String string() {
            expect('"');
            StringBuilder b = new StringBuilder();
            while (s.charAt(i) != '"') {
                char c = s.charAt(i++);
                if (c == '\\') {
                    char e = s.charAt(i++);
                    switch (e) {
                        case 'n' -> b.append('\n');
                        case 't' -> b.append('\t');
                        case 'r' -> b.append('\r');
                        case 'b' -> b.append('\b');
                        case 'f' -> b.append('\f');
                        case 'u' -> {
                            b.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
                            i += 4;
                        }
                        default -> b.append(e);
                    }
                } else {
                    b.append(c);
                }
            }
            i++;
            return b.toString();
        }

        private void expect(char c) {
            if (s.charAt(i) != c) {
                throw new IllegalArgumentException("JSON: expected '" + c + "' at " + i + ", found '" + s.charAt(i) + "'");
            }
            i++;
        }

        private void skip() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }
    }
}
