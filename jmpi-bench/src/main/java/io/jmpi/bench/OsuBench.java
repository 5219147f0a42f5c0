package io.jmpi.bench;

import io.jmpi.Buf;
import io.jmpi.Intracomm;
import io.jmpi.LocalWorld;
import io.jmpi.MPI;
import io.jmpi.Op;
import io.jmpi.Request;
import io.jmpi.Session;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.IntUnaryOperator;

/**
 * OSU-style micro-benchmarks, with the methodology of the peers' {@code osu_c.c} and
 * {@code osu_mpi4py.py}: the same sizes, iteration counts, warm-up and window, and the same
 * output lines {@code <metric> <size_bytes> <value>} (latency in µs, bandwidth in MB/s).
 *
 * <pre>
 * jmpiexec -n 2 java -cp jmpi-bench.jar io.jmpi.bench.OsuBench [options] [MODE[,MODE...]] [SCALE]
 * java -cp jmpi-bench.jar io.jmpi.bench.OsuBench --transport local -n 2 lat 0.25
 * </pre>
 *
 * <p>Modes: {@code lat}, {@code bw}, {@code bibw}, {@code obj}, {@code coll}, {@code mlat},
 * {@code all} (every mode but {@code mlat}, which wants its own number of ranks), {@code none}.
 * SCALE is a factor on the iteration counts (default 1).
 *
 * <p>Options:
 * <ul>
 * <li>{@code --transport tcp} (default): the ranks are the processes that {@code jmpiexec}
 *     started, over its transport (TCP); {@code --transport local}: the ranks are threads of
 *     this JVM ({@link LocalWorld#run}) over the in-process transport, no launcher and no
 *     sockets, which shows jmpi's own overhead without the wire.</li>
 * <li>{@code -n N}: the number of ranks with {@code --transport local} (default 2); with
 *     {@code tcp} it is {@code jmpiexec}'s {@code -n}, and a different N here is an error.</li>
 * <li>{@code --reps R}: runs the chosen modes R times in the same ranks (default 1).</li>
 * <li>{@code --no-warm-up}: skips the warm-up (for quick checks: the first figures then time
 *     the JIT too).</li>
 * <li>{@code --csv}: prints, at the end, one CSV row per (metric, size) with the median, min and
 *     max over the repetitions, unit, repetitions, ranks, transport, JVM, host and date (the
 *     columns of {@code bench/results/results.csv}) instead of the lines.</li>
 * </ul>
 *
 * <p>Metrics: {@code lat_buf}, {@code bw_buf}, {@code bibw_buf} (buffers, as mpi4py's
 * upper-case API); {@code lat_obj}, {@code bw_obj} (a {@code byte[]} sent as an object, as
 * mpi4py's lower-case API sends {@code bytes}); {@code lat_dict} (a 6-entry map),
 * {@code lat_flist1000} (a list of 1,000 doubles), {@code lat_record} (a record holding a
 * 1 MiB {@code double[]}); {@code mlat_buf} (multi-pair latency as OSU's
 * {@code osu_multi_lat}: rank i &lt; N/2 ping-pongs with rank i + N/2, every pair at once;
 * the average of the pairs' half round trips; N even; the latency test's sizes, a third of its
 * iterations); collective latency by size, at 8 B,
 * 1 KiB, 64 KiB and 1 MiB: {@code bcast_buf} (bytes, root 0), {@code reduce_buf} (doubles, SUM,
 * root 0), {@code allreduce_buf} (doubles, SUM), {@code allgather_buf} and
 * {@code alltoall_buf} (bytes; the size is one rank's block, as OSU's), and
 * {@code barrier_buf}. A collective's figure is the average over the ranks of each rank's mean
 * time per call, each call timed alone with a barrier between calls. Every collective's result
 * is checked after its loop; a wrong result ends the run with an {@link IllegalStateException}.
 */
