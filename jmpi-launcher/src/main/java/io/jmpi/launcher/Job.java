package io.jmpi.launcher;

import io.jmpi.MpiException;
import io.jmpi.internal.bootstrap.CoordinatorServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * One job of {@code jmpiexec}: its coordinator, its ranks, and the policy that decides how it
 * ends.
 *
 * <p>The job starts its coordinator on the loopback interface, then every rank with its
 * {@link RankEnvironment}. It succeeds when every rank exits 0. When a rank exits with another
 * code (or is killed by a signal), the job says so on stderr, ends the other ranks and their
 * descendants ({@link ProcessTreeTerminator}), and exits with that first failing rank's code.
 * When jmpiexec itself is stopped (SIGTERM, SIGINT), a shutdown hook ends every rank before the
 * JVM exits. Before returning, the job waits (a bounded time) until the ranks' output has been
 * forwarded, so no line is lost.
 *
 * <p>{@link #run()} is called once, from one thread.
 */
public final class Job {
    private static final Logger LOG = LoggerFactory.getLogger(Job.class);
    /** How long the ranks' output may take to drain after the last rank has exited. */
    private static final Duration OUTPUT_DRAIN = Duration.ofSeconds(5);
    private static final int SECRET_BYTES = 32;
    /** A shell's status for a command found but not executable. */
    private static final int NOT_EXECUTABLE = 126;

    private final LaunchOptions options;
    private final InputStream stdin;
    private final LineSink out;
    private final LineSink err;
    private final ProcessTreeTerminator terminator;
    private final List<RankProcess> ranks = new CopyOnWriteArrayList<>();
    private final BlockingQueue<RankProcess> exited = new LinkedBlockingQueue<>();
    private volatile boolean finished;
    private volatile boolean stopping;

    /**
     * Creates a job.
     *
     * @param options what to run; its action must be {@link LaunchOptions.Action#RUN}
     * @param stdin what rank 0 reads
     * @param out where the ranks' stdout lines go
     * @param err where the ranks' stderr lines and jmpiexec's messages go
     */
    public Job(LaunchOptions options, InputStream stdin, LineSink out, LineSink err) {
        if (options.action() != LaunchOptions.Action.RUN) {
            throw new IllegalArgumentException("a job needs RUN options, got " + options.action());
        }
        this.options = options;
        this.stdin = stdin;
        this.out = out;
        this.err = err;
        this.terminator = new ProcessTreeTerminator(options.killGrace());
    }

    /**
     * Runs the job to its end.
     *
     * @return the exit status for jmpiexec: 0, the first failing rank's code,
     *     {@link ExitCode#CANNOT_START} (126 when the command is not executable), or
     *     {@link ExitCode#LAUNCHER_FAILED}
     * @throws InterruptedException when the calling thread is interrupted; the ranks are ended
     */
    public int run() throws InterruptedException {
        String jobId = "jmpi-" + UUID.randomUUID();
        byte[] secret = new byte[SECRET_BYTES];
        new SecureRandom().nextBytes(secret);
        CoordinatorServer coordinator;
        try {
            coordinator = CoordinatorServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                    jobId, secret, options.ranks());
        } catch (MpiException e) {
            err.println("jmpiexec: " + e.getMessage());
            return ExitCode.LAUNCHER_FAILED;
        }
        Thread hook = new Thread(this::onShutdown, "jmpiexec-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try (coordinator) {
            RankEnvironment env = new RankEnvironment(options.ranks(), coordinator.addressString(), jobId, secret);
            LOG.debug("job {}: {} ranks of {}, coordinator {}", jobId, options.ranks(), options.command(),
                    coordinator.addressString());
            int status = startRanks(env);
            return status != 0 ? status : awaitRanks();
        } catch (InterruptedException e) {
            endAll();
            throw e;
        } finally {
            finished = true;
            awaitOutput();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook is running or has run
            }
        }
    }

    /** Starts every rank; on failure ends those started and returns the status to exit with. */
    private int startRanks(RankEnvironment env) {
        for (int rank = 0; rank < options.ranks(); rank++) {
            RankProcess r;
            try {
                r = RankProcess.start(rank, options.command(), env.forRank(rank), out, err);
            } catch (IOException e) {
                err.println("jmpiexec: cannot start '" + options.command().get(0) + "': " + reason(e));
                endAll();
                return e.getMessage() != null && e.getMessage().contains("error=13,")
                        ? NOT_EXECUTABLE : ExitCode.CANNOT_START;
            }
            ranks.add(r);
            r.onExit().thenAccept(exited::add);
            if (rank == 0) {
                StdinForwarder.start(stdin, r.stdin());
            } else {
                r.closeStdin();
            }
            if (stopping) {
                // the shutdown hook may have missed this one
                endAll();
            }
        }
        return 0;
    }

    /** Waits for every rank; ends the job at the first failure and returns its code. */
    private int awaitRanks() throws InterruptedException {
        int status = 0;
        for (int left = options.ranks(); left > 0; left--) {
            RankProcess r = exited.take();
            int code = r.exitValue();
            if (code == 0) {
                LOG.debug("{} exited with code 0", r);
            } else if (status == 0) {
                status = code;
                boolean othersAlive = ranks.stream().anyMatch(RankProcess::isAlive);
                err.println("jmpiexec: " + r + " exited with " + ExitCode.describe(code)
                        + (othersAlive ? "; ending the job" : ""));
                endAll();
            } else {
                LOG.debug("{} exited with {} after the job was ended", r, ExitCode.describe(code));
            }
        }
        return status;
    }

    private void endAll() {
        terminator.terminate(ranks.stream().filter(RankProcess::isAlive).map(RankProcess::handle).toList());
    }

    private void awaitOutput() {
        long deadline = System.nanoTime() + OUTPUT_DRAIN.toNanos();
        try {
            for (RankProcess r : ranks) {
                if (!r.awaitOutput(deadline)) {
                    LOG.debug("{}: output still open (a descendant holds it); not waiting longer", r);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The shutdown hook: jmpiexec was stopped before the job ended, so end every rank. */
    private void onShutdown() {
        if (finished) {
            return;
        }
        stopping = true;
        long alive = ranks.stream().filter(RankProcess::isAlive).count();
        if (alive > 0) {
            err.println("jmpiexec: stopped; ending " + alive + (alive == 1 ? " rank" : " ranks"));
            endAll();
        }
    }

    private static String reason(IOException e) {
        String message = e.getCause() != null && e.getCause().getMessage() != null
                ? e.getCause().getMessage() : String.valueOf(e.getMessage());
        return message.replaceFirst("^error=\\d+, ", "");
    }
}
