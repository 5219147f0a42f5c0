package io.jmpi.transport.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;

import java.nio.ByteBuffer;

/**
 * The benchmarks' way to the TCP transport's package-private framing ({@link Frames},
 * {@link FrameDecoder}). Lives in jmpi-bench, in the transport's package; not API.
 */
public final class FrameCodecAccess {
    private static final BufferRecycler BUFFERS = new BufferRecycler(4);

    private FrameCodecAccess() {
    }

    /**
     * Frames {@code parts} as the transport does before writing them to a socket.
     *
     * @param parts the frame's bytes, in order
     * @return a pooled direct buffer: length prefix and bytes, owned by the caller
     */
    public static ByteBuf encode(ByteBuffer... parts) {
        return Frames.encode(Integer.MAX_VALUE, BUFFERS, parts);
    }

    /**
     * A new decoder that splits a byte stream into frames, as the transport's pipeline has.
     *
     * @return the decoder, accepting frames of any length
     */
    public static ChannelHandler decoder() {
        return new FrameDecoder(Integer.MAX_VALUE);
    }
}
