package io.jmpi.internal.p2p;

import io.jmpi.MpiException;
import io.jmpi.Status;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;

/**
 * A point-to-point operation in progress: completed exactly once by whichever thread finishes
 * it (a transport thread, the rendezvous sender or the poster), waited on by the thread that
 * started it or observed through a {@link CompletableFuture}.
 */
public abstract class Operation {
    private volatile boolean done;
    private volatile Thread waiter;
    private volatile Runnable waker;
    private volatile MpiException error;
    private CompletableFuture<Object> future; // guarded by this

    /** @return whether the operation has completed, successfully or not */
    public final boolean isDone() {
        return done;
    }

    /** @return the error the operation completed with, or {@code null} */
    public final MpiException error() {
        return error;
    }

    /** @return whether the operation was cancelled */
    public boolean isCancelled() {
        return false;
    }

    /**
     * Names the thread that waits for this operation, and how to wake it if it blocks inside
     * the transport.
     *
     * @param t the waiting thread
     * @param wake wakes a thread blocked in the transport, or {@code null}
     */
    final void setWaiter(Thread t, Runnable wake) {
        waker = wake;
        waiter = t;
    }

    /**
     * Completes the operation; the first call wins.
     *
     * @param failure the error, or {@code null} for success
     */
    protected final void finish(MpiException failure) {
        synchronized (this) {
            if (done) {
                return;
            }
            error = failure;
            done = true;
        }
        Thread w = waiter;
        if (w != null) {
            LockSupport.unpark(w);
            Runnable k = waker;
            if (k != null && w != Thread.currentThread()) {
                k.run();
            }
        }
        CompletableFuture<Object> f;
        synchronized (this) {
            f = future;
        }
        if (f != null) {
            completeFuture(f);
        }
    }

    /**
     * Returns a future completed with {@link #result()} when this operation completes.
     *
     * @return the future (the same one on every call)
     */
    public final synchronized CompletableFuture<Object> future() {
        if (future == null) {
            future = new CompletableFuture<>();
            if (done) {
                completeFuture(future);
            }
        }
        return future;
    }

    private void completeFuture(CompletableFuture<Object> f) {
        if (isCancelled()) {
            f.cancel(false);
            return;
        }
        MpiException e = error;
        if (e != null) {
            f.completeExceptionally(e);
            return;
        }
        try {
            f.complete(result());
        } catch (MpiException ex) {
            f.completeExceptionally(ex);
        }
    }

    /**
     * Says what this operation waits for, for stall reports; receives and sends are described
     * from their envelopes instead.
     *
     * @return a phrase ({@code the nonblocking bcast (collective call 3) on COMM_WORLD}), or
     *     {@code null} when there is nothing to say
     */
    public String waitDescription() {
        return null;
    }

    /**
     * Returns the operation's result once done: the received object for object receives,
     * else the status.
     *
     * @return the result
     */
    public abstract Object result();

    /**
     * Fills {@code status} with the outcome.
     *
     * @param status the status to fill
     */
    public abstract void fillStatus(Status status);
}
