package io.jmpi;

import io.jmpi.internal.comm.CommCore;
import io.jmpi.internal.comm.CommFactory;

import java.util.List;
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
        try {
            InterCollectives.barrier(core()).run();
        } catch (MpiException e) {
            throw raise(e);
        }
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
        try {
            InterCollectives.bcast(core(), buf, root).run();
        } catch (MpiException e) {
            throw raise(e);
        }
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
        try {
            return InterCollectives.bcast(core(), obj, root).run();
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Gathers the buffers of the other group at a root: remote rank r's block goes to
     * {@code recvbuf} at r x n.
     *
     * <p>MPI: MPI_Gather on an intercommunicator; mpi4py: {@code Intercomm.Gather(sendbuf, recvbuf, root)}.
     *
     * @param sendbuf in the other group, this rank's n elements; ignored in the root's group
     * @param recvbuf at the root, room for remote size x n elements (a multiple of the remote
     *     size); ignored elsewhere
     * @param root {@link MPI#ROOT} at the root, {@link MPI#PROC_NULL} at the other ranks of its
     *     group, the root's remote rank in the other group
     * @throws MpiException {@code ERR_ROOT} for another root value, {@code ERR_BUFFER},
     *     {@code ERR_COUNT}/{@code ERR_TRUNCATE} when the counts do not match
     */
    @Override
    public void gather(Buf sendbuf, Buf recvbuf, int root) {
        try {
            InterCollectives.gather(core(), sendbuf, recvbuf, root).run();
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Scatters consecutive blocks of a root's buffer to the other group, block r to remote rank r.
     *
     * <p>MPI: MPI_Scatter on an intercommunicator; mpi4py: {@code Intercomm.Scatter(sendbuf, recvbuf, root)}.
     *
     * @param sendbuf at the root, remote size x n elements; ignored elsewhere
     * @param recvbuf in the other group, room for exactly n elements; ignored in the root's group
     * @param root {@link MPI#ROOT}, {@link MPI#PROC_NULL}, or the root's remote rank
     * @throws MpiException as {@link #gather(Buf, Buf, int)}
     */
    @Override
    public void scatter(Buf sendbuf, Buf recvbuf, int root) {
        try {
            InterCollectives.scatter(core(), sendbuf, recvbuf, root).run();
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Gathers the buffers of the other group at every rank: each group gets the other's data,
     * in remote rank order.
     *
     * <p>MPI: MPI_Allgather on an intercommunicator; mpi4py: {@code Intercomm.Allgather(sendbuf, recvbuf)}.
     *
     * @param sendbuf this rank's elements (IN_PLACE is not allowed on intercommunicators)
     * @param recvbuf room for remote size x m elements, m the remote group's count
     * @throws MpiException {@code ERR_BUFFER}, {@code ERR_TYPE}, {@code ERR_COUNT}/{@code ERR_TRUNCATE}
     */
    @Override
    public void allgather(Buf sendbuf, Buf recvbuf) {
        try {
            InterCollectives.allgather(core(), sendbuf, recvbuf).run();
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Sends block j of this rank's buffer to remote rank j and receives remote rank j's block
     * for this rank into block j.
     *
     * <p>MPI: MPI_Alltoall on an intercommunicator; mpi4py: {@code Intercomm.Alltoall(sendbuf, recvbuf)}.
     *
     * @param sendbuf remote size x n elements (IN_PLACE is not allowed on intercommunicators)
     * @param recvbuf remote size x m elements, m the remote group's block size
     * @throws MpiException {@code ERR_COUNT} when a count is not a multiple of the remote size
     *     or the blocks do not match
     */
    @Override
    public void alltoall(Buf sendbuf, Buf recvbuf) {
        try {
            InterCollectives.alltoall(core(), sendbuf, recvbuf).run();
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Combines the buffers of the other group element by element, in remote rank order, at a root.
     *
     * <p>MPI: MPI_Reduce on an intercommunicator; mpi4py: {@code Intercomm.Reduce(sendbuf, recvbuf, op, root)}.
     *
     * @param sendbuf in the other group, this rank's elements; ignored in the root's group
     * @param recvbuf at the root, room for exactly the result; ignored elsewhere
     * @param op the operation
     * @param root {@link MPI#ROOT}, {@link MPI#PROC_NULL}, or the root's remote rank
     * @throws MpiException {@code ERR_ROOT}, {@code ERR_OP}, {@code ERR_COUNT}/{@code ERR_TRUNCATE}
     */
    @Override
    public void reduce(Buf sendbuf, Buf recvbuf, Op op, int root) {
        try {
            InterCollectives.reduce(core(), sendbuf, recvbuf, op, root).run();
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Gathers an object from every rank of the other group at a root.
     *
     * <p>MPI: MPI_Gather of serialized objects on an intercommunicator; mpi4py: {@code Intercomm.gather(sendobj, root)}.
     *
     * @param <T> the objects' type
     * @param sendobj in the other group, this rank's object; ignored in the root's group
     * @param root {@link MPI#ROOT}, {@link MPI#PROC_NULL}, or the root's remote rank
     * @return at the root, the remote group's objects in rank order; {@code null} elsewhere
     * @throws MpiException {@code ERR_ROOT} for another root value
     */
    @Override
    public <T> List<T> gather(T sendobj, int root) {
        try {
            return InterCollectives.gather(core(), sendobj, root).run();
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Scatters a root's list to the other group, object r to remote rank r.
     *
     * <p>MPI: MPI_Scatter of serialized objects on an intercommunicator; mpi4py: {@code Intercomm.scatter(sendobj, root)}.
     *
     * @param <T> the objects' type
     * @param sendobj at the root, one object per remote rank; ignored elsewhere
     * @param root {@link MPI#ROOT}, {@link MPI#PROC_NULL}, or the root's remote rank
     * @return in the other group, this rank's object; {@code null} in the root's group
     * @throws MpiException {@code ERR_ROOT}, {@code ERR_COUNT} if the root's list does not hold
     *     one object per remote rank
     */
    @Override
    public <T> T scatter(List<? extends T> sendobj, int root) {
        try {
            return InterCollectives.<T>scatter(core(), sendobj, root).run();
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Gathers an object from every rank of the other group at every rank.
     *
     * <p>MPI: MPI_Allgather of serialized objects on an intercommunicator; mpi4py: {@code Intercomm.allgather(sendobj)}.
     *
     * @param <T> the objects' type
     * @param sendobj this rank's object
     * @return the remote group's objects in rank order
     */
    @Override
    public <T> List<T> allgather(T sendobj) {
        try {
            return InterCollectives.allgather(core(), sendobj).run();
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Sends object j of the list to remote rank j and returns the objects received from the
     * remote ranks, in rank order.
     *
     * <p>MPI: MPI_Alltoall of serialized objects on an intercommunicator; mpi4py: {@code Intercomm.alltoall(sendobj)}.
     *
     * @param <T> the objects' type
     * @param sendobj one object per remote rank
     * @return one object from each remote rank
     * @throws MpiException {@code ERR_COUNT} if the list does not hold one object per remote rank
     */
    @Override
    public <T> List<T> alltoall(List<? extends T> sendobj) {
        try {
            return InterCollectives.<T>alltoall(core(), sendobj).run();
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Combines the objects of the other group with {@code op}, in remote rank order, at a root.
     *
     * <p>MPI: MPI_Reduce of serialized objects on an intercommunicator; mpi4py: {@code Intercomm.reduce(sendobj, op, root)}.
     *
     * @param <T> the objects' type
     * @param sendobj in the other group, this rank's object; ignored in the root's group
     * @param op the operation
     * @param root {@link MPI#ROOT}, {@link MPI#PROC_NULL}, or the root's remote rank
     * @return the result at the root, {@code null} elsewhere
     */
    @Override
    public <T> T reduce(T sendobj, Op op, int root) {
        try {
            return InterCollectives.reduce(core(), sendobj, Collectives.objectOp(op), op.isCommutative(), root).run();
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Combines the objects of the other group with a function, in remote rank order, at a root.
     *
     * <p>MPI: MPI_Reduce with a user operation on an intercommunicator; mpi4py:
     * {@code Intercomm.reduce(sendobj, op=callable, root)}.
     *
     * @param <T> the objects' type
     * @param sendobj in the other group, this rank's object; ignored in the root's group
     * @param op {@code op.apply(lower ranks' result, higher ranks' result)}
     * @param root {@link MPI#ROOT}, {@link MPI#PROC_NULL}, or the root's remote rank
     * @return the result at the root, {@code null} elsewhere
     */
    @Override
    public <T> T reduce(T sendobj, java.util.function.BinaryOperator<T> op, int root) {
        try {
            return InterCollectives.reduce(core(), sendobj, Collectives.objectOp(op), false, root).run();
        } catch (MpiException e) {
            throw raise(e);
        }
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
        try {
            InterCollectives.allreduce(core(), sendbuf, recvbuf, op).run();
        } catch (MpiException e) {
            throw raise(e);
        }
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
        try {
            return InterCollectives.allreduce(core(), sendobj, Collectives.objectOp(op)).run();
        } catch (MpiException e) {
            throw raise(e);
        }
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
        try {
            return InterCollectives.allreduce(core(), sendobj, Collectives.objectOp(op)).run();
        } catch (MpiException e) {
            throw raise(e);
        }
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
        try {
            return core().remoteSize();
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Returns the remote group.
     *
     * <p>MPI: MPI_Comm_remote_group; mpi4py: {@code Intercomm.Get_remote_group()} / {@code Intercomm.remote_group}.
     *
     * @return the remote group (the caller is not in it: its rank there is {@link MPI#UNDEFINED})
     */
    public Group getRemoteGroup() {
        try {
            CommCore c = core();
            return new Group(c.remoteRanks(), c.myWorldRank());
        } catch (MpiException e) {
            throw raise(e);
        }
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
        return (Intercomm) super.dup(); // raised through the handler there
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
        try {
            CommCore c = core();
            CommCore n = CommFactory.merge(c.shadow(c.nextCollectiveSequence()), high, c.name() + ".merge");
            return new Intracomm(fixed(n));
        } catch (MpiException e) {
            throw raise(e);
        }
    }
}
