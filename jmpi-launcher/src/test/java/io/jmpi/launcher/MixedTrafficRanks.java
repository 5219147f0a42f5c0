package io.jmpi.launcher;

import io.jmpi.Buf;
import io.jmpi.Intracomm;
import io.jmpi.MPI;
import io.jmpi.MpiException;
import io.jmpi.Op;
import io.jmpi.Request;
import io.jmpi.Session;
import io.jmpi.Status;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;

/**
 * A rank program for the kill campaign ({@link KillRankCampaignTest}): rounds of mixed
 * point-to-point (a ring of objects, {@code sendrecv} of buffers, nonblocking buffers to both
 * neighbours, some above the 64 KiB eager limit so they go by rendezvous) and collectives
 * ({@code barrier}, {@code bcast}, {@code allreduce}, {@code allgather}, {@code alltoall}), every
 * received value checked against what its sender must have sent.
 *
 * <p>Arguments: a directory, a time limit in seconds and optionally {@value #IGNORE_SIGTERM}. After the first round, each rank
 * writes its pid to {@code DIR/rank-R.pid}. The loop ends after the time limit, as the clock of
 * the round's bcast root says; then every rank prints {@code rank R: N rounds checked} and finalizes.
 * An MPI error ends the rank with {@code rank R: MPI error ERR_X: message} on stderr and exit
 * code 3 (its session closed first, so that its peers learn at once that it left); a value that is not what was sent ends it with {@code CORRUPT} on stderr and exit
 * code 4.
 */
public final class MixedTrafficRanks {
    /** Exit code after an MPI error. */
    static final int EXIT_MPI_ERROR = 3;
    /** Exit code after a value that was not the one sent. */
    static final int EXIT_CORRUPT = 4;
    /** The optional third argument: SIGTERM does not end the rank (jmpiexec's SIGKILL after its grace period does). */
    static final String IGNORE_SIGTERM = "ignore-sigterm";

    private MixedTrafficRanks() {
    }

    /** One object message around the ring. @param source sender @param round round @param data data @param crc CRC-32 of data */
    public record Payload(int source, int round, long[] data, long crc) {
    }

    /** The round's bcast from a rotating root. @param round round @param stop whether this is the last round @param data data */
    public record Round(int round, boolean stop, long[] data) {
    }

    /** Thrown for a value that differs from the one sent. */
    static final class Corrupt extends RuntimeException {
        Corrupt(String what) {
            super(what);
        }
    }

