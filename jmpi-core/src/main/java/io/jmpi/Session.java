package io.jmpi;

import io.jmpi.internal.session.RankContext;

/**
 * One rank's MPI session, from {@link MPI#init(String...)} to {@link #close()}: it owns the
 * transport, the engine, {@code COMM_WORLD} and {@code COMM_SELF}.
 *
 * <pre>{@code
 * try (Session session = MPI.init(args)) {
 *     Intracomm world = MPI.COMM_WORLD;
 *     ...
 * }
 * }</pre>
 *
 * <p>MPI: the span from MPI_Init to MPI_Finalize; mpi4py: {@code MPI.Init()} /
 * {@code MPI.Finalize()} (done implicitly at import and exit).
 */
public final class Session implements AutoCloseable {
    private final RankContext context;
    private final Intracomm world;
    private final Intracomm self;

    Session(RankContext context) {
        this.context = context;
        this.world = new Intracomm(context::world);
        this.self = new Intracomm(context::self);
    }

    /**
     * Returns this session's {@code COMM_WORLD}.
     *
     * @return the world communicator
     */
    public Intracomm getWorld() {
        return world;
    }

    /**
     * Returns this session's {@code COMM_SELF}.
     *
     * @return the communicator of this rank alone
     */
    public Intracomm getSelf() {
        return self;
    }

    /**
     * Finalizes: tells the ranks this one has talked to that it is leaving, then flushes and
     * closes its connections. Complete your communication first (wait for your requests), as
     * MPI requires. Unlike MPI_Finalize it does not wait for the other ranks, so a rank that
     * leaves a try-with-resources block with an exception ends instead of hanging; ranks still
     * waiting for it get {@code ERR_PROC_FAILED} naming it. Any MPI call after this fails with
     * {@code ERR_OTHER}. Idempotent.
     *
     * <p>MPI: MPI_Finalize; mpi4py: {@code MPI.Finalize()}.
     */
    @Override
    public void close() {
        context.close();
    }

    @Override
    public String toString() {
        return "Session[rank " + context.rank() + " of " + context.size() + (context.isClosed() ? ", finalized]" : "]");
    }
}
