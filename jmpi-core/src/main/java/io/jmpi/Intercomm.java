package io.jmpi;

import io.jmpi.internal.comm.CommCore;

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
}
