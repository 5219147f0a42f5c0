package io.jmpi.transport.netty;

import io.jmpi.ErrorClass;
import io.jmpi.MpiException;
import io.jmpi.spi.TransportContext;

import java.util.Locale;

/**
 * The {@code jmpi.tcp.*} settings of one transport, read once when it opens.
 *
 * @param io which I/O mechanism: {@code epoll}, {@code nio} or {@code auto}
 * @param progress who drives the sockets: {@code caller} (the rank's waiting threads) or
 *     {@code threads} (Netty event-loop threads)
 * @param bindHost the interface to listen on (chosen by core at start-up unless the user set it)
 * @param ioThreads the number of event-loop threads
 * @param maxFrameBytes the largest frame accepted from an authenticated peer, in bytes
 * @param connectTimeoutMillis how long a first send waits for its connection to be accepted
 * @param handshakeTimeoutMillis how long an accepted connection may take to present its handshake
 * @param sendTimeoutMillis how long a send waits for a congested connection to drain
 * @param heartbeatMillis how often an empty frame is sent on each connection (0: never)
 * @param heartbeatTimeoutMillis how long a peer may send nothing before it is lost
 * @param tlsKeystore the job's keystore when connections use TLS (a path, or {@code base64:}
 *     and the keystore's bytes), else {@code null}
 * @param tlsPassword the keystore's password, or {@code null}
 * @param tlsSource where the keystore came from ({@code jmpi.tcp.tlsKeystore} or
 *     {@code JMPI_TLS_KEYSTORE}), for messages
 */
