package io.jmpi.internal.p2p;

import io.jmpi.ErrorClass;
import io.jmpi.MPI;
import io.jmpi.Status;

/** A send in progress: done when the user's data may be reused (and, if synchronous, matched). */
public final class SendOp extends Operation {
    final int destWorld;
    /** The context and tag it was sent with (for stall reports). */
    final int context;
    final int tag;
    final long id;
    final Payload payload;
    /** Bytes reserved in the attached buffer, released on completion (buffered mode). */
    final long reserved;
    private final java.util.concurrent.atomic.AtomicBoolean settled = new java.util.concurrent.atomic.AtomicBoolean();

    SendOp(int destWorld, int context, int tag, long id, Payload payload, long reserved) {
        this.destWorld = destWorld;
        this.context = context;
        this.tag = tag;
        this.id = id;
        this.payload = payload;
        this.reserved = reserved;
    }

    /** A send that is complete at once (to {@code PROC_NULL}). */
    static SendOp completed() {
        SendOp op = new SendOp(MPI.PROC_NULL, 0, 0, 0, null, 0);
        op.finish(null);
        return op;
    }

    /** @return true exactly once: for whoever settles this send first (releases its reservation) */
    boolean settle() {
        return settled.compareAndSet(false, true);
    }

    void complete() {
        finish(null);
    }

    /** A send has no result. */
    @Override
    public Object result() {
        return null;
    }

    @Override
    public void fillStatus(Status status) {
        status.set(MPI.ANY_SOURCE, MPI.ANY_TAG, 0, null, error() == null ? ErrorClass.SUCCESS : error().getErrorClass(), false);
    }
}
