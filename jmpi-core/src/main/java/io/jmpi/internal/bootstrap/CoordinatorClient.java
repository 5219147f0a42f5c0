package io.jmpi.internal.bootstrap;

import io.jmpi.ErrorClass;
import io.jmpi.MpiException;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
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
     * Connects and authenticates, retrying refused connections until {@code timeout} (the
     * coordinator may start after the ranks under foreign launchers).
     *
     * @param address the coordinator
     * @param jobId the job's id
     * @param secret the job's secret
     * @param rank this rank
     * @param timeout how long to keep trying, and the limit of each later request
     * @return the connected client
     */
    public static CoordinatorClient connect(InetSocketAddress address, String jobId, byte[] secret,
                                            int rank, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        IOException last = null;
        while (System.nanoTime() - deadline < 0) {
            Socket s = new Socket();
            try {
                s.setTcpNoDelay(true);
                s.connect(address, (int) Math.max(1, Math.min(timeout.toMillis(), 10_000)));
                CoordinatorClient c = new CoordinatorClient(s, rank, timeout);
                c.hello(jobId, secret);
                return c;
            } catch (ConnectException e) {
                last = e;
                closeQuietly(s);
                sleep(50);
            } catch (IOException e) {
                closeQuietly(s);
                throw new MpiException(ErrorClass.ERR_OTHER, "cannot reach the job's coordinator at "
                        + address + ": " + e, e);
            } catch (RuntimeException e) {
                closeQuietly(s);
                throw e;
            }
        }
        throw new MpiException(ErrorClass.ERR_TIMEOUT, "the job's coordinator at " + address
                + " did not answer within " + timeout.toSeconds() + " s (rank " + rank + "): " + last, last);
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
