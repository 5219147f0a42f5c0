package io.jmpi.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a comparison run ({@code bench/compare.sh}) into {@code docs/performance.md} and its
 * plots: jmpi beside Open MPI (C, TCP), mpi4py (TCP) and MPJ Express (niodev) measured in the
 * same run, with the jmpi/peer ratios and the targets of the benchmarks issue, and, given a fifth
 * argument, every figure as CSV ({@link Csv}). The page's micro-benchmarks section, written by
 * {@code bench/jmh.sh} ({@link JmhSection}), is kept.
 *
 * <pre>java -cp jmpi-bench.jar io.jmpi.bench.Report RESULTS_DIR META_FILE OUT_MD IMG_DIR [OUT_CSV]</pre>
 */
public final class Report {
    private static final long[] SIZES = {0, 8, 64, 1024, 8192, 65536, 1048576, 4194304};
    /** The collectives compared: label, jmpi metric, C and MPJ metric, mpi4py metric, size. */
    private static final String[][] COLLECTIVES = {
        {"barrier", "barrier_buf", "barrier", "barrier_buf", "0"},
        {"allreduce 8 B", "allreduce_buf", "allreduce", "allreduce_buf", "8"},
        {"allreduce 1 MiB", "allreduce_buf", "allreduce", "allreduce_buf", "1048576"},
        {"bcast 8 B", "bcast_buf", "bcast", "bcast_buf", "8"},
        {"bcast 1 MiB", "bcast_buf", "bcast", "bcast_buf", "1048576"},
    };
    /** The collectives timed by size (OsuBench's {@code coll}), and their sizes. */
    private static final String[] COLL_BY_SIZE = {"bcast", "reduce", "allreduce", "allgather", "alltoall"};
    private static final long[] COLL_SIZES = {8, 1024, 65536, 1048576};
    private static final Pattern MLAT_RANKS = Pattern.compile("(?m)^multi-pair ranks: (\\d+)");
    private static final String JMPI = "jmpi-tcp";
    private static final String C = "c-tcp";
    private static final String PY = "py-tcp";
    private static final String MPJ = "mpj-nio";
    /** jmpi is to be at least this many times faster than MPJ Express on every figure. */
    private static final double MPJ_FACTOR = 3.0;

    private final Results r;
    private final StringBuilder md = new StringBuilder();
    private int mlatRanks = 4;

    private Report(Results r) {
        this.r = r;
    }

    /**
     * Writes the report.
     *
     * @param args results directory, metadata file, output markdown, image directory, and
     *     optionally the CSV file to write
     * @throws IOException if a file cannot be read or written
     */
    public static void main(String[] args) throws IOException {
        Locale.setDefault(Locale.ROOT);
        Path results = Path.of(args[0]);
        Path meta = Path.of(args[1]);
        Path out = Path.of(args[2]);
        Path img = Path.of(args[3]);
        Files.createDirectories(img);
        Report report = new Report(Results.read(results));
        String metaText = Files.exists(meta) ? Files.readString(meta) : "";
        Matcher m = MLAT_RANKS.matcher(metaText);
        if (m.find()) {
            report.mlatRanks = Integer.parseInt(m.group(1));
        }
        String text = report.build(metaText, out.getParent().relativize(img));
        report.plots(img);
        String previous = Files.exists(out) ? Files.readString(out) : "";
        Files.writeString(out, JmhSection.carryOver(previous, text));
        if (args.length > 4) {
            Files.writeString(Path.of(args[4]), report.csv(metaText));
        }
    }

