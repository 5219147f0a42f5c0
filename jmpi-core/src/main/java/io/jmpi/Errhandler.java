package io.jmpi;

import io.jmpi.internal.comm.CommCore;
import io.jmpi.internal.session.RankContext;
import io.jmpi.internal.session.Sessions;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * What happens when an MPI call on a communicator fails: each communicator has an error handler
 * ({@link Comm#setErrhandler}, {@link Comm#getErrhandler}), and every {@link MpiException}
 * raised by a call on it (point-to-point, collectives, communicator creation, and
 * {@code waitFor}/{@code test} of its requests) passes through that handler exactly once, on
 * the calling thread, before it reaches the caller.
 *
 * <ul>
 * <li>{@link #ERRORS_RETURN}: the exception is thrown to the caller (Java's way of returning an
 * error code). This is the default on {@code COMM_WORLD} and {@code COMM_SELF}, as in mpi4py,
 * which sets {@code MPI.ERRORS_RETURN} and raises exceptions. A program that does not catch it
 * ends the rank; {@code jmpiexec} (or {@code mpirun}) then ends the job with the rank's report.
 * <li>{@link #ERRORS_ARE_FATAL} and {@link #ERRORS_ABORT}: the error is reported on stderr (its
 * class, message, the communicator, the rank and the call's stack) and the whole job is ended
 * as by {@link Comm#abort(int)}, with the error class's code as exit code (1 when that code is
 * not between 1 and 255). Both end every rank: jmpi's abort always ends the whole job, which MPI
 * allows. In a {@link LocalWorld} (ranks as threads), the world is ended as {@code abort} ends
 * it there: the other ranks' pending operations fail and the call throws {@code ERR_OTHER}.
 * <li>a handler from {@link #create(Handler)}: called with the communicator and the exception on
 * the calling thread. When it returns, the exception is still thrown to the caller: Java cannot
 * return an error code silently. A handler may throw another exception instead, or end the job
 * itself.
 * </ul>
 *
 * <p>New communicators inherit the handler of the communicator they come from ({@code dup},
 * {@code split}, {@code create}, {@code createIntercomm} from the local communicator,
 * {@code merge}, topologies), as MPI says.
 *
 * <p>The system property {@code jmpi.errors} ({@code return}, {@code fatal} or {@code abort};
 * mpi4py's {@code mpi4py.rc.errors}) chooses the handler {@code COMM_WORLD} and
 * {@code COMM_SELF} get when the rank starts, and so every communicator derived from them
 * before another is set: {@code java -Djmpi.errors=fatal ...}. Another value fails the start
 * with {@code ERR_ARG}.
 *
 * <p>Errors of calls that belong to no communicator ({@link Buf#of}, {@link Group},
 * {@link Info}, {@link Op}, {@link MPI#init(String...)}) are always thrown. The
 * {@link java.util.concurrent.CompletableFuture} of {@link Request#toCompletableFuture()} is
 * completed with the error as it is, with no handler (no call is waiting for it): its handler
 * runs when {@code waitFor}, {@code test} or {@code get} of the request raises it.
 *
 * <p>Immutable but for {@link #free()}; thread-safe.
 *
 * <p>MPI: MPI_Errhandler, MPI_ERRORS_RETURN, MPI_ERRORS_ARE_FATAL, MPI_ERRORS_ABORT; mpi4py:
 * {@code MPI.Errhandler}, {@code MPI.ERRORS_RETURN}, {@code MPI.ERRORS_ARE_FATAL},
 * {@code MPI.ERRORS_ABORT}.
 */
public final class Errhandler {
    /**
     * Errors are thrown to the caller as {@link MpiException}s (the default).
     *
     * <p>MPI: MPI_ERRORS_RETURN; mpi4py: {@code MPI.ERRORS_RETURN}.
     */
    public static final Errhandler ERRORS_RETURN = new Errhandler(Kind.RETURN, "ERRORS_RETURN", null);

    /**
     * An error is reported on stderr and ends the whole job.
     *
     * <p>MPI: MPI_ERRORS_ARE_FATAL; mpi4py: {@code MPI.ERRORS_ARE_FATAL}.
     */
    public static final Errhandler ERRORS_ARE_FATAL = new Errhandler(Kind.FATAL, "ERRORS_ARE_FATAL", null);

    /**
     * An error is reported on stderr and aborts as {@link Comm#abort(int)} on the communicator
     * does: in jmpi that ends the whole job, as {@link #ERRORS_ARE_FATAL}.
     *
     * <p>MPI: MPI_ERRORS_ABORT (MPI-4); mpi4py: {@code MPI.ERRORS_ABORT}.
     */
    public static final Errhandler ERRORS_ABORT = new Errhandler(Kind.ABORT, "ERRORS_ABORT", null);

    /**
     * A user error handler: called on the thread whose call failed.
     *
     * <p>MPI: MPI_Comm_errhandler_function; mpi4py: the function given to
     * {@code Comm.Create_errhandler}.
     */
    @FunctionalInterface
    public interface Handler {
        /**
         * Handles an error raised by a call on {@code comm}. When this returns, the error is
         * thrown to the caller; throwing another exception replaces it.
         *
         * @param comm the communicator the failed call was made on
         * @param error the error ({@link MpiException#getErrorClass()} is MPI's error code)
         */
        void handle(Comm comm, MpiException error);
    }

    private enum Kind { RETURN, FATAL, ABORT, USER }

    private final Kind kind;
    private final String name;
    private final Handler handler;
    private volatile boolean freed;

    private Errhandler(Kind kind, String name, Handler handler) {
        this.kind = kind;
        this.name = name;
        this.handler = handler;
    }

    /**
     * Creates an error handler that calls {@code handler}.
     *
     * <p>MPI: MPI_Comm_create_errhandler; mpi4py: {@code Comm.Create_errhandler(errhandler_fn)}.
     *
     * @param handler what to do with an error
     * @return the error handler
     * @throws MpiException {@code ERR_ARG} for a null handler
     */
    public static Errhandler create(Handler handler) {
        if (handler == null) {
            throw new MpiException(ErrorClass.ERR_ARG, "handler is null: pass a function (comm, error) -> ...");
        }
        return new Errhandler(Kind.USER, "user error handler " + handler, handler);
    }

    /**
     * Frees this handle. Communicators that have this handler keep it (MPI frees a handler
     * when its last communicator is freed); it can no longer be given to
     * {@link Comm#setErrhandler}. Freeing a predefined handler does nothing, so the MPI habit of
     * freeing what {@link Comm#getErrhandler()} returns is harmless.
     *
     * <p>MPI: MPI_Errhandler_free; mpi4py: {@code Errhandler.Free()}.
     */
    public void free() {
        if (kind == Kind.USER) {
            freed = true;
        }
    }

    /**
     * Returns whether this is one of {@link #ERRORS_RETURN}, {@link #ERRORS_ARE_FATAL} and
     * {@link #ERRORS_ABORT}.
     *
     * <p>MPI: none; mpi4py: none.
     *
     * @return true for a predefined handler
     */
    public boolean isPredefined() {
        return kind != Kind.USER;
    }

    /** Throws {@code ERR_ARG} unless this handler may be set on a communicator. */
    void checkSettable() {
        if (freed) {
            throw new MpiException(ErrorClass.ERR_ARG, "errhandler " + name + " has been freed: create another");
        }
    }

    @Override
    public String toString() {
        return name;
    }

    // ---- Raising an error (the implementation behind every public call) ----

    /**
     * The handler of {@code c}: the one set on it or inherited (COMM_WORLD and COMM_SELF get
     * theirs at start-up, from {@code jmpi.errors}); {@link #ERRORS_RETURN} when the
     * communicator cannot be resolved any more (after finalize).
     */
    static Errhandler of(CommCore c) {
        Object h = c == null ? null : c.errhandler();
        return h != null ? (Errhandler) h : ERRORS_RETURN;
    }

    /**
     * Passes {@code error}, raised by a call on {@code comm}, through the communicator's handler,
     * unless it has already passed through one (a public call made inside another). Returns the
     * exception to throw; does not return for the fatal handlers.
     *
     * @param comm the handle the call was made on (given to user handlers)
     * @param core its state, or {@code null} when it cannot be resolved (after finalize)
     * @param error the error
     * @return {@code error}, to be thrown
     */
    static MpiException raise(Comm comm, CommCore core, MpiException error) {
        if (error.raised) {
            return error;
        }
        error.raised = true;
        Errhandler h = of(core);
        switch (h.kind) {
            case RETURN:
                return error;
            case USER:
                try {
                    h.handler.handle(comm, error);
                } catch (MpiException replaced) {
                    replaced.raised = true;
                    throw replaced;
                }
                return error;
            default:
                throw fatal(h, core, error);
        }
    }

    /**
     * Calls the handler of {@code comm} for an error code, as an error raised by a call would:
     * except that with {@link #ERRORS_RETURN}, and when a user handler returns, nothing is thrown.
     */
    static void call(Comm comm, CommCore core, int errorcode) {
        ErrorClass cls = ErrorClass.ERR_UNKNOWN;
        for (ErrorClass e : ErrorClass.values()) {
            if (e.code() == errorcode) {
                cls = e;
                break;
            }
        }
        MpiException error = new MpiException(cls, "callErrhandler(" + errorcode + ") on " + core.name()
                + (cls == ErrorClass.ERR_UNKNOWN ? " (no MPI error class has this code)" : ""));
        Errhandler h = of(core);
        switch (h.kind) {
            case RETURN:
                return;
            case USER:
                error.raised = true;
                h.handler.handle(comm, error);
                return;
            default:
                throw fatal(h, core, error);
        }
    }

    /** Reports {@code error} on stderr and ends the job; returns only what an in-process world's abort throws. */
    private static MpiException fatal(Errhandler h, CommCore core, MpiException error) {
        int code = error.getErrorCode() >= 1 && error.getErrorCode() <= 255 ? error.getErrorCode() : 1;
        RankContext ctx = Sessions.current();
        String where = core == null ? "a communicator of a finalized session"
                : core.name() + " (rank " + core.rank() + " of " + core.size() + ")";
        String report = "rank " + ctx.rank() + " of " + ctx.size() + ": " + error.getErrorClass() + " on " + where
                + ", whose error handler is " + h.name + ": " + error.reason() + "; ending the job with exit code " + code;
        StringWriter stack = new StringWriter();
        try (PrintWriter w = new PrintWriter(stack)) {
            error.printStackTrace(w);
        }
        System.err.print("jmpi: rank " + ctx.rank() + ": an MPI call failed on " + where + " with " + h.name
                + "; the call's stack:" + System.lineSeparator() + stack);
        System.err.flush();
        try {
            ctx.endJob(code, report);
        } catch (MpiException aborted) {
            aborted.raised = true; // an in-process world ended: this is what the call throws
            return aborted;
        }
        return error;
    }
}
