package io.jmpi.transport.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.LengthFieldBasedFrameDecoder;
import io.netty.handler.codec.TooLongFrameException;

import java.nio.ByteOrder;

/**
 * Splits the byte stream into frames, refusing any declared length above a limit before a
 * byte of the frame is buffered. The limit starts small (a handshake) and is raised once the
 * peer is authenticated.
 *
 * <p>Event-loop thread only, like every handler.
 */
final class FrameDecoder extends LengthFieldBasedFrameDecoder {
    private int limit;
    private long lastReadNanos = System.nanoTime();

    /**
     * @param limit the largest frame accepted until {@link #raiseLimit} is called
     */
    FrameDecoder(int limit) {
        super(ByteOrder.LITTLE_ENDIAN, Integer.MAX_VALUE, 0, Frames.PREFIX, 0, Frames.PREFIX, true);
        this.limit = limit;
    }

    /** @return when bytes last arrived on this connection ({@link System#nanoTime()}) */
    long lastReadNanos() {
        return lastReadNanos;
    }

    /** Counts the silence from now (after the handler itself was kept from running). */
    void resetSilence() {
        lastReadNanos = System.nanoTime();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        lastReadNanos = System.nanoTime();
        super.channelRead(ctx, msg);
    }

    /** Accepts frames up to {@code newLimit} bytes from now on. */
    void raiseLimit(int newLimit) {
        limit = newLimit;
    }

    @Override
    protected long getUnadjustedFrameLength(ByteBuf buf, int offset, int length, ByteOrder order) {
        long declared = super.getUnadjustedFrameLength(buf, offset, length, order);
        if (declared > limit) {
            throw new TooLongFrameException("declared frame length " + declared + " exceeds the limit of "
                    + limit + " bytes");
        }
        return declared;
    }
}
