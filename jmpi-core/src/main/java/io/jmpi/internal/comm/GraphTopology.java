package io.jmpi.internal.comm;

import java.util.Arrays;

/**
 * A graph in MPI_Graph_create's form: node {@code i}'s neighbours are
 * {@code edges[index[i-1] .. index[i])} (from 0 for node 0). Neighbour collectives send to and
 * receive from the same list, in its order. Immutable.
 */
public final class GraphTopology implements NeighborTopology {
    private final int[] index;
    private final int[] edges;

    /**
     * @param index cumulative neighbour counts, already checked
     * @param edges the concatenated neighbour lists, exactly {@code index[nnodes-1]} entries
     */
    public GraphTopology(int[] index, int[] edges) {
        this.index = index.clone();
        this.edges = edges.clone();
    }

    public int nnodes() {
        return index.length;
    }

    public int nedges() {
        return edges.length;
    }

    public int[] index() {
        return index.clone();
    }

    public int[] edges() {
        return edges.clone();
    }

    /** @return the number of neighbours of {@code rank} */
    public int neighborsCount(int rank) {
        return index[rank] - (rank == 0 ? 0 : index[rank - 1]);
    }

    /** @return the neighbours of {@code rank}, in order */
    public int[] neighbors(int rank) {
        return Arrays.copyOfRange(edges, rank == 0 ? 0 : index[rank - 1], index[rank]);
    }

    @Override
    public int[] sources(int rank) {
        return neighbors(rank);
    }

    @Override
    public int[] destinations(int rank) {
        return neighbors(rank);
    }
}
