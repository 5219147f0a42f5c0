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
