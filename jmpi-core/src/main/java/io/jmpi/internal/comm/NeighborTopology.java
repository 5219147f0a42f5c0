package io.jmpi.internal.comm;

/**
 * A topology that neighbour collectives run over: whom a rank receives from and sends to, and
 * in which order its sends go out. Implementations are immutable.
 *
 * <p>Per pair of ranks, the k-th message one sends to the other matches the k-th receive the
 * other posts from it. A topology whose natural send order would break that pairing (a
 * Cartesian dimension whose two neighbours are the same rank) says so in {@link #sendOrder}.
 */
public interface NeighborTopology {

    /** @return the ranks {@code rank} receives from, in block order ({@code PROC_NULL} allowed) */
    int[] sources(int rank);

    /** @return the ranks {@code rank} sends to, in block order ({@code PROC_NULL} allowed) */
    int[] destinations(int rank);

    /** @return the indices into {@link #destinations(int)} in the order the sends are issued */
    default int[] sendOrder(int rank) {
        int n = destinations(rank).length;
        int[] o = new int[n];
        for (int i = 0; i < n; i++) {
            o[i] = i;
        }
        return o;
    }
}
