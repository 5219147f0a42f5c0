package io.jmpi.bench;

import io.jmpi.Buf;
import io.jmpi.Intracomm;
import io.jmpi.MPI;
import io.jmpi.Op;
import io.jmpi.Request;
import io.jmpi.Session;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * OSU-style micro-benchmarks, with the methodology of the peers' {@code osu_c.c} and
 * {@code osu_mpi4py.py}: the same sizes, iteration counts, warm-up and window, and the same
 * output lines.
 *
 * <pre>jmpiexec -n 2 java -cp jmpi-bench/target/jmpi-bench.jar io.jmpi.bench.OsuBench [lat|bw|bibw|obj|coll|all] [scale]</pre>
 *
 * <p>Metrics: {@code lat_buf}, {@code bw_buf}, {@code bibw_buf} (buffers, as mpi4py's
 * upper-case API); {@code lat_obj}, {@code bw_obj} (a {@code byte[]} sent as an object, as
 * mpi4py's lower-case API sends {@code bytes}); {@code lat_dict} (a 6-entry map),
 * {@code lat_flist1000} (a list of 1,000 doubles), {@code lat_record} (a record holding a
 * 1 MiB {@code double[]}); {@code allreduce_buf} (8 B and 1 MiB of doubles, SUM),
 * {@code bcast_buf} (8 B and 1 MiB), {@code barrier_buf}.
 */
public final class OsuBench {
    private static final int WINDOW = 64;
    private static final int[] SIZES = {0, 8, 64, 1024, 8192, 65536, 1048576, 4194304};
    private static final int MAX = 4 * 1024 * 1024;
    private static final int TAG = 1;
    private static final int BW_TAG = 100;
    private static final int ACK_TAG = 101;

    private final Intracomm comm;
    private final int rank;
    private final double scale;

    private OsuBench(Intracomm comm, double scale) {
        this.comm = comm;
        this.rank = comm.getRank();
        this.scale = scale;
    }

    /** A record holding a large array, as a user's message type would. @param label a label @param values the data */
    public record Sample(String label, double[] values) {
    }

    /**
     * Runs the benchmarks.
     *
     * @param args mode ({@code lat}, {@code bw}, {@code bibw}, {@code obj}, {@code coll},
     *     {@code all}) and scale (a factor on iteration counts)
     */
    public static void main(String[] args) {
        String mode = args.length > 0 ? args[0] : "all";
        double scale = args.length > 1 ? Double.parseDouble(args[1]) : 1.0;
        try (Session session = MPI.init(args)) {
            OsuBench b = new OsuBench(MPI.COMM_WORLD, scale);
            boolean all = mode.equals("all");
            boolean pair = MPI.COMM_WORLD.getSize() >= 2;
            if (pair && !mode.equals("none")) {
                b.warmUp();
            }
            if ((all || mode.equals("lat")) && pair) {
                b.latency();
            }
            if ((all || mode.equals("bw")) && pair) {
                b.bandwidth(false);
            }
            if ((all || mode.equals("bibw")) && pair) {
                b.bandwidth(true);
            }
            if ((all || mode.equals("obj")) && pair) {
                b.objects();
            }
            if (all || mode.equals("coll")) {
                b.collectives();
            }
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

    private static void out(String metric, long size, double value) {
        System.out.printf("%s %d %.3f%n", metric, size, value);
        System.out.flush();
    }

    /**
     * Runs the hot paths until the JIT has compiled them (a few seconds of ping-pong and
     * collectives here: without it the first sizes measured the interpreter, 4-10x slower), as
     * the peers' figures need no warm-up beyond OSU's skipped iterations. Not measured.
     */
    private void warmUp() {
        byte[] small = new byte[64];
        byte[] large = new byte[1 << 20];
        for (int[] phase : new int[][] {{small.length, 40_000}, {large.length, 100}}) {
            Buf b = Buf.of(phase[0] == small.length ? small : large);
            comm.barrier();
            for (int k = 0; k < phase[1]; k++) {
                if (rank == 0) {
                    comm.send(b, 1, TAG);
                    comm.recv(b, 1, TAG);
                } else if (rank == 1) {
                    comm.recv(b, 0, TAG);
                    comm.send(b, 0, TAG);
                }
            }
        }
        Object map = sampleObject("map6");
        for (int k = 0; k < 20_000; k++) {
            if (rank <= 1) {
                Object o = comm.sendrecv(k, 1 - rank, TAG, 1 - rank, TAG);
                if (!Integer.valueOf(k).equals(o)) {
                    throw new IllegalStateException("warm-up got " + o);
                }
                comm.sendrecv(k % 2 == 0 ? small : map, 1 - rank, TAG, 1 - rank, TAG);
            }
        }
        // The collectives' own code paths need as many calls again before the JIT has them
        // (measured: 20,000 allreduces of 8 B average 200 us, the next 20,000 15 us).
        double[] one = new double[1];
        for (int k = 0; k < 20_000; k++) {
            comm.allreduce(Buf.of(new double[] {k}), Buf.of(one), Op.SUM);
            if (k % 4 == 0) {
                comm.bcast(Buf.of(one), 0);
                comm.barrier();
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
            byte[] payload = java.util.Arrays.copyOf(sbuf, size);
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

    // ---- Collectives ----

    private void collectives() {
        double[] sd = new double[131072];
        double[] rd = new double[131072];
        java.util.Arrays.fill(sd, 1.0);
        for (int n : new int[] {1, 131072}) {
            int it = sc(n == 1 ? 30000 : 500);
            int wu = sc(n == 1 ? 3000 : 50);
            double sum = 0;
            for (int k = 0; k < it + wu; k++) {
                long t = System.nanoTime();
                comm.allreduce(Buf.of(sd, 0, n), Buf.of(rd, 0, n), io.jmpi.Op.SUM);
                if (k >= wu) {
                    sum += (System.nanoTime() - t) / 1e9;
                }
                comm.barrier();
            }
            if (rd[0] != comm.getSize()) {
                System.err.println("allreduce check failed");
            }
            report("allreduce_buf", n * 8L, sum, it);
        }
        byte[] bb = new byte[1048576];
        for (int size : new int[] {8, 1048576}) {
            int it = sc(size == 8 ? 30000 : 500);
            int wu = sc(size == 8 ? 3000 : 50);
            double sum = 0;
            for (int k = 0; k < it + wu; k++) {
                long t = System.nanoTime();
                comm.bcast(Buf.of(bb, 0, size), 0);
                if (k >= wu) {
                    sum += (System.nanoTime() - t) / 1e9;
                }
                comm.barrier();
            }
            report("bcast_buf", size, sum, it);
        }
        int it = sc(30000);
        int wu = sc(3000);
        long t0 = 0;
        for (int k = 0; k < it + wu; k++) {
            if (k == wu) {
                t0 = System.nanoTime();
            }
            comm.barrier();
        }
        report("barrier_buf", 0, (System.nanoTime() - t0) / 1e9, it);
    }

    /** Prints on rank 0 the average over ranks of each rank's mean time per operation, in µs. */
    private void report(String metric, long size, double seconds, int iterations) {
        double mean = seconds / iterations;
        if (rank == 0) {
            double sum = mean;
            double[] other = new double[1];
            for (int r = 1; r < comm.getSize(); r++) {
                comm.recv(Buf.of(other), r, 999);
                sum += other[0];
            }
            out(metric, size, sum / comm.getSize() * 1e6);
        } else {
            comm.send(Buf.of(new double[] {mean}), 0, 999);
        }
    }
}
