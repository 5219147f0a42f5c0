package io.jmpi;

import io.jmpi.internal.p2p.MessageEngine;
import io.jmpi.internal.p2p.Operation;

import java.util.function.Supplier;

/**
 * A persistent request: a send or receive set up once ({@code sendInit}, {@code recvInit} ...)
 * and started many times. Between a completion and the next {@link #start()} it is inactive;
 * waiting on an inactive request returns at once.
 *
 * <p>MPI: a persistent MPI_Request; mpi4py: {@code MPI.Prequest}.
 */
public final class Prequest extends Request<Status> {
    private final Supplier<Operation> starter;

    Prequest(Comm comm, MessageEngine engine, Supplier<Operation> starter) {
        super(comm, engine, null);
        this.starter = starter;
    }

    /**
     * Starts the operation again.
     *
     * <p>MPI: MPI_Start; mpi4py: {@code Prequest.Start()}.
     *
     * @throws MpiException {@code ERR_REQUEST} if it is still active
     */
    public void start() {
        try {
            Operation current = operation();
            if (current != null && !current.isDone()) {
                throw new MpiException(ErrorClass.ERR_REQUEST, "the persistent request is still active:"
                        + " complete it (waitFor, test) before starting it again");
            }
            setOperation(starter.get());
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Starts every request.
     *
     * <p>MPI: MPI_Startall; mpi4py: {@code Prequest.Startall(requests)}.
     *
     * @param requests the requests
     * @throws MpiException {@code ERR_REQUEST} if one is still active (none is started then)
     */
    public static void startall(Prequest... requests) {
        for (Prequest r : requests) {
            Operation current = r.checkedOperation();
            if (current != null && !current.isDone()) {
                throw r.raise(new MpiException(ErrorClass.ERR_REQUEST, "a persistent request is still active;"
                        + " none was started"));
            }
        }
        for (Prequest r : requests) {
            r.start();
        }
    }
}
