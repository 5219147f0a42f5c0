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
    /** Frames at least this long are read straight into their buffer ({@link #readTarget()}). */
    static final int DIRECT_READ_MIN = 16 * 1024;

    private int limit;
    private final BufferRecycler buffers = new BufferRecycler(1);
    private long lastReadNanos = System.nanoTime();
    /** The part of the frame buffer handed to the socket's current read, until it comes back. */
    private ByteBuf lent;

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
     * an earlier large frame once that frame has been handled; the rest of such a frame is then
     * read in place ({@link #readTarget()}).
     */
    private ByteBuf cumulate(ByteBufAllocator alloc, ByteBuf cumulation, ByteBuf in) {
        if (in == lent) {
            // read in place (readTarget): the bytes are already behind the frame's others
            lent = null;
            int n = in.readableBytes();
            in.release();
            return cumulation.writerIndex(cumulation.writerIndex() + n);
        }
        lent = null;
        boolean empty = !cumulation.isReadable();
        long frameEnd = frameEnd(empty ? in : cumulation);
        if (empty && in.isContiguous() && (frameEnd < DIRECT_READ_MIN || frameEnd <= in.readableBytes())) {
            cumulation.release();
            return in;
        }
        try {
            int adding = in.readableBytes();
            // Frames are handled before the next read and keep no reference to this buffer: a
            // second reference is the recycler's own.
            boolean shared = cumulation.refCnt() > (buffers.holds(cumulation) ? 2 : 1);
            if (cumulation.writableBytes() < adding || shared || cumulation.isReadOnly()) {
                long need = Math.max((long) cumulation.readableBytes() + adding, frameEnd);
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

    /**
     * @return the length of the frame that starts at {@code buf}'s reader index, prefix
     *     included, when its prefix is in and within the limit; else 0
     */
    private long frameEnd(ByteBuf buf) {
        if (buf.readableBytes() < Frames.PREFIX) {
            return 0;
        }
        long declared = buf.getUnsignedIntLE(buf.readerIndex());
        return declared <= limit ? Frames.PREFIX + declared : 0;
    }

    /**
     * Returns where the socket's next read is to go when a large frame is partly in: the free
     * space of the buffer that collects it, up to the frame's end (the buffer was grown to the
     * frame's size when its length arrived), so that the frame's bytes are read in place
     * instead of being copied out of a read buffer. The read's bytes come back to
     * {@link #channelRead} as this buffer.
     *
     * @return a buffer sharing the frame buffer's memory (the caller owns one reference), or
     *     {@code null} to read into a buffer of the allocator's
     */
    ByteBuf readTarget() {
        ByteBuf c = internalBuffer();
        int readable = c.readableBytes();
        if (readable < Frames.PREFIX) {
            return null;
        }
        long declared = c.getUnsignedIntLE(c.readerIndex());
        long missing = Frames.PREFIX + declared - readable;
        if (declared < DIRECT_READ_MIN || declared > limit || missing <= 0 || c.writableBytes() < missing) {
            return null;
        }
        lent = c.retainedSlice(c.writerIndex(), (int) missing).clear();
        return lent;
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