public final class OsuBench {
    private static final int WINDOW = 64;
    private static final int[] SIZES = {0, 8, 64, 1024, 8192, 65536, 1048576, 4194304};
    /** The sizes of the collectives' latency: per rank (a rank's block for allgather and alltoall). */
    static final int[] COLL_SIZES = {8, 1024, 65536, 1048576};
    /** The collectives timed by size, in the order they run. */
    static final String[] COLLECTIVES = {"allreduce", "bcast", "reduce", "allgather", "alltoall"};
    private static final int MAX = 4 * 1024 * 1024;
    private static final int TAG = 1;
    private static final int BW_TAG = 100;
    private static final int ACK_TAG = 101;
    private static final int REPORT_TAG = 999;
    private static final Set<String> MODES = Set.of("lat", "bw", "bibw", "obj", "coll", "mlat", "all", "none");
    private static final String USAGE = "usage: OsuBench [--transport tcp|local] [-n N] [--reps R] [--csv] [--no-warm-up]"
            + " [lat|bw|bibw|obj|coll|mlat|all|none[,...]] [scale]";

    private final Intracomm comm;
    private final int rank;
    private final int size;
    private final double scale;
    private final PrintStream lines;
    /** Every figure of this run at rank 0, by "metric size", in the order measured. */
    private final Map<String, List<Double>> figures = new LinkedHashMap<>();

    private OsuBench(Intracomm comm, double scale, PrintStream lines) {
        this.comm = comm;
        this.rank = comm.getRank();
        this.size = comm.getSize();
        this.scale = scale;
        this.lines = lines;
    }

    /** A record holding a large array, as a user's message type would. @param label a label @param values the data */
    public record Sample(String label, double[] values) {
    }

