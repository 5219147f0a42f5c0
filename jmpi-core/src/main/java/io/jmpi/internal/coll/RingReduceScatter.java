package io.jmpi.internal.coll;

/**
 * Reduce-scatter around a ring, for commutative operations: in step k each rank sends its
 * partial result of one block to its right neighbour, receives another block's partial result
 * from its left and combines it into its own. After p - 1 steps each rank holds the complete
 * reduction of its own block, computed there only. Every rank sends and receives (p - 1)/p of
 * the data: bandwidth-optimal. Blocks may differ in size.
 */
public final class RingReduceScatter {
    private RingReduceScatter() {
    }

    /**
     * Runs the ring; relative rank r ({@code (rank - origin) mod p}) ends with block r reduced.
     *
     * @param c the call
     * @param data this rank's contribution, every block; block {@code rel} is replaced by the
     *     result (other blocks hold partial results afterwards)
     * @param displ the byte offset of each block, the total at index p
     * @param elementSize bytes per element
     * @param combiner the reduction
     * @param origin the rank that owns block 0
     */
    public static void run(Coll c, byte[] data, int[] displ, int elementSize, Combiner combiner, int origin) {
        int p = c.size;
        int rel = (c.rank - origin + p) % p;
        int right = (c.rank + 1) % p;
        int left = (c.rank - 1 + p) % p;
        int largest = 0;
        for (int i = 0; i < p; i++) {
            largest = Math.max(largest, displ[i + 1] - displ[i]);
        }
        byte[] tmp = new byte[largest];
        for (int k = 0; k < p - 1; k++) {
            int sendBlock = ((rel - k - 1) % p + p) % p;
            int recvBlock = ((rel - k - 2) % p + p) % p;
            int recvLength = displ[recvBlock + 1] - displ[recvBlock];
            c.sendrecv(data, displ[sendBlock], displ[sendBlock + 1] - displ[sendBlock], right,
                    tmp, 0, recvLength, left);
            combiner.apply(tmp, 0, data, displ[recvBlock], recvLength / elementSize);
        }
    }
}
