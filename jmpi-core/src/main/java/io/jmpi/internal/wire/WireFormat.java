package io.jmpi.internal.wire;

/**
 * The version of jmpi's wire format. Ranks speaking different versions refuse each other at
 * connection time with a clear error. Bump it on any change to a frame layout.
 *
 * <p>Everything on the wire is little-endian: headers, handshakes and buffer elements alike.
 */
public final class WireFormat {
    /** The current version. */
    public static final int VERSION = 1;

    private WireFormat() {
    }

    /**
     * Copies the parts of a frame, each from its position to its limit, into one new heap
     * buffer (positions of the parts are not changed).
     *
     * @param parts the frame's parts, in order
     * @return the whole frame, positioned at 0
     */
    public static java.nio.ByteBuffer concat(java.nio.ByteBuffer... parts) {
        int length = 0;
        for (java.nio.ByteBuffer p : parts) {
            length += p.remaining();
        }
        java.nio.ByteBuffer frame = java.nio.ByteBuffer.allocate(length);
        for (java.nio.ByteBuffer p : parts) {
            frame.put(p.duplicate());
        }
        return frame.flip();
    }
}