    /** Every figure of the run as CSV rows ({@link Csv#HEADER}). */
    private String csv(String meta) {
        String date = metaField(meta, "date");
        String host = metaField(meta, "host");
        String jvmLine = metaField(meta, "java");
        StringBuilder csv = new StringBuilder(Csv.HEADER).append('\n');
        List<String> order = List.of(JMPI, C, PY, MPJ, "startup");
        List<Results.Figure> figures = new ArrayList<>(r.figures());
        figures.sort(java.util.Comparator.comparingInt((Results.Figure f) -> order.contains(f.config())
                ? order.indexOf(f.config()) : order.size()));
        for (Results.Figure f : figures) {
            String library;
            String metric = f.metric();
            String transport;
            int ranks = metric.startsWith("mlat") ? mlatRanks : 2;
            switch (f.config()) {
                case JMPI -> {
                    library = "jmpi";
                    transport = "tcp";
                }
                case C -> {
                    library = "open-mpi";
                    transport = "tcp";
                }
                case PY -> {
                    library = "mpi4py";
                    transport = "tcp";
                }
                case MPJ -> {
                    library = "mpj-express";
                    transport = "niodev";
                }
                case "startup" -> {
                    library = metric.substring(metric.indexOf('_') + 1);
                    metric = "startup";
                    transport = library.equals("jmpi") ? "tcp" : "default";
                    ranks = (int) f.size();
                }
                default -> {
                    library = f.config();
                    transport = "";
                }
            }
            boolean jvm = library.equals("jmpi") || library.equals("mpj-express");
            csv.append(Csv.row(library, metric, f.size(), f.values(), ranks,
                    new Csv.Meta(transport, jvm ? jvmLine : "", host, date))).append('\n');
        }
        return csv.toString();
    }

