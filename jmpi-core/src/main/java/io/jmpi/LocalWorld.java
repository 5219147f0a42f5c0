package io.jmpi;

import io.jmpi.internal.session.ThreadWorld;
import io.jmpi.transport.local.LocalTransportProvider;

import java.time.Duration;
import java.util.Objects;

/**
 * Runs N ranks as N threads of this JVM, so parallel code can be tried and unit-tested with no
 * launcher and no sockets. Inside each rank, {@link MPI#COMM_WORLD} is that rank's world (also
 * in threads the rank starts), and {@link MPI#init(String...)} returns its session.
 *
 * <pre>{@code
 * LocalWorld.run(4, world -> {
 *     int next = (world.getRank() + 1) % world.getSize();
 *     world.send("hello", next, 0);
 *     String s = world.recv(MPI.ANY_SOURCE, 0);
 * });
 * }</pre>
 *
 * <p>It never hangs: when a rank throws, the others' pending operations fail; when the time
 * limit passes (default 60 s), every rank is aborted and the stacks of those still running are
 * in the exception.
 *
 * <p>MPI: no equivalent (a world of threads); mpi4py: no equivalent (its tests use mpiexec).
 */
public final class LocalWorld {
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    /** The code of one rank. */
    @FunctionalInterface
    public interface RankMain {
        /**
         * Runs one rank.
         *
         * @param world this rank's {@code COMM_WORLD}
         * @throws Exception anything; it fails the run
         */
        void run(Intracomm world) throws Exception;
    }

    private final int size;
    private String transport = LocalTransportProvider.NAME;
    private Duration timeout = DEFAULT_TIMEOUT;
    private Duration stallReport;

    private LocalWorld(int size) {
        this.size = size;
    }

    /**
     * Runs {@code main} on {@code size} ranks over the in-process transport and waits for them.
     *
     * @param size the number of ranks, at least 1
     * @param main the code of each rank
     * @throws MpiException naming the first rank that failed, or {@code ERR_TIMEOUT}
     */
    public static void run(int size, RankMain main) {
        of(size).run(main);
    }

    /**
     * Starts describing a world of {@code size} ranks.
     *
     * @param size the number of ranks, at least 1
     * @return a builder
     */
    public static LocalWorld of(int size) {
        return new LocalWorld(size);
    }

    /**
     * Chooses the transport between the threads: {@code local} (default, in-process) or
     * {@code tcp} (loopback sockets; needs jmpi-transport-netty on the class path).
     *
     * @param name the transport's name
     * @return this
     */
    public LocalWorld transport(String name) {
        this.transport = Objects.requireNonNull(name, "name");
        return this;
    }

    /**
     * Sets how long the whole run may take.
     *
     * @param limit the time limit
     * @return this
     */
    public LocalWorld timeout(Duration limit) {
        this.timeout = Objects.requireNonNull(limit, "limit");
        return this;
    }

    /**
     * Sets when the world prints a stall report: when every rank still running has waited in
     * MPI calls for longer than {@code after}, each rank's pending operations (call,
     * communicator, peer, tag, how long) and hints such as a cycle of ranks waiting for each
     * other go to stderr. The report does not end the run (its time limit does). Default: the
     * system property {@code jmpi.stallSeconds}, else 30 seconds.
     *
     * <p>MPI: no equivalent; mpi4py: no equivalent.
     *
     * @param after how long every rank must have waited; zero turns reports off
     * @return this
     */
    public LocalWorld stallReport(Duration after) {
        Objects.requireNonNull(after, "after");
        if (after.isNegative()) {
            throw new MpiException(ErrorClass.ERR_ARG, "stallReport " + after + " is negative: use a positive"
                    + " duration, or zero to turn reports off");
        }
        this.stallReport = after;
        return this;
    }

    /**
     * Runs {@code main} on every rank and waits for all of them.
     *
     * @param main the code of each rank
     * @throws MpiException naming the first rank that failed, or {@code ERR_TIMEOUT}
     */
    public void run(RankMain main) {
        ThreadWorld world = new ThreadWorld(size, transport, timeout);
        if (stallReport != null) {
            world.stallReport(stallReport, line -> System.err.println(line));
        }
        world.run(ctx -> main.run(new Intracomm(ctx::world)));
    }
}
