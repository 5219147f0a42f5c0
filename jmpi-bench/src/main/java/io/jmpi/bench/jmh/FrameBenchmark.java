package io.jmpi.bench.jmh;

import io.jmpi.internal.wire.MessageDescriptor;
import io.jmpi.internal.wire.WireFormat;
import io.jmpi.transport.netty.FrameCodecAccess;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;

/**
 * Frames: the engine's 40-byte header written ({@link MessageDescriptor#header}) and read back
 * field by field as the engine's {@code onFrame} reads it; and the TCP transport's framing, an
 * eager frame of {@code payload} bytes copied behind its length prefix into a pooled direct
 * buffer, then split out of the byte stream again by the transport's frame decoder.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class FrameBenchmark {
    private final ByteBuffer header = MessageDescriptor.header(MessageDescriptor.TYPE_EAGER, (byte) 1, (byte) 0,
            0, 0, 1, 1, 8, 0);
    private long id;

    /** An eager frame of {@code payload} bytes, encoded, and a channel holding the transport's decoder. */
    @State(Scope.Thread)
    public static class Tcp {
        /** Payload bytes of the frame. */
        @Param({"8", "65536"})
        public int payload;

        ByteBuffer header;
        ByteBuffer body;
        ByteBuf encoded;
        EmbeddedChannel channel;

        /** Prepares the frame and the channel. */
        @Setup(Level.Trial)
        public void setUp() {
            header = MessageDescriptor.header(MessageDescriptor.TYPE_EAGER, (byte) 1, (byte) 0, 0, 0, 1, 1, payload, 0);
            body = ByteBuffer.allocate(payload);
            encoded = FrameCodecAccess.encode(header, body);
            channel = new EmbeddedChannel(FrameCodecAccess.decoder());
        }

        /** Releases the buffers. */
        @TearDown(Level.Trial)
        public void tearDown() {
            encoded.release();
            channel.finishAndReleaseAll();
        }
    }

    /**
     * Writes a header.
     *
     * @return the header
     */
    @Benchmark
    public ByteBuffer encodeHeader() {
        return MessageDescriptor.header(MessageDescriptor.TYPE_EAGER, (byte) 1, (byte) 0, 7, 3, 42, ++id, 8, 0);
    }

    /**
     * Reads every field of a header, with the checks the engine makes.
     *
     * @return a sum of the fields
     */
    @Benchmark
    public long decodeHeader() {
        ByteBuffer f = header.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int base = f.position();
        if (f.remaining() < MessageDescriptor.HEADER_LENGTH
                || f.get(base + MessageDescriptor.VERSION_OFFSET) != WireFormat.VERSION) {
            throw new IllegalStateException("malformed frame");
        }
        return f.get(base + MessageDescriptor.TYPE_OFFSET) + f.get(base + MessageDescriptor.KIND_OFFSET)
                + f.get(base + MessageDescriptor.FLAGS_OFFSET) + f.getInt(base + MessageDescriptor.CONTEXT_OFFSET)
                + f.getInt(base + MessageDescriptor.SOURCE_OFFSET) + f.getInt(base + MessageDescriptor.TAG_OFFSET)
                + f.getLong(base + MessageDescriptor.ID_OFFSET) + f.getLong(base + MessageDescriptor.LENGTH_OFFSET)
                + f.getLong(base + MessageDescriptor.AUX_OFFSET);
    }

    /**
     * Frames header and payload for the socket: one copy into a pooled direct buffer.
     *
     * @param t the frame
     * @return the frame's length
     */
    @Benchmark
    public int tcpEncode(Tcp t) {
        ByteBuf frame = FrameCodecAccess.encode(t.header, t.body);
        int n = frame.readableBytes();
        frame.release();
        return n;
    }

    /**
     * Splits one frame out of the inbound byte stream with the transport's decoder.
     *
     * @param t the frame and the channel
     * @return the frame's length
     */
    @Benchmark
    public int tcpDecode(Tcp t) {
        t.channel.writeInbound(t.encoded.retainedDuplicate());
        ByteBuf frame = t.channel.readInbound();
        int n = frame.readableBytes();
        frame.release();
        return n;
    }
}
