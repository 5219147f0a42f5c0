package io.jmpi.internal.session;

import io.jmpi.ErrorClass;
import io.jmpi.MpiException;
import io.jmpi.internal.bootstrap.BootstrapInfo;
import io.jmpi.internal.bootstrap.CoordinatorServer;
import io.jmpi.internal.stall.PendingWait;
import io.jmpi.internal.stall.StallDetector;
import io.jmpi.internal.stall.StallWatch;
import io.jmpi.internal.bootstrap.SerialAgreement;
import io.jmpi.serial.ClassRegistry;
import io.jmpi.transport.local.LocalFabric;
import io.jmpi.transport.local.LocalTransportProvider;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * Runs N ranks as N threads of this JVM, over the in-process transport or any other (over TCP
 * loopback, with a coordinator in this JVM). Fails instead of hanging: a failing rank aborts
 * the others, and at the deadline every rank is aborted and the stacks of those still running
 * are reported.
 */
public final class ThreadWorld {
    /** The body of one rank. */
    @FunctionalInterface
    public interface Body {
        /**
         * Runs rank {@code ctx.rank()}.
         *
         * @param ctx the rank, already bound to the calling thread
         * @throws Exception anything; it fails the world
         */
        void run(RankContext ctx) throws Exception;
    }

    private final int size;
    private final String transport;
    private final Duration timeout;
    private Duration stallThreshold;
    private Consumer<String> stallOut = line -> System.err.println(line);
    private final IntFunction<ClassRegistry> registries;

    /**
     * A world whose ranks register the classes this process registers for object messages.
     *
     * @param size number of ranks
     * @param transport transport name ({@code local}, {@code tcp})
     * @param timeout how long the whole world may take
     */
    public ThreadWorld(int size, String transport, Duration timeout) {
        this(size, transport, timeout, null);
    }

    /**
     * A world whose ranks may register different classes for object messages (to test the
     * check at start-up that they do not).
     *
     * @param size number of ranks
     * @param transport transport name ({@code local}, {@code tcp})
     * @param timeout how long the whole world may take
     * @param registries each rank's registrations, or {@code null} for the process's
     */
    public ThreadWorld(int size, String transport, Duration timeout, IntFunction<ClassRegistry> registries) {
        if (size < 1) {
            throw new MpiException(ErrorClass.ERR_ARG, "size " + size + " is invalid: a world needs at least 1 rank");
        }
        this.size = size;
        this.transport = transport;
        this.timeout = timeout;
        if (registries == null) {
            ClassRegistry process = ClassRegistry.ofProcess();
            registries = r -> process;
        }
        this.registries = registries;
        this.stallThreshold = StallDetector.threshold(null);
    }

    /**
     * Sets when the world reports a stall: when every running rank has waited in MPI calls for
     * {@code threshold}, each rank's pending operations go to {@code out}, line by line (default:
     * {@code jmpi.stallSeconds}, else 30 s; to stderr). The report does not end the world.
     *
     * @param threshold how long; zero turns reports off
     * @param out where the report's lines go
     * @return this
     */
    public ThreadWorld stallReport(Duration threshold, Consumer<String> out) {
        this.stallThreshold = threshold;
        this.stallOut = out;
        return this;
    }