    /** The value of the first {@code name: value} line of the metadata, or "". */
    private static String metaField(String meta, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + ": (.*)$").matcher(meta);
        return m.find() ? m.group(1).strip() : "";
    }

    private String build(String meta, Path imgRelative) {
        md.append("# Performance\n\n");
        md.append("jmpi measured the way MPI libraries are measured (OSU-style micro-benchmarks), side by side\n"
                + "with Open MPI, mpi4py and MPJ Express **in the same run** on the same machine. Figures are the median\n"
                + "[min–max] over the run's repetitions; compare ratios measured in one run, not absolute\n"
                + "times across runs (these virtual machines vary by 10–30 % between runs).\n\n");
        md.append("Peers: Open MPI's C benchmark over TCP (`btl self,tcp`), mpi4py over the same Open MPI,\n"
                + "and MPJ Express, a Java MPI (Debian's libmpj-java, its niodev device: one JVM per rank over\n"
                + "TCP, started by its daemon), whose benchmark sends `byte[]` buffers: its figures compare\n"
                + "with jmpi's buffer column. jmpi is to be at least 3x faster than MPJ Express on every figure.\n"
                + "Multi-pair latency and the collectives by size (reduce, allgather, alltoall, and allreduce and\n"
                + "bcast at 1 KiB and 64 KiB) come from the project's own OSU-style programs for Open MPI and mpi4py\n"
                + "(`bench/peers/osu_extra.c`, `bench/peers/osu_extra.py`), as the shared peer benchmarks lack them;\n"
                + "MPJ Express is not measured there.\n\n");
        md.append("Made by `bench/compare.sh` (this page and the plots are generated; do not edit by hand). Every\n"
                + "figure is also in `bench/results/results.csv`, one row per library, metric and size: median, min,\n"
                + "max, unit, repetitions, ranks, transport, JVM, host and date (not committed: run the script).\n"
                + "`OsuBench --csv` prints the same columns for one run of jmpi alone, and\n"
                + "`java -cp jmpi-bench.jar io.jmpi.bench.OsuBench --transport local -n 2 lat 0.25` runs the ranks as\n"
                + "threads of one JVM over the in-process transport (no sockets: jmpi's own overhead without the\n"
                + "wire); this page measures TCP, the peers' wire.\n\n");
        md.append("```\n").append(meta.strip()).append("\n```\n\n");
        targets();
        table("Ping-pong latency, µs (half round trip), 2 ranks over TCP loopback", "lat",
                new String[] {"jmpi buf", "jmpi obj", "Open MPI C", "mpi4py buf", "mpi4py obj", "MPJ Express",
                        "jmpi buf / C", "jmpi obj / mpi4py obj", "jmpi buf / MPJ"},
                new String[][] {{JMPI, "lat_buf"}, {JMPI, "lat_obj"}, {C, "lat"}, {PY, "lat_buf"}, {PY, "lat_obj"}, {MPJ, "lat"}},
                new int[][] {{0, 2}, {1, 4}, {0, 5}});
        md.append("![latency](").append(imgRelative.resolve("latency.png")).append(")\n\n");
        table("Unidirectional bandwidth, MB/s, window of 64 nonblocking sends", "bw",
                new String[] {"jmpi buf", "jmpi obj", "Open MPI C", "mpi4py buf", "mpi4py obj", "MPJ Express",
                        "jmpi buf / C", "jmpi obj / mpi4py obj", "jmpi buf / MPJ"},
                new String[][] {{JMPI, "bw_buf"}, {JMPI, "bw_obj"}, {C, "bw"}, {PY, "bw_buf"}, {PY, "bw_obj"}, {MPJ, "bw"}},
                new int[][] {{0, 2}, {1, 4}, {0, 5}});
        md.append("![bandwidth](").append(imgRelative.resolve("bandwidth.png")).append(")\n\n");
        md.append("### Bidirectional bandwidth, MB/s (jmpi only)\n\n| size | jmpi buf |\n|---|---|\n");
        for (long s : SIZES) {
            if (s > 0) {
                md.append("| ").append(size(s)).append(" | ").append(r.cell(JMPI, "bibw_buf", s)).append(" |\n");
            }
        }
        md.append("\n### Object messages, µs (half round trip)\n\n| message | jmpi | mpi4py | jmpi / mpi4py |\n|---|---|---|---|\n");
        objectRow("6-entry map / dict", "lat_dict", 0);
        objectRow("list of 1,000 doubles", "lat_flist1000", 0);
        md.append("| record holding a 1 MiB `double[]` (vs jmpi's own 1 MiB buffer: ")
                .append(ratio(r.median(JMPI, "lat_record", 1048576), r.median(JMPI, "lat_buf", 1048576)))
                .append("x) | ").append(r.cell(JMPI, "lat_record", 1048576)).append(" | – | – |\n\n");
        md.append("### Collectives, µs (2 ranks)\n\n| operation | jmpi | Open MPI C | mpi4py buf | MPJ Express | jmpi / C | jmpi / MPJ |\n"
                + "|---|---|---|---|---|---|---|\n");
        for (String[] c : COLLECTIVES) {
            collRow(c[0], c[1], c[2], c[3], Long.parseLong(c[4]));
        }
        multiPair();
        collectivesBySize(imgRelative);
        md.append("\n### Start-up, seconds of wall time for 4 ranks of hello world\n\n")
                .append("jmpiexec keeps a class-data sharing archive per program (docs/launcher.md): the first run of"
                        + " a program writes it, later runs map it.\n\n")
                .append("| jmpiexec -n 4 java HelloWorld | mpirun -n 4 python3 hello | ratio | first run (writes the"
                        + " archive) | --no-cds |\n|---|---|---|---|---|\n")
                .append("| ").append(r.cell("startup", "startup_jmpi", 4)).append(" | ")
                .append(r.cell("startup", "startup_mpi4py", 4)).append(" | ")
                .append(ratio(r.median("startup", "startup_jmpi", 4), r.median("startup", "startup_mpi4py", 4)))
                .append(" | ").append(r.cell("startup", "startup_jmpi_first", 4)).append(" | ")
                .append(r.cell("startup", "startup_jmpi_nocds", 4)).append(" |\n\n");
        md.append(LIMITS);
        return md.toString();
    }

    private void multiPair() {
        md.append('\n');
        table("Multi-pair latency, µs (half round trip), " + mlatRanks + " ranks = " + mlatRanks / 2
                        + " pairs at once over TCP loopback (oversubscribed: " + mlatRanks + " ranks on 2 cores)", "lat",
                new String[] {"jmpi buf", "Open MPI C", "mpi4py buf", "jmpi / C", "jmpi / mpi4py"},
                new String[][] {{JMPI, "mlat_buf"}, {C, "mlat"}, {PY, "mlat_buf"}},
                new int[][] {{0, 1}, {0, 2}});
        md.append("Rank i < N/2 ping-pongs with rank i + N/2, all pairs at once (as OSU's `osu_multi_lat`, with its\n"
                + "iteration counts: a third of the latency test's); the figure is the average of the pairs' half\n"
                + "round trips. MPJ Express is not measured. With more ranks than cores every rank\n"
                + "that polls for a message takes the core its partner needs: these figures measure the scheduler\n"
                + "as much as the library (Open MPI yields the core when idle under `--oversubscribe`).\n");
    }

    private void collectivesBySize(Path imgRelative) {
        md.append("\n### Collective latency by size, µs (2 ranks)\n\n")
                .append("Each call timed alone with a barrier between calls; the average over the ranks of each rank's\n")
                .append("mean (osu_c.c's method). Size: the buffer for bcast, reduce and allreduce (doubles, SUM, root 0),\n")
                .append("one rank's block for allgather and alltoall (as OSU's).\n\n")
                .append("| operation | size | jmpi | Open MPI C | mpi4py buf | jmpi / C | jmpi / mpi4py |\n")
                .append("|---|---|---|---|---|---|---|\n");
        for (String op : COLL_BY_SIZE) {
            for (long s : COLL_SIZES) {
                collSizeRow(op, size(s), op + "_buf", op, s);
            }
        }
        collSizeRow("barrier", "–", "barrier_buf", "barrier", 0);
        md.append("\n![collectives](").append(imgRelative.resolve("collectives.png")).append(")\n");
    }

    private void collSizeRow(String op, String sizeLabel, String jmpiMetric, String cMetric, long size) {
        md.append("| ").append(op).append(" | ").append(sizeLabel).append(" | ")
                .append(r.cell(JMPI, jmpiMetric, size)).append(" | ").append(r.cell(C, cMetric, size)).append(" | ")
                .append(r.cell(PY, jmpiMetric, size)).append(" | ")
                .append(ratio(r.median(JMPI, jmpiMetric, size), r.median(C, cMetric, size))).append(" | ")
                .append(ratio(r.median(JMPI, jmpiMetric, size), r.median(PY, jmpiMetric, size))).append(" |\n");
    }

    private void targets() {
        md.append("## Targets (2 ranks on one 2-core machine; ratios from this run)\n\n")
                .append("| target | measured | met |\n|---|---|---|\n");
        target("latency 8 B ≤ 1.5x Open MPI TCP", r.median(JMPI, "lat_buf", 8), r.median(C, "lat", 8), 1.5, true);
        target("latency 1 KiB ≤ 1.5x Open MPI TCP", r.median(JMPI, "lat_buf", 1024), r.median(C, "lat", 1024), 1.5, true);
        target("latency 64 KiB ≤ 1.2x Open MPI TCP", r.median(JMPI, "lat_buf", 65536), r.median(C, "lat", 65536), 1.2, true);
        target("bandwidth 1 MiB ≥ 1.0x Open MPI TCP", r.median(JMPI, "bw_buf", 1048576), r.median(C, "bw", 1048576), 1.0, false);
        target("bandwidth 4 MiB ≥ 1.0x Open MPI TCP", r.median(JMPI, "bw_buf", 4194304), r.median(C, "bw", 4194304), 1.0, false);
        target("allreduce 8 B ≤ 1.5x Open MPI TCP", r.median(JMPI, "allreduce_buf", 8), r.median(C, "allreduce", 8), 1.5, true);
        target("allreduce 1 MiB ≤ 1.2x Open MPI TCP", r.median(JMPI, "allreduce_buf", 1048576), r.median(C, "allreduce", 1048576), 1.2, true);
        target("barrier ≤ 1.5x Open MPI TCP", r.median(JMPI, "barrier_buf", 0), r.median(C, "barrier", 0), 1.5, true);
        target("6-entry map ≤ 1.0x mpi4py send/recv", r.median(JMPI, "lat_dict", 0), r.median(PY, "lat_dict", 0), 1.0, true);
        target("record with 1 MiB double[] ≤ 1.3x jmpi buffer", r.median(JMPI, "lat_record", 1048576), r.median(JMPI, "lat_buf", 1048576), 1.3, true);
        target("start-up ≤ 2x mpirun + mpi4py", r.median("startup", "startup_jmpi", 4), r.median("startup", "startup_mpi4py", 4), 2.0, true);
        List<String[]> lat = new ArrayList<>();
        List<String[]> bw = new ArrayList<>();
        for (long s : SIZES) {
            lat.add(new String[] {size(s), "lat_buf", "lat", Long.toString(s)});
            if (s > 0) {
                bw.add(new String[] {size(s), "bw_buf", "bw", Long.toString(s)});
            }
        }
        List<String[]> coll = new ArrayList<>();
        for (String[] c : COLLECTIVES) {
            coll.add(new String[] {c[0], c[1], c[2], c[4]});
        }
        String third = String.format("%.2f", 1 / MPJ_FACTOR);
        String factor = String.format("%.0f", MPJ_FACTOR);
        targetEvery("latency ≤ " + third + "x MPJ Express niodev, every size", lat, true, 1 / MPJ_FACTOR);
        targetEvery("bandwidth ≥ " + factor + "x MPJ Express niodev, every size", bw, false, MPJ_FACTOR);
        targetEvery("collectives ≤ " + third + "x MPJ Express niodev, every operation", coll, true, 1 / MPJ_FACTOR);
        md.append("\n");
    }

    private void target(String name, double jmpi, double peer, double limit, boolean atMost) {
        double q = jmpi / peer;
        String met = Double.isNaN(q) ? "not measured" : (atMost ? q <= limit : q >= limit) ? "yes" : "**no**";
        md.append("| ").append(name).append(" | ").append(Double.isNaN(q) ? "–" : String.format("%.2fx", q))
                .append(" | ").append(met).append(" |\n");
    }

    /**
     * One target over several figures against MPJ Express: met when every figure meets it; shows
     * the worst ratio and where, and how many figures were compared.
     *
     * @param figures {label, jmpi metric, MPJ metric, size}
     */
    private void targetEvery(String name, List<String[]> figures, boolean atMost, double limit) {
        double worst = Double.NaN;
        String where = "";
        int compared = 0;
        int met = 0;
        for (String[] f : figures) {
            long size = Long.parseLong(f[3]);
            double q = r.median(JMPI, f[1], size) / r.median(MPJ, f[2], size);
            if (Double.isNaN(q) || Double.isInfinite(q)) {
                continue;
            }
            compared++;
            if (atMost ? q <= limit : q >= limit) {
                met++;
            }
            if (Double.isNaN(worst) || (atMost ? q > worst : q < worst)) {
                worst = q;
                where = f[0];
            }
        }
        md.append("| ").append(name).append(" | ");
        if (compared == 0) {
            md.append("– | not measured |\n");
            return;
        }
        md.append(String.format("worst %.2fx (%s); %d of %d met", worst, where, met, compared))
                .append(" | ").append(met == compared ? "yes" : "**no**").append(" |\n");
    }

    private void table(String title, String kind, String[] headers, String[][] columns, int[][] ratios) {
        md.append("### ").append(title).append("\n\n| size |");
        for (String h : headers) {
            md.append(' ').append(h).append(" |");
        }
        md.append("\n|---|");
        md.append("---|".repeat(headers.length));
        md.append('\n');
        for (long s : SIZES) {
            if (s == 0 && kind.equals("bw")) {
                continue;
            }
            md.append("| ").append(size(s)).append(" |");
            for (String[] c : columns) {
                md.append(' ').append(r.cell(c[0], c[1], s)).append(" |");
            }
            for (int[] q : ratios) {
                md.append(' ').append(ratio(r.median(columns[q[0]][0], columns[q[0]][1], s),
                        r.median(columns[q[1]][0], columns[q[1]][1], s))).append(" |");
            }
            md.append('\n');
        }
        md.append('\n');
    }

    private void objectRow(String name, String metric, long size) {
        md.append("| ").append(name).append(" | ").append(r.cell(JMPI, metric, size)).append(" | ")
                .append(r.cell(PY, metric, size)).append(" | ")
                .append(ratio(r.median(JMPI, metric, size), r.median(PY, metric, size))).append(" |\n");
    }

    private void collRow(String name, String jmpiMetric, String cMetric, String pyMetric, long size) {
        md.append("| ").append(name).append(" | ").append(r.cell(JMPI, jmpiMetric, size)).append(" | ")
                .append(r.cell(C, cMetric, size)).append(" | ").append(r.cell(PY, pyMetric, size)).append(" | ")
                .append(r.cell(MPJ, cMetric, size)).append(" | ")
                .append(ratio(r.median(JMPI, jmpiMetric, size), r.median(C, cMetric, size))).append(" | ")
                .append(ratio(r.median(JMPI, jmpiMetric, size), r.median(MPJ, cMetric, size))).append(" |\n");
    }

    private void plots(Path img) throws IOException {
        Plot lat = new Plot("Ping-pong latency over TCP loopback (lower is better)", "message size (bytes)", "µs");
        Plot bw = new Plot("Bandwidth over TCP loopback (higher is better)", "message size (bytes)", "MB/s");
        series(lat, "jmpi buf", JMPI, "lat_buf");
        series(lat, "jmpi obj", JMPI, "lat_obj");
        series(lat, "Open MPI C", C, "lat");
        series(lat, "mpi4py buf", PY, "lat_buf");
        series(lat, "mpi4py obj", PY, "lat_obj");
        series(lat, "MPJ Express", MPJ, "lat");
        series(bw, "jmpi buf", JMPI, "bw_buf");
        series(bw, "jmpi obj", JMPI, "bw_obj");
        series(bw, "Open MPI C", C, "bw");
        series(bw, "mpi4py buf", PY, "bw_buf");
        series(bw, "mpi4py obj", PY, "bw_obj");
        series(bw, "MPJ Express", MPJ, "bw");
        lat.write(img.resolve("latency.png"));
        bw.write(img.resolve("bandwidth.png"));
        Plot coll = new Plot("Collectives, 2 ranks over TCP: jmpi (solid), Open MPI C (dashed)",
                "bytes per rank", "µs");
        for (int k = 0; k < COLL_BY_SIZE.length; k++) {
            String op = COLL_BY_SIZE[k];
            series(coll, op + " jmpi", JMPI, op + "_buf", COLL_SIZES, k, false);
            series(coll, op + " C", C, op, COLL_SIZES, k, true);
        }
        coll.write(img.resolve("collectives.png"));
    }

    private void series(Plot p, String name, String config, String metric) {
        series(p, name, config, metric, SIZES, -1, false);
    }

    /** Adds a series of the figure's medians at {@code sizes} (color -1: the next one). */
    private void series(Plot p, String name, String config, String metric, long[] sizes, int color, boolean dashed) {
        List<Long> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (long s : sizes) {
            double v = r.median(config, metric, s);
            if (s > 0 && !Double.isNaN(v)) {
                xs.add(s);
                ys.add(v);
            }
        }
        p.add(name, xs.stream().mapToLong(Long::longValue).toArray(), ys.stream().mapToDouble(Double::doubleValue).toArray(),
                color, dashed);
    }

    private static String ratio(double a, double b) {
        double q = a / b;
        return Double.isNaN(q) || Double.isInfinite(q) ? "–" : String.format("%.2f", q);
    }

    private static String size(long s) {
        if (s >= 1 << 20) {
            return (s >> 20) + " MiB";
        }
        if (s >= 1024) {
            return (s >> 10) + " KiB";
        }
        return s + " B";
    }

    private static final String LIMITS = """
            ## What limits these figures

            - **Progress.** The rank's waiting thread drives the sockets itself (a Netty event loop
              without a thread of its own, `SharedIoEventLoop`): it polls for 50 µs, then blocks in
              `epoll_wait`, and a sending thread writes straight to the socket, so no thread hand-off
              sits on a message's path (`-Djmpi.tcp.progress=threads` shows the old event-loop design
              for comparison). What is left against Open MPI at small sizes is the per-message work of
              a JVM library (Netty's pipeline, the 40-byte header, matching, futures), and two cores
              shared by two ranks that each also have JIT, GC and a background progress thread: a
              rank that misses its spin window pays a kernel wake-up (about 25 µs here).
            - **Copies.** A `byte[]` send is copied once, from the user's array into a direct buffer
              (reused per connection for large frames; the kernel reads native memory, so a heap array
              must be copied once); other primitive arrays are packed first (one more copy). The
              receiver's socket reads a large frame straight into its (reused) frame buffer, and the
              engine copies it once into the array. Open MPI writes from and reads into the user's
              buffer: one copy per side fewer, about 40 µs per MiB each here. Above 64 KiB a message
              goes by rendezvous (request, clear-to-send, then 1 MiB chunks), one more round trip
              (about 25 µs). jmpi writes a 1 MiB chunk in one system call; on this machine a plain C
              socket ping-pong that does so takes about 300 µs per MiB, while Open MPI, which sends
              128 KiB fragments that the receiver drains as they come, takes about 230: together with
              the copies that is why large messages reach half of Open MPI's bandwidth and 2-2.5x its
              1 MiB latency, and why the large collectives, made of such exchanges (both ways at once),
              are 2-4x. In the bandwidth window a profile (JFR) shows both ranks waiting in
              `epoll_wait` much of the time, the receiver about three quarters of it: data for a
              congested connection is handed to a pushing thread, and the hand-offs and wake-ups
              between it and the waiting threads cost more than the copies. Letting the waiting
              thread push that data itself is the next step; spinning longer was measured and made it
              worse (the spinning thread takes the core the pusher needs).
            - **The JIT.** OsuBench warms up with every size mixed in one sequence: when the JIT has
              compiled the path of one size only, the first message of another deoptimizes it and
              the next thousands of messages run several times slower (measured: 8 B at 60 µs for
              a quarter of a second after a run of 1 MiB messages). The same holds for the windows of
              nonblocking sends and for each collective at each size (eager or rendezvous, recursive
              doubling or ring): OsuBench warms them up too, mixed, before timing anything (before it
              did, a 64 KiB allgather measured 490 µs instead of about 100). The peers need no
              warm-up. Runs of about a millisecond per call still come in bursts while the JIT
              compiles or another thread takes a core (2 ranks polling on 2 cores leave none spare),
              and OSU's figures are means.
            - **Objects.** Kryo's cost (see the micro-benchmarks below): a 6-entry map costs about
              1 µs to serialize and deserialize, the rest of its gap to mpi4py is the object path's
              per-message work; arrays of `double` and `float` go in bulk, and a large one straight
              into the serialized blocks. A record holding a 1 MiB `double[]` adds serializing
              (about 90 µs), a received copy and deserializing (about 120 µs) to the buffer path.
            - **Collectives.** jmpi's collectives are point-to-point schedules over the same transport
              (docs/collectives.md has the algorithms); with 2 ranks they take one or two exchanges, so
              small sizes cost about one or two ping-pongs and large ones carry the copies above (and
              the reduction kernel for reduce and allreduce). Open MPI's collectives also run over its
              TCP BTL here.
            - **Multi-pair latency** runs more ranks than cores (4 on 2): each rank that polls for a
              message keeps a core from the rank it waits for (jmpi polls 50 µs before blocking; Open
              MPI yields when oversubscribed), so the figures move with the scheduler; read them as
              ratios.
            - **Start-up.** Each rank is a JVM that loads jmpi, Netty and Kryo; four of them share two
              cores. jmpiexec keeps a class-data sharing archive per program (docs/launcher.md): the
              first run's rank 0 writes it as it exits, and later ranks map the classes instead of
              loading and verifying them again, which took four ranks of HelloWorld from 2.8 s
              (5.2 s of CPU) to 1.5 s (2.7 s of CPU) here; the table gives both and the first run.
              What is left: the launcher's own JVM (`jmpiexec -n 4 true`: 0.27 s), each JVM's start,
              Netty extracting and loading its native epoll library (about 80 ms a rank), SLF4J
              looking for its provider in every jar, and the JIT's compiler threads (`-Xint` is only
              0.25 s faster). The start-up check that all ranks serialize alike no longer builds Kryo
              (about 0.1 s of CPU a rank) unless the program registered classes. The Python ranks
              need a fraction of that.
            - The machine is a 2-core virtual machine shared with other work: compare ratios from one
              run, and read the min–max ranges.
            """;

}