    /** The command line. */
    record Options(String transport, int ranks, boolean ranksGiven, int reps, boolean csv, boolean warmUp,
            Set<String> modes, double scale) {

        static Options parse(String... args) {
            String transport = "tcp";
            int ranks = 2;
            boolean ranksGiven = false;
            int reps = 1;
            boolean csv = false;
            boolean warmUp = true;
            List<String> positional = new ArrayList<>();
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--transport" -> transport = value(args, ++i, a);
                    case "-n" -> {
                        ranks = number(value(args, ++i, a), a);
                        ranksGiven = true;
                    }
                    case "--reps" -> reps = number(value(args, ++i, a), a);
                    case "--csv" -> csv = true;
                    case "--no-warm-up" -> warmUp = false;
                    default -> {
                        if (a.startsWith("-") && !a.matches("-?[0-9.]+")) {
                            throw new IllegalArgumentException("unknown option " + a);
                        }
                        positional.add(a);
                    }
                }
            }
            if (!transport.equals("tcp") && !transport.equals("local")) {
                throw new IllegalArgumentException("--transport " + transport + " is neither tcp nor local");
            }
            if (positional.size() > 2) {
                throw new IllegalArgumentException("too many arguments: " + positional);
            }
            Set<String> modes = new LinkedHashSet<>();
            for (String m : (positional.isEmpty() ? "all" : positional.get(0)).split(",")) {
                if (!MODES.contains(m)) {
                    throw new IllegalArgumentException("mode " + m + " is none of " + new java.util.TreeSet<>(MODES));
                }
                modes.add(m);
            }
            if (modes.remove("all")) {
                modes.addAll(List.of("lat", "bw", "bibw", "obj", "coll"));
            }
            modes.remove("none");
            double scale;
            try {
                scale = positional.size() > 1 ? Double.parseDouble(positional.get(1)) : 1.0;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("scale " + positional.get(1) + " is not a number");
            }
            if (!(scale > 0)) {
                throw new IllegalArgumentException("scale " + scale + " is not positive");
            }
            return new Options(transport, ranks, ranksGiven, reps, csv, warmUp, modes, scale);
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }

        private static int number(String s, String option) {
            try {
                int n = Integer.parseInt(s);
                if (n >= 1) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // below
            }
            throw new IllegalArgumentException(option + " " + s + " is not a positive integer");
        }
    }

    /**
     * Runs the benchmarks; rank 0 prints the figures.
     *
     * @param args options, mode and scale (see the class comment)
     */
    public static void main(String[] args) {
        Locale.setDefault(Locale.ROOT);
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("OsuBench: " + e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        if (o.transport().equals("local")) {
            LocalWorld.of(o.ranks()).timeout(Duration.ofHours(2)).run(world -> run(world, o, System.out));
        } else {
            try (Session session = MPI.init(args)) {
                if (o.ranksGiven() && o.ranks() != MPI.COMM_WORLD.getSize()) {
                    throw new IllegalArgumentException("-n " + o.ranks() + " with --transport tcp: this job has "
                            + MPI.COMM_WORLD.getSize() + " ranks (jmpiexec -n chooses)");
                }
                run(MPI.COMM_WORLD, o, System.out);
            }
        }
    }

    /**
     * Runs the chosen modes on this rank of {@code world}; rank 0 writes the lines, or the CSV,
     * to {@code out}.
     */
    static void run(Intracomm world, Options o, PrintStream out) {
        OsuBench b = new OsuBench(world, o.scale(), o.csv() ? null : out);
        Set<String> m = o.modes();
        boolean pair = b.size >= 2;
        if (m.contains("mlat") && (b.size < 2 || b.size % 2 != 0)) {
            throw new IllegalArgumentException("mlat needs an even number of ranks, this job has " + b.size);
        }
        if (pair && !m.isEmpty() && o.warmUp()) {
            b.warmUp(m.contains("obj"), m.contains("coll"));
        }
        for (int rep = 0; rep < o.reps(); rep++) {
            if (m.contains("lat") && pair) {
                b.latency();
            }
            if (m.contains("bw") && pair) {
                b.bandwidth(false);
            }
            if (m.contains("bibw") && pair) {
                b.bandwidth(true);
            }
            if (m.contains("obj") && pair) {
                b.objects();
            }
            if (m.contains("coll")) {
                b.collectives();
            }
            if (m.contains("mlat")) {
                b.multiLatency();
            }
        }
        if (o.csv() && b.rank == 0) {
            Csv.Meta meta = Csv.Meta.ofThisJvm(o.transport());
            out.println(Csv.HEADER);
            for (Map.Entry<String, List<Double>> e : b.figures.entrySet()) {
                String[] ms = e.getKey().split(" ");
                out.println(Csv.row("jmpi", ms[0], Long.parseLong(ms[1]), e.getValue(), b.size, meta));
            }
            out.flush();
        }
    }

    private int sc(int n) {
        return Math.max(2, (int) (n * scale));
    }

    private int[] latIters(int size) {
        if (size <= 8192) {
            return new int[] {sc(30000), sc(3000)};
        } else if (size <= 65536) {
            return new int[] {sc(5000), sc(500)};
        } else if (size <= 1048576) {
            return new int[] {sc(500), sc(50)};
        }
        return new int[] {sc(100), sc(10)};
    }

    /**
     * Multi-pair latency's iterations: OSU's {@code osu_multi_lat} counts (10,000 for small
     * messages), a third of the latency test's, as its ranks outnumber the cores.
     */
    private int[] mlatIters(int size) {
        if (size <= 8192) {
            return new int[] {sc(10000), sc(1000)};
        } else if (size <= 65536) {
            return new int[] {sc(2000), sc(200)};
        } else if (size <= 1048576) {
            return new int[] {sc(200), sc(20)};
        }
        return new int[] {sc(40), sc(4)};
    }

    private int[] bwIters(int size) {
        if (size <= 8192) {
            return new int[] {sc(1000), sc(100)};
        } else if (size <= 65536) {
            return new int[] {sc(200), sc(20)};
        } else if (size <= 1048576) {
            return new int[] {sc(40), sc(4)};
        }
        return new int[] {sc(10), sc(2)};
    }

    private void out(String metric, long size, double value) {
        figures.computeIfAbsent(metric + " " + size, k -> new ArrayList<>()).add(value);
        if (lines != null) {
            lines.printf("%s %d %.3f%n", metric, size, value);
            lines.flush();
        }
    }

    /** The rank this one ping-pongs with: i and i + N/2 (0 and 1 for 2 ranks), or -1 for none. */
    private int partner() {
        int half = size / 2;
        if (rank < half) {
            return rank + half;
        }
        return rank < 2 * half ? rank - half : -1;
    }

    /**
     * Runs the hot paths until the JIT has compiled them (a few seconds of ping-pong and
     * collectives here: without it the first sizes measured the interpreter, 4-10x slower), as
     * the peers' figures need no warm-up beyond OSU's skipped iterations. Not measured.
     */
    private void warmUp(boolean objects, boolean collectives) {
        byte[] buffer = new byte[MAX];
        int peer = partner();
        boolean first = peer > rank;
        // Every size in one mixed sequence: when the JIT compiled the path of one size only, the
        // first message of another threw the compiled code away (deoptimization) and the next
        // thousands of messages ran slowly (measured: 8 B at 60 us instead of 12 after a run of
        // 1 MiB messages). Mixed, the compiled code covers them all.
        int[] sizes = {0, 8, 64, 1024, 8192, 65536, 8, 64};
        comm.barrier();
        for (int k = 0; k < 48_000 && peer >= 0; k++) {
            int size = k % 480 == 0 ? 1 << 20 : k % 4800 == 1 ? MAX : sizes[k % sizes.length];
            Buf b = Buf.of(buffer, 0, size);
            if (first) {
                comm.send(b, peer, TAG);
                comm.recv(b, peer, TAG);
            } else {
                comm.recv(b, peer, TAG);
                comm.send(b, peer, TAG);
            }
        }
        if (objects) {
            // The object path mixed the same way: every object the benchmark sends, by send and recv.
            Object[] mix = {sampleObject("map6"), new byte[0], new byte[8], sampleObject("map6"), new byte[64],
                new byte[1024], sampleObject("map6"), new byte[8192], new byte[65536], sampleObject("list1000")};
            Object record = sampleObject("record1MiB");
            for (int k = 0; k < 30_000 && peer >= 0; k++) {
                Object v = k % 600 == 0 ? record : k % 3000 == 1 ? new byte[1 << 20] : k % 6000 == 2 ? new byte[MAX]
                        : mix[k % mix.length];
                if (first) {
                    comm.send(v, peer, TAG);
                    Object o = comm.recv(peer, TAG);
                    if (o == null || o.getClass() != v.getClass()) {
                        throw new IllegalStateException("warm-up got " + o + " for " + v);
                    }
                } else {
                    Object got = comm.recv(peer, TAG);
                    comm.send(got, peer, TAG);
                }
            }
        }
        // The nonblocking path of the bandwidth tests (windows of isend and irecv, both ways,
        // completed by waitall), also mixed: small and 64 KiB windows, now and then 1 MiB and
        // 4 MiB ones (whose chunks go through the rendezvous pusher).
        if (peer >= 0) {
            Request<?>[] reqs = new Request<?>[2 * WINDOW];
            byte[] in = new byte[MAX];
            for (int k = 0; k < 600; k++) {
                int n = k % 60 == 0 ? MAX : k % 6 == 0 ? 1 << 20 : k % 2 == 0 ? 65536 : sizes[k % sizes.length];
                int window = n >= 1 << 20 ? 4 : WINDOW;
                for (int w = 0; w < window; w++) {
                    reqs[w] = comm.irecv(Buf.of(in, 0, n), peer, TAG);
                    reqs[window + w] = comm.isend(Buf.of(buffer, 0, n), peer, TAG);
                }
                Request.waitall(Arrays.copyOf(reqs, 2 * window));
            }
        }
        if (collectives) {
            // The collectives' own code paths need as many calls again before the JIT has them
            // (measured: 20,000 allreduces of 8 B average 200 us, the next 20,000 15 us), and
            // every size measured has paths of its own (eager or rendezvous, recursive doubling
            // or ring): without them the 64 KiB and 1 MiB collectives measured the interpreter
            // (allgather of 64 KiB: 490 us instead of about 100). All sizes, in one sequence.
            int maxBytes = COLL_SIZES[COLL_SIZES.length - 1];
            double[] sd = new double[maxBytes / 8];
            double[] rd = new double[maxBytes / 8];
            byte[] sb = new byte[maxBytes * size];
            byte[] rb = new byte[maxBytes * size];
            for (int k = 0; k < 8_000; k++) {
                int bytes = k % 200 == 0 ? maxBytes : k % 10 == 0 ? 65536 : k % 2 == 0 ? 1024 : 8;
                int n = bytes / 8;
                comm.allreduce(Buf.of(sd, 0, n), Buf.of(rd, 0, n), Op.SUM);
                comm.bcast(Buf.of(sb, 0, bytes), k % size);
                comm.reduce(Buf.of(sd, 0, n), Buf.of(rd, 0, n), Op.SUM, 0);
                comm.allgather(Buf.of(sb, 0, bytes), Buf.of(rb, 0, bytes * size));
                comm.alltoall(Buf.of(sb, 0, bytes * size), Buf.of(rb, 0, bytes * size));
                if (k % 4 == 0) {
                    comm.barrier();
                }
            }
            double[] one = new double[1];
            for (int k = 0; k < 12_000; k++) {
                comm.allreduce(Buf.of(new double[] {k}), Buf.of(one), Op.SUM);
                if (k % 4 == 0) {
                    comm.barrier();
                }
            }
        }
        comm.barrier();
    }

    // ---- Ping-pong of buffers ----

    private void latency() {
        byte[] sbuf = new byte[MAX];
        byte[] rbuf = new byte[MAX];
        for (int size : SIZES) {
            int[] iw = latIters(size);
            Buf s = Buf.of(sbuf, 0, size);
            Buf r = Buf.of(rbuf, 0, size);
            comm.barrier();
            if (rank == 0) {
                long t0 = 0;
                for (int k = 0; k < iw[0] + iw[1]; k++) {
                    if (k == iw[1]) {
                        t0 = System.nanoTime();
                    }
                    comm.send(s, 1, TAG);
                    comm.recv(r, 1, TAG);
                }
                out("lat_buf", size, (System.nanoTime() - t0) / 1e3 / (2.0 * iw[0]));
            } else if (rank == 1) {
                for (int k = 0; k < iw[0] + iw[1]; k++) {
                    comm.recv(r, 0, TAG);
                    comm.send(s, 0, TAG);
                }
            }
        }
    }

    // ---- Multi-pair ping-pong of buffers (osu_multi_lat) ----

    private void multiLatency() {
        byte[] sbuf = new byte[MAX];
        byte[] rbuf = new byte[MAX];
        int peer = partner();
        boolean sender = peer > rank;
        Arrays.fill(sbuf, (byte) (rank + 1));
        for (int size : SIZES) {
            int[] iw = mlatIters(size);
            Buf s = Buf.of(sbuf, 0, size);
            Buf r = Buf.of(rbuf, 0, size);
            Arrays.fill(rbuf, 0, size, (byte) 0);
            comm.barrier();
            double micros = 0;
            if (sender) {
                long t0 = 0;
                for (int k = 0; k < iw[0] + iw[1]; k++) {
                    if (k == iw[1]) {
                        t0 = System.nanoTime();
                    }
                    comm.send(s, peer, TAG);
                    comm.recv(r, peer, TAG);
                }
                micros = (System.nanoTime() - t0) / 1e3 / (2.0 * iw[0]);
            } else if (peer >= 0) {
                for (int k = 0; k < iw[0] + iw[1]; k++) {
                    comm.recv(r, peer, TAG);
                    comm.send(s, peer, TAG);
                }
            }
            if (peer >= 0) {
                checkBytes("mlat", size, rbuf, 0, size, (byte) (peer + 1));
            }
            double mean = averageAtRoot(micros, sender);
            if (rank == 0) {
                out("mlat_buf", size, mean);
            }
        }
    }

    // ---- Bandwidth: a window of nonblocking sends, then an ack ----

    private void bandwidth(boolean bidirectional) {
        byte[] sbuf = new byte[MAX];
        byte[] rbuf = new byte[MAX];
        Buf ack = Buf.of(new byte[4]);
        for (int i = 1; i < SIZES.length; i++) {
            int size = SIZES[i];
            int[] iw = bwIters(size);
            Buf s = Buf.of(sbuf, 0, size);
            Buf r = Buf.of(rbuf, 0, size);
            Request<?>[] reqs = new Request<?>[bidirectional ? 2 * WINDOW : WINDOW];
            comm.barrier();
            long t0 = 0;
            if (rank < 2) {
                int other = 1 - rank;
                for (int k = 0; k < iw[0] + iw[1]; k++) {
                    if (k == iw[1]) {
                        t0 = System.nanoTime();
                    }
                    if (bidirectional) {
                        for (int w = 0; w < WINDOW; w++) {
                            reqs[w] = comm.irecv(r, other, BW_TAG);
                        }
                        for (int w = 0; w < WINDOW; w++) {
                            reqs[WINDOW + w] = comm.isend(s, other, BW_TAG);
                        }
                        Request.waitall(reqs);
                    } else if (rank == 0) {
                        for (int w = 0; w < WINDOW; w++) {
                            reqs[w] = comm.isend(s, 1, BW_TAG);
                        }
                        Request.waitall(reqs);
                        comm.recv(ack, 1, ACK_TAG);
                    } else {
                        for (int w = 0; w < WINDOW; w++) {
                            reqs[w] = comm.irecv(r, 0, BW_TAG);
                        }
                        Request.waitall(reqs);
                        comm.send(ack, 0, ACK_TAG);
                    }
                }
                if (rank == 0) {
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    double bytes = (double) size * WINDOW * iw[0] * (bidirectional ? 2 : 1);
                    out(bidirectional ? "bibw_buf" : "bw_buf", size, bytes / seconds / 1e6);
                }
            }
        }
    }

    // ---- Objects ----

    private void objects() {
        for (int size : SIZES) {
            pingPongObject("lat_obj", size, new byte[size]);
        }
        pingPongObject("lat_dict", 0, sampleObject("map6"));
        pingPongObject("lat_flist1000", 0, sampleObject("list1000"));
        pingPongObject("lat_record", 1048576, sampleObject("record1MiB"));
        byte[] sbuf = new byte[MAX];
        for (int i = 1; i < SIZES.length; i++) {
            int size = SIZES[i];
            int[] iw = bwIters(size);
            byte[] payload = Arrays.copyOf(sbuf, size);
            comm.barrier();
            long t0 = 0;
            for (int k = 0; k < iw[0] + iw[1]; k++) {
                if (k == iw[1]) {
                    t0 = System.nanoTime();
                }
                if (rank == 0) {
                    Request<?>[] reqs = new Request<?>[WINDOW];
                    for (int w = 0; w < WINDOW; w++) {
                        reqs[w] = comm.isend(payload, 1, BW_TAG);
                    }
                    Request.waitall(reqs);
                    comm.recv(1, ACK_TAG);
                } else if (rank == 1) {
                    for (int w = 0; w < WINDOW; w++) {
                        comm.recv(0, BW_TAG);
                    }
                    comm.send(Boolean.TRUE, 0, ACK_TAG);
                }
            }
            if (rank == 0) {
                out("bw_obj", size, (double) size * WINDOW * iw[0] / ((System.nanoTime() - t0) / 1e9) / 1e6);
            }
        }
    }

    /**
     * Builds one of the object messages this benchmark times (the JMH serialization benchmark
     * uses the same ones).
     *
     * @param name {@code map6} (a 6-entry map of strings to integers and strings),
     *     {@code list1000} (a list of 1,000 doubles) or {@code record1MiB} (a {@link Sample}
     *     holding a 1 MiB {@code double[]})
     * @return a new instance
     */
    public static Object sampleObject(String name) {
        switch (name) {
            case "map6": {
                Map<String, Object> dict = new HashMap<>();
                for (int i = 0; i < 6; i++) {
                    dict.put("key" + i, i % 2 == 0 ? (Object) i : (Object) ("value" + i));
                }
                return dict;
            }
            case "list1000": {
                List<Double> floats = new ArrayList<>();
                for (int i = 0; i < 1000; i++) {
                    floats.add(i * 0.5);
                }
                return floats;
            }
            case "record1MiB":
                return new Sample("one MiB", new double[131072]);
            default:
                throw new IllegalArgumentException("sample object " + name + " is none of map6, list1000, record1MiB");
        }
    }

    private void pingPongObject(String metric, int size, Object value) {
        int[] iw = latIters(Math.max(size, 8));
        comm.barrier();
        if (rank == 0) {
            long t0 = 0;
            for (int k = 0; k < iw[0] + iw[1]; k++) {
                if (k == iw[1]) {
                    t0 = System.nanoTime();
                }
                comm.send(value, 1, TAG);
                comm.recv(1, TAG);
            }
            out(metric, size, (System.nanoTime() - t0) / 1e3 / (2.0 * iw[0]));
        } else if (rank == 1) {
            for (int k = 0; k < iw[0] + iw[1]; k++) {
                Object o = comm.recv(0, TAG);
                comm.send(o, 0, TAG);
            }
        }
    }

    // ---- Collectives: latency by size ----

    private void collectives() {
        int maxCount = COLL_SIZES[COLL_SIZES.length - 1] / 8;
        double[] sd = new double[maxCount];
        double[] rd = new double[maxCount];
        Arrays.fill(sd, rank + 1);
        double sum = size * (size + 1) / 2.0;
        int maxBytes = COLL_SIZES[COLL_SIZES.length - 1] * size;
        byte[] sb = new byte[maxBytes];
        byte[] rb = new byte[maxBytes];
        for (String op : COLLECTIVES) {
            for (int bytes : COLL_SIZES) {
                int n = bytes / 8;
                Runnable call;
                switch (op) {
                    case "allreduce" -> {
                        Arrays.fill(rd, 0, n, Double.NaN);
                        call = () -> comm.allreduce(Buf.of(sd, 0, n), Buf.of(rd, 0, n), Op.SUM);
                    }
                    case "reduce" -> {
                        Arrays.fill(rd, 0, n, Double.NaN);
                        call = () -> comm.reduce(Buf.of(sd, 0, n), Buf.of(rd, 0, n), Op.SUM, 0);
                    }
                    case "bcast" -> {
                        Arrays.fill(sb, 0, bytes, rank == 0 ? (byte) 0x5a : 0);
                        call = () -> comm.bcast(Buf.of(sb, 0, bytes), 0);
                    }
                    case "allgather" -> {
                        Arrays.fill(sb, 0, bytes, (byte) (rank + 1));
                        Arrays.fill(rb, 0, bytes * size, (byte) 0);
                        call = () -> comm.allgather(Buf.of(sb, 0, bytes), Buf.of(rb, 0, bytes * size));
                    }
                    case "alltoall" -> {
                        for (int j = 0; j < size; j++) {
                            Arrays.fill(sb, j * bytes, (j + 1) * bytes, alltoallByte(rank, j, size));
                        }
                        Arrays.fill(rb, 0, bytes * size, (byte) 0);
                        call = () -> comm.alltoall(Buf.of(sb, 0, bytes * size), Buf.of(rb, 0, bytes * size));
                    }
                    default -> throw new IllegalStateException(op);
                }
                timeCollective(op + "_buf", bytes, call);
                switch (op) {
                    case "allreduce" -> checkDoubles(op, bytes, rd, n, sum);
                    case "reduce" -> {
                        if (rank == 0) {
                            checkDoubles(op, bytes, rd, n, sum);
                        }
                    }
                    case "bcast" -> checkBytes(op, bytes, sb, 0, bytes, (byte) 0x5a);
                    case "allgather" -> checkBlocks(op, bytes, rb, size, j -> (byte) (j + 1));
                    case "alltoall" -> checkBlocks(op, bytes, rb, size, j -> alltoallByte(j, rank, size));
                    default -> throw new IllegalStateException(op);
                }
            }
        }
        int[] iw = latIters(0);
        long t0 = 0;
        for (int k = 0; k < iw[0] + iw[1]; k++) {
            if (k == iw[1]) {
                t0 = System.nanoTime();
            }
            comm.barrier();
        }
        report("barrier_buf", 0, (System.nanoTime() - t0) / 1e9, iw[0]);
    }

    /** The byte that rank {@code from} sends to rank {@code to} in the alltoall test. */
    static byte alltoallByte(int from, int to, int size) {
        return (byte) (from * size + to + 1);
    }

    /** Times each call alone, a barrier between calls, as osu_c.c's collectives. */
    private void timeCollective(String metric, int bytes, Runnable call) {
        int[] iw = latIters(bytes);
        double seconds = 0;
        comm.barrier();
        for (int k = 0; k < iw[0] + iw[1]; k++) {
            long t = System.nanoTime();
            call.run();
            if (k >= iw[1]) {
                seconds += (System.nanoTime() - t) / 1e9;
            }
            comm.barrier();
        }
        report(metric, bytes, seconds, iw[0]);
    }

    /**
     * Checks {@code count} doubles of a reduction's result.
     *
     * @throws IllegalStateException naming the operation, size and first wrong element
     */
    static void checkDoubles(String op, int bytes, double[] buf, int count, double expected) {
        for (int i = 0; i < count; i++) {
            if (buf[i] != expected) {
                throw new IllegalStateException(op + " " + bytes + " B: element " + i + " is " + buf[i]
                        + ", expected " + expected);
            }
        }
    }

    /**
     * Checks that {@code buf[from, from + count)} all hold {@code expected}.
     *
     * @throws IllegalStateException naming the operation, size and first wrong byte
     */
    static void checkBytes(String op, int bytes, byte[] buf, int from, int count, byte expected) {
        for (int i = from; i < from + count; i++) {
            if (buf[i] != expected) {
                throw new IllegalStateException(op + " " + bytes + " B: byte " + i + " is " + buf[i]
                        + ", expected " + expected);
            }
        }
    }

    /**
     * Checks that block j ({@code bytes} long) of {@code buf} holds {@code expected(j)}, for
     * each of {@code blocks} blocks.
     *
     * @throws IllegalStateException naming the operation, size and first wrong byte
     */
    static void checkBlocks(String op, int bytes, byte[] buf, int blocks, IntUnaryOperator expected) {
        for (int j = 0; j < blocks; j++) {
            checkBytes(op, bytes, buf, j * bytes, bytes, (byte) expected.applyAsInt(j));
        }
    }

    /** Prints on rank 0 the average over ranks of each rank's mean time per operation, in µs. */
    private void report(String metric, long size, double seconds, int iterations) {
        double mean = averageAtRoot(seconds / iterations, true);
        if (rank == 0) {
            out(metric, size, mean * 1e6);
        }
    }

    /** The average, at rank 0, of the ranks' values that count; NaN on the other ranks. */
    private double averageAtRoot(double value, boolean counts) {
        double[] mine = {value, counts ? 1 : 0};
        if (rank != 0) {
            comm.send(Buf.of(mine), 0, REPORT_TAG);
            return Double.NaN;
        }
        double sum = mine[0] * mine[1];
        double weight = mine[1];
        double[] other = new double[2];
        for (int r = 1; r < size; r++) {
            comm.recv(Buf.of(other), r, REPORT_TAG);
            sum += other[0] * other[1];
            weight += other[1];
        }
        return sum / weight;
    }
}
