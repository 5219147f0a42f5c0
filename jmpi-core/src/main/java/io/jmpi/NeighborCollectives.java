package io.jmpi;

import io.jmpi.internal.coll.Coll;
import io.jmpi.internal.coll.CollectiveTags;
import io.jmpi.internal.comm.CartTopology;
import io.jmpi.internal.comm.CommCore;
import io.jmpi.internal.p2p.Operation;
import io.jmpi.internal.p2p.Payload;
import io.jmpi.internal.p2p.RecvOp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Neighbour collectives of Cartesian communicators. Every rank posts its receives (for each
 * dimension: from the -1 neighbour, then from the +1 neighbour) and sends (for each dimension:
 * to the +1 neighbour, then to the -1 neighbour), all on the call's one tag. The order makes a
 * message land in the right block even when both neighbours of a dimension are the same rank
 * (a periodic dimension of extent 1 or 2): per pair of ranks, the k-th message sent matches
 * the k-th receive posted.
 */
final class NeighborCollectives {
    private NeighborCollectives() {
    }

    private static int[] neighbors(CommCore c) {
        return ((CartTopology) c.topology()).neighbors(c.rank());
    }

    /** Sends blocks to the +1 then -1 neighbour of each dimension; {@code block(i)} is what neighbour i gets. */
    private interface Block<V> {
        V get(int i);
    }

    /** Runs the exchange: {@code recvs[i]} from neighbour i; returns the send operations to wait for. */
    static CollectivePlan<Void> allgather(CommCore c, Buf sendbuf, Buf recvbuf) {
        Collectives.check(sendbuf, "sendbuf", "neighborAllgather");
        Collectives.check(recvbuf, "recvbuf", "neighborAllgather");
        Collectives.sameType(sendbuf, recvbuf, "neighborAllgather");
        int[] nb = neighbors(c);
        int n = sendbuf.getCount();
        Collectives.room(recvbuf, (long) nb.length * n, "recvbuf", "neighborAllgather", nb.length + " neighbours x " + n);
        return Collectives.plan(c, CollectiveTags.NEIGHBOR_ALLGATHER, call -> {
            byte[] mine = Collectives.pack(sendbuf);
            exchange(call, nb, i -> mine, n, recvbuf);
            return null;
        });
    }

    static CollectivePlan<Void> alltoall(CommCore c, Buf sendbuf, Buf recvbuf) {
        Collectives.check(sendbuf, "sendbuf", "neighborAlltoall");
        Collectives.check(recvbuf, "recvbuf", "neighborAlltoall");
        Collectives.sameType(sendbuf, recvbuf, "neighborAlltoall");
        int[] nb = neighbors(c);
        int k = Math.max(1, nb.length);
        if (sendbuf.getCount() % k != 0) {
            throw new MpiException(ErrorClass.ERR_COUNT, "neighborAlltoall: sendbuf has " + sendbuf.getCount()
                    + " elements, not a multiple of the " + nb.length + " neighbours");
        }
        int n = nb.length == 0 ? 0 : sendbuf.getCount() / nb.length;
        Collectives.room(recvbuf, (long) nb.length * n, "recvbuf", "neighborAlltoall", nb.length + " neighbours x " + n);
        return Collectives.plan(c, CollectiveTags.NEIGHBOR_ALLTOALL, call -> {
            exchange(call, nb, i -> Collectives.pack(sendbuf, i * n, n), n, recvbuf);
            return null;
        });
    }

    private static void exchange(Coll call, int[] nb, Block<byte[]> block, int n, Buf recvbuf) {
        int es = recvbuf.getDatatype().getSize();
        int length = n * es;
        byte[][] in = new byte[nb.length][];
        RecvOp[] recvs = new RecvOp[nb.length];
        for (int i = 0; i < nb.length; i++) {
            if (nb[i] != MPI.PROC_NULL) {
                in[i] = new byte[length];
                recvs[i] = call.irecv(in[i], 0, length, nb[i]);
            }
        }
        List<Operation> sends = new ArrayList<>();
        for (int d = 0; d < nb.length / 2; d++) {
            for (int i : new int[] {2 * d + 1, 2 * d}) {
                if (nb[i] != MPI.PROC_NULL) {
                    byte[] b = block.get(i);
                    sends.add(call.isend(b, 0, b.length, nb[i]));
                }
            }
        }
        for (int i = 0; i < nb.length; i++) {
            if (recvs[i] != null) {
                call.awaitRecv(recvs[i], length, nb[i]);
                Collectives.unpack(in[i], 0, recvbuf, i * n, n);
            }
        }
        sends.forEach(call::await);
    }

    static <T> CollectivePlan<List<T>> allgatherObjects(CommCore c, Object sendobj) {
        int[] nb = neighbors(c);
        return Collectives.plan(c, CollectiveTags.NEIGHBOR_ALLGATHER, call -> {
            Payload p = call.payload(sendobj);
            return exchangeObjects(call, nb, i -> p);
        });
    }

    static <T> CollectivePlan<List<T>> alltoallObjects(CommCore c, List<?> sendobj) {
        int[] nb = neighbors(c);
        if (sendobj == null || sendobj.size() != nb.length) {
            throw new MpiException(ErrorClass.ERR_ARG, "neighborAlltoall: sendobj must have " + nb.length
                    + " entries (one per neighbour), not " + (sendobj == null ? "null" : sendobj.size()));
        }
        return Collectives.plan(c, CollectiveTags.NEIGHBOR_ALLTOALL, call -> exchangeObjects(call, nb,
                i -> call.payload(sendobj.get(i))));
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> exchangeObjects(Coll call, int[] nb, Block<Payload> block) {
        // object receives are posted in order by recvObject; sends first (they are eager or
        // rendezvous-with-progress), then the receives, in neighbour order
        List<Operation> sends = new ArrayList<>();
        for (int d = 0; d < nb.length / 2; d++) {
            for (int i : new int[] {2 * d + 1, 2 * d}) {
                if (nb[i] != MPI.PROC_NULL) {
                    sends.add(call.isend(block.get(i), nb[i]));
                }
            }
        }
        Object[] out = new Object[nb.length];
        for (int i = 0; i < nb.length; i++) {
            if (nb[i] != MPI.PROC_NULL) {
                out[i] = call.recvObject(nb[i]);
            }
        }
        sends.forEach(call::await);
        return (List<T>) new ArrayList<>(Arrays.asList(out));
    }
}
