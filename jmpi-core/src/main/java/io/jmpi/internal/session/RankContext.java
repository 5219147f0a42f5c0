package io.jmpi.internal.session;

import io.jmpi.ErrorClass;
import io.jmpi.MpiException;
import io.jmpi.internal.bootstrap.BootstrapInfo;
import io.jmpi.internal.bootstrap.LaunchEnvironment;
import io.jmpi.internal.bootstrap.Rendezvous;
import io.jmpi.internal.bootstrap.SerialAgreement;
import io.jmpi.internal.comm.CommCore;
import io.jmpi.internal.comm.ContextIdAllocator;
import io.jmpi.internal.p2p.MessageEngine;
import io.jmpi.internal.progress.IdleStrategy;
import io.jmpi.internal.stall.StallDetector;
import io.jmpi.serial.ClassRegistry;
import io.jmpi.serial.ObjectSerializer;
import io.jmpi.spi.PeerDirectory;
import io.jmpi.spi.Transport;
import io.jmpi.spi.TransportContext;
import io.jmpi.transport.local.LocalFabric;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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

    /**
     * The error handler of COMM_WORLD and COMM_SELF: {@code -Djmpi.errors=return|fatal|abort}
     * (mpi4py's {@code mpi4py.rc.errors}; {@code exception} is taken for {@code return}).
     */
    static final String ERRORS = "jmpi.errors";

    private final int rank;
    private final int size;
    private final MessageEngine engine;
    private final ObjectSerializer serializer;
    private final Transport transport;
    private final Rendezvous coordinator;
    private final CommCore world;
    private final CommCore self;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile SerialAgreement.Fingerprint fingerprint;
    private volatile boolean aborted;

    private RankContext(int rank, int size, MessageEngine engine, ObjectSerializer serializer, Transport transport,
                        Rendezvous coordinator) {
        this.rank = rank;
        this.size = size;
        this.engine = engine;
        this.serializer = serializer;
        this.transport = transport;
        this.coordinator = coordinator;
        ContextIdAllocator ids = new ContextIdAllocator();
        this.world = new CommCore("COMM_WORLD", engine, rank, IntStream.range(0, size).toArray(), WORLD_P2P, WORLD_COLL, ids);
        this.self = new CommCore("COMM_SELF", engine, 0, new int[] {rank}, SELF_P2P, SELF_COLL, ids);
        io.jmpi.Errhandler errors = switch (initialErrors()) {
            case "fatal" -> io.jmpi.Errhandler.ERRORS_ARE_FATAL;
            case "abort" -> io.jmpi.Errhandler.ERRORS_ABORT;
            default -> io.jmpi.Errhandler.ERRORS_RETURN;
        };
        world.errhandler(errors);
        self.errhandler(errors);
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
        return start(info, ClassRegistry.ofProcess());
    }

    /**
     * Starts a rank as {@link #start(BootstrapInfo)} does, with the classes it registers for
     * object messages; start-up fails on every rank if the ranks' registrations differ.
     *
     * @param info who this rank is
     * @param registry the registered classes and whether only they may travel
     * @return the started rank
     */
    public static RankContext start(BootstrapInfo info, ClassRegistry registry) {
        initialErrors(); // a wrong value fails at start-up, not at the first error
        ObjectSerializer serializer = new ObjectSerializer(registry);
        MessageEngine engine = newEngine(info.rank(), info.localSize(), serializer);
        if (info.coordinator() == null || info.size() == 1) {
            Transport t = Transports.find("local").open(context(info, engine, peer -> {
                throw new MpiException(ErrorClass.ERR_INTERN, "a singleton has no peers");
            }));
            return new RankContext(info.rank(), info.size(), engine, serializer, t, null);
        }
        // Kryo's start-up (class loading, registrations: when the user registered classes) overlaps
        // joining and opening the transport
        CompletableFuture<SerialAgreement.Fingerprint> serial = CompletableFuture.supplyAsync(
                () -> SerialAgreement.Fingerprint.of(serializer.agreement()));
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
            coord.publish(address, joined(serial));
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
            return new RankContext(info.rank(), info.size(), engine, serializer, transport, coord);
        } catch (RuntimeException e) {
            if (transport != null) {
                transport.close();
            }
            coord.close();
            throw e;
        }
    }

    private static <T> T joined(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
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
        return startLocal(fabric, rank, ClassRegistry.ofProcess());
    }

    /**
     * Starts rank {@code rank} of an in-process world with the classes it registers for object
     * messages. The ranks' registrations are compared by whoever starts the world
     * ({@link ThreadWorld}), with {@link #serialFingerprint()}.
     *
     * @param fabric the world's fabric
     * @param rank the rank
     * @param registry the registered classes and whether only they may travel
     * @return the started rank
     */
    public static RankContext startLocal(LocalFabric fabric, int rank, ClassRegistry registry) {
        initialErrors();
        ObjectSerializer serializer = new ObjectSerializer(registry);
        MessageEngine engine = newEngine(rank, fabric.size(), serializer);
        return new RankContext(rank, fabric.size(), engine, serializer, fabric.open(rank, engine), null);
    }

    private static MessageEngine newEngine(int rank, int localRanks, ObjectSerializer serializer) {
        return new MessageEngine(rank, serializer, IdleStrategy.forLocalRanks(localRanks),
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

    /**
     * Reads {@code -Djmpi.errors}.
     *
     * @return {@code return} (also when unset), {@code fatal} or {@code abort}
     * @throws MpiException {@code ERR_ARG} for another value
     */
    public static String initialErrors() {
        String v = System.getProperty(ERRORS);
        if (v == null || v.isBlank()) {
            return "return";
        }
        String mode = v.trim().toLowerCase(java.util.Locale.ROOT);
        switch (mode) {
            case "return", "exception":
                return "return";
            case "fatal", "abort":
                return mode;
            default:
                throw new MpiException(ErrorClass.ERR_ARG, "-D" + ERRORS + "=" + v
                        + " is not an error handler: use return, fatal or abort");
        }
    }

    public int rank() {
        return rank;
    }

    /** @return this rank's object serialization: its mode and registrations, fingerprinted */
    public SerialAgreement.Fingerprint serialFingerprint() {
        SerialAgreement.Fingerprint f = fingerprint;
        if (f == null) {
            f = SerialAgreement.Fingerprint.of(serializer.agreement());
            fingerprint = f;
        }
        return f;
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

    private volatile AbortHandler abortHandler = this::haltJob;

    /** Ends the job from a process: tells the launcher, reports, halts the JVM with {@code code}. */
    private void haltJob(int r, int code, String message) {
        if (coordinator != null) {
            coordinator.aborted(code); // so a launcher that lets ranks survive failures still ends the job
        }
        System.err.println("jmpi: " + message);
        System.err.flush();
        System.out.flush();
        Runtime.getRuntime().halt(code);
    }

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
     * Ends the whole job as {@link #abortJob} does, with {@code message} as the report (an error
     * under {@code ERRORS_ARE_FATAL}).
     *
     * @param code the exit code
     * @param message what to report (one line)
     */
    public void endJob(int code, String message) {
        abortHandler.abort(rank, code, message);
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
