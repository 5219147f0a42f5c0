package io.jmpi.transport.netty;

import io.jmpi.ErrorClass;
import io.jmpi.MpiException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

import java.nio.ByteBuffer;

/**
 * The TCP wire layout of a frame: {@code int length} (little-endian), then {@code length}
 * bytes. Also the one-byte answers to a handshake.
 */
final class Frames {
    /** Length of the prefix before each frame's bytes. */
    static final int PREFIX = Integer.BYTES;
    /** Answer to a handshake: the connection is in, frames may follow in both directions. */
    static final byte ACCEPTED = 1;
    /**
     * Answer to a handshake: both ranks connected at once and the other connection won; the
     * caller closes this one and waits for the other to be adopted.
     */
    static final byte DUPLICATE = 2;

    private Frames() {
    }

    /**
     * Copies {@code parts} into one pooled direct buffer behind a length prefix. The parts'
     * positions and limits are not changed.
     *
     * @param maxFrameBytes the largest frame the peer accepts
     * @param buffers where large frames find a buffer to reuse
     * @param parts the frame's bytes, in order
     * @return the buffer, owned by the caller (who writes or releases it)
     * @throws MpiException {@code ERR_COUNT} if the frame is empty or longer than {@code maxFrameBytes}
     */
    static ByteBuf encode(int maxFrameBytes, BufferRecycler buffers, ByteBuffer... parts) {
        long length = 0;
        for (ByteBuffer part : parts) {
            length += part.remaining();
        }
        if (length == 0) {
            throw new MpiException(ErrorClass.ERR_COUNT, "a frame must have at least one byte (empty frames are"
                    + " the TCP transport's heartbeats)");
        }
        if (length > maxFrameBytes) {
            throw new MpiException(ErrorClass.ERR_COUNT, "a frame of " + length
                    + " bytes is longer than the TCP transport's limit of " + maxFrameBytes
                    + " (" + TcpConfig.MAX_FRAME_BYTES + ")");
        }
        ByteBuf frame = buffers.take(ByteBufAllocator.DEFAULT, PREFIX + (int) length);
        try {
            frame.writeIntLE((int) length);
            for (ByteBuffer part : parts) {
                frame.writeBytes(part.duplicate());
            }
            return frame;
        } catch (RuntimeException e) {
            frame.release();
            throw e;
        }
    }

    /**
     * Encodes a heartbeat: a frame of length zero, which no message uses.
     *
     * @return the buffer, owned by the caller
     */
    static ByteBuf heartbeat() {
        return ByteBufAllocator.DEFAULT.directBuffer(PREFIX).writeIntLE(0);
    }

    /**
     * Encodes a one-byte answer to a handshake.
     *
     * @param answer {@link #ACCEPTED} or {@link #DUPLICATE}
     * @return the buffer, owned by the caller
     */
    static ByteBuf answer(byte answer) {
        return ByteBufAllocator.DEFAULT.directBuffer(PREFIX + 1).writeIntLE(1).writeByte(answer);
    }
}
