package io.jmpi.internal.coll;

import io.jmpi.internal.p2p.Operation;

/**
 * Scatterv straight from the root: the root sends each rank its block, all at once. One round,
 * p - 1 messages, all out of the root (only the root knows the counts).
 */
public final class LinearScatterv {
    private LinearScatterv() {
    }

    /**
     * Scatters.
     *
     * @param c the call
     * @param all at the root: the blocks, rank r's at {@code displ[r]}
     * @param displ at the root: the byte offset of each rank's block, the total at index p
     * @param mine receives this rank's block (not at the root)
     * @param root the root
     */
    public static void run(Coll c, byte[] all, int[] displ, byte[] mine, int root) {
        int p = c.size;
        if (c.rank != root) {
            c.recv(mine, 0, mine.length, root);
            return;
        }
        Operation[] sends = new Operation[p];
        for (int r = 0; r < p; r++) {
            if (r != root) {
                sends[r] = c.isend(all, displ[r], displ[r + 1] - displ[r], r);
            }
        }
        for (int r = 0; r < p; r++) {
            if (r != root) {
                c.await(sends[r]);
            }
        }
    }
}
