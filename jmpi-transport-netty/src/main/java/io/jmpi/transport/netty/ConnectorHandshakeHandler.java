package io.jmpi.transport.netty;

import io.jmpi.ErrorClass;
import io.jmpi.MpiException;
import io.jmpi.spi.Handshake;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connecting side of a connection until the peer answers: sends this rank's handshake as
 * the first frame, then waits for the one-byte answer. {@link Frames#ACCEPTED} settles the
 * connection and hands it to a {@link FrameHandler}; {@link Frames#DUPLICATE} closes it
 * quietly (the peer's own connection is adopted instead); a close without an answer means
 * the peer refused us.
 *
 * <p>Event-loop thread only. One instance per connection.
 */
final class ConnectorHandshakeHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectorHandshakeHandler.class);

    private final NettyTransport transport;
    private final PeerConnection pc;
    private final FrameDecoder decoder;
    private boolean answered;
    private Throwable failure;

    ConnectorHandshakeHandler(NettyTransport transport, PeerConnection pc, FrameDecoder decoder) {
        this.transport = transport;
        this.pc = pc;
        this.decoder = decoder;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        ByteBuf hello = Frames.encode(Handshake.MAX_LENGTH, pc.sendBuffers(),
                Handshake.encode(transport.rank(), transport.jobId(), transport.secret()));
        ctx.writeAndFlush(hello, ctx.voidPromise());
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (answered) {
            ReferenceCountUtil.release(msg);
            return;
        }
        byte answer;
        try {
            ByteBuf frame = (ByteBuf) msg;
            answer = frame.readableBytes() == 1 ? frame.readByte() : 0;
        } finally {
            ReferenceCountUtil.release(msg);
        }
        answered = true;
        if (answer == Frames.DUPLICATE) {
            LOG.debug("rank {}: rank {} keeps its own connection to us", transport.rank(), pc.peer());
            ctx.close();
        } else if (answer != Frames.ACCEPTED) {
            failure = new MpiException(ErrorClass.ERR_OTHER, "rank " + pc.peer() + " at "
                    + ctx.channel().remoteAddress() + " did not answer the handshake as a jmpi rank does");
            ctx.close();
        } else if (!pc.acceptOutbound(ctx.channel())) {
            LOG.debug("rank {}: another connection to rank {} was settled first", transport.rank(), pc.peer());
            ctx.close();
        } else {
            decoder.raiseLimit(transport.config().maxFrameBytes());
            ctx.pipeline().replace(this, FrameHandler.NAME, new FrameHandler(transport, pc, decoder));
            LOG.debug("rank {}: connected to rank {} ({})", transport.rank(), pc.peer(),
                    ctx.channel().remoteAddress());
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (failure == null) {
            boolean tls = cause instanceof javax.net.ssl.SSLException
                    || cause.getCause() instanceof javax.net.ssl.SSLException;
            failure = !tls ? cause : new MpiException(ErrorClass.ERR_PROC_FAILED, "the TLS handshake with rank "
                    + pc.peer() + " at " + ctx.channel().remoteAddress() + " failed (do both ranks hold this job's"
                    + " TLS key?): " + cause.getMessage(), cause);
        }
        ctx.close();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!answered || failure != null) {
            Throwable cause = failure != null ? failure : new MpiException(ErrorClass.ERR_PROC_FAILED,
                    "rank " + pc.peer() + " at " + ctx.channel().remoteAddress()
                            + " closed the connection during the handshake (wrong job or secret, or TLS on one side only?)");
            transport.connectFailed(pc, cause);
        }
        ctx.fireChannelInactive();
    }
}
