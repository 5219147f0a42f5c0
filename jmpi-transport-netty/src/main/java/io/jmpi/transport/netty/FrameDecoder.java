package io.jmpi.transport.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
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
    private final BufferRecycler buffers = new BufferRecycler(1);
    private long lastReadNanos = System.nanoTime();

    /**
     * @param limit the largest frame accepted until {@link #raiseLimit} is called
     */
    FrameDecoder(int limit) {
        super(ByteOrder.LITTLE_ENDIAN, Integer.MAX_VALUE, 0, Frames.PREFIX, 0, Frames.PREFIX, true);
        this.limit = limit;
        setCumulator(this::cumulate);
    }

    /**
     * Appends {@code in} to the bytes of an incomplete frame. Once the frame's length prefix is
     * in, the buffer is grown once to hold the whole frame (a frame of a megabyte arrives in
     * many reads; growing step by step would copy it several times over), reusing the buffer of
     * an earlier large frame once that frame has been handled.
     */
    private ByteBuf cumulate(ByteBufAllocator alloc, ByteBuf cumulation, ByteBuf in) {
        if (!cumulation.isReadable() && in.isContiguous()) {
            cumulation.release();
            return in;
        }
        try {
            int adding = in.readableBytes();
            if (cumulation.writableBytes() < adding || cumulation.refCnt() > 1 || cumulation.isReadOnly()) {
                long need = (long) cumulation.readableBytes() + adding;
                if (cumulation.readableBytes() >= Frames.PREFIX) {
                    long declared = cumulation.getUnsignedIntLE(cumulation.readerIndex());
                    if (declared <= limit) {
                        need = Math.max(need, Frames.PREFIX + declared);
                    }
                }
                if (need > Integer.MAX_VALUE) {
                    need = (long) cumulation.readableBytes() + adding;
                }
                ByteBuf grown = buffers.take(alloc, (int) need);
                grown.writeBytes(cumulation, cumulation.readerIndex(), cumulation.readableBytes());
                cumulation.release();
                cumulation = grown;
            }
            cumulation.writeBytes(in, in.readerIndex(), adding);
            return cumulation;
        } finally {
            in.release();
        }
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
    protected void handlerRemoved0(ChannelHandlerContext ctx) {
        buffers.close();
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
