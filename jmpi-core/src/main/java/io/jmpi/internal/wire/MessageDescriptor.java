package io.jmpi.internal.wire;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Layout of a message-protocol frame: a fixed 40-byte little-endian header, then (for
 * {@link #TYPE_EAGER} and {@link #TYPE_DATA}) payload bytes.
 *
 * <pre>
 *  0  byte   version        {@link WireFormat#VERSION}
 *  1  byte   frame type     EAGER, RTS, CTS, DATA, ACK, GOODBYE
 *  2  byte   payload kind   0 = object (Kryo), else a {@link io.jmpi.Datatype#wireCode()}
 *  3  byte   flags          {@link #FLAG_SYNC}, {@link #FLAG_DISCARD}
 *  4  int    context id     the communicator's context (point-to-point or collective)
 *  8  int    source         the sender's rank in that communicator
 * 12  int    tag
 * 16  long   id             EAGER/RTS/ACK/CTS: the sender's message id; DATA: the receiver's token
 * 24  long   length         bytes of payload following this header
 * 32  long   aux            RTS: the message's total length; CTS: the receiver's token;
 *                           DATA: the offset of this chunk in the message
 * 40         payload
 * </pre>
 *
 * <p>Protocols: a message up to the eager limit goes as one EAGER frame (with
 * {@link #FLAG_SYNC} the receiver answers ACK when it matches it: synchronous mode). A larger
 * message goes as RTS; when the receiver matches it, it answers CTS (with
 * {@link #FLAG_DISCARD} when it will not take the data: truncation or a type mismatch), and
 * the sender then sends DATA chunks. At finalize a rank sends GOODBYE to every peer it has
 * exchanged frames with, so that they tell its departure from a failure.
 */
public final class MessageDescriptor {
    /** Header length in bytes. */
    public static final int HEADER_LENGTH = 40;

    /** A whole message: header and payload. */
    public static final byte TYPE_EAGER = 1;
    /** Request to send: a large message's envelope and length, no payload. */
    public static final byte TYPE_RTS = 2;
    /** Clear to send: the receiver matched an RTS. */
    public static final byte TYPE_CTS = 3;
    /** A chunk of a large message's payload. */
    public static final byte TYPE_DATA = 4;
    /** The receiver matched a synchronous-mode eager message. */
    public static final byte TYPE_ACK = 5;
    /** The sender has finalized: nothing more will come from it. */
    public static final byte TYPE_GOODBYE = 6;

    /** Payload kind of an object message. */
    public static final byte KIND_OBJECT = 0;

    /** On EAGER: answer ACK when matched. */
    public static final byte FLAG_SYNC = 1;
    /** On CTS: the receiver will not take the data; do not send it. */
    public static final byte FLAG_DISCARD = 2;

    public static final int VERSION_OFFSET = 0;
    public static final int TYPE_OFFSET = 1;
    public static final int KIND_OFFSET = 2;
    public static final int FLAGS_OFFSET = 3;
    public static final int CONTEXT_OFFSET = 4;
    public static final int SOURCE_OFFSET = 8;
    public static final int TAG_OFFSET = 12;
    public static final int ID_OFFSET = 16;
    public static final int LENGTH_OFFSET = 24;
    public static final int AUX_OFFSET = 32;

    private MessageDescriptor() {
    }

    /**
     * Writes a header into a new little-endian buffer.
     *
     * @return the header, positioned at 0, limit {@link #HEADER_LENGTH}
     */
    public static ByteBuffer header(byte type, byte kind, byte flags, int context, int source, int tag,
                                    long id, long length, long aux) {
        ByteBuffer b = ByteBuffer.allocate(HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        b.put(VERSION_OFFSET, (byte) WireFormat.VERSION)
                .put(TYPE_OFFSET, type)
                .put(KIND_OFFSET, kind)
                .put(FLAGS_OFFSET, flags)
                .putInt(CONTEXT_OFFSET, context)
                .putInt(SOURCE_OFFSET, source)
                .putInt(TAG_OFFSET, tag)
                .putLong(ID_OFFSET, id)
                .putLong(LENGTH_OFFSET, length)
                .putLong(AUX_OFFSET, aux);
        return b;
    }
}
