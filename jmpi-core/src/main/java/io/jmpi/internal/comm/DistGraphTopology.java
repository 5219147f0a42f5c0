package io.jmpi.internal.comm;

/**
 * One rank's part of a distributed graph: the ranks it receives from and sends to, with
 * optional weights. Every rank of the communicator holds its own instance; a duplicate shares
 * it. Immutable.
 */
public final class DistGraphTopology implements NeighborTopology {
    private final int[] sources;
    private final int[] sourceWeights;
    private final int[] destinations;
    private final int[] destWeights;

    /**
     * @param sources the in-neighbours, in order
     * @param sourceWeights their weights, or null when unweighted
     * @param destinations the out-neighbours, in order
     * @param destWeights their weights, or null when unweighted
     */
    public DistGraphTopology(int[] sources, int[] sourceWeights, int[] destinations, int[] destWeights) {
        this.sources = sources.clone();
        this.sourceWeights = sourceWeights == null ? null : sourceWeights.clone();
        this.destinations = destinations.clone();
        this.destWeights = destWeights == null ? null : destWeights.clone();
    }

    public boolean weighted() {
        return sourceWeights != null;
    }

    public int indegree() {
        return sources.length;
    }

    public int outdegree() {
        return destinations.length;
    }

    /** @return the in-neighbours' weights, or null when unweighted */
    public int[] sourceWeights() {
        return sourceWeights == null ? null : sourceWeights.clone();
    }

    /** @return the out-neighbours' weights, or null when unweighted */
    public int[] destWeights() {
        return destWeights == null ? null : destWeights.clone();
    }

    /** The rank is ignored: this instance is the calling rank's. */
    @Override
    public int[] sources(int rank) {
        return sources.clone();
    }

    /** The rank is ignored: this instance is the calling rank's. */
    @Override
    public int[] destinations(int rank) {
        return destinations.clone();
    }
}
