package io.jmpi.internal.coll;

import io.jmpi.ErrorClass;
import io.jmpi.MPI;
import io.jmpi.MpiException;
import io.jmpi.Status;
import io.jmpi.internal.p2p.Operation;

/**
 * A nonblocking collective in progress: completed once by the thread that runs its schedule,
 * with the collective's result (the object of an object collective, {@code null} for buffers).
 * Its status is empty, as MPI's is for collectives.
 */
public final class CollectiveOp extends Operation {
    private volatile Object result;
    private final Coll call;

    /** A collective completed where it was started (nothing to wait for). */
    public CollectiveOp() {
        this(null);
    }

    /**
     * A collective whose schedule runs elsewhere.
     *
     * @param call the call, which stall reports name
     */
    public CollectiveOp(Coll call) {
        this.call = call;
    }

    @Override
    public String waitDescription() {
        return call == null ? null : "the nonblocking " + call.describe();
    }

    /** Completes successfully. @param value the result */
    public void complete(Object value) {
        result = value;
        finish(null);
    }

    /** Completes with an error. @param error the error */
    public void fail(MpiException error) {
        finish(error);
    }

    @Override
    public Object result() {
        return result;
    }

    @Override
    public void fillStatus(Status status) {
        MpiException e = error();
        status.set(MPI.ANY_SOURCE, MPI.ANY_TAG, 0, null, e == null ? ErrorClass.SUCCESS : e.getErrorClass(), false);
    }
}