    /**
     * Runs {@code body} on every rank and waits for all of them.
     *
     * @param body the rank body
     * @throws MpiException naming the first rank that failed, or {@code ERR_TIMEOUT} with the
     *     stacks of the ranks still running
     */
    public void run(Body body) {
        boolean local = LocalTransportProvider.NAME.equals(transport);
        LocalFabric fabric = local ? new LocalFabric(size) : null;
        CoordinatorServer coordinator = null;
        BootstrapInfo[] infos = new BootstrapInfo[size];
        if (!local) {
            byte[] secret = new byte[16];
            new SecureRandom().nextBytes(secret);
            String jobId = "threads-" + UUID.randomUUID();
            coordinator = CoordinatorServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    jobId, secret, size);
            for (int r = 0; r < size; r++) {
                infos[r] = new BootstrapInfo(r, size, r, size, jobId, secret, coordinator.address(), transport,
                        timeout, "threads");
            }
        }
        AtomicReferenceArray<RankContext> contexts = new AtomicReferenceArray<>(size);
        AtomicReferenceArray<Throwable> failures = new AtomicReferenceArray<>(size);
        CyclicBarrier started = new CyclicBarrier(size);
        List<Thread> threads = new ArrayList<>();
        String worldName = size + " ranks as threads over " + transport;
        Duration stallAfter = stallThreshold;
        StallWatch stalls = stallAfter.isZero() || stallAfter.isNegative() ? null
                : new StallWatch(size, stallAfter, "jmpi: ", "a stall report does not end the world: its time limit ("
                        + PendingWait.seconds(timeout.toMillis()) + ") does", stallOut);
        for (int r = 0; r < size; r++) {
            int rank = r;
            Thread t = new Thread(() -> {
                RankContext ctx = null;
                try {
                    ClassRegistry registry = registries.apply(rank);
                    ctx = local ? RankContext.startLocal(fabric, rank, registry) : RankContext.start(infos[rank], registry);
                    contexts.set(rank, ctx);
                    if (stalls != null) {
                        ctx.engine().stalls().configure(stallAfter, stalls::update);
                        stalls.joined(rank);
                    }
                    ctx.onAbort((abortingRank, code, message) -> {
                        MpiException aborted = new MpiException(ErrorClass.ERR_OTHER, message);
                        failures.compareAndSet(abortingRank, null, aborted);
                        abortAll(contexts, aborted);
                        throw aborted;
                    });
                    started.await();
                    if (local) { // the coordinator compared them for the other transports
                        SerialAgreement.check(size, other -> contexts.get(other).serialFingerprint());
                    }
                    Sessions.bind(ctx);
                    body.run(ctx);
                    ctx.close();
                    if (stalls != null) {
                        stalls.gone(rank, "finished");
                    }
                } catch (Throwable e) {
                    if (stalls != null) {
                        stalls.close(); // the world fails: what the others wait for no longer matters
                    }
                    failures.compareAndSet(rank, null, e);
                    started.reset();
                    abortAll(contexts, new MpiException(ErrorClass.ERR_PROC_FAILED, "rank " + rank + " of "
                            + worldName + " failed: " + e, e));
                    if (ctx != null) {
                        closeQuietly(ctx);
                    }
                } finally {
                    Sessions.unbind();
                }
            }, "jmpi-rank-" + r);
            t.setDaemon(true);
            threads.add(t);
        }
        try {
            threads.forEach(Thread::start);
            long deadline = System.nanoTime() + timeout.toNanos();
            for (Thread t : threads) {
                long left = deadline - System.nanoTime();
                if (left > 0) {
                    t.join(Math.max(1, left / 1_000_000));
                }
            }
            StringBuilder stuck = new StringBuilder();
            for (Thread t : threads) {
                if (t.isAlive()) {
                    stuck.append("\n--- ").append(t.getName()).append(" ---");
                    for (StackTraceElement e : t.getStackTrace()) {
                        stuck.append("\n    at ").append(e);
                    }
                }
            }
            if (stuck.length() > 0) {
                if (stalls != null) {
                    stalls.close();
                }
                MpiException timedOut = new MpiException(ErrorClass.ERR_TIMEOUT, worldName + " did not finish within "
                        + timeout.toMillis() + " ms; ranks still running:" + stuck);
                abortAll(contexts, timedOut);
                for (Thread t : threads) {
                    t.interrupt();
                    t.join(2_000);
                }
                throw timedOut;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abortAll(contexts, new MpiException(ErrorClass.ERR_OTHER, "interrupted"));
            throw new MpiException(ErrorClass.ERR_OTHER, "interrupted while waiting for " + worldName);
        } finally {
            for (int r = 0; r < size; r++) {
                RankContext ctx = contexts.get(r);
                if (ctx != null) {
                    closeQuietly(ctx);
                }
            }
            if (coordinator != null) {
                coordinator.close();
            }
            if (stalls != null) {
                stalls.close();
            }
        }
        rethrowFirst(failures, worldName);
    }

    private static void rethrowFirst(AtomicReferenceArray<Throwable> failures, String worldName) {
        Throwable first = null;
        int firstRank = -1;
        for (int r = 0; r < failures.length(); r++) {
            Throwable f = failures.get(r);
            if (f == null || f instanceof BrokenBarrierException) {
                continue;
            }
            // prefer a rank's own failure over failures caused by another rank's abort
            boolean secondary = f instanceof MpiException m && m.getErrorClass() == ErrorClass.ERR_PROC_FAILED;
            if (first == null || (!secondary && first instanceof MpiException fm
                    && fm.getErrorClass() == ErrorClass.ERR_PROC_FAILED)) {
                first = f;
                firstRank = r;
            }
        }
        if (first == null) {
            return;
        }
        MpiException ex = new MpiException(first instanceof MpiException m ? m.getErrorClass() : ErrorClass.ERR_OTHER,
                "rank " + firstRank + " of " + worldName + " failed: " + first, first);
        for (int r = 0; r < failures.length(); r++) {
            Throwable f = failures.get(r);
            if (f != null && f != first) {
                ex.addSuppressed(f);
            }
        }
        throw ex;
    }

    private static void abortAll(AtomicReferenceArray<RankContext> contexts, MpiException cause) {
        for (int r = 0; r < contexts.length(); r++) {
            RankContext ctx = contexts.get(r);
            if (ctx != null) {
                ctx.abort(cause);
            }
        }
    }

    private static void closeQuietly(RankContext ctx) {
        try {
            ctx.close();
        } catch (RuntimeException ignored) {
            // the world is being torn down; the rank's own failure is what is reported
        }
    }
}
