package io.jmpi;

import io.jmpi.internal.comm.CommCore;
import io.jmpi.internal.comm.DistGraphTopology;

import java.util.function.Supplier;

/**
 * An intracommunicator with a distributed graph topology: each rank knows only the ranks it
 * receives from (sources) and sends to (destinations), with optional weights. Created by
 * {@link Intracomm#createDistGraphAdjacent} or {@link Intracomm#createDistGraph}.
 *
 * <p>Neighbour collectives (inherited from {@link Topocomm}) receive block i from
 * {@code sources[i]} and send block j to {@code destinations[j]}.
 *
 * <p>MPI: an MPI_Comm with MPI_DIST_GRAPH topology; mpi4py: {@code MPI.Distgraphcomm}.
 */
public final class Distgraphcomm extends Topocomm {

    /**
     * This rank's degrees.
     *
     * @param indegree the number of sources
     * @param outdegree the number of destinations
     * @param weighted whether the graph was created with weights
     */
    public record NeighborsCount(int indegree, int outdegree, boolean weighted) {
    }

    /**
     * This rank's adjacency.
     *
     * @param sources the ranks this rank receives from, in order
     * @param destinations the ranks this rank sends to, in order
     * @param sourceWeights the sources' weights, or null when unweighted
     * @param destWeights the destinations' weights, or null when unweighted
     */
    public record Neighbors(int[] sources, int[] destinations, int[] sourceWeights, int[] destWeights) {
    }

    Distgraphcomm(Supplier<CommCore> core) {
        super(core);
    }

    @Override
    Distgraphcomm wrap(CommCore c) {
        return new Distgraphcomm(fixed(c));
    }

    private DistGraphTopology topo(CommCore c) {
        return (DistGraphTopology) c.topology();
    }

    /**
     * Duplicates this communicator with its graph. Collective.
     *
     * <p>MPI: MPI_Comm_dup; mpi4py: {@code Distgraphcomm.Dup()}.
     *
     * @return the duplicate
     */
    @Override
    public Distgraphcomm dup() {
        return (Distgraphcomm) super.dup(); // raised through the handler there
    }

    /**
     * Returns this rank's indegree, outdegree and whether the graph is weighted.
     *
     * <p>MPI: MPI_Dist_graph_neighbors_count; mpi4py: {@code Distgraphcomm.Get_dist_neighbors_count()}.
     *
     * @return the degrees
     */
    public NeighborsCount getDistNeighborsCount() {
        try {
            DistGraphTopology t = topo(core());
            return new NeighborsCount(t.indegree(), t.outdegree(), t.weighted());
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Returns this rank's sources and destinations, with their weights when weighted.
     *
     * <p>MPI: MPI_Dist_graph_neighbors; mpi4py: {@code Distgraphcomm.Get_dist_neighbors()}
     * (sources, destinations, weights or None).
     *
     * @return copies of the adjacency
     */
    public Neighbors getDistNeighbors() {
        try {
            CommCore c = core();
            DistGraphTopology t = topo(c);
            return new Neighbors(t.sources(c.rank()), t.destinations(c.rank()), t.sourceWeights(), t.destWeights());
        } catch (MpiException e) {
            throw raise(e);
        }
    }
}
