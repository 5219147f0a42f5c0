package io.jmpi.internal.p2p;

import io.jmpi.Buf;
import io.jmpi.Datatype;
import io.jmpi.ErrorClass;
import io.jmpi.MPI;
import io.jmpi.MpiException;
import io.jmpi.Status;
import io.jmpi.internal.wire.MessageDescriptor;
import io.jmpi.serial.ObjectSerializer;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A receive: what it accepts, where the data goes, and its outcome once matched. Written to by
 * one thread at a time (the matcher, then the thread delivering the message's chunks in order).
 */
public final class RecvOp extends Operation {
    final int context;
    final int source;
    final int tag;
    /** The sender's job rank when {@link #source} names one; -1 for ANY_SOURCE. */
    final int sourceWorld;
    private final Buf target;
    private final ObjectSerializer serializer;

    private volatile boolean cancelled;
    private int matchedSource = MPI.ANY_SOURCE;
    private int matchedTag = MPI.ANY_TAG;
    private int matchedPeer = -1;
    private long length;
    private long received;
    private Datatype matchedType;
    /** Object messages up to this size are gathered in one array (larger ones chunk by chunk). */
    private static final long WHOLE_LIMIT = 64L * 1024 * 1024;
    /** An object message's bytes when it is at most {@link #WHOLE_LIMIT} long. */
    private byte[] whole;
    /** A larger object message's bytes by offset, one block per chunk. */
    private java.util.TreeMap<Long, byte[]> blocks;
    private Object value;
    private boolean deserialized;

    RecvOp(int context, int source, int tag, int sourceWorld, Buf target, ObjectSerializer serializer) {
        this.context = context;
        this.source = source;
        this.tag = tag;
        this.sourceWorld = sourceWorld;
        this.target = target;
        this.serializer = serializer;
    }

    boolean accepts(Envelope e) {
        return e.matches(context, source, tag);
    }

    int matchedPeer() {
        return matchedPeer;
    }

    /**
     * Records the matched message's envelope and checks it fits.
     *
     * @return the error to complete with (truncation, type mismatch), or {@code null}
     */
    MpiException match(Envelope e, int peer, byte kind, long messageLength) {
        matchedSource = e.source();
        matchedTag = e.tag();
        matchedPeer = peer;
        length = messageLength;
        String from = "(from rank " + e.source() + ", tag " + e.tag() + ")";
        if (kind == MessageDescriptor.KIND_OBJECT) {
            if (target != null) {
                return new MpiException(ErrorClass.ERR_TYPE, "an object message " + from + " cannot be received into "
                        + target + ": receive it with recv(source, tag), or send a Buf");
            }
            if (messageLength <= WHOLE_LIMIT) {
                whole = new byte[(int) messageLength];
            } else {
                blocks = new java.util.TreeMap<>();
            }
            return null;
        }
        matchedType = Datatype.ofWireCode(kind);
        if (target == null) {
            return new MpiException(ErrorClass.ERR_TYPE, "a buffer message of " + matchedType + " " + from
                    + " cannot be received as an object: receive it into a Buf of " + matchedType);
        }
        if (matchedType != target.getDatatype()) {
            return new MpiException(ErrorClass.ERR_TYPE, "the message holds " + matchedType + " elements " + from
                    + " but the receive buffer is " + target);
        }
        if (messageLength > target.getByteSize()) {
            return new MpiException(ErrorClass.ERR_TRUNCATE, "the message of " + messageLength + " bytes " + from
                    + " is longer than the receive buffer of " + target.getByteSize() + " bytes (" + target + ")");
        }
        return null;
    }

    /**
     * Stores a chunk of the matched message.
     *
     * @return whether the whole message has now arrived
     */
    boolean write(long offset, ByteBuffer chunk) {
        int n = chunk.remaining();
        if (target != null) {
            int size = matchedType.getSize();
            target.unpack(chunk.duplicate(), (int) (offset / size), n / size);
        } else if (whole != null) {
            if (offset + n > whole.length) {
                throw new MpiException(ErrorClass.ERR_OTHER, "an object message of " + whole.length
                        + " bytes got bytes " + offset + ".." + (offset + n));
            }
            chunk.duplicate().get(whole, (int) offset, n);
        } else {
            byte[] copy = new byte[n];
            chunk.duplicate().get(copy);
            blocks.put(offset, copy);
        }
        received += n;
        return received >= length;
    }

    /**
     * A receive from {@code PROC_NULL}: complete at once, source {@code PROC_NULL}, tag
     * {@code ANY_TAG}, count 0.
     *
     * @param buffer whether it stands for a buffer receive (its result is then a status)
     * @return the completed receive
     */
    public static RecvOp procNull(boolean buffer) {
        RecvOp op = new RecvOp(0, MPI.PROC_NULL, MPI.ANY_TAG, -1,
                buffer ? Buf.of(new byte[0]) : null, null);
        op.completeNull();
        return op;
    }

    /** Completes at once, as a receive from PROC_NULL does. */
    void completeNull() {
        matchedSource = MPI.PROC_NULL;
        matchedTag = MPI.ANY_TAG;
        length = 0;
        finish(null);
    }

    void complete(MpiException failure) {
        finish(failure);
    }

    void cancel() {
        cancelled = true;
        finish(null);
    }

    @Override
    public boolean isCancelled() {
        return cancelled;
    }

    /** @return whether this receives into a buffer (else an object) */
    public boolean isBufferReceive() {
        return target != null;
    }

    /**
     * Returns the received object (deserialized once, in the calling thread), or the status for
     * buffer receives.
     */
    @Override
    public synchronized Object result() {
        if (target != null || cancelled) {
            Status st = new Status();
            fillStatus(st);
            return target != null ? st : null;
        }
        if (!deserialized) {
            deserialized = true;
            if (whole != null) {
                byte[] bytes = whole;
                whole = null;
                value = serializer.deserialize(bytes, 0, bytes.length);
            } else if (blocks != null) {
                List<byte[]> b = new ArrayList<>(blocks.values());
                blocks = null;
                value = serializer.deserialize(b.isEmpty() ? List.of(new byte[0]) : b, length);
            }
        }
        return value;
    }

    @Override
    public void fillStatus(Status status) {
        MpiException e = error();
        status.set(matchedSource, matchedTag, length, matchedType,
                e == null ? ErrorClass.SUCCESS : e.getErrorClass(), cancelled);
    }
}
