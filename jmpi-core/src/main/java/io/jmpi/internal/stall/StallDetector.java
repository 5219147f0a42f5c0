package io.jmpi.internal.stall;

import io.jmpi.ErrorClass;
import io.jmpi.MpiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URL;
import java.security.CodeSource;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One rank's view of its own long waits: which of its threads wait in which MPI call, once a
 * wait has lasted the stall threshold, and whether the rank as a whole is blocked (a user
 * thread's wait passed the threshold). Tells its {@link Sink} when the rank becomes blocked,
 * when the set of long waits changes while it is, and when it runs again.
 *
 * <p>Waiting threads call {@link #thresholdNanos()} once per wait and compare it with the time
 * waited on each idle pass: nothing is allocated or recorded until the threshold passes. Then
 * {@link #enter} (on the waiting thread, which names the call from its own stack) and
 * {@link #exit} record and remove the wait. Thread-safe; the sink is called with this
 * detector's lock held, so updates arrive in order.
 */
public final class StallDetector {
    private static final Logger LOG = LoggerFactory.getLogger(StallDetector.class);
    /** A peer to find from its job rank (a send knows only its destination's job rank). */
    public static final int PEER_FROM_WORLD = Integer.MIN_VALUE;
    /** The system property of the threshold, in seconds (fractions allowed; 0 turns reports off). */
    public static final String PROPERTY = "jmpi.stallSeconds";
    /** The environment variable of the threshold when the property is not set (jmpiexec sets it). */
    public static final String VARIABLE = "JMPI_STALL_SECONDS";
    /** The threshold when neither is set. */
    public static final Duration DEFAULT_THRESHOLD = Duration.ofSeconds(30);
    /** At most this many waits of one rank are reported. */
    static final int MAX_REPORTED = 16;

    private static final ThreadLocal<Boolean> BACKGROUND = new ThreadLocal<>();
    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);
    private static final URL CORE = location(StallDetector.class);
    private static final ClassValue<Boolean> IN_CORE = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            return CORE != null ? CORE.equals(location(type)) : type.getName().startsWith("io.jmpi.");
        }
    };

    /** Where a rank's state goes: the job's {@link StallWatch}, directly or through the coordinator. */
    @FunctionalInterface
    public interface Sink {
        /**
         * The rank's state changed. Called with the detector's lock held: must be quick and must
         * not wait for MPI.
         *
         * @param rank the rank (in the job)
         * @param blockedMillis how long the rank has been blocked, or -1 when it runs again
         * @param waits its long waits, user threads' first (empty when it runs)
         */
        void update(int rank, long blockedMillis, List<PendingWait> waits);
    }

    /** A communicator as stall reports name it (implemented by the engine's communicators). */
    public interface Communicator {
        /** @return its name ({@code COMM_WORLD} ...) */
        String name();

        /**
         * @param worldRank a job rank
         * @return that rank's rank in this communicator (the remote group's, for an
         *     intercommunicator), or -1 when it is not a member
         */
        int rankOf(int worldRank);

        /**
         * @param tag a tag of this communicator's collective context
         * @return the collective operation the tag belongs to ({@code bcast})
         */
        String collectiveOperation(int tag);

        /**
         * @param tag a tag of this communicator's collective context
         * @return the collective call's number on this communicator
         */
        int collectiveSequence(int tag);
    }

    private record Registered(Communicator comm, boolean collective) {
    }

    /** A recorded wait; given back to {@link #exit}. */
    public static final class Entry {
        private final PendingWait wait;
        private final long startNanos;

        private Entry(PendingWait wait, long startNanos) {
            this.wait = wait;
            this.startNanos = startNanos;
        }
    }

    private final int rank;
    private final Map<Integer, Registered> contexts = new ConcurrentHashMap<>();
    private volatile long thresholdNanos = Long.MAX_VALUE;
    private final List<Entry> entries = new ArrayList<>(); // guarded by this
    private Sink sink; // guarded by this
    private boolean blockedSent; // guarded by this

    /**
     * @param rank the rank (in the job) this detector watches
     */
    public StallDetector(int rank) {
        this.rank = rank;
    }

    /**
     * Returns the configured threshold: {@value #PROPERTY}, else {@code variable}, else
     * {@link #DEFAULT_THRESHOLD}.
     *
     * @param variable the value of {@value #VARIABLE}, or {@code null}
     * @return the threshold; zero when reports are off
     * @throws MpiException {@code ERR_ARG} when the value is not a number of seconds
     */
    public static Duration threshold(String variable) {
        String p = System.getProperty(PROPERTY);
        if (p != null && !p.isBlank()) {
            return parseSeconds(PROPERTY, p);
        }
        if (variable != null && !variable.isBlank()) {
            return parseSeconds(VARIABLE, variable);
        }
        return DEFAULT_THRESHOLD;
    }

    /**
     * Parses a threshold in seconds.
     *
     * @param name where the value comes from, for the message
     * @param value the value: seconds, fractions allowed, 0 for off
     * @return the threshold
     * @throws MpiException {@code ERR_ARG} when it is not a number of seconds &gt;= 0
     */
    public static Duration parseSeconds(String name, String value) {
        try {
            double s = Double.parseDouble(value.trim());
            if (s >= 0 && s < 1e9) {
                return Duration.ofMillis(Math.round(s * 1000));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new MpiException(ErrorClass.ERR_ARG, name + " '" + value + "' is not a number of seconds >= 0"
                + " (0 turns stall reports off)");
    }

    /**
     * Turns reporting on (or off).
     *
     * @param threshold how long a wait lasts before it is recorded; zero or negative turns it off
     * @param sink where the rank's state goes, or {@code null} for nowhere
     */
    public void configure(Duration threshold, Sink sink) {
        synchronized (this) {
            this.sink = sink;
            blockedSent = false;
        }
        thresholdNanos = threshold == null || threshold.isZero() || threshold.isNegative() || sink == null
                ? Long.MAX_VALUE : threshold.toNanos();
    }

    /** @return how long a wait lasts before it is recorded; {@code Long.MAX_VALUE} when off */
    public long thresholdNanos() {
        return thresholdNanos;
    }

    /**
     * Marks the calling thread as jmpi's own (a nonblocking collective's): its waits are shown
     * but do not make the rank blocked.
     *
     * @param background whether it is
     */
    public static void markBackground(boolean background) {
        if (background) {
            BACKGROUND.set(Boolean.TRUE);
        } else {
            BACKGROUND.remove();
        }
    }

    /**
     * Names a context id for reports.
     *
     * @param context the context id
     * @param comm its communicator
     * @param collective whether it is the communicator's collective context
     */
    public void register(int context, Communicator comm, boolean collective) {
        contexts.put(context, new Registered(comm, collective));
    }

    /**
     * Forgets a context id, if {@code comm} still holds it.
     *
     * @param context the context id
     * @param comm the communicator that held it
     */
    public void unregister(int context, Communicator comm) {
        contexts.computeIfPresent(context, (k, r) -> r.comm() == comm ? null : r);
    }

    /**
     * Describes a wait of the calling thread (naming the MPI call from its stack).
     *
     * @param kind what it waits for
     * @param context the context id, or -1
     * @param peer the peer's communicator rank, {@link PendingWait#ANY}, {@link PendingWait#NONE}
     *     or {@link #PEER_FROM_WORLD}
     * @param peerWorld the peer's job rank, or -1
     * @param tag the tag, {@link PendingWait#ANY} or {@link PendingWait#NONE}
     * @param detail what an {@link PendingWait.Kind#OTHER} wait waits for
     * @param waitedNanos how long it has lasted
     * @return the description
     */
    public PendingWait describe(PendingWait.Kind kind, int context, int peer, int peerWorld, int tag, String detail,
                                long waitedNanos) {
        Registered r = context < 0 ? null : contexts.get(context);
        String comm = r != null ? r.comm().name() : context < 0 ? null : "the communicator of context " + context;
        String collective = null;
        int sequence = -1;
        if (r != null && r.collective() && tag >= 0) {
            collective = r.comm().collectiveOperation(tag);
            sequence = r.comm().collectiveSequence(tag);
            tag = PendingWait.NONE;
        }
        if (peer == PEER_FROM_WORLD) {
            peer = r != null ? r.comm().rankOf(peerWorld) : -1;
            if (peer < 0) {
                peer = peerWorld;
            }
        }
        Thread me = Thread.currentThread();
        return new PendingWait(kind, callName(), comm, peer, peerWorld, tag, collective, sequence, detail,
                waitedNanos / 1_000_000, Boolean.TRUE.equals(BACKGROUND.get()), me.getName());
    }

    /**
     * Records a wait of the calling thread that has lasted the threshold.
     *
     * @param wait its description
     * @param waitedNanos how long it has lasted
     * @return the entry to give to {@link #exit} when the wait ends
     */
    public Entry enter(PendingWait wait, long waitedNanos) {
        Entry e = new Entry(wait, System.nanoTime() - waitedNanos);
        synchronized (this) {
            entries.add(e);
            if (!wait.background() || blockedSent) {
                publish();
            }
        }
        return e;
    }

    /**
     * Removes a wait that ended.
     *
     * @param entry what {@link #enter} returned
     */
    public void exit(Entry entry) {
        synchronized (this) {
            entries.remove(entry);
            if (blockedSent) {
                publish();
            }
        }
    }

    /**
     * Returns this rank's recorded waits now (user threads' first, longest first).
     *
     * @return the waits
     */
    public synchronized List<PendingWait> pending() {
        return snapshot(System.nanoTime());
    }

    private List<PendingWait> snapshot(long now) {
        List<Entry> sorted = new ArrayList<>(entries);
        sorted.sort(Comparator.<Entry>comparingInt(e -> e.wait.background() ? 1 : 0).thenComparingLong(e -> e.startNanos));
        List<PendingWait> out = new ArrayList<>();
        for (Iterator<Entry> it = sorted.iterator(); it.hasNext() && out.size() < MAX_REPORTED; ) {
            Entry e = it.next();
            out.add(e.wait.waited((now - e.startNanos) / 1_000_000));
        }
        return out;
    }

    /** Sends the rank's state to the sink; called with the lock held. */
    private void publish() {
        long now = System.nanoTime();
        boolean blocked = false;
        long since = 0;
        for (Entry e : entries) {
            if (!e.wait.background() && (!blocked || e.startNanos - since < 0)) {
                since = e.startNanos;
                blocked = true;
            }
        }
        if (!blocked) {
            if (blockedSent) {
                blockedSent = false;
                send(-1, List.of());
            }
            return;
        }
        blockedSent = true;
        send((now - since) / 1_000_000, snapshot(now));
    }

    private void send(long blockedMillis, List<PendingWait> waits) {
        Sink s = sink;
        if (s == null) {
            return;
        }
        try {
            s.update(rank, blockedMillis, waits);
        } catch (RuntimeException e) {
            LOG.debug("rank {}: could not report its waits: {}", rank, e.toString());
        }
    }

    /**
     * Names the API call the calling thread waits in: the outermost {@code io.jmpi} frame of
     * jmpi's own code before the caller's ({@code Comm.recv}), or {@code null} when none.
     */
    static String callName() {
        return WALKER.walk(frames -> {
            String call = null;
            for (Iterator<StackWalker.StackFrame> it = frames.iterator(); it.hasNext(); ) {
                StackWalker.StackFrame f = it.next();
                Class<?> c = f.getDeclaringClass();
                if (!IN_CORE.get(c)) {
                    break;
                }
                if (c.getPackageName().equals("io.jmpi") && !f.getMethodName().startsWith("lambda$")) {
                    Class<?> top = c;
                    while (top.getEnclosingClass() != null) {
                        top = top.getEnclosingClass();
                    }
                    call = top.getSimpleName() + "." + f.getMethodName();
                }
            }
            return call;
        });
    }

    private static URL location(Class<?> c) {
        try {
            CodeSource cs = c.getProtectionDomain().getCodeSource();
            return cs == null ? null : cs.getLocation();
        } catch (SecurityException e) {
            return null;
        }
    }

    @Override
    public String toString() {
        long t = thresholdNanos;
        return "StallDetector[rank " + rank + ", " + (t == Long.MAX_VALUE ? "off" : Duration.ofNanos(t)) + "]";
    }
}
