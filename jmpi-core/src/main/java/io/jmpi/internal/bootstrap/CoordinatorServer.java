package io.jmpi.internal.bootstrap;

import io.jmpi.ErrorClass;
import io.jmpi.MpiException;
import io.jmpi.internal.stall.PendingWait;
import io.jmpi.internal.stall.StallWatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.security.MessageDigest;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The job's coordinator: a key-value store with fences, for start-up. Run by {@code jmpiexec},
 * or by rank 0 when another launcher started the job, or by the in-process test harness.
 *
 * <p>One daemon thread accepts, one daemon thread serves each connection; start-up traffic is a
 * few messages per rank, so blocking sockets serve it well and keep this out of any transport.
 * A connection that does not present the job's id and secret is refused and changes nothing.
 */
public final class CoordinatorServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CoordinatorServer.class);

    private final String jobId;
    private final byte[] secret;
    private final int size;
    private final ServerSocket server;
    private final Map<String, byte[]> values = new HashMap<>();
    private final Map<String, Set<Integer>> fences = new HashMap<>();
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    private volatile Listener listener = new Listener() { };
    private volatile StallWatch stallWatch;

    /**
     * What the launcher learns from the ranks. Called on the coordinator's connection threads;
     * implementations must be quick and thread-safe.
     */
    public interface Listener {
        /**
         * A rank connected and authenticated (it is an MPI program).
         *
         * @param rank the rank
         */
        default void onJoined(int rank) {
        }

        /**
         * A rank finalized (closed its session) normally.
         *
         * @param rank the rank
         */
        default void onFinalized(int rank) {
        }

        /**
         * A rank is ending the whole job ({@code abort}, a fatal error handler); it halts next.
         *
         * @param rank the rank
         * @param code the exit code it halts with
         */
        default void onAborted(int rank, int code) {
        }
    }

    /**
     * Sets who hears of ranks joining and finalizing.
     *
     * @param listener the listener
     * @return this
     */
    public CoordinatorServer listener(Listener listener) {
        this.listener = listener;
        return this;
    }
    private volatile boolean draining;

    /**
     * Gives the ranks' stall states to {@code watch}, which prints the job's stall reports; also
     * tells it when ranks join, finalize or hang up.
     *
     * @param watch the watch, or {@code null} to ignore stall states
     * @return this
     */
    public CoordinatorServer stallWatch(StallWatch watch) {
        this.stallWatch = watch;
        return this;
    }

    private CoordinatorServer(String jobId, byte[] secret, int size, ServerSocket server) {
        this.jobId = jobId;
        this.secret = secret.clone();
        this.size = size;
        this.server = server;
    }

    /**
     * Starts a coordinator.
     *
     * @param bind the address to listen on (port 0 for any free port)
     * @param jobId the job's id
     * @param secret the job's secret
     * @param size the number of ranks in the job
     * @return the running coordinator
     */
    public static CoordinatorServer start(InetSocketAddress bind, String jobId, byte[] secret, int size) {
        try {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(bind, Math.max(50, size));
            CoordinatorServer c = new CoordinatorServer(jobId, secret, size, s);
            Thread t = new Thread(c::acceptLoop, "jmpi-coordinator-accept");
            t.setDaemon(true);
            t.start();
            LOG.debug("coordinator for job {} ({} ranks) listening on {}", jobId, size, c.address());
            return c;
        } catch (IOException e) {
            throw new MpiException(ErrorClass.ERR_OTHER, "cannot start the job's coordinator on " + bind + ": " + e, e);
        }
    }

    /**
     * Returns the address the coordinator listens on.
     *
     * @return host and port
     */
    public InetSocketAddress address() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    /** @return {@code host:port} as ranks are given it in {@code JMPI_COORDINATOR} */
    public String addressString() {
        InetSocketAddress a = address();
        String host = a.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket s = server.accept();
                connections.add(s);
                Thread t = new Thread(() -> serve(s), "jmpi-coordinator-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                if (!closed && !draining) {
                    LOG.warn("coordinator stopped accepting: {}", e.toString());
                }
                return;
            }
        }
    }

    private void serve(Socket s) {
        connections.add(s);
        int joinedRank = -1;
        int finalizedRank = -1;
        try (s) {
            s.setTcpNoDelay(true);
            s.setSoTimeout(30_000); // the hello must come quickly
            DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream()));
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(s.getOutputStream()));
            int[] rankHolder = {-1};
            String refusal = hello(in, rankHolder);
            int helloRank = rankHolder[0];
            if (refusal != null) {
                LOG.warn("coordinator refused a connection from {}: {}", s.getRemoteSocketAddress(), refusal);
                out.writeByte(CoordinatorProtocol.REFUSED);
                out.writeUTF(refusal);
                out.flush();
                return;
            }
            out.writeByte(CoordinatorProtocol.OK);
            out.flush();
            s.setSoTimeout(0);
            if (helloRank >= 0) {
                joinedRank = helloRank;
                listener.onJoined(helloRank);
                StallWatch w = stallWatch;
                if (w != null) {
                    w.joined(helloRank);
                }
            }
            while (!closed) {
                byte op;
                try {
                    op = in.readByte();
                } catch (EOFException e) {
                    return;
                }
                switch (op) {
                    case CoordinatorProtocol.PUT -> {
                        String key = in.readUTF();
                        byte[] value = CoordinatorProtocol.readBytes(in, in.readInt(),
                                CoordinatorProtocol.MAX_VALUE_LENGTH, "value");
                        synchronized (this) {
                            values.put(key, value);
                            notifyAll();
                        }
                        out.writeByte(CoordinatorProtocol.OK);
                    }
                    case CoordinatorProtocol.GET -> {
                        String key = in.readUTF();
                        byte[] value = awaitValue(key, in.readLong());
                        if (value == null) {
                            out.writeByte(CoordinatorProtocol.TIMEOUT);
                        } else {
                            out.writeByte(CoordinatorProtocol.OK);
                            out.writeInt(value.length);
                            out.write(value);
                        }
                    }
                    case CoordinatorProtocol.FENCE -> {
                        String name = in.readUTF();
                        int rank = in.readInt();
                        String missing = awaitFence(name, rank, in.readLong());
                        if (missing == null) {
                            out.writeByte(CoordinatorProtocol.OK);
                        } else {
                            out.writeByte(CoordinatorProtocol.TIMEOUT);
                            out.writeUTF(missing);
                        }
                    }
                    case CoordinatorProtocol.PING -> out.writeByte(CoordinatorProtocol.OK);
                    case CoordinatorProtocol.FINALIZED -> {
                        int rank = in.readInt();
                        if (rank >= 0 && rank < size) {
                            listener.onFinalized(rank);
                            finalizedRank = rank;
                            StallWatch w = stallWatch;
                            if (w != null) {
                                w.gone(rank, "finalized");
                            }
                        }
                        out.writeByte(CoordinatorProtocol.OK);
                    }
                    case CoordinatorProtocol.ABORTED -> {
                        int rank = in.readInt();
                        int code = in.readInt();
                        if (rank >= 0 && rank < size) {
                            listener.onAborted(rank, code);
                        }
                        out.writeByte(CoordinatorProtocol.OK);
                    }
                    case CoordinatorProtocol.STALL -> {
                        int rank = in.readInt();
                        long blocked = in.readLong();
                        byte[] lines = CoordinatorProtocol.readBytes(in, in.readInt(),
                                CoordinatorProtocol.MAX_VALUE_LENGTH, "stall state");
                        onStall(rank, helloRank, blocked, lines);
                        out.writeByte(CoordinatorProtocol.OK);
                    }
                    default -> {
                        LOG.warn("coordinator closed a connection that sent unknown request {}", op);
                        return;
                    }
                }
                out.flush();
            }
        } catch (SocketException | EOFException e) {
            // the peer went away
        } catch (IOException | MpiException | InterruptedException e) {
            if (!closed) {
                LOG.warn("coordinator connection failed: {}", e.toString());
            }
        } finally {
            connections.remove(s);
            StallWatch w = stallWatch;
            if (w != null && joinedRank >= 0 && finalizedRank < 0) {
                w.gone(joinedRank, "hung up on the coordinator without finalizing");
            }
        }
    }

    private void onStall(int rank, int helloRank, long blockedMillis, byte[] lines) {
        StallWatch w = stallWatch;
        if (w == null || rank != helloRank) {
            return;
        }
        List<PendingWait> waits = new ArrayList<>();
        for (String line : new String(lines, StandardCharsets.UTF_8).split("\n")) {
            if (!line.isEmpty()) {
                try {
                    waits.add(PendingWait.decode(line));
                } catch (RuntimeException e) {
                    LOG.debug("rank {} sent a stall state that does not decode: {}", rank, e.toString());
                }
            }
        }
        w.update(rank, blockedMillis, waits);
    }

    private String hello(DataInputStream in, int[] rankOut) throws IOException {
        if (in.readInt() != CoordinatorProtocol.MAGIC) {
            return "not a jmpi coordinator client";
        }
        int version = in.readUnsignedShort();
        if (version != CoordinatorProtocol.VERSION) {
            return "coordinator protocol version " + version + " (this coordinator speaks "
                    + CoordinatorProtocol.VERSION + ")";
        }
        String job = in.readUTF();
        byte[] presented = CoordinatorProtocol.readBytes(in, in.readUnsignedShort(),
                CoordinatorProtocol.MAX_SECRET_LENGTH, "secret");
        int rank = in.readInt();
        if (!MessageDigest.isEqual(presented, secret)) {
            return "wrong secret";
        }
        if (!jobId.equals(job)) {
            return "job " + job + " is not this job";
        }
        if (rank < -1 || rank >= size) {
            return "rank " + rank + " is outside 0.." + (size - 1);
        }
        rankOut[0] = rank;
        return null;
    }

    private synchronized byte[] awaitValue(String key, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        byte[] v;
        while ((v = values.get(key)) == null && !closed) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return null;
            }
            wait(left);
        }
        return v;
    }

    private synchronized String awaitFence(String name, int rank, long timeoutMillis) throws InterruptedException {
        Set<Integer> arrived = fences.computeIfAbsent(name, k -> new TreeSet<>());
        arrived.add(rank);
        notifyAll();
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (arrived.size() < size && !closed) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                StringBuilder missing = new StringBuilder();
                for (int r = 0; r < size; r++) {
                    if (!arrived.contains(r)) {
                        missing.append(missing.length() == 0 ? "" : ",").append(r);
                    }
                }
                return missing.toString();
            }
            wait(left);
        }
        return null;
    }

    /**
     * Stops accepting, lets the ranks still connected finish and hang up for up to
     * {@code grace}, then closes every connection. Rank 0 under a foreign launcher closes its
     * coordinator this way, so that a rank reading its last answer is not cut off.
     *
     * @param grace how long to wait for connected ranks to hang up
     */
    public void close(Duration grace) {
        draining = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        long deadline = System.nanoTime() + grace.toNanos();
        while (!connections.isEmpty() && System.nanoTime() - deadline < 0) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (!connections.isEmpty()) {
            LOG.debug("closing the coordinator with {} rank(s) still connected", connections.size());
        }
        close();
    }

    /** Stops the coordinator and closes every connection. */
    @Override
    public void close() {
        closed = true;
        try {
            server.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket s : connections) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
        synchronized (this) {
            notifyAll();
        }
    }
}
