package io.jmpi;

import io.jmpi.internal.p2p.MessageEngine;
import io.jmpi.internal.p2p.Operation;
import io.jmpi.internal.p2p.RecvOp;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A nonblocking operation in progress. {@link #waitFor()} returns its result: the received
 * object for object receives ({@code irecv()}), the {@link Status} for buffer receives, and
 * {@code null} for sends.
 *
 * <p>A request is also a {@link Future}, and {@link #toCompletableFuture()} gives a
 * {@link CompletableFuture} to compose ({@code thenApply}, {@code allOf}, {@code orTimeout}).
 * Completion does not depend on anyone waiting: transports make progress on their own.
 *
 * <p>An error raised by {@code waitFor}, {@code test}, {@code get} and the calls on several
 * requests passes through the error handler of the communicator the request was made on
 * ({@link Errhandler}); the {@link CompletableFuture} is completed with it as it is.
 *
 * <p>Thread-safe; typically one thread waits on a request.
 *
 * <p>MPI: MPI_Request; mpi4py: {@code MPI.Request}.
 *
 * @param <T> the result type
 */
public class Request<T> implements Future<T> {
    /** The communicator of the call that made this request (its error handler), or null. */
    private final Comm comm;
    private final MessageEngine engine;
    private volatile Operation op;
    private volatile boolean freed;

    Request(Comm comm, MessageEngine engine, Operation op) {
        this.comm = comm;
        this.engine = engine;
        this.op = op;
    }

    /** Passes an error of this request through its communicator's error handler; returns it to be thrown. */
    final MpiException raise(MpiException e) {
        return comm == null ? e : comm.raise(e);
    }

    /** {@link #operation()}, its error ({@code ERR_REQUEST} once freed) raised on the communicator. */
    final Operation checkedOperation() {
        try {
            return operation();
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /** The result of the completed {@code o}, its error raised on the communicator. */
    private T result(Operation o, Status status) {
        try {
            return resultOf(o, status);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /** Raises an error of a call on several requests on the communicator of the first that has one. */
    private static MpiException raise(Request<?>[] requests, MpiException e) {
        for (Request<?> r : requests) {
            if (r != null && r.comm != null) {
                return r.raise(e);
            }
        }
        return e;
    }

    /** The operation this request stands for now, or {@code null} for an inactive persistent request. */
    final Operation operation() {
        checkNotFreed();
        return op;
    }

    final void setOperation(Operation op) {
        this.op = op;
    }

    final MessageEngine engine() {
        return engine;
    }

    // ---- Completion ----

    /**
     * Waits for the operation to complete and returns its result.
     *
     * <p>MPI: MPI_Wait; mpi4py: {@code Request.Wait()} / {@code Request.wait()}.
     *
     * @return the received object, the {@link Status} of a buffer receive, or {@code null}
     * @throws MpiException the operation's error ({@code ERR_TRUNCATE}, {@code ERR_PROC_FAILED} ...)
     */
    public T waitFor() {
        return waitFor((Status) null);
    }

    /**
     * Waits for the operation to complete, fills {@code status} and returns the result.
     *
     * <p>MPI: MPI_Wait; mpi4py: {@code Request.Wait(status)} / {@code Request.wait(status)}.
     *
     * @param status filled with the outcome; may be {@code null}
     * @return the result, as {@link #waitFor()}
     * @throws MpiException the operation's error
     */
    public T waitFor(Status status) {
        try {
            Operation o = operation();
            if (o != null && !o.isDone()) {
                engine.await(o, Long.MAX_VALUE);
            }
            return resultOf(o, status);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Waits at most {@code timeout} for the operation to complete.
     *
     * <p>MPI: MPI_Wait with a time limit (no MPI equivalent); mpi4py: none.
     *
     * @param timeout the longest wait
     * @return the result, as {@link #waitFor()}
     * @throws MpiException {@code ERR_TIMEOUT} when the time passes first (the operation goes
     *     on), or the operation's error
     */
    public T waitFor(Duration timeout) {
        try {
            Operation o = operation();
            if (o != null && !o.isDone() && !engine.await(o, System.nanoTime() + timeout.toNanos())) {
                throw new MpiException(ErrorClass.ERR_TIMEOUT, "the request did not complete within "
                        + timeout.toMillis() + " ms");
            }
            return resultOf(o, null);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Tests once, making progress, whether the operation has completed. After {@code true},
     * {@link #waitFor()} returns the result at once.
     *
     * <p>MPI: MPI_Test; mpi4py: {@code Request.Test()} / {@code Request.test()}.
     *
     * @return whether it has completed
     * @throws MpiException the operation's error, once completed
     */
    public boolean test() {
        return test(null);
    }

    /**
     * Tests once whether the operation has completed and, if so, fills {@code status}.
     *
     * <p>MPI: MPI_Test; mpi4py: {@code Request.Test(status)}.
     *
     * @param status filled when complete; may be {@code null}
     * @return whether it has completed
     * @throws MpiException the operation's error, once completed
     */
    public boolean test(Status status) {
        try {
            Operation o = operation();
            if (o != null && !o.isDone() && !engine.test(o)) {
                return false;
            }
            resultOf(o, status);
            return true;
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Tells whether the operation has completed without consuming anything, and fills
     * {@code status} if so.
     *
     * <p>MPI: MPI_Request_get_status; mpi4py: {@code Request.Get_status(status)}.
     *
     * @param status filled when complete; may be {@code null}
     * @return whether it has completed
     */
    public boolean getStatus(Status status) {
        try {
            Operation o = operation();
            if (o == null) {
                return true;
            }
            if (!o.isDone() && !engine.test(o)) {
                return false;
            }
            if (status != null) {
                o.fillStatus(status);
            }
            return true;
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    private T resultOf(Operation o, Status status) {
        if (o == null) {
            if (status != null) {
                status.set(MPI.ANY_SOURCE, MPI.ANY_TAG, 0, null, ErrorClass.SUCCESS, false);
            }
            return null;
        }
        if (status != null) {
            o.fillStatus(status);
        }
        if (o.error() != null) {
            throw MpiException.rethrown(o.error());
        }
        @SuppressWarnings("unchecked")
        T result = (T) o.result();
        return result;
    }

    /**
     * Cancels a receive that has not matched a message yet; it then completes with
     * {@link Status#isCancelled()} true. Cancelling a send, or a receive that has matched, has
     * no effect (MPI-4 deprecates cancelling sends).
     *
     * <p>MPI: MPI_Cancel; mpi4py: {@code Request.Cancel()}.
     */
    public void cancel() {
        try {
            Operation o = operation();
            if (o instanceof RecvOp r) {
                engine.cancel(r);
            }
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Releases the request handle; the operation goes on and completes on its own. The handle
     * may not be used afterwards.
     *
     * <p>MPI: MPI_Request_free; mpi4py: {@code Request.Free()}.
     */
    public void free() {
        try {
            checkNotFreed();
            freed = true;
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    private void checkNotFreed() {
        if (freed) {
            throw new MpiException(ErrorClass.ERR_REQUEST, "the request has been freed");
        }
    }

    // ---- Future ----

    /**
     * Returns a {@link CompletableFuture} completed with the result (or the error) when the
     * operation completes. Dependent stages run on the thread that completes it, which may be
     * a transport thread: keep them short or use the {@code ...Async} forms.
     *
     * <p>MPI: none; mpi4py: none.
     *
     * @return the future
     */
    @SuppressWarnings("unchecked")
    public CompletableFuture<T> toCompletableFuture() {
        try {
            Operation o = operation();
            if (o == null) {
                return CompletableFuture.completedFuture(null);
            }
            CompletableFuture<T> f = new CompletableFuture<>();
            o.future().whenComplete((value, error) -> {
                if (error instanceof java.util.concurrent.CancellationException) {
                    f.cancel(false);
                } else if (error != null) {
                    f.completeExceptionally(error);
                } else {
                    f.complete((T) value);
                }
            });
            return f;
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /** Cancels as {@link #cancel()}. @param mayInterruptIfRunning ignored @return whether it is cancelled */
    @Override
    public boolean cancel(boolean mayInterruptIfRunning) {
        cancel();
        return isCancelled();
    }

    /** @return whether the operation was cancelled */
    @Override
    public boolean isCancelled() {
        Operation o = op;
        return o != null && o.isCancelled();
    }

    /** @return whether the operation has completed (no progress is made) */
    @Override
    public boolean isDone() {
        Operation o = op;
        return o == null || o.isDone();
    }

    /** Waits as {@link #waitFor()}. @return the result */
    @Override
    public T get() {
        return waitFor();
    }

    /**
     * Waits as {@link #waitFor(Duration)}.
     *
     * @param timeout the longest wait
     * @param unit its unit
     * @return the result
     * @throws TimeoutException when the time passes first
     */
    @Override
    public T get(long timeout, TimeUnit unit) throws TimeoutException {
        try {
            Operation o = operation();
            if (o != null && !o.isDone() && !engine.await(o, System.nanoTime() + unit.toNanos(timeout))) {
                throw new TimeoutException("the request did not complete within " + timeout + " " + unit);
            }
            return resultOf(o, null);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    // ---- Many requests ----

    /**
     * Waits for all requests and returns their results in order ({@code null} entries give
     * {@code null}).
     *
     * <p>MPI: MPI_Waitall; mpi4py: {@code Request.Waitall(requests)} / {@code Request.waitall(requests)}.
     *
     * @param requests the requests
     * @return their results
     * @throws MpiException the first error, after every request has completed
     */
    public static List<Object> waitall(Request<?>... requests) {
        return waitall(Arrays.asList(requests));
    }

    /**
     * Waits for all requests and returns their results in order.
     *
     * <p>MPI: MPI_Waitall; mpi4py: {@code Request.waitall(requests)}.
     *
     * @param requests the requests
     * @return their results
     * @throws MpiException the first error, after every request has completed
     */
    public static List<Object> waitall(List<? extends Request<?>> requests) {
        List<Object> results = new ArrayList<>(requests.size());
        MpiException first = null;
        for (Request<?> r : requests) {
            if (r != null) {
                Operation o = r.checkedOperation();
                if (o != null && !o.isDone()) {
                    r.engine.await(o, Long.MAX_VALUE);
                }
            }
        }
        for (Request<?> r : requests) {
            try {
                results.add(r == null ? null : r.waitFor());
            } catch (MpiException e) {
                results.add(null);
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
        return results;
    }

    /**
     * Waits until one request completes and returns its index, or {@link MPI#UNDEFINED} if no
     * request is active.
     *
     * <p>MPI: MPI_Waitany; mpi4py: {@code Request.Waitany(requests)}.
     *
     * @param requests the requests
     * @return the index of a completed request
     * @throws MpiException that request's error
     */
    public static int waitany(Request<?>... requests) {
        List<Operation> ops = operations(requests);
        for (int i = 0; i < ops.size(); i++) {
            if (ops.get(i) != null && ops.get(i).isDone()) {
                requests[i].result(ops.get(i), null);
                return i;
            }
        }
        MessageEngine engine = anyEngine(requests);
        if (engine == null) {
            return MPI.UNDEFINED;
        }
        int i;
        try {
            i = engine.awaitAny(ops, Long.MAX_VALUE);
        } catch (MpiException e) {
            throw raise(requests, e);
        }
        if (i < 0) {
            return MPI.UNDEFINED;
        }
        requests[i].result(ops.get(i), null);
        return i;
    }

    /**
     * Waits until at least one request completes and returns the indices of all completed ones.
     *
     * <p>MPI: MPI_Waitsome; mpi4py: {@code Request.Waitsome(requests)}.
     *
     * @param requests the requests
     * @return the indices of completed requests (empty if none is active)
     */
    public static int[] waitsome(Request<?>... requests) {
        if (waitany(requests) == MPI.UNDEFINED) {
            return new int[0];
        }
        return completed(requests);
    }

    /**
     * Tests once whether all requests have completed.
     *
     * <p>MPI: MPI_Testall; mpi4py: {@code Request.Testall(requests)}.
     *
     * @param requests the requests
     * @return whether all have completed
     */
    public static boolean testall(Request<?>... requests) {
        boolean all = true;
        for (Request<?> r : requests) {
            if (r != null && !r.test()) {
                all = false;
            }
        }
        return all;
    }

    /**
     * Tests once whether any request has completed.
     *
     * <p>MPI: MPI_Testany; mpi4py: {@code Request.Testany(requests)}.
     *
     * @param requests the requests
     * @return the index of a completed request, or {@link MPI#UNDEFINED}
     */
    public static int testany(Request<?>... requests) {
        for (int i = 0; i < requests.length; i++) {
            if (requests[i] != null && requests[i].checkedOperation() != null && requests[i].test()) {
                return i;
            }
        }
        return MPI.UNDEFINED;
    }

    /**
     * Tests once which requests have completed.
     *
     * <p>MPI: MPI_Testsome; mpi4py: {@code Request.Testsome(requests)}.
     *
     * @param requests the requests
     * @return the indices of completed requests
     */
    public static int[] testsome(Request<?>... requests) {
        for (Request<?> r : requests) {
            if (r != null && r.engine != null && r.checkedOperation() != null) {
                try {
                    r.engine.test(r.operation());
                } catch (MpiException e) {
                    throw r.raise(e);
                }
                break;
            }
        }
        return completed(requests);
    }

    private static int[] completed(Request<?>[] requests) {
        List<Integer> done = new ArrayList<>();
        for (int i = 0; i < requests.length; i++) {
            Request<?> r = requests[i];
            if (r != null && r.checkedOperation() != null && r.operation().isDone()) {
                done.add(i);
            }
        }
        for (int i : done) {
            requests[i].result(requests[i].operation(), null);
        }
        return done.stream().mapToInt(Integer::intValue).toArray();
    }

    private static List<Operation> operations(Request<?>[] requests) {
        List<Operation> ops = new ArrayList<>(requests.length);
        for (Request<?> r : requests) {
            ops.add(r == null ? null : r.checkedOperation());
        }
        return ops;
    }

    private static MessageEngine anyEngine(Request<?>[] requests) {
        for (Request<?> r : requests) {
            if (r != null && r.engine != null && r.checkedOperation() != null) {
                return r.engine;
            }
        }
        return null;
    }
}
