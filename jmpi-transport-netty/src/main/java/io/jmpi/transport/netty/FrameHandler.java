package io.jmpi.transport.netty;

import io.jmpi.ErrorClass;
import io.jmpi.MpiException;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of an authenticated connection: hands each frame to the
 * {@link io.jmpi.spi.FrameListener} as a {@link java.nio.ByteBuffer} view and releases it
 * afterwards, and reports the peer lost when the connection ends.
 *
 * <p>Event-loop thread only; one connection's frames are delivered one at a time in order.
 * A listener that throws (a malformed frame) closes the connection, logged once.
 */
final class FrameHandler extends ChannelInboundHandlerAdapter {
    static final String NAME = "frames";
    private static final Logger LOG = LoggerFactory.getLogger(FrameHandler.class);

    private final NettyTransport transport;
    private final PeerConnection pc;
    private Throwable failure;

    FrameHandler(NettyTransport transport, PeerConnection pc) {
        this.transport = transport;
        this.pc = pc;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (failure == null) {
                ByteBuf frame = (ByteBuf) msg;
                transport.listener().onFrame(pc.peer(), frame.nioBuffer());
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
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        pc.signalWritable();
        ctx.fireChannelWritabilityChanged();
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
