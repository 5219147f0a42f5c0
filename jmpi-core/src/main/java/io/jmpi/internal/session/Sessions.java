package io.jmpi.internal.session;

import io.jmpi.ErrorClass;
import io.jmpi.MpiException;
import io.jmpi.internal.bootstrap.LaunchEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which rank the calling thread is: the rank bound to the thread (ranks as threads of one JVM,
 * inherited by threads it starts), else the process's rank, started from the environment on
 * first use as importing mpi4py does.
 */
public final class Sessions {
    private static final Logger LOG = LoggerFactory.getLogger(Sessions.class);
    private static final InheritableThreadLocal<RankContext> BOUND = new InheritableThreadLocal<>();
    private static final Object LOCK = new Object();
    private static volatile RankContext process;
    private static boolean processExplicit;

    private Sessions() {
    }

    /**
     * Returns the calling thread's rank, starting the process's rank if needed.
     *
     * @return the rank context
     */
    public static RankContext current() {
        RankContext bound = BOUND.get();
        if (bound != null) {
            return bound;
        }
        RankContext p = process; // every MPI call passes here: no lock once started
        if (p != null) {
            return p;
        }
        synchronized (LOCK) {
            if (process == null) {
                startProcess();
            }
            return process;
        }
    }

    /**
     * Explicit initialization: returns the thread's or the process's rank, starting it; fails if
     * the process's rank was already initialized explicitly or has been finalized.
     *
     * @return the rank context
     */
    public static RankContext init() {
        RankContext bound = BOUND.get();
        if (bound != null) {
            return bound;
        }
        synchronized (LOCK) {
            if (process != null && process.isClosed()) {
                throw new MpiException(ErrorClass.ERR_OTHER, "MPI was finalized in this process;"
                        + " it cannot be initialized again");
            }
            if (processExplicit) {
                throw new MpiException(ErrorClass.ERR_OTHER, "MPI is already initialized in this process:"
                        + " call MPI.init once (or use MPI.COMM_WORLD without it)");
            }
            processExplicit = true;
            if (process == null) {
                startProcess();
            }
            return process;
        }
    }

    private static void startProcess() {
        RankContext ctx = RankContext.start(LaunchEnvironment.detect(System.getenv()));
        process = ctx;
        Thread hook = new Thread(() -> {
            try {
                ctx.closeAtExit();
            } catch (RuntimeException e) {
                LOG.warn("finalize at exit failed: {}", e.toString());
            }
        }, "jmpi-finalize-at-exit");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** @return whether the calling thread's rank has been started */
    public static boolean isInitialized() {
        if (BOUND.get() != null) {
            return true;
        }
        synchronized (LOCK) {
            return process != null;
        }
    }

    /** @return whether the calling thread's rank has been finalized */
    public static boolean isFinalized() {
        RankContext bound = BOUND.get();
        if (bound != null) {
            return bound.isClosed();
        }
        synchronized (LOCK) {
            return process != null && process.isClosed();
        }
    }

    /** Binds {@code ctx} to the calling thread (and threads it starts from now on). */
    public static void bind(RankContext ctx) {
        BOUND.set(ctx);
    }

    /**
     * Returns the rank bound to the calling thread, or {@code null} (process-wide rank).
     *
     * @return the bound rank or {@code null}
     */
    public static RankContext bound() {
        return BOUND.get();
    }

    /** Removes the calling thread's binding. */
    public static void unbind() {
        BOUND.remove();
    }
}
