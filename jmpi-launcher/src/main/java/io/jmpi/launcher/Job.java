package io.jmpi.launcher;

import io.jmpi.MpiException;
import io.jmpi.internal.bootstrap.CoordinatorServer;
import io.jmpi.internal.bootstrap.JobKeys;
import io.jmpi.internal.stall.StallWatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One job of {@code jmpiexec}: its coordinator, its ranks, and the policy that decides how it
 * ends.
 *
 * <p>The job places its ranks on hosts ({@link Mapper}), starts its coordinator (on the loopback
 * interface, or on every interface when some ranks run on other hosts), then every rank with its
 * {@link RankEnvironment}: on this machine directly, elsewhere through the launch agent
 * ({@link RemoteCommand}). With {@code --timeout} it ends the job at the time limit and exits
 * {@value LaunchOptions#EXIT_TIMEOUT}. It succeeds when every rank exits 0. When a rank exits with another
 * code (or is killed by a signal), the job says so on stderr, ends the other ranks and their
 * descendants ({@link ProcessTreeTerminator}), and exits with that first failing rank's code.
 * With {@code --enable-recovery} it says so and lets the other ranks go on to their own end
 * (survivors of a failure, under MPI's fault tolerance), and still exits with the first failing
 * rank's code.
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
    /** How long Java ranks have to print their thread dumps before a timed-out job is ended. */
    private static final Duration STACK_TRACE_WAIT = Duration.ofMillis(1500);
    /** Variables of jmpiexec's environment that remote ranks get, besides -x ones and the rank's own. */
    private static final List<String> REMOTE_PASSED = List.of("CLASSPATH", "JMPI_HOME");

    private final LaunchOptions options;
    private final InputStream stdin;
    private final LineSink out;
    private final LineSink err;
    private final ProcessTreeTerminator terminator;
    private final List<RankProcess> ranks = new CopyOnWriteArrayList<>();
    private final List<LineSink> files = new CopyOnWriteArrayList<>();
    private final BlockingQueue<RankProcess> exited = new LinkedBlockingQueue<>();
    /** Ranks that connected to the coordinator (MPI programs), and those that finalized. */
    private final Set<Integer> joined = ConcurrentHashMap.newKeySet();
    private final Set<Integer> finalized = ConcurrentHashMap.newKeySet();
    /** Ranks that said they end the whole job (abort, a fatal error handler) before halting. */
    private final Set<Integer> aborted = ConcurrentHashMap.newKeySet();
    private volatile boolean finished;
    private volatile StallWatch stalls;
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
     *     {@link LaunchOptions#EXIT_TIMEOUT}, {@link ExitCode#CANNOT_START} (126 when the command
     *     is not executable), or {@link ExitCode#LAUNCHER_FAILED}
     * @throws UsageException when the ranks cannot be placed on the hosts, or a directory is wrong;
     *     nothing has been started then
     * @throws InterruptedException when the calling thread is interrupted; the ranks are ended
     */
    public int run() throws InterruptedException {
        Mapper.Mapping mapping = Mapper.map(options.hosts(), options.ranks(), options.perNode(), options.mapBy(),
                options.oversubscribe(), LocalHost.name(), LocalHost::isLocal);
        int size = mapping.ranks().size();
        checkBeforeStart(mapping);
        String jobId = "jmpi-" + UUID.randomUUID();
        byte[] secret = new byte[SECRET_BYTES];
        new SecureRandom().nextBytes(secret);
        CoordinatorServer coordinator;
        String coordinatorAddress;
        try {
            if (mapping.hasRemoteRanks()) {
                String host = advertisedHost(mapping);
                coordinator = CoordinatorServer.start(new InetSocketAddress(0), jobId, secret, size);
                coordinatorAddress = (host.contains(":") ? "[" + host + "]" : host) + ":" + coordinator.address().getPort();
            } else {
                coordinator = CoordinatorServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                        jobId, secret, size);
                coordinatorAddress = coordinator.addressString();
            }
        } catch (MpiException e) {
            err.println("jmpiexec: " + e.getMessage());
            return ExitCode.LAUNCHER_FAILED;
        }
        StallWatch stalls = options.stallReport().isZero() ? null : new StallWatch(size, options.stallReport(),
                "jmpiexec: ", "a stall report does not end the job (" + (options.timeout() == null
                        ? "--timeout S ends a job that runs too long" : "--timeout ends it after "
                        + seconds(options.timeout())) + ")", err::println);
        coordinator.stallWatch(stalls);
        this.stalls = stalls;
        Map<String, String> extra = new LinkedHashMap<>();
        extra.put(LaunchOptions.STALL_VARIABLE, secondsValue(options.stallReport()));
        if (options.tls()) {
            try {
                extra.putAll(JobKeys.generate(jobId).variables());
            } catch (MpiException e) {
                err.println("jmpiexec: --tls: " + e.getMessage());
                coordinator.close();
                return ExitCode.LAUNCHER_FAILED;
            }
        }
        coordinator.listener(new CoordinatorServer.Listener() {
            @Override
            public void onJoined(int rank) {
                joined.add(rank);
            }

            @Override
            public void onFinalized(int rank) {
                finalized.add(rank);
            }

            @Override
            public void onAborted(int rank, int code) {
                aborted.add(rank);
            }
        });
        Thread hook = new Thread(this::onShutdown, "jmpiexec-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        SignalForwarder.install(() -> ranks.stream().filter(r -> r.placement().local())
                .map(RankProcess::handle).toList());
        try (coordinator) {
            RankEnvironment env = new RankEnvironment(size, mapping.universeSize(), coordinatorAddress, jobId, secret,
                    extra);
            LOG.debug("job {}: {} ranks of {}, coordinator {}", jobId, size, options.command(), coordinatorAddress);
            Path dir = options.workDir() == null ? Path.of("").toAbsolutePath() : options.workDir().toAbsolutePath();
            ClassDataArchive archive = mapping.ranks().stream().anyMatch(RankPlacement::local)
                    ? ClassDataArchive.forCommand(options.command(), System.getenv(), dir, options.classDataSharing())
                    : null;
            int status = ExitCode.LAUNCHER_FAILED;
            try {
                status = startRanks(mapping, env, archive);
                if (status == 0) {
                    status = awaitRanks(size);
                }
                return status;
            } finally {
                if (archive != null) {
                    archive.jobEnded(status == 0); // also when interrupted: no half-written archive is left
                }
            }
        } catch (InterruptedException e) {
            endAll();
            throw e;
        } finally {
            finished = true;
            if (stalls != null) {
                stalls.close();
            }
            awaitOutput();
            closeFiles();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook is running or has run
            }
        }
    }

    /** Fails before anything starts when the ranks' directories or stdin rank are wrong. */
    private void checkBeforeStart(Mapper.Mapping mapping) {
        OutputOptions o = options.output();
        if (o.stdinRank() >= mapping.ranks().size()) {
            throw new UsageException("--stdin " + o.stdinRank() + ": the job has only " + mapping.ranks().size()
                    + (mapping.ranks().size() == 1 ? " rank" : " ranks"));
        }
        Path wdir = options.workDir();
        if (wdir != null && mapping.ranks().stream().anyMatch(RankPlacement::local) && !Files.isDirectory(wdir)) {
            throw new UsageException("--wdir " + wdir + ": no such directory");
        }
        if (o.directory() != null) {
            try {
                Files.createDirectories(o.directory());
            } catch (IOException e) {
                throw new UsageException("--output-filename " + o.directory() + ": cannot create the directory: " + e);
            }
        }
    }

    /**
     * The address remote ranks reach the coordinator at: {@code --coordinator-host} or
     * {@code JMPI_COORDINATOR_HOST}, else this machine's source address for the route to the
     * first remote host that resolves, else this machine's address.
     */
    private String advertisedHost(Mapper.Mapping mapping) {
        if (options.coordinatorHost() != null) {
            return options.coordinatorHost();
        }
        for (RankPlacement p : mapping.ranks()) {
            if (!p.local()) {
                try (DatagramSocket probe = new DatagramSocket()) {
                    probe.connect(new InetSocketAddress(InetAddress.getByName(p.host()), 9));
                    InetAddress local = probe.getLocalAddress();
                    if (local != null && !local.isAnyLocalAddress()) {
                        return local.getHostAddress();
                    }
                } catch (IOException | RuntimeException e) {
                    LOG.debug("no route to {}: {}", p.host(), e.toString());
                }
            }
        }
        try {
            return InetAddress.getLocalHost().getHostAddress();
        } catch (IOException e) {
            return LocalHost.name();
        }
    }

    /** Starts every rank; on failure ends those started and returns the status to exit with. */
    private int startRanks(Mapper.Mapping mapping, RankEnvironment env, ClassDataArchive archive) {
        OutputOptions o = options.output();
        List<OutputStream> readers = new ArrayList<>();
        Path cwd = Path.of("").toAbsolutePath();
        for (RankPlacement p : mapping.ranks()) {
            int rank = p.rank();
            Map<String, String> vars = new LinkedHashMap<>(options.exports());
            vars.putAll(env.forRank(p));
            List<String> argv;
            File dir;
            if (p.local()) {
                argv = archive == null ? options.command() : archive.command(options.command(), mapping.ranks().size());
                dir = options.workDir() == null ? null : options.workDir().toFile();
            } else {
                Map<String, String> remote = new LinkedHashMap<>();
                for (String name : REMOTE_PASSED) {
                    String value = System.getenv(name);
                    if (value != null) {
                        remote.put(name, value);
                    }
                }
                remote.putAll(vars);
                argv = RemoteCommand.build(options.launchAgent(), p.host(),
                        options.workDir() == null ? cwd : options.workDir(), options.workDir() != null,
                        remote, options.command());
                vars = Map.of();
                dir = null;
            }
            RankProcess r;
            try {
                r = RankProcess.start(p, argv, vars, dir, o.mergeStderr(), writer(out, rank, "stdout"),
                        o.mergeStderr() ? err : writer(err, rank, "stderr"));
            } catch (IOException e) {
                err.println("jmpiexec: cannot start '" + argv.get(0) + "'"
                        + (p.local() ? "" : " (the launch agent for host " + p.host() + ")") + ": " + reason(e));
                endAll();
                return e.getMessage() != null && e.getMessage().contains("error=13,")
                        ? NOT_EXECUTABLE : ExitCode.CANNOT_START;
            }
            ranks.add(r);
            r.onExit().thenAccept(exited::add);
            if (o.readsStdin(rank)) {
                readers.add(r.stdin());
            } else {
                r.closeStdin();
            }
            if (stopping) {
                // the shutdown hook may have missed this one
                endAll();
            }
        }
        if (!readers.isEmpty()) {
            StdinForwarder.start(stdin, readers);
        }
        return 0;
    }

    /** The writer for one output stream of one rank: jmpiexec's own, or one that prefixes and copies. */
    private LineWriter writer(LineSink terminal, int rank, String stream) {
        OutputOptions o = options.output();
        if (!RankOutput.needed(o)) {
            return terminal;
        }
        LineSink file = null;
        if (o.directory() != null) {
            Path path = o.directory().resolve("1").resolve("rank." + rank).resolve(stream);
            try {
                Files.createDirectories(path.getParent());
                file = new LineSink(new BufferedOutputStream(Files.newOutputStream(path)));
                files.add(file);
            } catch (IOException e) {
                err.println("jmpiexec: cannot write " + path + ": " + e.getMessage());
            }
        }
        return new RankOutput(terminal, file, rank, stream, o);
    }

    private void closeFiles() {
        for (LineSink f : files) {
            try {
                f.close();
            } catch (IOException e) {
                err.println("jmpiexec: cannot finish an output file: " + e.getMessage());
            }
        }
    }

    /**
     * Waits for every rank; ends the job at the first failure (or, with {@code --enable-recovery},
     * lets the others go on) or at the time limit, and returns its code.
     */
    private int awaitRanks(int size) throws InterruptedException {
        int status = 0;
        Duration timeout = options.timeout();
        long deadline = timeout == null ? 0 : System.nanoTime() + timeout.toNanos();
        boolean timedOut = false;
        for (int left = size; left > 0; left--) {
            RankProcess r;
            if (timeout == null || timedOut) {
                r = exited.take();
            } else {
                r = exited.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (r == null) {
                    timedOut = true;
                    if (status == 0 || options.enableRecovery()) { // ranks are still running: end them
                        if (status == 0) {
                            status = LaunchOptions.EXIT_TIMEOUT;
                        }
                        onTimeout(timeout);
                    }
                    left++;
                    continue;
                }
            }
            int code = r.exitValue();
            StallWatch watch = stalls;
            if (watch != null) {
                watch.gone(r.rank(), "exited");
            }
            boolean reported = status == 0 || (options.enableRecovery() && !timedOut);
            if (code == 0 && joined.contains(r.rank()) && !finalized.contains(r.rank())) {
                code = 1;
                if (reported) {
                    err.println("jmpiexec: " + r + " exited with code 0 without finalizing (its MPI session was"
                            + " never closed); treating it as a failure");
                }
            }
            if (code == 0) {
                LOG.debug("{} exited with code 0", r);
            } else if (reported) {
                boolean othersAlive = ranks.stream().anyMatch(RankProcess::isAlive);
                if (options.enableRecovery() && !aborted.contains(r.rank())) {
                    err.println("jmpiexec: " + r + " exited with " + ExitCode.describe(code)
                            + (othersAlive ? "; the other ranks go on (--enable-recovery)" : ""));
                } else {
                    err.println("jmpiexec: " + r + " exited with " + ExitCode.describe(code)
                            + (othersAlive ? "; ending the job" : ""));
                    endAll();
                }
                if (status == 0) {
                    status = code;
                }
            } else {
                LOG.debug("{} exited with {} after the job was ended", r, ExitCode.describe(code));
            }
        }
        return status;
    }

    /** The time limit has passed: say so, ask Java ranks for thread dumps when wanted, end the job. */
    private void onTimeout(Duration timeout) throws InterruptedException {
        List<RankProcess> alive = ranks.stream().filter(RankProcess::isAlive).toList();
        err.println("jmpiexec: the job reached its time limit of " + seconds(timeout) + " (--timeout); ending "
                + alive.size() + (alive.size() == 1 ? " rank" : " ranks"));
        if (options.stackTraces()) {
            int asked = ThreadDumps.request(alive.stream().filter(r -> r.placement().local())
                    .map(RankProcess::handle).toList());
            if (asked > 0) {
                err.println("jmpiexec: asked " + asked + " Java " + (asked == 1 ? "process" : "processes")
                        + " for thread dumps");
                Thread.sleep(STACK_TRACE_WAIT.toMillis());
            } else {
                err.println("jmpiexec: no Java process among the ranks on this machine: no thread dumps");
            }
        }
        endAll();
    }

    private static String seconds(Duration d) {
        long ms = d.toMillis();
        return (ms % 1000 == 0 ? String.valueOf(ms / 1000) : String.valueOf(ms / 1000.0)) + (ms == 1000 ? " second" : " seconds");
    }

    /** A duration as a number of seconds for a variable: {@code 30}, {@code 1.5}. */
    private static String secondsValue(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? String.valueOf(ms / 1000) : String.valueOf(ms / 1000.0);
    }

    private void endAll() {
        StallWatch watch = stalls;
        if (watch != null) {
            watch.close(); // the job is ending: what its ranks wait for no longer matters
        }
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
