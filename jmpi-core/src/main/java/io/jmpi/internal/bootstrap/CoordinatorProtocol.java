package io.jmpi.internal.bootstrap;

import io.jmpi.ErrorClass;
import io.jmpi.MpiException;

import java.io.DataInputStream;
import java.io.IOException;

/**
 * The coordinator's protocol, spoken over one TCP connection per rank. Big-endian (Java's
 * {@code DataOutputStream}), versioned by {@link #VERSION}.
 *
 * <pre>
 * hello    C: int MAGIC, short VERSION, UTF jobId, short n, byte[n] secret, int rank
 *          S: byte OK | byte REFUSED, UTF reason (then closes)
 * put      C: byte PUT, UTF key, int n, byte[n] value           S: byte OK
 * get      C: byte GET, UTF key, long timeoutMillis             S: byte OK, int n, byte[n] | byte TIMEOUT
 * fence    C: byte FENCE, UTF name, int rank, long timeoutMillis S: byte OK | byte TIMEOUT, UTF missing ranks
 * ping     C: byte PING                                         S: byte OK
 * finalize C: byte FINALIZED, int rank                          S: byte OK
 * abort    C: byte ABORTED, int rank, int code                 S: byte OK (the rank then halts)
 * stall    C: byte STALL, int rank, long blockedMillis (-1: runs again),
 *             int n, byte[n] lines (UTF-8, one PendingWait.encode() a line)  S: byte OK
 * </pre>
 *
 * <p>A rank sends {@code STALL} only when its launcher said it listens (jmpiexec sets
 * {@code JMPI_STALL_SECONDS}), so older coordinators never see it.
 */
final class CoordinatorProtocol {
    static final int MAGIC = 0x4A4D5043; // "JMPC"
    static final int VERSION = 1;
    static final int MAX_VALUE_LENGTH = 1 << 20;
    static final int MAX_SECRET_LENGTH = 256;

    static final byte PUT = 1;
    static final byte GET = 2;
    static final byte FENCE = 3;
    static final byte PING = 4;
    static final byte FINALIZED = 5;
    static final byte ABORTED = 6;
    static final byte STALL = 7;

    static final byte OK = 0;
    static final byte REFUSED = 1;
    static final byte TIMEOUT = 2;

    private CoordinatorProtocol() {
    }

    /** Reads a length-prefixed byte array, checking the declared length before allocating. */
    static byte[] readBytes(DataInputStream in, int n, int max, String what) throws IOException {
        if (n < 0 || n > max) {
            throw new MpiException(ErrorClass.ERR_OTHER, what + " length " + n + " is outside 0.." + max);
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }
}
