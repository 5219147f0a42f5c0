package io.jmpi;

import io.jmpi.internal.comm.CommCore;
import io.jmpi.internal.comm.NeighborTopology;

import java.util.List;
import java.util.function.Supplier;

/**
 * An intracommunicator with a process topology ({@link Cartcomm}, {@link Graphcomm},
 * {@link Distgraphcomm}) and the neighbour collectives over it. Each rank receives block i from
 * in-neighbour i ({@link #getInedges()}) and sends block j to out-neighbour j
 * ({@link #getOutedges()}); for Cartesian and graph communicators both lists are the same.
 * {@link MPI#PROC_NULL} neighbours send nothing and leave their receive block untouched
 * (objects: {@code null}).
 *
 * <p>MPI: an MPI_Comm with a topology; mpi4py: {@code MPI.Topocomm}.
 */
public abstract class Topocomm extends Intracomm {

    Topocomm(Supplier<CommCore> core) {
        super(core);
    }

    private NeighborTopology neighborTopology(CommCore c) {
        return (NeighborTopology) c.topology();
    }

    /**
     * Duplicates this communicator with its topology. Collective.
     *
     * <p>MPI: MPI_Comm_dup; mpi4py: {@code Topocomm.Dup()}.
     *
     * @return the duplicate
     */
    @Override
    public Topocomm dup() {
        try {
            return (Topocomm) super.dup();
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    // ---- Neighbourhood ----

    /**
     * Returns the number of in-neighbours (blocks received by neighbour collectives).
     *
     * <p>MPI: MPI_Dist_graph_neighbors_count / MPI_Graph_neighbors_count / 2 x MPI_Cartdim_get;
     * mpi4py: {@code Topocomm.indegree}.
     *
     * @return the indegree
     */
    public int getIndegree() {
        try {
            CommCore c = core();
            return neighborTopology(c).sources(c.rank()).length;
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Returns the number of out-neighbours (blocks sent by neighbour collectives).
     *
     * <p>MPI: MPI_Dist_graph_neighbors_count / MPI_Graph_neighbors_count / 2 x MPI_Cartdim_get;
     * mpi4py: {@code Topocomm.outdegree}.
     *
     * @return the outdegree
     */
    public int getOutdegree() {
        try {
            CommCore c = core();
            return neighborTopology(c).destinations(c.rank()).length;
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Returns the in-neighbours in block order ({@link MPI#PROC_NULL} past a non-periodic
     * Cartesian edge).
     *
     * <p>MPI: MPI_Dist_graph_neighbors / MPI_Graph_neighbors / MPI_Cart_shift; mpi4py:
     * {@code Topocomm.inedges}.
     *
     * @return the ranks this rank receives from
     */
    public int[] getInedges() {
        try {
            CommCore c = core();
            return neighborTopology(c).sources(c.rank());
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Returns the out-neighbours in block order ({@link MPI#PROC_NULL} past a non-periodic
     * Cartesian edge).
     *
     * <p>MPI: MPI_Dist_graph_neighbors / MPI_Graph_neighbors / MPI_Cart_shift; mpi4py:
     * {@code Topocomm.outedges}.
     *
     * @return the ranks this rank sends to
     */
    public int[] getOutedges() {
        try {
            CommCore c = core();
            return neighborTopology(c).destinations(c.rank());
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    // ---- Neighbour collectives: blocking ----

    /**
     * Gathers a buffer from every in-neighbour: block i of {@code recvbuf} (of
     * {@code sendbuf.getCount()} elements) comes from in-neighbour i; this rank's buffer goes
     * to every out-neighbour. Collective.
     *
     * <p>MPI: MPI_Neighbor_allgather; mpi4py: {@code Topocomm.Neighbor_allgather(sendbuf, recvbuf)}.
     *
     * @param sendbuf this rank's elements, sent to every out-neighbour
     * @param recvbuf room for indegree blocks; blocks of PROC_NULL neighbours are untouched
     * @throws MpiException {@code ERR_BUFFER} for a null buffer, {@code ERR_COUNT} for a small
     *     one, {@code ERR_TYPE} for differing types, {@code ERR_TRUNCATE} when counts differ
     *     across ranks
     */
    public void neighborAllgather(Buf sendbuf, Buf recvbuf) {
        try {
            NeighborCollectives.allgather(core(), sendbuf, recvbuf).run();
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Gathers buffers of varying sizes from the in-neighbours: {@code recvcounts[i]} elements
     * from in-neighbour i land at {@code displs[i]}. Collective.
     *
     * <p>MPI: MPI_Neighbor_allgatherv; mpi4py:
     * {@code Topocomm.Neighbor_allgatherv(sendbuf, [recvbuf, counts, displs])}.
     *
     * @param sendbuf this rank's elements, sent to every out-neighbour
     * @param recvbuf the receive buffer
     * @param recvcounts one count per in-neighbour
     * @param displs one displacement (in elements) per in-neighbour; null packs the blocks
     * @throws MpiException {@code ERR_COUNT} for counts of the wrong length or negative,
     *     {@code ERR_ARG} for displacements outside {@code recvbuf}, and as
     *     {@link #neighborAllgather(Buf, Buf)}
     */
    public void neighborAllgatherv(Buf sendbuf, Buf recvbuf, int[] recvcounts, int[] displs) {
        try {
            NeighborCollectives.allgatherv(core(), sendbuf, recvbuf, recvcounts, displs).run();
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Sends block j of {@code sendbuf} to out-neighbour j and receives block i of
     * {@code recvbuf} from in-neighbour i (blocks of equal size). Collective.
     *
     * <p>MPI: MPI_Neighbor_alltoall; mpi4py: {@code Topocomm.Neighbor_alltoall(sendbuf, recvbuf)}.
     *
     * @param sendbuf outdegree blocks
     * @param recvbuf room for indegree blocks; blocks of PROC_NULL neighbours are untouched
     * @throws MpiException {@code ERR_COUNT} when {@code sendbuf} is not a whole number of
     *     blocks, and as {@link #neighborAllgather(Buf, Buf)}
     */
    public void neighborAlltoall(Buf sendbuf, Buf recvbuf) {
        try {
            NeighborCollectives.alltoall(core(), sendbuf, recvbuf).run();
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Sends {@code sendcounts[j]} elements at {@code sdispls[j]} to out-neighbour j and
     * receives {@code recvcounts[i]} elements at {@code rdispls[i]} from in-neighbour i.
     * Collective.
     *
     * <p>MPI: MPI_Neighbor_alltoallv; mpi4py:
     * {@code Topocomm.Neighbor_alltoallv([sendbuf, counts, displs], [recvbuf, counts, displs])}.
     *
     * @param sendbuf the send buffer
     * @param sendcounts one count per out-neighbour
     * @param sdispls one displacement per out-neighbour; null packs the blocks
     * @param recvbuf the receive buffer
     * @param recvcounts one count per in-neighbour
     * @param rdispls one displacement per in-neighbour; null packs the blocks
     * @throws MpiException as {@link #neighborAllgatherv(Buf, Buf, int[], int[])}
     */
    public void neighborAlltoallv(Buf sendbuf, int[] sendcounts, int[] sdispls, Buf recvbuf, int[] recvcounts,
            int[] rdispls) {
        try {
            NeighborCollectives.alltoallv(core(), sendbuf, sendcounts, sdispls, recvbuf, recvcounts, rdispls).run();
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Sends {@code sendbufs[j]} (any type and count) to out-neighbour j and receives into
     * {@code recvbufs[i]} from in-neighbour i; each pair's sizes and types must match. Collective.
     *
     * <p>MPI: MPI_Neighbor_alltoallw; mpi4py:
     * {@code Topocomm.Neighbor_alltoallw([sendbuf, counts, displs, types], [recvbuf, counts, displs, types])}
     * (a {@code Buf} carries its own type, offset and count).
     *
     * @param sendbufs one buffer per out-neighbour
     * @param recvbufs one buffer per in-neighbour
     * @throws MpiException {@code ERR_ARG} when an array does not have one entry per neighbour,
     *     {@code ERR_BUFFER} for a null buffer, {@code ERR_COUNT}/{@code ERR_TRUNCATE} when a
     *     message does not fit its buffer
     */
    public void neighborAlltoallw(Buf[] sendbufs, Buf[] recvbufs) {
        try {
            NeighborCollectives.alltoallw(core(), sendbufs, recvbufs).run();
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    // ---- Neighbour collectives: nonblocking ----

    /**
     * Starts {@link #neighborAlltoallw(Buf[], Buf[])}.
     *
     * <p>MPI: MPI_Ineighbor_alltoallw; mpi4py: {@code Topocomm.Ineighbor_alltoallw(...)}.
     *
     * @param sendbufs one buffer per out-neighbour
     * @param recvbufs one buffer per in-neighbour
     * @return the request
     */
    public Request<Void> ineighborAlltoallw(Buf[] sendbufs, Buf[] recvbufs) {
        try {
            return NeighborCollectives.alltoallw(core(), sendbufs, recvbufs).start(this);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Starts {@link #neighborAllgather(Buf, Buf)}; the buffers belong to the call until the
     * request completes.
     *
     * <p>MPI: MPI_Ineighbor_allgather; mpi4py: {@code Topocomm.Ineighbor_allgather(sendbuf, recvbuf)}.
     *
     * @param sendbuf this rank's elements
     * @param recvbuf room for indegree blocks
     * @return the request
     */
    public Request<Void> ineighborAllgather(Buf sendbuf, Buf recvbuf) {
        try {
            return NeighborCollectives.allgather(core(), sendbuf, recvbuf).start(this);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Starts {@link #neighborAllgatherv(Buf, Buf, int[], int[])}.
     *
     * <p>MPI: MPI_Ineighbor_allgatherv; mpi4py: {@code Topocomm.Ineighbor_allgatherv(...)}.
     *
     * @param sendbuf this rank's elements
     * @param recvbuf the receive buffer
     * @param recvcounts one count per in-neighbour
     * @param displs one displacement per in-neighbour; null packs the blocks
     * @return the request
     */
    public Request<Void> ineighborAllgatherv(Buf sendbuf, Buf recvbuf, int[] recvcounts, int[] displs) {
        try {
            return NeighborCollectives.allgatherv(core(), sendbuf, recvbuf, recvcounts, displs).start(this);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Starts {@link #neighborAlltoall(Buf, Buf)}.
     *
     * <p>MPI: MPI_Ineighbor_alltoall; mpi4py: {@code Topocomm.Ineighbor_alltoall(sendbuf, recvbuf)}.
     *
     * @param sendbuf outdegree blocks
     * @param recvbuf room for indegree blocks
     * @return the request
     */
    public Request<Void> ineighborAlltoall(Buf sendbuf, Buf recvbuf) {
        try {
            return NeighborCollectives.alltoall(core(), sendbuf, recvbuf).start(this);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Starts {@link #neighborAlltoallv(Buf, int[], int[], Buf, int[], int[])}.
     *
     * <p>MPI: MPI_Ineighbor_alltoallv; mpi4py: {@code Topocomm.Ineighbor_alltoallv(...)}.
     *
     * @param sendbuf the send buffer
     * @param sendcounts one count per out-neighbour
     * @param sdispls one displacement per out-neighbour; null packs the blocks
     * @param recvbuf the receive buffer
     * @param recvcounts one count per in-neighbour
     * @param rdispls one displacement per in-neighbour; null packs the blocks
     * @return the request
     */
    public Request<Void> ineighborAlltoallv(Buf sendbuf, int[] sendcounts, int[] sdispls, Buf recvbuf,
            int[] recvcounts, int[] rdispls) {
        try {
            return NeighborCollectives.alltoallv(core(), sendbuf, sendcounts, sdispls, recvbuf, recvcounts, rdispls)
                    .start(this);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    // ---- Neighbour collectives: objects ----

    /**
     * Gathers an object from every in-neighbour, in order ({@code null} from PROC_NULL
     * neighbours); this rank's object goes to every out-neighbour. Collective.
     *
     * <p>MPI: MPI_Neighbor_allgather of serialized objects; mpi4py: {@code Topocomm.neighbor_allgather(sendobj)}.
     *
     * @param <T> the objects' type
     * @param sendobj this rank's object
     * @return indegree objects
     */
    public <T> List<T> neighborAllgather(T sendobj) {
        try {
            return NeighborCollectives.<T>allgatherObjects(core(), sendobj).run();
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Sends object j to out-neighbour j and receives one from each in-neighbour, in order
     * ({@code null} from PROC_NULL neighbours). Collective.
     *
     * <p>MPI: MPI_Neighbor_alltoall of serialized objects; mpi4py: {@code Topocomm.neighbor_alltoall(sendobj)}.
     *
     * @param <T> the objects' type
     * @param sendobj outdegree objects
     * @return indegree objects
     * @throws MpiException {@code ERR_ARG} when {@code sendobj} does not have outdegree entries
     */
    public <T> List<T> neighborAlltoall(List<? extends T> sendobj) {
        try {
            return NeighborCollectives.<T>alltoallObjects(core(), sendobj).run();
        } catch (MpiException e) {
            throw raise(e);
        }
    }
}
