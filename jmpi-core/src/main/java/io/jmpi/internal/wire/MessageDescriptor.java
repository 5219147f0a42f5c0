package io.jmpi.internal.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Layout of a message frame: a fixed 32-byte little-endian header, then the payload.
 *
 * <pre>
 *  0  byte   version        {@link WireFormat#VERSION}
 *  1  byte   frame type     {@link #TYPE_EAGER}
 *  2  byte   payload kind   0 = object (Kryo), else a {@link io.jmpi.Datatype#wireCode()}
 *  3  byte   flags          reserved, 0
 *  4  int    context id     the communicator's context (point-to-point or collective)
 *  8  int    source         the sender's rank in that communicator
 * 12  int    tag
 * 16  long   sequence       per sender, for protocols that need to name a message
 * 24  long   payload length in bytes
 * 32         payload
 * </pre>
 */
public final class MessageDescriptor {
    /** Header length in bytes. */
    public static final int HEADER_LENGTH = 32;
    /** An eager message: the whole payload follows the header. */
    public static final byte TYPE_EAGER = 1;
    /** Payload kind of an object message. */
    public static final byte KIND_OBJECT = 0;

    public static final int VERSION_OFFSET = 0;
    public static final int TYPE_OFFSET = 1;
    public static final int KIND_OFFSET = 2;
    public static final int FLAGS_OFFSET = 3;
    public static final int CONTEXT_OFFSET = 4;
    public static final int SOURCE_OFFSET = 8;
    public static final int TAG_OFFSET = 12;
    public static final int SEQUENCE_OFFSET = 16;
    public static final int LENGTH_OFFSET = 24;

    private MessageDescriptor() {
    }

    /**
     * Writes a header into a new little-endian buffer.
     *
     * @return the header, positioned at 0, limit {@link #HEADER_LENGTH}
     */
    public static ByteBuffer header(byte type, byte kind, int context, int source, int tag,
                                    long sequence, long payloadLength) {
        ByteBuffer b = ByteBuffer.allocate(HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        b.put(VERSION_OFFSET, (byte) WireFormat.VERSION)
                .put(TYPE_OFFSET, type)
                .put(KIND_OFFSET, kind)
                .put(FLAGS_OFFSET, (byte) 0)
                .putInt(CONTEXT_OFFSET, context)
                .putInt(SOURCE_OFFSET, source)
                .putInt(TAG_OFFSET, tag)
                .putLong(SEQUENCE_OFFSET, sequence)
                .putLong(LENGTH_OFFSET, payloadLength);
        return b;
    }
}