record TcpConfig(String io, String progress, String bindHost, int ioThreads, int maxFrameBytes,
                 long connectTimeoutMillis, long handshakeTimeoutMillis, long sendTimeoutMillis,
                 long heartbeatMillis, long heartbeatTimeoutMillis,
                 String tlsKeystore, String tlsPassword, String tlsSource) {

    static final String IO = "jmpi.tcp.io";
    static final String PROGRESS = "jmpi.tcp.progress";
    static final String PROGRESS_CALLER = "caller";
    static final String PROGRESS_THREADS = "threads";
    static final String INTERFACE = "jmpi.tcp.interface";
    static final String IO_THREADS = "jmpi.tcp.ioThreads";
    static final String MAX_FRAME_BYTES = "jmpi.tcp.maxFrameBytes";
    static final String CONNECT_TIMEOUT = "jmpi.tcp.connectTimeoutMs";
    static final String HANDSHAKE_TIMEOUT = "jmpi.tcp.handshakeTimeoutMs";
    static final String SEND_TIMEOUT = "jmpi.tcp.sendTimeoutMs";
    static final String HEARTBEAT = "jmpi.tcp.heartbeatMs";
    static final String HEARTBEAT_TIMEOUT = "jmpi.tcp.heartbeatTimeoutMs";
    static final String TLS = "jmpi.tcp.tls";
    static final String TLS_KEYSTORE = "jmpi.tcp.tlsKeystore";
    static final String TLS_PASSWORD = "jmpi.tcp.tlsPassword";
    /** The keystore when {@link #TLS_KEYSTORE} is not set (jmpiexec --tls sets it; core's JobKeys names it too). */
    static final String TLS_KEYSTORE_VARIABLE = "JMPI_TLS_KEYSTORE";
    /** The keystore's password when {@link #TLS_PASSWORD} is not set. */
    static final String TLS_PASSWORD_VARIABLE = "JMPI_TLS_PASSWORD";

    /** A frame's length prefix is an int and counts in the decoder's limit: 2 GiB - 1 - 4. */
    static final int LARGEST_FRAME = Integer.MAX_VALUE - Integer.BYTES;

    static TcpConfig from(TransportContext ctx) {
        String io = ctx.config(IO, "auto").trim().toLowerCase(Locale.ROOT);
        if (!io.equals("auto") && !io.equals("epoll") && !io.equals("nio")) {
            throw badValue(IO, io, "epoll, nio or auto");
        }
        String progress = ctx.config(PROGRESS, PROGRESS_CALLER).trim().toLowerCase(Locale.ROOT);
        if (!progress.equals(PROGRESS_CALLER) && !progress.equals(PROGRESS_THREADS)) {
            throw badValue(PROGRESS, progress, "caller or threads");
        }
        String host = ctx.config(INTERFACE, "127.0.0.1").trim();
        int threads = (int) number(ctx, IO_THREADS, 1, 1, 64);
        int maxFrame = (int) Math.min(number(ctx, MAX_FRAME_BYTES, Integer.MAX_VALUE, 1, Integer.MAX_VALUE),
                LARGEST_FRAME);
        String keystore = ctx.config(TLS_KEYSTORE, null);
        String source = TLS_KEYSTORE;
        if (keystore == null || keystore.isBlank()) {
            keystore = System.getenv(TLS_KEYSTORE_VARIABLE);
            source = TLS_KEYSTORE_VARIABLE;
        }
        String password = ctx.config(TLS_PASSWORD, null);
        if (password == null) {
            password = System.getenv(TLS_PASSWORD_VARIABLE);
        }
        boolean hasKeystore = keystore != null && !keystore.isBlank();
        String tls = ctx.config(TLS, hasKeystore ? "true" : "false").trim().toLowerCase(Locale.ROOT);
        if (!tls.equals("true") && !tls.equals("false")) {
            throw badValue(TLS, tls, "true or false");
        }
        if (tls.equals("true") && !hasKeystore) {
            throw new MpiException(ErrorClass.ERR_ARG, TLS + " is true but no keystore is given: set "
                    + TLS_KEYSTORE + " or " + TLS_KEYSTORE_VARIABLE + " (jmpiexec --tls makes one per job)");
        }
        boolean on = tls.equals("true");
        long heartbeat = number(ctx, HEARTBEAT, 1_000, 0, Integer.MAX_VALUE);
        long heartbeatTimeout = number(ctx, HEARTBEAT_TIMEOUT, 3_000, 1, Long.MAX_VALUE);
        return new TcpConfig(io, progress, host, threads, maxFrame,
                number(ctx, CONNECT_TIMEOUT, 30_000, 1, Long.MAX_VALUE),
                number(ctx, HANDSHAKE_TIMEOUT, 10_000, 1, Long.MAX_VALUE),
                number(ctx, SEND_TIMEOUT, 60_000, 1, Long.MAX_VALUE),
                heartbeat, Math.max(heartbeatTimeout, 2 * heartbeat),
                on ? keystore.trim() : null, on ? password : null, on ? source : null);
    }

    /** @return whether connections use TLS */
    boolean tls() {
        return tlsKeystore != null;
    }

    /** The settings, without the keystore's contents and password. */
    @Override
    public String toString() {
        return "TcpConfig[io=" + io + ", progress=" + progress + ", bindHost=" + bindHost + ", ioThreads=" + ioThreads
                + ", maxFrameBytes=" + maxFrameBytes + ", connectTimeoutMillis=" + connectTimeoutMillis + ", handshakeTimeoutMillis="
                + handshakeTimeoutMillis + ", sendTimeoutMillis=" + sendTimeoutMillis + ", heartbeatMillis="
                + heartbeatMillis + ", heartbeatTimeoutMillis=" + heartbeatTimeoutMillis + ", tls="
                + (tls() ? "on (" + tlsSource + ")" : "off") + "]";
    }

    private static long number(TransportContext ctx, String key, long defaultValue, long min, long max) {
        String text = ctx.config(key, null);
        if (text == null) {
            return defaultValue;
        }
        try {
            long value = Long.parseLong(text.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw badValue(key, text, "an integer in " + min + ".." + max);
    }

    private static MpiException badValue(String key, String value, String valid) {
        return new MpiException(ErrorClass.ERR_ARG, key + " is '" + value + "'; valid: " + valid);
    }
}
