package io.jmpi.bench;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The CSV form of benchmark figures, shared by {@code OsuBench --csv} (one run) and
 * {@code bench/compare.sh}'s {@code bench/results/results.csv} (every library of a comparison
 * run): one row per (library, metric, size), with the median, min and max over the
 * repetitions.
 */
final class Csv {
    static final String HEADER = "library,metric,size_bytes,unit,median,min,max,repetitions,ranks,transport,jvm,host,date";

    private Csv() {
    }

    /** What a row says about where it was measured. */
    record Meta(String transport, String jvm, String host, String date) {

        /** This JVM, this machine, now. */
        static Meta ofThisJvm(String transport) {
            String jvm = System.getProperty("java.runtime.name", "java") + " (build "
                    + System.getProperty("java.runtime.version", System.getProperty("java.version")) + ")";
            String host = System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                    + System.getProperty("os.arch") + "; " + Runtime.getRuntime().availableProcessors() + " cpus";
            String date = OffsetDateTime.now().truncatedTo(ChronoUnit.SECONDS)
                    .format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx"));
            return new Meta(transport, jvm, host, date);
        }
    }

    /** The unit of a metric's values: {@code MB/s} for bandwidths, {@code s} for start-up, else {@code us}. */
    static String unit(String metric) {
        if (metric.startsWith("bw") || metric.startsWith("bibw")) {
            return "MB/s";
        }
        return metric.startsWith("startup") ? "s" : "us";
    }

    /** One row; {@code values} holds one figure per repetition. */
    static String row(String library, String metric, long size, List<Double> values, int ranks, Meta meta) {
        List<Double> s = new ArrayList<>(values);
        Collections.sort(s);
        int n = s.size();
        double median = n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
        return String.join(",", quote(library), quote(metric), Long.toString(size), quote(unit(metric)),
                number(median), number(s.get(0)), number(s.get(n - 1)), Integer.toString(n), Integer.toString(ranks),
                quote(meta.transport()), quote(meta.jvm()), quote(meta.host()), quote(meta.date()));
    }

    private static String number(double v) {
        return String.format("%.3f", v);
    }

    /** A field, in double quotes when it holds a comma, a quote or a line break (RFC 4180). */
    static String quote(String field) {
        if (field == null) {
            return "";
        }
        if (field.contains(",") || field.contains("\"") || field.contains("\n") || field.contains("\r")) {
            return '"' + field.replace("\"", "\"\"") + '"';
        }
        return field;
    }
}
