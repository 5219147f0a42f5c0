package io.jmpi.internal.bootstrap;

import io.jmpi.ErrorClass;
import io.jmpi.MpiException;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One rank's connection to the job's coordinator. Thread-safe: requests are serialized.
 */
public final class CoordinatorClient implements AutoCloseable {
    private final Socket socket;
    private final DataInputStream in;
    private final DataOutputStream out;
    private final int rank;
    private final Duration timeout;

    private CoordinatorClient(Socket socket, int rank, Duration timeout) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
        this.out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
        this.rank = rank;
        this.timeout = timeout;
    }

    /**
     * Connects and authenticates, retrying until {@code timeout} while the coordinator's host
     * does not resolve, refuses or does not answer (under foreign launchers the coordinator is
     * rank 0's, which may start after the others, and its host name may appear in DNS late).
     *
     * @param address the coordinator (resolved again on each try when unresolved)
     * @param jobId the job's id
     * @param secret the job's secret
     * @param rank this rank
     * @param timeout how long to keep trying, and the limit of each later request
     * @return the connected client
     * @throws MpiException {@code ERR_TIMEOUT} when the coordinator did not answer in time;
     *     {@code ERR_OTHER} when it refused this rank or is not a jmpi coordinator
     */
    public static CoordinatorClient connect(InetSocketAddress address, String jobId, byte[] secret,
                                            int rank, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        IOException last = null;
        long pause = 20;
        while (System.nanoTime() - deadline < 0) {
            InetSocketAddress target = address.isUnresolved()
                    ? new InetSocketAddress(address.getHostString(), address.getPort()) : address;
            if (target.isUnresolved()) {
                last = new UnknownHostException(address.getHostString());
                sleep(pause);
                pause = Math.min(pause * 2, 500);
                continue;
            }
            Socket s = new Socket();
            try {
                s.setTcpNoDelay(true);
                long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
                s.connect(target, (int) Math.min(left, 10_000));
            } catch (ConnectException | NoRouteToHostException | SocketTimeoutException e) {
                last = e;
                closeQuietly(s);
                sleep(pause);
                pause = Math.min(pause * 2, 250);
                continue;
            } catch (IOException e) {
                closeQuietly(s);
                throw new MpiException(ErrorClass.ERR_OTHER, "cannot reach the job's coordinator at "
                        + address + ": " + e, e);
            }
            try {
                CoordinatorClient c = new CoordinatorClient(s, rank, timeout);
                s.setSoTimeout((int) Math.min(timeout.toMillis(), 30_000));
                c.hello(jobId, secret);
                s.setSoTimeout(0);
                return c;
            } catch (IOException e) {
                closeQuietly(s);
                throw new MpiException(ErrorClass.ERR_OTHER, "the job's coordinator at " + address
                        + " did not complete the hello (is it a jmpi coordinator?): " + e, e);
            } catch (RuntimeException e) {
                closeQuietly(s);
                throw e;
            }
        }
        throw new MpiException(ErrorClass.ERR_TIMEOUT, "the job's coordinator at " + address
                + " did not answer within " + timeout.toSeconds() + " s (rank " + rank + "): " + last, last);
    }

    /**
     * Returns the local address of the connection to the coordinator: an address of this host
     * that the coordinator's host reaches.
     *
     * @return the local address
     */
    public InetAddress localAddress() {
        return socket.getLocalAddress();
    }

    private void hello(String jobId, byte[] secret) throws IOException {
        out.writeInt(CoordinatorProtocol.MAGIC);
        out.writeShort(CoordinatorProtocol.VERSION);
        out.writeUTF(jobId);
        out.writeShort(secret.length);
        out.write(secret);
        out.writeInt(rank);
        out.flush();
        if (in.readByte() != CoordinatorProtocol.OK) {
            throw new MpiException(ErrorClass.ERR_OTHER, "the job's coordinator refused rank " + rank
                    + ": " + in.readUTF());
        }
    }

    /**
     * Publishes a value.
     *
     * @param key the key
     * @param value the value
     */
    public synchronized void put(String key, String value) {
        try {
            byte[] v = value.getBytes(StandardCharsets.UTF_8);
            out.writeByte(CoordinatorProtocol.PUT);
            out.writeUTF(key);
            out.writeInt(v.length);
            out.write(v);
            out.flush();
            expectOk("put " + key);
        } catch (IOException e) {
            throw lost(e);
        }
    }

    /**
     * Returns a value, waiting up to the start-up timeout for someone to publish it.
     *
     * @param key the key
     * @return the value
     */
    public synchronized String get(String key) {
        try {
            out.writeByte(CoordinatorProtocol.GET);
            out.writeUTF(key);
            out.writeLong(timeout.toMillis());
            out.flush();
            byte status = in.readByte();
            if (status != CoordinatorProtocol.OK) {
                throw new MpiException(ErrorClass.ERR_TIMEOUT, "nobody published '" + key
                        + "' within " + timeout.toSeconds() + " s");
            }
            byte[] v = CoordinatorProtocol.readBytes(in, in.readInt(), CoordinatorProtocol.MAX_VALUE_LENGTH, "value");
            return new String(v, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw lost(e);
        }
    }

    /**
     * Waits until every rank of the job has entered the fence {@code name}.
     *
     * @param name the fence's name, unique per use
     * @throws MpiException {@code ERR_TIMEOUT} naming the ranks that never arrived
     */
    public synchronized void fence(String name) {
        try {
            out.writeByte(CoordinatorProtocol.FENCE);
            out.writeUTF(name);
            out.writeInt(rank);
            out.writeLong(timeout.toMillis());
            out.flush();
            if (in.readByte() != CoordinatorProtocol.OK) {
                throw new MpiException(ErrorClass.ERR_TIMEOUT, "start-up timed out after "
                        + timeout.toSeconds() + " s: ranks " + in.readUTF() + " never arrived"
                        + " (raise it with -Djmpi.startupTimeout=SECONDS or JMPI_STARTUP_TIMEOUT)");
            }
        } catch (IOException e) {
            throw lost(e);
        }
    }

    /**
     * Checks that the coordinator still answers.
     *
     * @throws MpiException {@code ERR_OTHER} when the connection is lost
     */
    public synchronized void ping() {
        try {
            out.writeByte(CoordinatorProtocol.PING);
            out.flush();
            expectOk("ping");
        } catch (IOException e) {
            throw lost(e);
        }
    }

    /**
     * Tells the coordinator (the launcher) that this rank finalized normally.
     *
     * @throws MpiException {@code ERR_OTHER} when the connection is lost
     */
    public synchronized void finalized() {
        try {
            out.writeByte(CoordinatorProtocol.FINALIZED);
            out.writeInt(rank);
            out.flush();
            expectOk("finalize");
        } catch (IOException e) {
            throw lost(e);
        }
    }

    /**
     * Tells the coordinator (the launcher) that this rank is ending the whole job
     * ({@code abort}, a fatal error handler): the launcher then ends the other ranks even when
     * it lets ranks survive failures.
     *
     * @param code the exit code the rank halts with
     * @throws MpiException {@code ERR_OTHER} when the connection is lost
     */
    public synchronized void aborted(int code) {
        try {
            out.writeByte(CoordinatorProtocol.ABORTED);
            out.writeInt(rank);
            out.writeInt(code);
            out.flush();
            expectOk("abort");
        } catch (IOException e) {
            throw lost(e);
        }
    }

    /**
     * Tells the coordinator this rank's stall state (see {@link io.jmpi.internal.stall.StallDetector}).
     *
     * @param blockedMillis how long the rank has been blocked, or -1 when it runs again
     * @param waits its long waits
     * @throws MpiException {@code ERR_OTHER} when the connection is lost
     */
    public synchronized void stall(long blockedMillis, java.util.List<io.jmpi.internal.stall.PendingWait> waits) {
        StringBuilder lines = new StringBuilder();
        for (io.jmpi.internal.stall.PendingWait w : waits) {
            lines.append(w.encode()).append('\n');
        }
        byte[] b = lines.toString().getBytes(StandardCharsets.UTF_8);
        try {
            out.writeByte(CoordinatorProtocol.STALL);
            out.writeInt(rank);
            out.writeLong(blockedMillis);
            out.writeInt(b.length);
            out.write(b);
            out.flush();
            expectOk("stall");
        } catch (IOException e) {
            throw lost(e);
        }
    }

    private void expectOk(String what) throws IOException {
        if (in.readByte() != CoordinatorProtocol.OK) {
            throw new MpiException(ErrorClass.ERR_OTHER, "the job's coordinator failed: " + what);
        }
    }

    private MpiException lost(IOException e) {
        return new MpiException(ErrorClass.ERR_OTHER, "lost the connection to the job's coordinator at "
                + socket.getRemoteSocketAddress() + ": " + e, e);
    }

    @Override
    public void close() {
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MpiException(ErrorClass.ERR_OTHER, "interrupted while connecting to the coordinator");
        }
    }
}
