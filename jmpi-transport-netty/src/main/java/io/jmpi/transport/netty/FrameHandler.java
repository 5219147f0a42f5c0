package io.jmpi.transport.netty;

import io.jmpi.ErrorClass;
import io.jmpi.MpiException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of an authenticated connection: hands each frame to the
 * {@link io.jmpi.spi.FrameListener} as a {@link java.nio.ByteBuffer} view and releases it
 * afterwards, and reports the peer lost when the connection ends.
 *
 * <p><b>Heartbeats.</b> Every {@code jmpi.tcp.heartbeatMs} it writes an empty frame, and when
 * nothing at all has arrived from the peer for {@code jmpi.tcp.heartbeatTimeoutMs} it closes the
 * connection, so a peer whose host froze or dropped off the network (no FIN, no RST) is
 * reported lost like one whose process died. A rank that itself could not run its loop for a
 * while (a long GC pause) restarts the count rather than blame its peers.
 *
 * <p>Event-loop thread only; one connection's frames are delivered one at a time in order.
 * A listener that throws (a malformed frame) closes the connection, logged once.
 */
final class FrameHandler extends ChannelInboundHandlerAdapter {
    static final String NAME = "frames";
    private static final Logger LOG = LoggerFactory.getLogger(FrameHandler.class);

    private final NettyTransport transport;
    private final PeerConnection pc;
    private final FrameDecoder decoder;
    private Throwable failure;
    private ScheduledFuture<?> heartbeat;
    private long lastBeatNanos;

    FrameHandler(NettyTransport transport, PeerConnection pc, FrameDecoder decoder) {
        this.transport = transport;
        this.pc = pc;
        this.decoder = decoder;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        long interval = transport.config().heartbeatMillis();
        if (interval > 0) {
            lastBeatNanos = System.nanoTime();
            heartbeat = ctx.executor().scheduleAtFixedRate(() -> beat(ctx), interval, interval, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (heartbeat != null) {
            heartbeat.cancel(false);
        }
    }

    private void beat(ChannelHandlerContext ctx) {
        long now = System.nanoTime();
        long timeout = TimeUnit.MILLISECONDS.toNanos(transport.config().heartbeatTimeoutMillis());
        if (now - lastBeatNanos > timeout / 2) {
            decoder.resetSilence(); // this rank was not running: do not blame the peer
        }
        lastBeatNanos = now;
        long silent = now - decoder.lastReadNanos();
        if (silent > timeout) {
            if (failure == null) {
                failure = new MpiException(ErrorClass.ERR_PROC_FAILED, "rank " + pc.peer() + " sent nothing for "
                        + TimeUnit.NANOSECONDS.toMillis(silent) + " ms (its host may be down or cut off; "
                        + TcpConfig.HEARTBEAT_TIMEOUT + "=" + transport.config().heartbeatTimeoutMillis() + ")");
            }
            ctx.close();
            return;
        }
        ctx.writeAndFlush(Frames.heartbeat(), ctx.voidPromise());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (failure == null) {
                ByteBuf frame = (ByteBuf) msg;
                if (frame.isReadable()) { // empty frames are heartbeats
                    transport.listener().onFrame(pc.peer(), frame.nioBuffer());
                }
            }
        } catch (RuntimeException e) {
            failure = e;
            LOG.warn("rank {}: closing the connection to rank {}: its frame was refused: {}",
                    transport.rank(), pc.peer(), e.toString());
            ctx.close();
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (failure == null) {
            failure = cause;
        }
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        Throwable cause = failure != null ? failure : new MpiException(ErrorClass.ERR_PROC_FAILED,
                "the connection to rank " + pc.peer() + " was closed by the peer");
        transport.peerLost(pc, cause);
        ctx.fireChannelInactive();
    }
}
