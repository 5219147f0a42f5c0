package io.jmpi.internal.coll;

/**
 * Allgather around a ring: in step k each rank passes the block it received in step k - 1 to
 * its right neighbour and receives a new one from its left. p - 1 steps; every rank sends and
 * receives (p - 1)/p of the data, which is optimal in bandwidth. Blocks may differ in size
 * (allgatherv). Used alone and as the second half of the large-message bcast and allreduce.
 */
public final class RingAllgather {
    private RingAllgather() {
    }

    /**
     * Runs the ring; the ring is the relative ranks ({@code (rank - origin) mod p}) in order.
     *
     * @param c the call
     * @param buf every block, this rank's already in place; receives the others
     * @param displ the byte offset of each relative rank's block, the total at index p
     * @param origin the rank whose block comes first (0 for plain allgather)
     */
    public static void run(Coll c, byte[] buf, int[] displ, int origin) {
        int p = c.size;
        int rel = (c.rank - origin + p) % p;
        int right = (c.rank + 1) % p;
        int left = (c.rank - 1 + p) % p;
        for (int k = 0; k < p - 1; k++) {
            int sendBlock = (rel - k + p) % p;
            int recvBlock = (rel - k - 1 + p) % p;
            c.sendrecv(buf, displ[sendBlock], displ[sendBlock + 1] - displ[sendBlock], right,
                    buf, displ[recvBlock], displ[recvBlock + 1] - displ[recvBlock], left);
        }
    }
}
