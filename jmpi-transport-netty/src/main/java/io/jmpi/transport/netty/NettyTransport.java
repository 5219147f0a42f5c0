package io.jmpi.transport.netty;

import io.jmpi.ErrorClass;
import io.jmpi.MpiException;
import io.jmpi.spi.FrameListener;
import io.jmpi.spi.Handshake;
import io.jmpi.spi.Transport;
import io.jmpi.spi.TransportContext;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The TCP transport of one rank, on Netty 4.2: frames travel as a little-endian {@code int}
 * length followed by the bytes, over one TCP connection per pair of ranks.
 *
 * <p><b>Connections.</b> A rank listens (port 0 of {@code jmpi.tcp.interface}) before it is
 * opened, and connects to a peer on the first {@link #send} to it: it looks up the peer's
 * address on the sending thread, connects and presents the job's {@link Handshake}. The peer
 * checks it and answers with one byte; until then the sender waits (bounded by
 * {@code jmpi.tcp.connectTimeoutMs}). A connection that presents no valid handshake is closed
 * and logged; before its handshake a connection may not declare a frame longer than
 * {@link Handshake#MAX_LENGTH}, so a stranger cannot make a rank allocate.
 *
 * <p>Each pair of ranks uses <em>one</em> connection in both directions. When both ranks
 * connect to each other at once, the connection opened by the lower rank wins and the other
 * is answered "duplicate" and closed (see {@link PeerConnection}). No frame is sent on a
 * connection before it is settled, so the frames of one peer always reach the
 * {@link FrameListener} over a single connection, in the order they were written.
 *
 * <p><b>Threading.</b> {@link #send} may be called from any thread, concurrently; frames that
 * one thread sends to one peer arrive in order. It blocks while the connection is being
 * opened and while the connection is congested (bounded by {@code jmpi.tcp.sendTimeoutMs}),
 * so outbound memory stays bounded. By default ({@code jmpi.tcp.progress=caller}) the rank's
 * waiting threads drive the sockets themselves through {@link #poll()} and
 * {@link #awaitProgress(long)}, and a sending thread writes straight to the socket
 * ({@link SharedLoopProgress}); inbound frames and lost peers are reported to the listener on
 * whichever thread drives, one call at a time. With {@code jmpi.tcp.progress=threads} they are
 * reported on Netty event-loop threads instead ({@link LoopThreadsProgress}). A connection to
 * an authenticated peer that ends while this transport is open is reported with
 * {@link FrameListener#onPeerLost}.
 *
 * <p><b>Configuration</b> (from {@link TransportContext#config}): {@code jmpi.tcp.io}
 * ({@code auto}, {@code epoll}, {@code nio}), {@code jmpi.tcp.progress} ({@code caller},
 * {@code threads}), {@code jmpi.tcp.interface} (core passes the
 * address that reaches the coordinator unless the user sets one; {@code 127.0.0.1} without it), {@code jmpi.tcp.ioThreads} (1, for {@code threads}), {@code jmpi.tcp.maxFrameBytes}
 * (2 GiB - 5), {@code jmpi.tcp.connectTimeoutMs} (30 000), {@code jmpi.tcp.handshakeTimeoutMs}
 * (10 000), {@code jmpi.tcp.sendTimeoutMs} (60 000), {@code jmpi.tcp.heartbeatMs} (1 000; 0 turns
 * heartbeats off), {@code jmpi.tcp.heartbeatTimeoutMs} (3 000, at least twice the interval); TLS
 * with {@code jmpi.tcp.tlsKeystore}, {@code jmpi.tcp.tlsPassword} (or {@code JMPI_TLS_KEYSTORE},
 * {@code JMPI_TLS_PASSWORD}) and {@code jmpi.tcp.tls} (see {@link TlsSupport}).
 */
public final class NettyTransport implements Transport {
    private static final Logger LOG = LoggerFactory.getLogger(NettyTransport.class);
    private static final long CLOSE_WAIT_MILLIS = 2_000;

    private final TransportContext context;
    private final TcpConfig config;
    private final IoMode io;
    private final TlsSupport tls;
    private final Progress progress;
    private final Channel server;
    private final String localAddress;
    private final ConcurrentHashMap<Integer, PeerConnection> peers = new ConcurrentHashMap<>();
    private final Set<Channel> channels = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean closed = new AtomicBoolean();

    private NettyTransport(TransportContext context, TcpConfig config, IoMode io, Progress progress) {
        this.context = context;
        this.config = config;
        this.io = io;
        this.tls = TlsSupport.of(config);
        this.progress = progress;
        InetAddress bindAddress = resolve(config.bindHost());
        ChannelFuture bound = new ServerBootstrap()
                .group(progress.group())
                .channel(io.serverChannel())
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark())
                .childOption(ChannelOption.RCVBUF_ALLOCATOR, FrameReads.sizes())
                .childHandler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        track(ch);
                        FrameDecoder decoder = new FrameDecoder(Handshake.MAX_LENGTH);
                        if (tls != null) {
                            ch.pipeline().addLast(tls.handler(ch, true));
                        } else {
                            ch.config().setRecvByteBufAllocator(new FrameReads(decoder));
                        }
                        ch.pipeline().addLast(decoder,
                                new AcceptorHandshakeHandler(NettyTransport.this, decoder));
                    }
                })
                .bind(new InetSocketAddress(bindAddress, 0));
        progress.driveUntil(bound::isDone, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.connectTimeoutMillis()));
        if (!bound.isSuccess()) {
            throw new MpiException(ErrorClass.ERR_OTHER, "rank " + context.rank() + " cannot listen on "
                    + config.bindHost() + " (" + TcpConfig.INTERFACE + ")", bound.cause());
        }
        this.server = bound.channel();
        InetSocketAddress at = (InetSocketAddress) server.localAddress();
        String host = at.getAddress().getHostAddress();
        this.localAddress = (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + at.getPort();
    }

    /**
     * Opens a transport: starts its event loops and listens before returning.
     *
     * @param context the rank, the job and where to deliver frames
     * @return the open transport
     */
    static NettyTransport open(TransportContext context) {
        TcpConfig config = TcpConfig.from(context);
        IoMode io = IoMode.select(config.io());
        LOG.debug("rank {}: TCP transport uses {} ({}={}), progress by {}", context.rank(), io,
                TcpConfig.IO, config.io(), config.progress());
        Progress progress = config.progress().equals(TcpConfig.PROGRESS_THREADS)
                ? new LoopThreadsProgress(io, config.ioThreads())
                : new SharedLoopProgress(io, context.rank());
        try {
            NettyTransport transport = new NettyTransport(context, config, io, progress);
            LOG.debug("rank {}: listening at {}", context.rank(), transport.localAddress);
            return transport;
        } catch (RuntimeException e) {
            progress.shutdown();
            throw e;
        }
    }

    /**
     * Returns {@code host:port} where this rank listens ({@code [v6address]:port} for IPv6).
     * Any thread.
     *
     * @return the address to publish
     */
    @Override
    public String localAddress() {
        return localAddress;
    }

    /**
     * Sends one frame to {@code peer}; its bytes are copied before this returns. Any thread;
     * blocks while the first connection to {@code peer} is opened and while it is congested.
     *
     * @param peer the destination rank, never this rank
     * @param parts the frame's bytes, in order; positions and limits are not changed
     * @throws MpiException {@code ERR_RANK} for a bad rank, {@code ERR_COUNT} for a frame
     *     over {@code jmpi.tcp.maxFrameBytes}, {@code ERR_PROC_FAILED} if the peer is lost or
     *     cannot be reached, {@code ERR_TIMEOUT} if the connection stays congested too long,
     *     {@code ERR_OTHER} after {@link #close()}
     */
    @Override
    public void send(int peer, ByteBuffer... parts) {
        if (peer < 0 || peer >= context.size() || peer == context.rank()) {
            throw new MpiException(ErrorClass.ERR_RANK, "peer " + peer + " is not another rank of 0.."
                    + (context.size() - 1) + " (this is rank " + context.rank() + ")");
        }
        checkOpen();
        PeerConnection pc = peer(peer);
        Channel ch = connection(pc);
        if (!ch.isWritable() && !progress.inEventLoop()) {
            awaitWritable(pc, ch);
        }
        progress.write(ch, Frames.encode(config.maxFrameBytes(), pc.sendBuffers(), parts));
    }

    /**
     * Tells whether the connection to {@code peer} is open and not congested. Any thread.
     *
     * @param peer the destination rank
     * @return whether a send would not block now
     */
    @Override
    public boolean writable(int peer) {
        PeerConnection pc = peers.get(peer);
        Channel ch = pc == null ? null : pc.channel();
        return ch != null && ch.isWritable() && !closed.get();
    }

    /**
     * One non-blocking pass of I/O on the calling thread, delivering what has arrived; does
     * nothing while another thread of this rank drives the sockets, or with
     * {@code jmpi.tcp.progress=threads}.
     *
     * @return whether anything was handled
     */
    @Override
    public boolean poll() {
        return progress.poll();
    }

    /**
     * Blocks at most {@code nanos} in the kernel's I/O wait (or parked, while another thread
     * of this rank drives the sockets), delivering what arrives.
     *
     * @param nanos the longest wait
     * @return whether it waited ({@code false} with {@code jmpi.tcp.progress=threads})
     */
    @Override
    public boolean awaitProgress(long nanos) {
        return progress.awaitProgress(nanos);
    }

    /** Wakes a thread of this rank blocked in {@link #awaitProgress(long)}. Any thread. */
    @Override
    public void wakeup() {
        progress.wakeup();
    }

    /** @return whether waiting threads drive this transport ({@code jmpi.tcp.progress=caller}) */
    @Override
    public boolean progressesInCaller() {
        return progress.callerDriven();
    }

    /**
     * Closes every connection after flushing what was sent, stops listening and shuts the
     * event loops down, waiting a bounded time. Idempotent; any thread. Peers lost because of
     * this close are not reported.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        boolean onLoop = progress.inEventLoop();
        server.close();
        List<ChannelFuture> closing = new ArrayList<>();
        for (Channel ch : channels) {
            // The empty write completes after every earlier write, then the channel closes.
            closing.add(ch.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE)
                    .channel().closeFuture());
        }
        MpiException cause = new MpiException(ErrorClass.ERR_OTHER, "the TCP transport of rank "
                + context.rank() + " is closed");
        peers.values().forEach(pc -> pc.markLost(cause));
        if (!onLoop) {
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(CLOSE_WAIT_MILLIS);
            if (!progress.driveUntil(() -> closing.stream().allMatch(ChannelFuture::isDone), deadline)) {
                closing.forEach(f -> f.channel().close());
                progress.driveUntil(() -> closing.stream().allMatch(ChannelFuture::isDone),
                        System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100));
            }
        }
        if (!progress.shutdown()) {
            LOG.warn("rank {}: the TCP transport's event loop did not stop within its time", context.rank());
        }
        LOG.debug("rank {}: TCP transport closed", context.rank());
    }

    @Override
    public String toString() {
        return "NettyTransport[rank=" + context.rank() + ", " + localAddress + ", " + io + ", "
                + config.progress() + "]";
    }

    // ---- Connections ----

    private Channel connection(PeerConnection pc) {
        Channel ch = pc.channel();
        if (ch != null) {
            return ch;
        }
        Throwable lost = pc.lost();
        if (lost != null) {
            throw procFailed(pc.peer(), lost);
        }
        if (progress.inEventLoop()) {
            throw new MpiException(ErrorClass.ERR_INTERN, "rank " + context.rank()
                    + " sent to rank " + pc.peer() + " from a transport thread before connecting to it");
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.connectTimeoutMillis());
        if (pc.claimConnect()) {
            try {
                connect(pc, deadline);
            } catch (RuntimeException e) {
                connectFailed(pc, e);
                throw e;
            }
        }
        progress.driveUntil(() -> pc.channel() != null || pc.lost() != null, deadline);
        ch = pc.channel();
        if (ch != null) {
            return ch;
        }
        lost = pc.lost();
        if (lost == null) {
            lost = new MpiException(ErrorClass.ERR_TIMEOUT, "rank " + pc.peer() + " did not accept a connection"
                    + " within " + config.connectTimeoutMillis() + " ms (" + TcpConfig.CONNECT_TIMEOUT + ")");
            connectFailed(pc, lost);
        }
        throw procFailed(pc.peer(), lost);
    }

    private void connect(PeerConnection pc, long deadline) {
        String address = context.directory().lookup(pc.peer());
        if (pc.channel() != null) {
            return;
        }
        InetSocketAddress remote = parse(pc.peer(), address);
        long millis = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
        ChannelFuture connected = new Bootstrap()
                .group(progress.group())
                .channel(io.socketChannel())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true)
                .option(ChannelOption.WRITE_BUFFER_WATER_MARK, waterMark())
                .option(ChannelOption.RCVBUF_ALLOCATOR, FrameReads.sizes())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(millis, Integer.MAX_VALUE))
                .handler(new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        track(ch);
                        FrameDecoder decoder = new FrameDecoder(Handshake.MAX_LENGTH);
                        if (tls != null) {
                            ch.pipeline().addLast(tls.handler(ch, false));
                        } else {
                            ch.config().setRecvByteBufAllocator(new FrameReads(decoder));
                        }
                        ch.pipeline().addLast(decoder,
                                new ConnectorHandshakeHandler(NettyTransport.this, pc, decoder));
                    }
                })
                .connect(remote);
        if (!progress.driveUntil(connected::isDone, deadline + TimeUnit.SECONDS.toNanos(1))) {
            connected.channel().close();
            throw new MpiException(ErrorClass.ERR_PROC_FAILED, "connecting to rank " + pc.peer() + " at "
                    + address + " timed out");
        }
        if (!connected.isSuccess()) {
            throw new MpiException(ErrorClass.ERR_PROC_FAILED, "cannot connect to rank " + pc.peer() + " at "
                    + address + ": " + connected.cause(), connected.cause());
        }
    }

    private void awaitWritable(PeerConnection pc, Channel ch) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.sendTimeoutMillis());
        // Writable once is enough: other senders may make it unwritable again at once, and this
        // sender may still add its frame (the water marks bound the excess).
        // (Asking again after the wait could see it congested by another sender and misreport a
        // timeout, so the wait remembers what it saw.)
        boolean[] sawWritable = {false};
        if (progress.driveUntil(() -> (sawWritable[0] = ch.isWritable()) || !ch.isActive() || pc.lost() != null,
                deadline) && sawWritable[0]) {
            return;
        }
        Throwable lost = pc.lost();
        if (lost != null || !ch.isActive()) {
            checkOpen();
            throw procFailed(pc.peer(), lost);
        }
        throw new MpiException(ErrorClass.ERR_TIMEOUT, "the connection to rank " + pc.peer()
                + " stayed congested for " + config.sendTimeoutMillis() + " ms (" + TcpConfig.SEND_TIMEOUT + ")");
    }

    // ---- Called by the handlers, on event-loop threads ----

    PeerConnection peer(int rank) {
        return peers.computeIfAbsent(rank, r -> new PeerConnection(r, context.rank()));
    }

    /** The settled connection of {@code pc} ended; reported once, unless we are closing. */
    void peerLost(PeerConnection pc, Throwable cause) {
        if (!closed.get() && pc.markLost(cause)) {
            LOG.debug("rank {}: lost rank {}: {}", context.rank(), pc.peer(), cause.toString());
            context.listener().onPeerLost(pc.peer(), cause);
        }
    }

    /** Opening a connection to {@code pc}'s peer failed before it was settled. */
    void connectFailed(PeerConnection pc, Throwable cause) {
        if (pc.channel() == null) {
            peerLost(pc, cause);
        }
    }

    FrameListener listener() {
        return context.listener();
    }

    TcpConfig config() {
        return config;
    }

    int rank() {
        return context.rank();
    }

    int size() {
        return context.size();
    }

    String jobId() {
        return context.jobId();
    }

    byte[] secret() {
        return context.secret();
    }

    /** The connections currently open, settled or not (for tests). */
    int openConnections() {
        return (int) channels.stream().filter(Channel::isOpen).count();
    }

    // ---- Helpers ----

    private void track(Channel ch) {
        if (closed.get()) {
            ch.close();
            return;
        }
        channels.add(ch);
        ch.closeFuture().addListener(f -> channels.remove(ch));
    }

    private void checkOpen() {
        if (closed.get()) {
            throw new MpiException(ErrorClass.ERR_OTHER, "the TCP transport of rank " + context.rank()
                    + " is closed");
        }
    }

    private static MpiException procFailed(int peer, Throwable cause) {
        if (cause instanceof MpiException m && m.getErrorClass() == ErrorClass.ERR_PROC_FAILED) {
            return new MpiException(ErrorClass.ERR_PROC_FAILED, m.getMessage(), m);
        }
        return new MpiException(ErrorClass.ERR_PROC_FAILED, "rank " + peer + " is lost: " + cause, cause);
    }

    private static WriteBufferWaterMark waterMark() {
        return new WriteBufferWaterMark(512 * 1024, 1024 * 1024);
    }

    private static InetAddress resolve(String host) {
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new MpiException(ErrorClass.ERR_ARG, TcpConfig.INTERFACE + " is '" + host
                    + "', which does not resolve", e);
        }
    }

    private static InetSocketAddress parse(int peer, String address) {
        int colon = address == null ? -1 : address.lastIndexOf(':');
        if (colon <= 0) {
            throw new MpiException(ErrorClass.ERR_OTHER, "rank " + peer + " published '" + address
                    + "', which is not host:port");
        }
        String host = address.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), Integer.parseInt(address.substring(colon + 1)));
        } catch (UnknownHostException | IllegalArgumentException e) {
            throw new MpiException(ErrorClass.ERR_OTHER, "rank " + peer + " published '" + address
                    + "', which is not a reachable host:port", e);
        }
    }
}
