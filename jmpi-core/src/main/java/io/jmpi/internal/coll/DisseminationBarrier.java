package io.jmpi.internal.coll;

import io.jmpi.Buf;
import io.jmpi.internal.comm.CommCore;

/**
 * Barrier by dissemination (Hensgen, Finkel and Manber): in round k each rank sends an empty
 * message to rank + 2^k and receives one from rank - 2^k. ceil(log2 p) rounds, p messages per
 * round in all, for any p.
 */
public final class DisseminationBarrier {
    /** The collective-context tag of barrier messages. */
    static final int TAG = CollectiveTags.BARRIER;
    private static final byte[] EMPTY = new byte[0];

    private DisseminationBarrier() {
    }

    /**
     * Runs the barrier; returns when every member of {@code comm} has entered it.
     *
     * @param comm the communicator
     */
    public static void run(CommCore comm) {
        int p = comm.size();
        int me = comm.rank();
        Buf token = Buf.of(EMPTY);
        for (int k = 1; k < p; k <<= 1) {
            comm.collSend(token, (me + k) % p, TAG);
            comm.collRecv(Buf.of(EMPTY), (me - k + p) % p, TAG);
        }
    }
}
