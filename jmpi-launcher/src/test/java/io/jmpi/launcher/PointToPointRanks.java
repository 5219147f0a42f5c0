package io.jmpi.launcher;

import io.jmpi.Buf;
import io.jmpi.Datatype;
import io.jmpi.ErrorClass;
import io.jmpi.Intracomm;
import io.jmpi.MPI;
import io.jmpi.Message;
import io.jmpi.MpiException;
import io.jmpi.Prequest;
import io.jmpi.Request;
import io.jmpi.Session;
import io.jmpi.Status;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The point-to-point suite's scenarios as one rank program, so that they run between real
 * processes over TCP under jmpiexec (the JUnit suites run them with ranks as threads). Any size;
 * every rank prints {@code rank R: N checks passed} or throws.
 */
public final class PointToPointRanks {
    private PointToPointRanks() {
    }

    /** A record, as a user's message type. @param id id @param values values */
    public record Sample(int id, double[] values) {
    }

    private static int checks;

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError("check failed: " + what);
        }
        checks++;
    }

    /**
     * Runs the checks.
     *
     * @param args ignored
     */
    public static void main(String[] args) throws Exception {
        try (Session session = MPI.init(args)) {
            Intracomm w = MPI.COMM_WORLD;
            int rank = w.getRank();
            int size = w.getSize();
            int next = (rank + 1) % size;
            int prev = (rank - 1 + size) % size;

            // objects around a ring, every kind
            w.send(Map.of("from", rank), next, 1);
            check(w.<Map<String, Integer>>recv(prev, 1).get("from") == prev, "map around the ring");
            w.send(new Sample(rank, new double[] {rank, 2.5}), next, 2);
            Sample s = w.recv(prev, 2);
            check(s.id() == prev && s.values()[1] == 2.5, "record around the ring");

            // every primitive buffer type
            int n = 33;
            long[] l = new long[n];
            Arrays.fill(l, rank * 1_000_000_007L);
            long[] lr = new long[n];
            Status st = w.sendrecv(Buf.of(l), next, 3, Buf.of(lr), prev, 3);
            check(st.getCount(Datatype.LONG) == n && lr[n - 1] == prev * 1_000_000_007L, "long[] sendrecv");
            char[] c = {(char) ('a' + rank)};
            char[] cr = new char[1];
            w.sendrecv(Buf.of(c), next, 4, Buf.of(cr), prev, 4);
            check(cr[0] == (char) ('a' + prev), "char[] sendrecv");

            // ordering: many messages from one sender, received with a wildcard tag
            int target = 1 % size;
            if (rank == 0) {
                for (int i = 0; i < 2000; i++) {
                    w.send(i, target, 5 + i % 2);
                }
            }
            if (rank == target) {
                for (int i = 0; i < 2000; i++) {
                    check(w.<Integer>recv(0, MPI.ANY_TAG) == i, "order of message " + i);
                }
            }
            w.barrier();

            // large messages (rendezvous) both ways, nonblocking
            double[] big = new double[1 << 20];
            big[big.length - 1] = rank;
            double[] bigIn = new double[1 << 20];
            Request<Status> r = w.irecv(Buf.of(bigIn), prev, 6);
            Request<Void> q = w.isend(Buf.of(big), next, 6);
            Request.waitall(q, r);
            check(bigIn[bigIn.length - 1] == prev, "8 MiB buffer around the ring");
            List<Double> list = new ArrayList<>();
            for (int i = 0; i < 200_000; i++) {
                list.add((double) i);
            }
            List<Double> back = w.sendrecv(list, next, 7, prev, 7);
            check(back.size() == 200_000 && back.get(199_999) == 199_999.0, "large object sendrecv");

            // synchronous, buffered, ready
            Request<Object> pending = w.irecv(prev, 8);
            w.ssend("sync", next, 8);
            check("sync".equals(pending.waitFor()), "ssend");
            MPI.attachBuffer(java.nio.ByteBuffer.allocate(1 << 20));
            w.bsend(Buf.of(new int[1000]), next, 9);
            w.recv(Buf.of(new int[1000]), prev, 9);
            MPI.detachBuffer();
            check(true, "bsend");

            // probes and matched probes
            w.send(Buf.of(new short[7]), next, 10);
            Status p = w.probe(prev, 10);
            check(p.getCount(Datatype.SHORT) == 7, "probe count");
            Message m = w.mprobe(prev, 10);
            check(m.recv(Buf.of(new short[7])).getSource() == prev, "mprobe + recv");

            // truncation and type errors lose nothing
            w.send(Buf.of(new int[10]), next, 11);
            w.send(Buf.of(new int[] {42}), next, 11);
            try {
                w.recv(Buf.of(new int[2]), prev, 11);
                check(false, "truncation raises");
            } catch (MpiException e) {
                check(e.getErrorClass() == ErrorClass.ERR_TRUNCATE, "ERR_TRUNCATE");
            }
            int[] one = new int[1];
            w.recv(Buf.of(one), prev, 11);
            check(one[0] == 42, "message after a truncation");

            // persistent requests restarted
            int[] out = new int[1];
            int[] in = new int[1];
            Prequest ps = w.sendInit(Buf.of(out), next, 12);
            Prequest pr = w.recvInit(Buf.of(in), prev, 12);
            for (int i = 0; i < 300; i++) {
                out[0] = i * 10 + rank;
                Prequest.startall(pr, ps);
                Request.waitall(ps, pr);
                check(in[0] == i * 10 + prev, "persistent round " + i);
            }

            // cancel and PROC_NULL
            Request<Status> never = w.irecv(Buf.of(new int[1]), MPI.ANY_SOURCE, 999);
            never.cancel();
            Status cs = new Status();
            never.waitFor(cs);
            check(cs.isCancelled(), "cancel");
            check(w.recv(Buf.of(new int[1]), MPI.PROC_NULL, 0).getSource() == MPI.PROC_NULL, "PROC_NULL");

            w.barrier();
            System.out.println("rank " + rank + ": " + checks + " checks passed");
        }
    }
}
