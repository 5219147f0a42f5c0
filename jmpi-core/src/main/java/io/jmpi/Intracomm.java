package io.jmpi;

import io.jmpi.internal.comm.CommCore;

import java.util.function.Supplier;

/**
 * An intracommunicator: one group of ranks talking among themselves. {@link MPI#COMM_WORLD}
 * and {@link MPI#COMM_SELF} are intracommunicators.
 *
 * <p>MPI: an MPI_Comm for which MPI_Comm_test_inter is false; mpi4py: {@code MPI.Intracomm}.
 */
public class Intracomm extends Comm {

    Intracomm(Supplier<CommCore> core) {
        super(core);
    }

    /**
     * Returns false: this is an intracommunicator.
     *
     * <p>MPI: MPI_Comm_test_inter; mpi4py: {@code Comm.Is_inter()}.
     *
     * @return false
     */
    @Override
    public boolean isInter() {
        return false;
    }
}
