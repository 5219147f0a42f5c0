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
}
