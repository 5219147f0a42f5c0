package io.jmpi.internal.bootstrap;

import io.jmpi.ErrorClass;
import io.jmpi.MpiException;
import io.jmpi.internal.stall.StallDetector;
import io.jmpi.spi.PeerDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * One rank's part in meeting the others at start-up: connects to the job's coordinator (and,
 * for rank 0 under a foreign launcher, runs it first), chooses the interface the rank's
 * transport listens on, publishes the transport's address and waits for every rank, and
 * checks that all ranks serialize objects alike ({@link SerialAgreement}).
 *
 * <p>Under jmpiexec the coordinator outlives the ranks, so peers' addresses are looked up
 * lazily, when a connection is first opened. When rank 0 runs the coordinator, rank 0 may
 * finalize while others still run; so every rank fetches every address at start-up, all ranks
 * then hang up, and the coordinator has no work after start-up (it still runs, idle, until
 * rank 0 finalizes).
 *
 * <p>Not thread-safe: one start-up thread calls {@link #join}, {@link #publish}; the
 * {@link #directory()} may be called from any thread.
 */
public final class Rendezvous implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Rendezvous.class);
    private static final String ADDRESSES = "transport.addresses";
    private static final String SERIAL_DIGEST = "serial.digest.";
    private static final String SERIAL_VERDICT = "serial.differing";
    private static final String SERIAL_LINES_OF_0 = "serial.registrations.0";
    private static final String SERIAL_DETAIL = "serial.difference";
    /** How long rank 0's coordinator waits at finalize for the others to hang up. */
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(5);

    private final BootstrapInfo info;
    private final CoordinatorServer server;
    private final CoordinatorClient client;
    private final Map<Integer, String> addresses = new ConcurrentHashMap<>();
    private volatile boolean clientOpen = true;

    private Rendezvous(BootstrapInfo info, CoordinatorServer server, CoordinatorClient client) {
        this.info = info;
        this.server = server;
        this.client = client;
    }

    /**
     * Joins the job: rank 0 under a foreign launcher starts the coordinator at the rendezvous
     * port; every rank connects to it, the others retrying until the start-up timeout.
     *
     * @param info who this rank is
     * @return the joined rendezvous
     * @throws MpiException {@code ERR_TIMEOUT} naming rank 0 when its coordinator never
     *     answered; {@code ERR_OTHER} when rank 0 cannot listen at the rendezvous port
     */
    public static Rendezvous join(BootstrapInfo info) {
        if (info.coordinator() == null) {
            throw new MpiException(ErrorClass.ERR_INTERN, "a singleton has no coordinator");
        }
        if (!info.hostsCoordinator()) {
            try {
                return new Rendezvous(info, null, CoordinatorClient.connect(info.coordinator(), info.jobId(),
                        info.secret(), info.rank(), info.startupTimeout()));
            } catch (MpiException e) {
                if (e.getErrorClass() == ErrorClass.ERR_TIMEOUT && info.rendezvous() != null) {
                    throw new MpiException(ErrorClass.ERR_TIMEOUT, "start-up timed out after "
                            + info.startupTimeout().toSeconds() + " s: rank 0 never arrived; it runs the job's"
                            + " coordinator at " + hostPort(info.coordinator()) + " (from " + info.rendezvous()
                            + ", " + info.origin() + "), which did not answer rank " + info.rank()
                            + ". Check that rank 0 runs on that host and the port is free and reachable"
                            + " (raise the timeout with -Djmpi.startupTimeout=SECONDS or JMPI_STARTUP_TIMEOUT)", e);
                }
                throw e;
            }
        }
        InetAddress root = resolve(info.coordinator(), info.startupTimeout());
        boolean local = isLocal(root);
        boolean spansHosts = info.localSize() < info.size();
        InetAddress bind = root.isLoopbackAddress() && !spansHosts ? root : null; // null: every interface
        if (!local) {
            LOG.warn("rank 0 runs the job's coordinator, but the rendezvous host {} (from {}) is not this"
                    + " host: the other ranks will look for it there", hostPort(info.coordinator()), info.rendezvous());
        }
        CoordinatorServer server;
        try {
            server = CoordinatorServer.start(new InetSocketAddress(bind, info.coordinator().getPort()),
                    info.jobId(), info.secret(), info.size());
        } catch (MpiException e) {
            throw new MpiException(ErrorClass.ERR_OTHER, "rank 0 cannot run the job's coordinator at port "
                    + info.coordinator().getPort() + " (from " + info.rendezvous() + ", " + info.origin()
                    + "): " + e.getMessage() + ". Is another job using the port? Choose another one", e);
        }
        try {
            InetSocketAddress self = new InetSocketAddress(local ? root : InetAddress.getLoopbackAddress(),
                    info.coordinator().getPort());
            LOG.debug("rank 0 runs the coordinator of job {} at {} ({})", info.jobId(), server.address(),
                    info.rendezvous());
            return new Rendezvous(info, server, CoordinatorClient.connect(self, info.jobId(), info.secret(),
                    info.rank(), info.startupTimeout()));
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /**
     * Chooses the address this rank's transport listens on: the local address of the
     * connection to the coordinator (an address the coordinator's host reaches); when that is a
     * loopback address but the job spans hosts, this host's first non-loopback address.
     *
     * @return a numeric address
     */
    public String transportInterface() {
        InetAddress via = client.localAddress();
        if (via == null || via.isAnyLocalAddress()) {
            return "127.0.0.1";
        }
        if (via.isLoopbackAddress() && info.localSize() < info.size()) {
            InetAddress other = firstNonLoopbackAddress();
            if (other != null) {
                return other.getHostAddress();
            }
        }
        return via.getHostAddress();
    }

    /**
     * Publishes this rank's transport address and the digest of its object serialization,
     * waits until every rank has published its own, and checks that all ranks serialize alike.
     *
     * @param address this rank's transport address, or {@code null} when its transport has none
     * @param serial this rank's serialization fingerprint
     * @throws MpiException {@code ERR_TIMEOUT} naming the ranks that never arrived;
     *     {@code ERR_OTHER} on every rank when the ranks serialize objects differently
     */
    public void publish(String address, SerialAgreement.Fingerprint serial) {
        client.put(SERIAL_DIGEST + info.rank(), serial.digest());
        if (server == null && info.rendezvous() == null) {
            if (address != null) {
                client.put(addressKey(info.rank()), address);
            }
            client.fence("init");
            agreeOnSerialization(serial);
            return;
        }
        client.put(addressKey(info.rank()), address == null ? "" : address);
        client.fence("init");
        agreeOnSerialization(serial);
        if (server != null) {
            StringBuilder all = new StringBuilder();
            for (int r = 0; r < info.size(); r++) {
                all.append(client.get(addressKey(r))).append('\n');
            }
            client.put(ADDRESSES, all.toString());
        }
        String[] lines = client.get(ADDRESSES).split("\n", -1);
        for (int r = 0; r < info.size() && r < lines.length; r++) {
            if (!lines[r].isEmpty()) {
                addresses.put(r, lines[r]);
            }
        }
        client.fence("addresses");
        closeClient();
    }

    /**
     * Rank 0 compares every rank's digest with its own and publishes the ranks that differ (none,
     * usually: one GET per rank for rank 0, one for the others). On a difference, the first
     * differing rank fetches rank 0's registrations and publishes what differs, and every rank
     * fails with that.
     */
    private void agreeOnSerialization(SerialAgreement.Fingerprint mine) {
        String verdict;
        if (info.rank() == 0) {
            List<Integer> differing = SerialAgreement.differing(info.size(),
                    r -> r == 0 ? mine.digest() : client.get(SERIAL_DIGEST + r));
            if (!differing.isEmpty()) {
                client.put(SERIAL_LINES_OF_0, joinWithin(mine.lines(), CoordinatorProtocol.MAX_VALUE_LENGTH / 4));
            }
            verdict = differing.stream().map(String::valueOf).collect(Collectors.joining(","));
            client.put(SERIAL_VERDICT, verdict);
        } else {
            verdict = client.get(SERIAL_VERDICT);
        }
        if (verdict.isEmpty()) {
            return;
        }
        List<Integer> differing = Arrays.stream(verdict.split(",")).map(Integer::valueOf).toList();
        if (info.rank() == differing.get(0)) {
            List<String> zero = Arrays.asList(client.get(SERIAL_LINES_OF_0).split("\n", -1));
            client.put(SERIAL_DETAIL, SerialAgreement.explain(differing, zero, mine.lines()));
        }
        throw new MpiException(ErrorClass.ERR_OTHER, "rank " + info.rank() + ": " + client.get(SERIAL_DETAIL));
    }

    /** Joins {@code lines} with newlines, as many as fit in {@code maxChars} characters. */
    private static String joinWithin(List<String> lines, int maxChars) {
        StringBuilder b = new StringBuilder();
        for (String line : lines) {
            if (b.length() + line.length() + 1 > maxChars) {
                break;
            }
            if (b.length() > 0) {
                b.append('\n');
            }
            b.append(line);
        }
        return b.toString();
    }

    /**
     * Returns where to find peers' transport addresses.
     *
     * @return the directory
     */
    public PeerDirectory directory() {
        return peer -> {
            String a = addresses.get(peer);
            if (a != null) {
                return a;
            }
            if (!clientOpen) {
                throw new MpiException(ErrorClass.ERR_OTHER, "rank " + peer + " published no transport address");
            }
            return addresses.computeIfAbsent(peer, p -> client.get(addressKey(p)));
        };
    }

    /**
     * Under jmpiexec: watches the connection to the launcher, so that a rank whose jmpiexec was
     * killed (even with SIGKILL) exits instead of living on as an orphan. A daemon thread pings
     * the coordinator every {@code jmpi.launcherWatchMillis} (500); when the connection is lost
     * while this rank has not finalized, it reports and halts the JVM with status 1.
     */
    public void watchLauncher() {
        long every = Long.getLong("jmpi.launcherWatchMillis", 500);
        Thread t = new Thread(() -> {
            while (clientOpen) {
                try {
                    Thread.sleep(every);
                    if (clientOpen) {
                        client.ping();
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (MpiException e) {
                    if (clientOpen) {
                        System.err.println("jmpi: rank " + info.rank() + " lost its launcher (jmpiexec ended): exiting");
                        System.err.flush();
                        Runtime.getRuntime().halt(1);
                    }
                    return;
                }
            }
        }, "jmpi-launcher-watch");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Tells the launcher that this rank is ending the whole job (it halts next); quietly
     * nothing when the coordinator cannot be told.
     *
     * @param code the exit code
     */
    public void aborted(int code) {
        if (clientOpen) {
            try {
                client.aborted(code);
            } catch (MpiException e) {
                LOG.debug("could not tell the coordinator that rank {} aborts: {}", info.rank(), e.toString());
            }
        }
    }

    /**
     * Returns where this rank's stall states go: the coordinator (jmpiexec's, which prints the
     * job's stall reports), while this rank's connection to it is open.
     *
     * @return the sink
     */
    public StallDetector.Sink stallSink() {
        return (rank, blockedMillis, waits) -> {
            if (clientOpen) {
                client.stall(blockedMillis, waits);
            }
        };
    }

    /**
     * Hangs up, telling the launcher first that this rank finalized normally; rank 0 under a
     * foreign launcher also stops the coordinator (after a short grace).
     */
    @Override
    public void close() {
        if (clientOpen) {
            try {
                client.finalized();
            } catch (MpiException e) {
                LOG.debug("could not tell the coordinator that rank {} finalized: {}", info.rank(), e.toString());
            }
        }
        closeClient();
        if (server != null) {
            server.close(CLOSE_GRACE);
        }
    }

    private void closeClient() {
        clientOpen = false;
        client.close();
    }

    private static String addressKey(int rank) {
        return "transport.address." + rank;
    }

    /** Resolves the rendezvous host, retrying until the start-up timeout (a pod's DNS name appears late). */
    private static InetAddress resolve(InetSocketAddress a, Duration timeout) {
        if (!a.isUnresolved()) {
            return a.getAddress();
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 20;
        while (true) {
            try {
                return InetAddress.getByName(a.getHostString());
            } catch (UnknownHostException e) {
                if (System.nanoTime() - deadline >= 0) {
                    throw new MpiException(ErrorClass.ERR_TIMEOUT, "rank 0 could not resolve the rendezvous host "
                            + a.getHostString() + " within " + timeout.toSeconds() + " s: " + e.getMessage(), e);
                }
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MpiException(ErrorClass.ERR_OTHER, "interrupted while resolving " + a.getHostString());
            }
            pause = Math.min(pause * 2, 500);
        }
    }

    private static boolean isLocal(InetAddress a) {
        if (a.isLoopbackAddress() || a.isAnyLocalAddress()) {
            return true;
        }
        try {
            return NetworkInterface.getByInetAddress(a) != null;
        } catch (SocketException e) {
            return false;
        }
    }

    private static InetAddress firstNonLoopbackAddress() {
        InetAddress v6 = null;
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback() || nic.isVirtual()) {
                    continue;
                }
                for (InetAddress a : Collections.list(nic.getInetAddresses())) {
                    if (a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isAnyLocalAddress()) {
                        continue;
                    }
                    if (a instanceof Inet4Address) {
                        return a;
                    }
                    if (v6 == null) {
                        v6 = a;
                    }
                }
            }
        } catch (SocketException e) {
            LOG.debug("cannot list network interfaces: {}", e.toString());
        }
        return v6;
    }

    private static String hostPort(InetSocketAddress a) {
        String host = a.getHostString();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + a.getPort();
    }
}
