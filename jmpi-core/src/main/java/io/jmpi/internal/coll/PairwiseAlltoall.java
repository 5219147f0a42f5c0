package io.jmpi.internal.coll;

import io.jmpi.Buf;
import io.jmpi.internal.p2p.Operation;
import io.jmpi.internal.p2p.RecvOp;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * All-to-all by pairwise exchange: in step k (1 .. p-1) each rank sends its block for
 * rank + k and receives the block of rank - k. p - 1 steps, one message in and one out per
 * step, each block sent once and directly: optimal in bytes, linear in latency (MPICH's choice
 * for medium and large messages). Blocks may differ in size (alltoallv) and in type
 * (alltoallw).
 */
public final class PairwiseAlltoall {
    private PairwiseAlltoall() {
    }

    /**
     * Exchanges bytes.
     *
     * @param c the call
     * @param send the outgoing blocks
     * @param sdispl the byte offset of the block for each rank, and its end at index i + 1 when
     *     packed; see {@code slen}
     * @param slen the byte length of the block for each rank
     * @param recv the incoming blocks
     * @param rdispl the byte offset of the block from each rank
     * @param rlen the byte length of the block from each rank
     */
    public static void run(Coll c, byte[] send, int[] sdispl, int[] slen, byte[] recv, int[] rdispl, int[] rlen) {
        int p = c.size;
        int me = c.rank;
        if (slen[me] != rlen[me]) {
            throw new io.jmpi.MpiException(io.jmpi.ErrorClass.ERR_COUNT, "rank " + me + " sends itself "
                    + slen[me] + " bytes but expects " + rlen[me]);
        }
        System.arraycopy(send, sdispl[me], recv, rdispl[me], slen[me]);
        for (int k = 1; k < p; k++) {
            int dest = (me + k) % p;
            int source = (me - k + p) % p;
            c.sendrecv(send, sdispl[dest], slen[dest], dest, recv, rdispl[source], rlen[source], source);
        }
    }

    /**
     * Exchanges typed buffers, one per peer (alltoallw).
     *
     * @param c the call
     * @param send the buffer for each rank
     * @param recv the buffer for each rank's data
     */
    public static void buffers(Coll c, Buf[] send, Buf[] recv) {
        int p = c.size;
        int me = c.rank;
        for (int k = 0; k < p; k++) {
            int dest = (me + k) % p;
            int source = (me - k + p) % p;
            RecvOp r = c.irecv(recv[source], source);
            Operation s = c.isend(send[dest], dest);
            c.awaitRecv(r, recv[source].getByteSize(), source);
            c.await(s);
        }
    }

    /**
     * Exchanges objects.
     *
     * @param c the call
     * @param send the object for each rank
     * @return the object from each rank
     */
    public static List<Object> objects(Coll c, List<?> send) {
        int p = c.size;
        int me = c.rank;
        Object[] got = new Object[p];
        got[me] = send.get(me);
        for (int k = 1; k < p; k++) {
            int dest = (me + k) % p;
            int source = (me - k + p) % p;
            Operation s = c.isend(c.payload(send.get(dest)), dest);
            got[source] = c.recvObject(source);
            c.await(s);
        }
        return new ArrayList<>(Arrays.asList(got));
    }
}
