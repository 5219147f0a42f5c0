package io.jmpi.transport.netty;

import io.jmpi.MpiException;
import io.jmpi.spi.Handshake;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * The accepting side of a connection until it is authenticated: expects one handshake frame
 * within a time limit, checks it against the job, and then either hands the connection to a
 * {@link FrameHandler} (answering {@link Frames#ACCEPTED}), answers {@link Frames#DUPLICATE}
 * when the peer's other connection wins, or refuses it (WARN, close; nothing else changes).
 *
 * <p>Event-loop thread only. One instance per connection.
 */
final class AcceptorHandshakeHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(AcceptorHandshakeHandler.class);

    private final NettyTransport transport;
    private final FrameDecoder decoder;
    private ScheduledFuture<?> timeout;
    private boolean done;

    AcceptorHandshakeHandler(NettyTransport transport, FrameDecoder decoder) {
        this.transport = transport;
        this.decoder = decoder;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        long millis = transport.config().handshakeTimeoutMillis();
        timeout = ctx.executor().schedule(() -> refuse(ctx, "no handshake within " + millis + " ms"),
                millis, TimeUnit.MILLISECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (done) {
            // Frames pipelined behind a refused handshake: drop them.
            release(msg);
            return;
        }
        Handshake handshake;
        try {
            handshake = Handshake.decode(((ByteBuf) msg).nioBuffer());
        } catch (MpiException e) {
            refuse(ctx, e.getMessage());
            return;
        } finally {
            release(msg);
        }
        String refusal = handshake.refusal(transport.jobId(), transport.secret(), transport.size());
        if (refusal == null && handshake.rank() == transport.rank()) {
            refusal = "it claims this rank's own rank " + handshake.rank();
        }
        if (refusal != null) {
            refuse(ctx, refusal);
            return;
        }
        finish();
        PeerConnection pc = transport.peer(handshake.rank());
        if (!pc.adoptInbound(ctx.channel())) {
            LOG.debug("rank {}: rank {} connected while our own connection to it is settling;"
                    + " keeping ours", transport.rank(), handshake.rank());
            ctx.writeAndFlush(Frames.answer(Frames.DUPLICATE)).addListener(ChannelFutureListener.CLOSE);
            return;
        }
        // The answer is written before anything a sending thread writes: their writes are
        // tasks that run on this event loop after this handler returns.
        ctx.writeAndFlush(Frames.answer(Frames.ACCEPTED), ctx.voidPromise());
        decoder.raiseLimit(transport.config().maxFrameBytes());
        ctx.pipeline().replace(this, FrameHandler.NAME, new FrameHandler(transport, pc, decoder));
        LOG.debug("rank {}: accepted connection from rank {} ({})", transport.rank(), handshake.rank(),
                ctx.channel().remoteAddress());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof io.netty.handler.ssl.NotSslRecordException) {
            // its message would show the stranger's bytes, which may hold the job's secret
            refuse(ctx, "it does not speak TLS, and this job's connections use TLS");
        } else if (cause instanceof javax.net.ssl.SSLException
                || cause.getCause() instanceof javax.net.ssl.SSLException) {
            refuse(ctx, "the TLS handshake failed (a peer without this job's TLS key?): " + cause.getMessage());
        } else {
            refuse(ctx, String.valueOf(cause.getMessage() != null ? cause.getMessage() : cause));
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        finish();
        ctx.fireChannelInactive();
    }

    private void refuse(ChannelHandlerContext ctx, String why) {
        if (done) {
            return;
        }
        finish();
        LOG.warn("rank {}: refused connection from {}: {}", transport.rank(), ctx.channel().remoteAddress(), why);
        ctx.close();
    }

    private void finish() {
        done = true;
        if (timeout != null) {
            timeout.cancel(false);
        }
    }

    private static void release(Object msg) {
        io.netty.util.ReferenceCountUtil.release(msg);
    }
}
