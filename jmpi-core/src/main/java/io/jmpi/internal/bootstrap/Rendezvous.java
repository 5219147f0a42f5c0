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
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One rank's part in meeting the others at start-up: connects to the job's coordinator (and,
 * for rank 0 under a foreign launcher, runs it first), chooses the interface the rank's
 * transport listens on, publishes the transport's address and waits for every rank.
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
     * Publishes this rank's transport address and waits until every rank has published its own.
     *
     * @param address this rank's transport address, or {@code null} when its transport has none
     * @throws MpiException {@code ERR_TIMEOUT} naming the ranks that never arrived
     */
    public void publish(String address) {
        if (server == null && info.rendezvous() == null) {
            if (address != null) {
                client.put(addressKey(info.rank()), address);
            }
            client.fence("init");
            return;
        }
        client.put(addressKey(info.rank()), address == null ? "" : address);
        client.fence("init");
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
