package io.jmpi.internal.p2p;

import io.jmpi.Buf;
import io.jmpi.Datatype;
import io.jmpi.ErrorClass;
import io.jmpi.MPI;
import io.jmpi.MpiException;
import io.jmpi.Status;
import io.jmpi.internal.wire.MessageDescriptor;

import java.nio.ByteBuffer;
import java.util.concurrent.locks.LockSupport;

/**
 * A posted receive: what it accepts, where the data goes, and its outcome once matched.
 *
 * <p>Completed exactly once, by the thread that removed it from the posted queue (or found its
 * message in the unexpected queue); waited on by the thread that posted it.
 */
public final class ReceiveRequest {
    final int context;
    final int source;
    final int tag;
    /** The sender's world rank when {@link #source} is a specific rank; -1 for ANY_SOURCE. */
    final int sourceWorld;
    private final Buf target;

    private volatile boolean done;
    private volatile Thread waiter;
    private int matchedSource = MPI.ANY_SOURCE;
    private int matchedTag = MPI.ANY_TAG;
    private long bytes;
    private Datatype matchedType;
    private byte[] objectBytes;
    private MpiException error;

    ReceiveRequest(int context, int source, int tag, int sourceWorld, Buf target) {
        this.context = context;
        this.source = source;
        this.tag = tag;
        this.sourceWorld = sourceWorld;
        this.target = target;
    }

    boolean accepts(Envelope e) {
        return e.matches(context, source, tag);
    }

    /** Fills the receive from a matched message; {@code payload} is read from position to limit. */
    void complete(Envelope e, byte kind, ByteBuffer payload) {
        matchedSource = e.source();
        matchedTag = e.tag();
        bytes = payload.remaining();
        try {
            if (kind == MessageDescriptor.KIND_OBJECT) {
                if (target != null) {
                    throw new MpiException(ErrorClass.ERR_TYPE, "an object message (from rank " + e.source()
                            + ", tag " + e.tag() + ") cannot be received into " + target
                            + ": receive it with recv(source, tag), or send a Buf");
                }
                objectBytes = new byte[payload.remaining()];
                payload.duplicate().get(objectBytes);
            } else {
                matchedType = Datatype.ofWireCode(kind);
                if (target == null) {
                    throw new MpiException(ErrorClass.ERR_TYPE, "a buffer message of " + matchedType
                            + " (from rank " + e.source() + ", tag " + e.tag()
                            + ") cannot be received as an object: receive it into a Buf of " + matchedType);
                }
                if (matchedType != target.getDatatype()) {
                    throw new MpiException(ErrorClass.ERR_TYPE, "the message holds " + matchedType
                            + " elements (from rank " + e.source() + ", tag " + e.tag()
                            + ") but the receive buffer is " + target);
                }
                if (bytes > target.getByteSize()) {
                    throw new MpiException(ErrorClass.ERR_TRUNCATE, "the message of " + bytes
                            + " bytes (from rank " + e.source() + ", tag " + e.tag()
                            + ") is longer than the receive buffer of " + target.getByteSize()
                            + " bytes (" + target + ")");
                }
                target.unpack(payload.duplicate(), (int) (bytes / matchedType.getSize()));
            }
        } catch (MpiException ex) {
            error = ex;
        }
        signal();
    }

    /** Completes at once, as a receive from PROC_NULL does. */
    void completeNull() {
        matchedSource = MPI.PROC_NULL;
        matchedTag = MPI.ANY_TAG;
        bytes = 0;
        signal();
    }

    void fail(MpiException cause) {
        error = cause;
        signal();
    }

    private void signal() {
        done = true;
        Thread w = waiter;
        if (w != null) {
            LockSupport.unpark(w);
        }
    }

    /** Whether the receive has completed (successfully or not). */
    public boolean isDone() {
        return done;
    }

    void setWaiter(Thread t) {
        waiter = t;
    }

    /**
     * Fills {@code status} (if not null) and throws the receive's error, if any. Call after
     * {@link #isDone()}.
     *
     * @param status the status to fill, or {@code null}
     */
    public void finish(Status status) {
        if (status != null) {
            status.set(matchedSource, matchedTag, bytes, matchedType,
                    error == null ? ErrorClass.SUCCESS : error.getErrorClass());
        }
        if (error != null) {
            throw MpiException.rethrown(error);
        }
    }

    /** The serialized object of an object receive (after {@link #finish}), or {@code null}. */
    public byte[] objectBytes() {
        return objectBytes;
    }
}
