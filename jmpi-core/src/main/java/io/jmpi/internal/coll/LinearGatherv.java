package io.jmpi.internal.coll;

import io.jmpi.internal.p2p.RecvOp;

/**
 * Gatherv straight to the root: every rank sends its block to the root, which posts all its
 * receives at once. One round, p - 1 messages, all into the root (MPICH's and Open MPI's
 * choice for gatherv: only the root knows the counts, so no tree can be built).
 */
public final class LinearGatherv {
    private LinearGatherv() {
    }

    /**
     * Gathers.
     *
     * @param c the call
     * @param mine this rank's block (not sent by the root)
     * @param all at the root: receives the blocks, rank r's at {@code displ[r]}
     * @param displ at the root: the byte offset of each rank's block, the total at index p
     * @param root the root
     */
    public static void run(Coll c, byte[] mine, byte[] all, int[] displ, int root) {
        int p = c.size;
        if (c.rank != root) {
            c.send(mine, 0, mine.length, root);
            return;
        }
        RecvOp[] recvs = new RecvOp[p];
        for (int r = 0; r < p; r++) {
            if (r != root) {
                recvs[r] = c.irecv(all, displ[r], displ[r + 1] - displ[r], r);
            }
        }
        for (int r = 0; r < p; r++) {
            if (r != root) {
                c.awaitRecv(recvs[r], displ[r + 1] - displ[r], r);
            }
        }
    }
}
