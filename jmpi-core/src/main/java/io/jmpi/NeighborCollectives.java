package io.jmpi;

import io.jmpi.internal.coll.Coll;
import io.jmpi.internal.coll.CollectiveTags;
import io.jmpi.internal.comm.CommCore;
import io.jmpi.internal.comm.NeighborTopology;
import io.jmpi.internal.p2p.Operation;
import io.jmpi.internal.p2p.Payload;
import io.jmpi.internal.p2p.RecvOp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Neighbour collectives of topology communicators (Cartesian, graph, distributed graph), over
 * any {@link NeighborTopology}. Every rank posts its receives, one per source in block order,
 * then issues its sends in the topology's {@link NeighborTopology#sendOrder send order}, all on
 * the call's one tag. Per pair of ranks the k-th message sent matches the k-th receive posted,
 * so blocks land right even when a rank is a neighbour more than once (a periodic dimension of
 * extent 1 or 2, a multigraph). {@link MPI#PROC_NULL} neighbours send nothing and leave their
 * receive block untouched. The {@code v} forms share their fixed-size form's operation code.
 */
final class NeighborCollectives {
    private NeighborCollectives() {
    }

    /** This rank's adjacency: receive from {@code sources[i]} into block i, send block j to {@code dests[j]}. */
    private record Adjacency(int[] sources, int[] dests, int[] order) {
    }

    private static Adjacency adjacency(CommCore c) {
        NeighborTopology t = (NeighborTopology) c.topology();
        int r = c.rank();
        return new Adjacency(t.sources(r), t.destinations(r), t.sendOrder(r));
    }

    /** {@code block(j)} is what destination j gets. */
    private interface Block<V> {
        V get(int j);
    }

    static CollectivePlan<Void> allgather(CommCore c, Buf sendbuf, Buf recvbuf) {
        String what = "neighborAllgather";
        Collectives.check(sendbuf, "sendbuf", what);
        Collectives.check(recvbuf, "recvbuf", what);
        Collectives.sameType(sendbuf, recvbuf, what);
        Adjacency a = adjacency(c);
        int in = a.sources.length;
        int n = sendbuf.getCount();
        Collectives.room(recvbuf, (long) in * n, "recvbuf", what, in + " in-neighbours x " + n);
        int[] counts = new int[in];
        Arrays.fill(counts, n);
        int[] displs = packed(counts);
        return Collectives.plan(c, CollectiveTags.NEIGHBOR_ALLGATHER, call -> {
            byte[] mine = Collectives.pack(sendbuf);
            exchange(call, a, j -> mine, counts, displs, recvbuf);
            return null;
        });
    }

    static CollectivePlan<Void> allgatherv(CommCore c, Buf sendbuf, Buf recvbuf, int[] recvcounts, int[] displs) {
        String what = "neighborAllgatherv";
        Collectives.check(sendbuf, "sendbuf", what);
        Collectives.check(recvbuf, "recvbuf", what);
        Collectives.sameType(sendbuf, recvbuf, what);
        Adjacency a = adjacency(c);
        checkCounts(recvcounts, "recvcounts", a.sources.length, "in-neighbour", what);
        int[] rd = checkDispls(displs, recvcounts, recvbuf, "recvbuf", "displs", "in-neighbour", what);
        return Collectives.plan(c, CollectiveTags.NEIGHBOR_ALLGATHER, call -> {
            byte[] mine = Collectives.pack(sendbuf);
            exchange(call, a, j -> mine, recvcounts.clone(), rd, recvbuf);
            return null;
        });
    }

    static CollectivePlan<Void> alltoall(CommCore c, Buf sendbuf, Buf recvbuf) {
        String what = "neighborAlltoall";
        Collectives.check(sendbuf, "sendbuf", what);
        Collectives.check(recvbuf, "recvbuf", what);
        Collectives.sameType(sendbuf, recvbuf, what);
        Adjacency a = adjacency(c);
        int in = a.sources.length;
        int out = a.dests.length;
        int n;
        if (out > 0) {
            n = perNeighbour(sendbuf, out, "sendbuf", "out-neighbours", what);
        } else {
            n = in == 0 ? 0 : perNeighbour(recvbuf, in, "recvbuf", "in-neighbours", what);
        }
        Collectives.room(recvbuf, (long) in * n, "recvbuf", what, in + " in-neighbours x " + n);
        int[] counts = new int[in];
        Arrays.fill(counts, n);
        int[] displs = packed(counts);
        return Collectives.plan(c, CollectiveTags.NEIGHBOR_ALLTOALL, call -> {
            exchange(call, a, j -> Collectives.pack(sendbuf, j * n, n), counts, displs, recvbuf);
            return null;
        });
    }

    static CollectivePlan<Void> alltoallv(CommCore c, Buf sendbuf, int[] sendcounts, int[] sdispls, Buf recvbuf,
            int[] recvcounts, int[] rdispls) {
        String what = "neighborAlltoallv";
        Collectives.check(sendbuf, "sendbuf", what);
        Collectives.check(recvbuf, "recvbuf", what);
        Collectives.sameType(sendbuf, recvbuf, what);
        Adjacency a = adjacency(c);
        checkCounts(sendcounts, "sendcounts", a.dests.length, "out-neighbour", what);
        int[] sd = checkDispls(sdispls, sendcounts, sendbuf, "sendbuf", "sdispls", "out-neighbour", what);
        checkCounts(recvcounts, "recvcounts", a.sources.length, "in-neighbour", what);
        int[] rd = checkDispls(rdispls, recvcounts, recvbuf, "recvbuf", "rdispls", "in-neighbour", what);
        int[] sc = sendcounts.clone();
        return Collectives.plan(c, CollectiveTags.NEIGHBOR_ALLTOALL, call -> {
            exchange(call, a, j -> Collectives.pack(sendbuf, sd[j], sc[j]), recvcounts.clone(), rd, recvbuf);
            return null;
        });
    }

    static CollectivePlan<Void> alltoallw(CommCore c, Buf[] sendbufs, Buf[] recvbufs) {
        String what = "neighborAlltoallw";
        Adjacency a = adjacency(c);
        checkBufs(sendbufs, "sendbufs", a.dests.length, "out-neighbour", what);
        checkBufs(recvbufs, "recvbufs", a.sources.length, "in-neighbour", what);
        Buf[] out = sendbufs.clone();
        Buf[] in = recvbufs.clone();
        return Collectives.plan(c, CollectiveTags.NEIGHBOR_ALLTOALL, call -> {
            int[] src = a.sources;
            byte[][] got = new byte[src.length][];
            RecvOp[] recvs = new RecvOp[src.length];
            for (int i = 0; i < src.length; i++) {
                if (src[i] != MPI.PROC_NULL) {
                    got[i] = new byte[(int) in[i].getByteSize()];
                    recvs[i] = call.irecv(got[i], 0, got[i].length, src[i]);
                }
            }
            List<Operation> sends = new ArrayList<>();
            for (int j : a.order) {
                if (a.dests[j] != MPI.PROC_NULL) {
                    byte[] b = Collectives.pack(out[j]);
                    sends.add(call.isend(b, 0, b.length, a.dests[j]));
                }
            }
            for (int i = 0; i < src.length; i++) {
                if (recvs[i] != null) {
                    call.awaitRecv(recvs[i], got[i].length, src[i]);
                    Collectives.unpack(got[i], 0, in[i], 0, in[i].getCount());
                }
            }
            sends.forEach(call::await);
            return null;
        });
    }

    private static void checkBufs(Buf[] bufs, String name, int n, String kind, String what) {
        if (bufs == null || bufs.length != n) {
            throw new MpiException(ErrorClass.ERR_ARG, what + ": " + name + " must have " + n + " entries (one per "
                    + kind + "), not " + (bufs == null ? "null" : bufs.length));
        }
        for (int i = 0; i < n; i++) {
            Collectives.check(bufs[i], name + "[" + i + "]", what);
        }
    }

    private static void exchange(Coll call, Adjacency a, Block<byte[]> block, int[] rcounts, int[] rdispls,
            Buf recvbuf) {
        int es = recvbuf.getDatatype().getSize();
        int[] src = a.sources;
        byte[][] in = new byte[src.length][];
        RecvOp[] recvs = new RecvOp[src.length];
        for (int i = 0; i < src.length; i++) {
            if (src[i] != MPI.PROC_NULL) {
                in[i] = new byte[rcounts[i] * es];
                recvs[i] = call.irecv(in[i], 0, in[i].length, src[i]);
            }
        }
        List<Operation> sends = new ArrayList<>();
        for (int j : a.order) {
            if (a.dests[j] != MPI.PROC_NULL) {
                byte[] b = block.get(j);
                sends.add(call.isend(b, 0, b.length, a.dests[j]));
            }
        }
        for (int i = 0; i < src.length; i++) {
            if (recvs[i] != null) {
                call.awaitRecv(recvs[i], in[i].length, src[i]);
                Collectives.unpack(in[i], 0, recvbuf, rdispls[i], rcounts[i]);
            }
        }
        sends.forEach(call::await);
    }

    static <T> CollectivePlan<List<T>> allgatherObjects(CommCore c, Object sendobj) {
        Adjacency a = adjacency(c);
        return Collectives.plan(c, CollectiveTags.NEIGHBOR_ALLGATHER, call -> {
            Payload p = call.payload(sendobj);
            return exchangeObjects(call, a, j -> p);
        });
    }

    static <T> CollectivePlan<List<T>> alltoallObjects(CommCore c, List<?> sendobj) {
        Adjacency a = adjacency(c);
        if (sendobj == null || sendobj.size() != a.dests.length) {
            throw new MpiException(ErrorClass.ERR_ARG, "neighborAlltoall: sendobj must have " + a.dests.length
                    + " entries (one per out-neighbour), not " + (sendobj == null ? "null" : sendobj.size()));
        }
        return Collectives.plan(c, CollectiveTags.NEIGHBOR_ALLTOALL, call -> exchangeObjects(call, a,
                j -> call.payload(sendobj.get(j))));
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> exchangeObjects(Coll call, Adjacency a, Block<Payload> block) {
        // object receives are posted in order by recvObject; sends first (they are eager or
        // rendezvous-with-progress), then the receives, in source order
        List<Operation> sends = new ArrayList<>();
        for (int j : a.order) {
            if (a.dests[j] != MPI.PROC_NULL) {
                sends.add(call.isend(block.get(j), a.dests[j]));
            }
        }
        Object[] out = new Object[a.sources.length];
        for (int i = 0; i < out.length; i++) {
            if (a.sources[i] != MPI.PROC_NULL) {
                out[i] = call.recvObject(a.sources[i]);
            }
        }
        sends.forEach(call::await);
        return (List<T>) new ArrayList<>(Arrays.asList(out));
    }

    // ---- Argument checks ----

    private static int[] packed(int[] counts) {
        int[] d = new int[counts.length];
        for (int i = 1; i < counts.length; i++) {
            d[i] = d[i - 1] + counts[i - 1];
        }
        return d;
    }

    private static int perNeighbour(Buf buf, int k, String name, String who, String what) {
        if (buf.getCount() % k != 0) {
            throw new MpiException(ErrorClass.ERR_COUNT, what + ": " + name + " has " + buf.getCount()
                    + " elements, not a multiple of the " + k + " " + who);
        }
        return buf.getCount() / k;
    }

    private static void checkCounts(int[] counts, String name, int k, String who, String what) {
        if (counts == null || counts.length != k) {
            throw new MpiException(ErrorClass.ERR_COUNT, what + ": " + name + " must have one entry per " + who
                    + " (" + k + "), not " + (counts == null ? "null" : counts.length));
        }
        for (int i = 0; i < k; i++) {
            if (counts[i] < 0) {
                throw new MpiException(ErrorClass.ERR_COUNT, what + ": " + name + "[" + i + "] is " + counts[i]
                        + ": counts must be >= 0");
            }
        }
    }

    /** Checks displacements (null: packed one after another) and returns a copy. */
    private static int[] checkDispls(int[] displs, int[] counts, Buf buf, String bufName, String name, String who,
            String what) {
        int k = counts.length;
        if (displs == null) {
            long total = 0;
            for (int c : counts) {
                total += c;
            }
            Collectives.room(buf, total, bufName, what, "the sum of the " + (bufName.startsWith("s") ? "sendcounts" : "recvcounts"));
            return packed(counts);
        }
        if (displs.length != k) {
            throw new MpiException(ErrorClass.ERR_ARG, what + ": " + name + " must have one entry per " + who
                    + " (" + k + "), not " + displs.length);
        }
        for (int i = 0; i < k; i++) {
            if (displs[i] < 0 || (long) displs[i] + counts[i] > buf.getCount()) {
                throw new MpiException(ErrorClass.ERR_ARG, what + ": " + name + "[" + i + "] = " + displs[i]
                        + " with count " + counts[i] + " is outside " + buf);
            }
        }
        return displs.clone();
    }
}
