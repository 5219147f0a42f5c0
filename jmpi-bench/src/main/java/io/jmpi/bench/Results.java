package io.jmpi.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The figures of a comparison run: files {@code <config>.rep<N>.txt} holding
 * {@code <metric> <size> <value>} lines, gathered as every value of each (config, metric, size).
 */
final class Results {
    private static final Pattern FILE = Pattern.compile("(.+)\\.rep(\\d+)\\.txt");
    private static final Pattern LINE = Pattern.compile("([a-z][a-z_0-9]*) (\\d+) ([0-9.]+)");

    private final Map<String, List<Double>> values = new HashMap<>();

    static Results read(Path dir) throws IOException {
        Results r = new Results();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                Matcher m = FILE.matcher(f.getFileName().toString());
                if (!m.matches()) {
                    continue;
                }
                for (String line : Files.readAllLines(f)) {
                    Matcher l = LINE.matcher(line.trim());
                    if (l.matches()) {
                        r.values.computeIfAbsent(key(m.group(1), l.group(1), Long.parseLong(l.group(2))),
                                k -> new ArrayList<>()).add(Double.parseDouble(l.group(3)));
                    }
                }
            }
        }
        return r;
    }

    private static String key(String config, String metric, long size) {
        return config + "|" + metric + "|" + size;
    }

    /** One figure: every value of a (config, metric, size), one per repetition. */
    record Figure(String config, String metric, long size, List<Double> values) {
    }

    /** Every figure, by config, metric and size. */
    List<Figure> figures() {
        List<Figure> all = new ArrayList<>();
        for (Map.Entry<String, List<Double>> e : values.entrySet()) {
            String[] k = e.getKey().split("\\|");
            all.add(new Figure(k[0], k[1], Long.parseLong(k[2]), List.copyOf(e.getValue())));
        }
        all.sort(java.util.Comparator.comparing(Figure::config).thenComparing(Figure::metric)
                .thenComparingLong(Figure::size));
        return all;
    }

    /** The median of a figure, or NaN if it was not measured. */
    double median(String config, String metric, long size) {
        List<Double> v = values.get(key(config, metric, size));
        if (v == null || v.isEmpty()) {
            return Double.NaN;
        }
        List<Double> s = new ArrayList<>(v);
        Collections.sort(s);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }

    /** "median [min–max]" of a figure, or "–". */
    String cell(String config, String metric, long size) {
        List<Double> v = values.get(key(config, metric, size));
        if (v == null || v.isEmpty()) {
            return "–";
        }
        double min = Collections.min(v);
        double max = Collections.max(v);
        String med = fmt(median(config, metric, size));
        return v.size() == 1 ? med : med + " [" + fmt(min) + "–" + fmt(max) + "]";
    }

    static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        if (v >= 100) {
            return String.format("%.0f", v);
        }
        if (v >= 10) {
            return String.format("%.1f", v);
        }
        if (v >= 1) {
            return String.format("%.2f", v);
        }
        return String.format("%.3f", v);
    }
}
