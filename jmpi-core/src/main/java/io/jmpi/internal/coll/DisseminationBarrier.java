package io.jmpi.internal.coll;

/**
 * Barrier by dissemination (Hensgen, Finkel and Manber): in round k each rank sends an empty
 * message to rank + 2^k and receives one from rank - 2^k. ceil(log2 p) rounds, p messages per
 * round in all, for any p.
 */
public final class DisseminationBarrier {
    private static final byte[] EMPTY = new byte[0];

    private DisseminationBarrier() {
    }

    /**
     * Runs the barrier; returns when every member has entered it.
     *
     * @param c the collective call
     */
    public static void run(Coll c) {
        int p = c.size;
        int me = c.rank;
        for (int k = 1; k < p; k <<= 1) {
            c.sendrecv(EMPTY, 0, 0, (me + k) % p, new byte[0], 0, 0, (me - k + p) % p);
        }
    }
}
