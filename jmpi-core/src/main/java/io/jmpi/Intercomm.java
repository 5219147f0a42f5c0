package io.jmpi;

import io.jmpi.internal.comm.CommCore;
import io.jmpi.internal.comm.CommFactory;

import java.util.function.Supplier;

/**
 * An intercommunicator: two disjoint groups of ranks, where point-to-point ranks name the
 * remote group. Created by {@code Intracomm.createIntercomm} (with communicator management).
 *
 * <p>MPI: an MPI_Comm for which MPI_Comm_test_inter is true; mpi4py: {@code MPI.Intercomm}.
 */
public class Intercomm extends Comm {

    Intercomm(Supplier<CommCore> core) {
        super(core);
    }

    /**
     * Returns true: this is an intercommunicator.
     *
     * <p>MPI: MPI_Comm_test_inter; mpi4py: {@code Comm.Is_inter()}.
     *
     * @return true
     */
    @Override
    public boolean isInter() {
        return true;
    }

    @Override
    Intercomm wrap(CommCore c) {
        return new Intercomm(fixed(c));
    }

    // ---- Collectives (MPI's ROOT / PROC_NULL root convention) ----

    /**
     * Blocks until every rank of both groups has called it.
     *
     * <p>MPI: MPI_Barrier on an intercommunicator; mpi4py: {@code Intercomm.Barrier()} / {@code barrier()}.
     */
    @Override
    public void barrier() {
        InterCollectives.barrier(core()).run();
    }

    /**
     * Broadcasts a buffer from a root in one group to every rank of the other.
     *
     * <p>MPI: MPI_Bcast on an intercommunicator; mpi4py: {@code Intercomm.Bcast(buf, root)}.
     *
     * @param buf the data at the root; where it goes in the other group; ignored at PROC_NULL ranks
     * @param root {@link MPI#ROOT} at the root, {@link MPI#PROC_NULL} at the other ranks of its
     *     group, the root's remote rank in the other group
     * @throws MpiException {@code ERR_ROOT} for another root value
     */
    @Override
    public void bcast(Buf buf, int root) {
        InterCollectives.bcast(core(), buf, root).run();
    }

    /**
     * Broadcasts an object from a root in one group to every rank of the other.
     *
     * <p>MPI: MPI_Bcast of a serialized object on an intercommunicator; mpi4py: {@code Intercomm.bcast(obj, root)}.
     *
     * @param <T> the object's type
     * @param obj the object at the root (ignored elsewhere)
     * @param root {@link MPI#ROOT}, {@link MPI#PROC_NULL}, or the root's remote rank
     * @return the object: the root's in the other group, {@code obj} at the root, null at PROC_NULL ranks
     */
    @Override
    public <T> T bcast(T obj, int root) {
        return InterCollectives.bcast(core(), obj, root).run();
    }

    /**
     * Combines the buffers of the other group: each rank gets the reduction of the remote
     * group's {@code sendbuf}s.
     *
     * <p>MPI: MPI_Allreduce on an intercommunicator; mpi4py: {@code Intercomm.Allreduce(sendbuf, recvbuf, op)}.
     *
     * @param sendbuf this rank's elements (IN_PLACE is not allowed on intercommunicators)
     * @param recvbuf room for the result
     * @param op the operation
     */
    @Override
    public void allreduce(Buf sendbuf, Buf recvbuf, Op op) {
        InterCollectives.allreduce(core(), sendbuf, recvbuf, op).run();
    }

    /**
     * Combines the objects of the other group.
     *
     * <p>MPI: MPI_Allreduce on an intercommunicator; mpi4py: {@code Intercomm.allreduce(sendobj, op)}.
     *
     * @param <T> the objects' type
     * @param sendobj this rank's object
     * @param op the operation
     * @return the reduction of the remote group's objects
     */
    @Override
    public <T> T allreduce(T sendobj, Op op) {
        return InterCollectives.allreduce(core(), sendobj, Collectives.objectOp(op)).run();
    }

    /**
     * Combines the objects of the other group with a function.
     *
     * <p>MPI: MPI_Allreduce with a user operation on an intercommunicator; mpi4py:
     * {@code Intercomm.allreduce(sendobj, op=callable)}.
     *
     * @param <T> the objects' type
     * @param sendobj this rank's object
     * @param op {@code op.apply(lower, higher)}
     * @return the reduction of the remote group's objects
     */
    @Override
    public <T> T allreduce(T sendobj, java.util.function.BinaryOperator<T> op) {
        return InterCollectives.allreduce(core(), sendobj, Collectives.objectOp(op)).run();
    }

    // ---- Intercommunicator ----

    /**
     * Returns the size of the remote group.
     *
     * <p>MPI: MPI_Comm_remote_size; mpi4py: {@code Intercomm.Get_remote_size()} / {@code Intercomm.remote_size}.
     *
     * @return the remote size
     */
    public int getRemoteSize() {
        return core().remoteSize();
    }

    /**
     * Returns the remote group.
     *
     * <p>MPI: MPI_Comm_remote_group; mpi4py: {@code Intercomm.Get_remote_group()} / {@code Intercomm.remote_group}.
     *
     * @return the remote group (the caller is not in it: its rank there is {@link MPI#UNDEFINED})
     */
    public Group getRemoteGroup() {
        CommCore c = core();
        return new Group(c.remoteRanks(), c.myWorldRank());
    }

    /**
     * Duplicates this intercommunicator. Collective over both groups.
     *
     * <p>MPI: MPI_Comm_dup; mpi4py: {@code Intercomm.Dup()}.
     *
     * @return the duplicate
     */
    @Override
    public Intercomm dup() {
        return (Intercomm) super.dup();
    }

    /**
     * Merges both groups into an intracommunicator: the group passing {@code high = false}
     * first; if both pass the same value, the group holding the lowest job rank first.
     * Collective over both groups; all ranks of a group pass the same {@code high}.
     *
     * <p>MPI: MPI_Intercomm_merge; mpi4py: {@code Intercomm.Merge(high)}.
     *
     * @param high whether this group goes last
     * @return the intracommunicator
     */
    public Intracomm merge(boolean high) {
        CommCore c = core();
        CommCore n = CommFactory.merge(c.shadow(c.nextCollectiveSequence()), high, c.name() + ".merge");
        return new Intracomm(fixed(n));
    }
}
