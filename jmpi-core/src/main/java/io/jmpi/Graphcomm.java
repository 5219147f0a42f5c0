package io.jmpi;

import io.jmpi.internal.comm.CommCore;
import io.jmpi.internal.comm.GraphTopology;

import java.util.function.Supplier;

/**
 * An intracommunicator with a graph topology in MPI_Graph_create's form: node {@code i}'s
 * neighbours are {@code edges[index[i-1] .. index[i])}. Created by
 * {@link Intracomm#createGraph(int[], int[], boolean)}.
 *
 * <p>Neighbour collectives (inherited from {@link Topocomm}) send to and receive from the
 * neighbours of {@link #getNeighbors()}, in that order. <b>Note:</b> as in MPI, they assume a
 * symmetric graph (j in i's list exactly as often as i in j's); otherwise they hang or fail.
 *
 * <p>MPI: an MPI_Comm with MPI_GRAPH topology; mpi4py: {@code MPI.Graphcomm}.
 */
public final class Graphcomm extends Topocomm {

    /**
     * The number of nodes and edges.
     *
     * @param nnodes the number of nodes (the communicator's size)
     * @param nedges the number of (directed) edges
     */
    public record Dims(int nnodes, int nedges) {
    }

    /**
     * The whole graph, as passed to {@code createGraph}.
     *
     * @param index cumulative neighbour counts, one per node
     * @param edges the concatenated neighbour lists
     */
    public record Topo(int[] index, int[] edges) {
    }

    Graphcomm(Supplier<CommCore> core) {
        super(core);
    }

    @Override
    Graphcomm wrap(CommCore c) {
        return new Graphcomm(fixed(c));
    }

    private GraphTopology topo(CommCore c) {
        return (GraphTopology) c.topology();
    }

    /**
     * Duplicates this communicator with its graph. Collective.
     *
     * <p>MPI: MPI_Comm_dup; mpi4py: {@code Graphcomm.Dup()}.
     *
     * @return the duplicate
     */
    @Override
    public Graphcomm dup() {
        return (Graphcomm) super.dup(); // raised through the handler there
    }

    /**
     * Returns the number of nodes and edges.
     *
     * <p>MPI: MPI_Graphdims_get; mpi4py: {@code Graphcomm.Get_dims()} / {@code Graphcomm.dims}
     * ({@code nnodes}, {@code nedges}).
     *
     * @return nnodes and nedges
     */
    public Dims getDims() {
        try {
            GraphTopology t = topo(core());
            return new Dims(t.nnodes(), t.nedges());
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Returns the graph's index and edges arrays.
     *
     * <p>MPI: MPI_Graph_get; mpi4py: {@code Graphcomm.Get_topo()} / {@code Graphcomm.topo}
     * ({@code index}, {@code edges}).
     *
     * @return copies of index and edges
     */
    public Topo getTopo() {
        try {
            GraphTopology t = topo(core());
            return new Topo(t.index(), t.edges());
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Returns the number of neighbours of a rank.
     *
     * <p>MPI: MPI_Graph_neighbors_count; mpi4py: {@code Graphcomm.Get_neighbors_count(rank)}.
     *
     * @param rank a rank of this communicator
     * @return its number of neighbours
     * @throws MpiException {@code ERR_RANK} for a rank outside the communicator
     */
    public int getNeighborsCount(int rank) {
        try {
            CommCore c = core();
            checkRank(c, rank);
            return topo(c).neighborsCount(rank);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Returns this rank's number of neighbours.
     *
     * <p>MPI: MPI_Graph_neighbors_count of the own rank; mpi4py: {@code Graphcomm.nneighbors}.
     *
     * @return the number of neighbours
     */
    public int getNeighborsCount() {
        try {
            CommCore c = core();
            return topo(c).neighborsCount(c.rank());
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Returns the neighbours of a rank, in order.
     *
     * <p>MPI: MPI_Graph_neighbors; mpi4py: {@code Graphcomm.Get_neighbors(rank)}.
     *
     * @param rank a rank of this communicator
     * @return its neighbours
     * @throws MpiException {@code ERR_RANK} for a rank outside the communicator
     */
    public int[] getNeighbors(int rank) {
        try {
            CommCore c = core();
            checkRank(c, rank);
            return topo(c).neighbors(rank);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Returns this rank's neighbours, in the order of neighbour collectives.
     *
     * <p>MPI: MPI_Graph_neighbors of the own rank; mpi4py: {@code Graphcomm.neighbors}.
     *
     * @return the neighbours
     */
    public int[] getNeighbors() {
        try {
            CommCore c = core();
            return topo(c).neighbors(c.rank());
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    private static void checkRank(CommCore c, int rank) {
        if (rank < 0 || rank >= c.size()) {
            throw new MpiException(ErrorClass.ERR_RANK, "rank " + rank + " is not a rank of " + c.name() + " (size "
                    + c.size() + ")");
        }
    }
}
