package io.jmpi.internal.session;

import io.jmpi.ErrorClass;
import io.jmpi.MpiException;
import io.jmpi.internal.bootstrap.BootstrapInfo;
import io.jmpi.internal.bootstrap.LaunchEnvironment;
import io.jmpi.internal.bootstrap.Rendezvous;
import io.jmpi.internal.comm.CommCore;
import io.jmpi.internal.comm.ContextIdAllocator;
import io.jmpi.internal.p2p.MessageEngine;
import io.jmpi.internal.progress.IdleStrategy;
import io.jmpi.internal.stall.StallDetector;
import io.jmpi.serial.ObjectSerializer;
import io.jmpi.spi.PeerDirectory;
import io.jmpi.spi.Transport;
import io.jmpi.spi.TransportContext;
import io.jmpi.transport.local.LocalFabric;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;

/**
 * Everything one rank owns between init and finalize: its engine, transport, coordinator
 * connection and predefined communicators.
 */
public final class RankContext implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RankContext.class);

    /** Context ids of the predefined communicators; later communicators take ids above these. */
    static final int WORLD_P2P = 0;
    static final int WORLD_COLL = 1;
    static final int SELF_P2P = 2;
    static final int SELF_COLL = 3;

    /** Messages up to this many bytes go eagerly; {@code -Djmpi.eagerLimit=BYTES}. */
    static final long DEFAULT_EAGER_LIMIT = 64 * 1024;
    /** Rendezvous data goes in chunks of this many bytes; {@code -Djmpi.chunkBytes=BYTES}. */
    static final int DEFAULT_CHUNK = 1 << 20;

    /**
     * The interface a transport listens on: {@code -Djmpi.tcp.interface}, else
     * {@code JMPI_TCP_INTERFACE}, else the address that reaches the coordinator.
     */
    static final String TCP_INTERFACE = "jmpi.tcp.interface";
    static final String TCP_INTERFACE_ENV = "JMPI_TCP_INTERFACE";

    private final int rank;
    private final int size;
    private final MessageEngine engine;
    private final Transport transport;
    private final Rendezvous coordinator;
    private final CommCore world;
    private final CommCore self;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean aborted;

    private RankContext(int rank, int size, MessageEngine engine, Transport transport, Rendezvous coordinator) {
        this.rank = rank;
        this.size = size;
        this.engine = engine;
        this.transport = transport;
        this.coordinator = coordinator;
        ContextIdAllocator ids = new ContextIdAllocator();
        this.world = new CommCore("COMM_WORLD", engine, rank, IntStream.range(0, size).toArray(), WORLD_P2P, WORLD_COLL, ids);
        this.self = new CommCore("COMM_SELF", engine, 0, new int[] {rank}, SELF_P2P, SELF_COLL, ids);
        engine.attach(transport);
    }

    /**
     * Starts a rank as its launcher's environment describes it: connects to the coordinator,
     * opens the transport, publishes its address and waits for every rank to do the same.
     *
     * @param info who this rank is
     * @return the started rank
     */
    public static RankContext start(BootstrapInfo info) {
        MessageEngine engine = newEngine(info.rank(), info.localSize());
        if (info.coordinator() == null || info.size() == 1) {
            Transport t = Transports.find("local").open(context(info, engine, peer -> {
                throw new MpiException(ErrorClass.ERR_INTERN, "a singleton has no peers");
            }));
            return new RankContext(info.rank(), info.size(), engine, t, null);
        }
        Rendezvous coord = Rendezvous.join(info);
        Transport transport = null;
        try {
            Map<String, String> config = new HashMap<>(jmpiProperties());
            if (!config.containsKey(TCP_INTERFACE)) {
                String chosen = System.getenv(TCP_INTERFACE_ENV);
                config.put(TCP_INTERFACE, chosen != null && !chosen.isBlank() ? chosen.trim() : coord.transportInterface());
            }
            transport = Transports.find(info.transport()).open(new TransportContext(info.rank(), info.size(),
                    info.jobId(), info.secret(), engine, coord.directory(), Map.copyOf(config)));
            String address = transport.localAddress();
            coord.publish(address);
            if (LaunchEnvironment.ORIGIN_JMPIEXEC.equals(info.origin())) {
                coord.watchLauncher();
                String stall = System.getenv(StallDetector.VARIABLE);
                if (stall != null) {
                    // this jmpiexec prints stall reports: tell it when this rank is blocked
                    engine.stalls().configure(StallDetector.threshold(stall), coord.stallSink());
                }
            }
            LOG.debug("rank {} of {} started ({}), transport address {}", info.rank(), info.size(),
                    info.origin(), address);
            return new RankContext(info.rank(), info.size(), engine, transport, coord);
        } catch (RuntimeException e) {
            if (transport != null) {
                transport.close();
            }
            coord.close();
            throw e;
        }
    }

    /**
     * Starts rank {@code rank} of an in-process world.
     *
     * @param fabric the world's fabric
     * @param rank the rank
     * @return the started rank
     */
    public static RankContext startLocal(LocalFabric fabric, int rank) {
        MessageEngine engine = newEngine(rank, fabric.size());
        return new RankContext(rank, fabric.size(), engine, fabric.open(rank, engine), null);
    }

    private static MessageEngine newEngine(int rank, int localRanks) {
        return new MessageEngine(rank, new ObjectSerializer(), IdleStrategy.forLocalRanks(localRanks),
                Long.getLong("jmpi.eagerLimit", DEFAULT_EAGER_LIMIT), Integer.getInteger("jmpi.chunkBytes", DEFAULT_CHUNK));
    }

    private static TransportContext context(BootstrapInfo info, MessageEngine engine, PeerDirectory directory) {
        return new TransportContext(info.rank(), info.size(), info.jobId(), info.secret(), engine, directory,
                jmpiProperties());
    }

    private static Map<String, String> jmpiProperties() {
        Map<String, String> config = new HashMap<>();
        System.getProperties().forEach((k, v) -> {
            if (k.toString().startsWith("jmpi.")) {
                config.put(k.toString(), v.toString());
            }
        });
        return Map.copyOf(config);
    }

    public int rank() {
        return rank;
    }

    public int size() {
        return size;
    }

    /** @return this rank's point-to-point engine */
    public MessageEngine engine() {
        checkOpen();
        return engine;
    }

    public CommCore world() {
        checkOpen();
        return world;
    }

    public CommCore self() {
        checkOpen();
        return self;
    }

    public boolean isClosed() {
        return closed.get();
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new MpiException(ErrorClass.ERR_OTHER, "MPI is finalized on rank " + rank
                    + ": no MPI call may follow the session's close()");
        }
    }

    /** What {@link #abortJob} does; replaced for ranks that are threads of one JVM. */
    @FunctionalInterface
    public interface AbortHandler {
        /**
         * Ends the job.
         *
         * @param rank the rank that called abort
         * @param code the error code
         * @param message what to report
         */
        void abort(int rank, int code, String message);
    }

    private volatile AbortHandler abortHandler = (r, code, message) -> {
        System.err.println("jmpi: " + message);
        System.err.flush();
        System.out.flush();
        Runtime.getRuntime().halt(code);
    };

    /** Replaces what {@link #abortJob} does (the in-process world ends the world instead of the JVM). */
    public void onAbort(AbortHandler handler) {
        this.abortHandler = handler;
    }

    /**
     * Ends the whole job: in a process, reports and halts the JVM with {@code code} at once (the
     * launcher then ends the other ranks and exits with {@code code}).
     *
     * @param code the error code
     * @param commName the communicator abort was called on
     */
    public void abortJob(int code, String commName) {
        abortHandler.abort(rank, code, "rank " + rank + " of " + size + " called abort(" + code + ") on " + commName
                + ": ending the job");
    }

    /**
     * Fails every pending and later operation of this rank, as when the job is torn down.
     *
     * @param cause why
     */
    public void abort(MpiException cause) {
        aborted = true;
        engine.abort(cause);
    }

    /**
     * Finalizes from the JVM's shutdown hook: operations still pending in other threads fail
     * with a message that says why (the process is exiting), then the session closes as usual.
     */
    public void closeAtExit() {
        if (!closed.get()) {
            engine.abort(new MpiException(ErrorClass.ERR_OTHER, "rank " + rank + " is exiting (the JVM is"
                    + " shutting down, for example because its launcher ended the job): pending operations"
                    + " are abandoned"));
        }
        close();
    }

    /**
     * Finalizes: tells the peers this rank has talked to that it is leaving (so they can tell
     * that from a failure), flushes and closes the transport and the coordinator connection (rank 0 under a foreign
     * launcher also stops the coordinator it runs).
     * It does not wait for the other ranks: a rank that ends its session while others still
     * wait for it (an exception in one rank) must end, not hang; the others then get
     * {@code ERR_PROC_FAILED} for what they wait on from it.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        engine.stalls().configure(null, null);
        try {
            if (!aborted) {
                engine.sayGoodbye();
            }
        } finally {
            engine.abort(new MpiException(ErrorClass.ERR_OTHER, "MPI is finalized on rank " + rank));
            engine.shutdown();
            transport.close();
            if (coordinator != null) {
                coordinator.close();
            }
        }
    }
}