    /**
     * Runs the rank.
     *
     * @param args the pid directory, the time limit in seconds, and optionally {@value #IGNORE_SIGTERM}
     */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        long limitNanos = (long) (Double.parseDouble(args[1]) * 1e9);
        if (args.length > 2 && args[2].equals(IGNORE_SIGTERM)) {
            // so that a survivor shows how it ends by itself when jmpiexec ends the job
            sun.misc.Signal.handle(new sun.misc.Signal("TERM"), sig -> { });
        }
        int rank = -1;
        try (Session session = MPI.init(args)) {
            Intracomm w = MPI.COMM_WORLD;
            rank = w.getRank();
            boolean stop = round(w, 0, false);
            Path tmp = dir.resolve("rank-" + rank + ".pid.tmp");
            Files.writeString(tmp, Long.toString(ProcessHandle.current().pid()), StandardCharsets.US_ASCII);
            Files.move(tmp, dir.resolve("rank-" + rank + ".pid"), StandardCopyOption.ATOMIC_MOVE);
            long start = System.nanoTime();
            int round = 1;
            while (!stop) {
                stop = round(w, round, System.nanoTime() - start > limitNanos);
                round++;
            }
            System.out.println("rank " + rank + ": " + round + " rounds checked");
        } catch (MpiException e) {
            System.err.println("rank " + rank + ": MPI error " + e.getMessage());
            System.err.flush();
            System.exit(EXIT_MPI_ERROR);
        } catch (Corrupt e) {
            System.err.println("rank " + rank + ": CORRUPT " + e.getMessage());
            System.err.flush();
            System.exit(EXIT_CORRUPT);
        }
    }

    /** One round; returns whether it was the last (decided by the bcast's root, told in the bcast). */
    private static boolean round(Intracomm w, int round, boolean last) {
        int rank = w.getRank();
        int size = w.getSize();
        int next = (rank + 1) % size;
        int prev = (rank + size - 1) % size;

        // objects around the ring; every 4th round above the eager limit
        int n = round % 4 == 0 ? 10_000 : 1 + round % 50;
        long[] mine = values(rank, round, 1, n);
        Request<Void> sent = w.isend(new Payload(rank, round, mine, crc(mine)), next, 1);
        Payload got = w.recv(prev, 1);
        sent.waitFor();
        check(got.source() == prev && got.round() == round, "payload header", round, got.source() + "/" + got.round());
        check(crc(got.data()) == got.crc(), "payload checksum", round, prev);
        check(Arrays.equals(got.data(), values(prev, round, 1, n)), "payload data", round, prev);

        // sendrecv of buffers
        int m = 1 + (round * 37) % 500;
        long[] in = new long[m];
        Status st = w.sendrecv(Buf.of(values(rank, round, 2, m)), next, 2, Buf.of(in), prev, 2);
        check(st.getSource() == prev && st.getTag() == 2, "sendrecv status", round, st);
        check(Arrays.equals(in, values(prev, round, 2, m)), "sendrecv data", round, prev);

        // nonblocking buffers to both neighbours; every 3rd round by rendezvous (96 KiB and more)
        int b = round % 3 == 0 ? 96 * 1024 + round % 7 : round % 100;
        byte[] fromPrev = new byte[b];
        byte[] fromNext = new byte[b];
        List<Request<?>> reqs = List.of(
                w.irecv(Buf.of(fromPrev), prev, 3),
                w.irecv(Buf.of(fromNext), next, 4),
                w.isend(Buf.of(bytes(rank, round, 3, b)), next, 3),
                w.isend(Buf.of(bytes(rank, round, 4, b)), prev, 4));
        Request.waitall(reqs);
        check(Arrays.equals(fromPrev, bytes(prev, round, 3, b)), "isend/irecv from prev", round, prev);
        check(Arrays.equals(fromNext, bytes(next, round, 4, b)), "isend/irecv from next", round, next);

        // collectives
        if (round % 5 == 0) {
            w.barrier();
        }
        int root = round % size;
        Round r = w.bcast(rank == root ? new Round(round, last, values(root, round, 5, 1 + round % 20)) : null, root);
        check(r.round() == round && Arrays.equals(r.data(), values(root, round, 5, 1 + round % 20)), "bcast",
                round, root);
        long[] sum = new long[8];
        w.allreduce(Buf.of(values(rank, round, 6, 8)), Buf.of(sum), Op.SUM);
        long[] expected = new long[8];
        for (int s = 0; s < size; s++) {
            long[] v = values(s, round, 6, 8);
            for (int i = 0; i < 8; i++) {
                expected[i] += v[i];
            }
        }
        check(Arrays.equals(sum, expected), "allreduce", round, "sum");
        int k = 1 + round % 16;
        long[] all = new long[k * size];
        w.allgather(Buf.of(values(rank, round, 7, k)), Buf.of(all));
        for (int s = 0; s < size; s++) {
            check(Arrays.equals(Arrays.copyOfRange(all, s * k, s * k + k), values(s, round, 7, k)), "allgather",
                    round, s);
        }
        long[] out = new long[k * size];
        for (int d = 0; d < size; d++) {
            System.arraycopy(values(rank, round, 100 + d, k), 0, out, d * k, k);
        }
        long[] back = new long[k * size];
        w.alltoall(Buf.of(out), Buf.of(back));
        for (int s = 0; s < size; s++) {
            check(Arrays.equals(Arrays.copyOfRange(back, s * k, s * k + k), values(s, round, 100 + rank, k)),
                    "alltoall", round, s);
        }
        return r.stop();
    }

    private static void check(boolean ok, String what, int round, Object from) {
        if (!ok) {
            throw new Corrupt(what + " in round " + round + " (" + from + ")");
        }
    }

    /** The values {@code source} sends in {@code round} for one operation: a function of the three. */
    static long[] values(int source, int round, int op, int n) {
        long[] v = new long[n];
        long seed = source * 0x9E3779B97F4A7C15L + round * 0xC2B2AE3D27D4EB4FL + op * 0x165667B19E3779F9L;
        for (int i = 0; i < n; i++) {
            v[i] = mix(seed + i);
        }
        return v;
    }

    static byte[] bytes(int source, int round, int op, int n) {
        byte[] v = new byte[n];
        long seed = source * 0x9E3779B97F4A7C15L + round * 0xC2B2AE3D27D4EB4FL + op * 0x165667B19E3779F9L;
        for (int i = 0; i < n; i += 8) {
            long x = mix(seed + i);
            for (int j = 0; j < 8 && i + j < n; j++) {
                v[i + j] = (byte) (x >>> (8 * j));
            }
        }
        return v;
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    private static long crc(long[] data) {
        CRC32 c = new CRC32();
        for (long x : data) {
            for (int j = 0; j < 8; j++) {
                c.update((int) (x >>> (8 * j)));
            }
        }
        return c.getValue();
    }
}
