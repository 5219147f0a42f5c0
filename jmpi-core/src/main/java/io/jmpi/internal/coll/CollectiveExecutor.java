package io.jmpi.internal.coll;

import io.jmpi.ErrorClass;
import io.jmpi.MpiException;
import io.jmpi.internal.session.RankContext;
import io.jmpi.internal.session.Sessions;
import io.jmpi.internal.stall.StallDetector;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Runs nonblocking collectives: each on a thread of its own (a cached pool of daemon threads
 * named {@code jmpi-coll-<world rank>} while they run one), which runs the same blocking
 * schedule as the blocking call and then completes the request. Collectives thereby complete
 * independently of each other, of point-to-point traffic and of whether anyone waits; the
 * engine is thread-safe. Idle threads end after 30 seconds.
 *
 * <p>The call's sequence number (its tag) is taken by the caller, in call order, before the
 * schedule is handed over: see {@link Coll#begin}.
 */
public final class CollectiveExecutor {
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ExecutorService POOL = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 30, TimeUnit.SECONDS,
            new SynchronousQueue<>(), r -> {
                Thread t = new Thread(r, "jmpi-coll-idle-" + THREADS.incrementAndGet());
                t.setDaemon(true);
                return t;
            });

    private CollectiveExecutor() {
    }

    /**
     * Starts running {@code schedule} on its own thread.
     *
     * @param call the collective call (its tag already taken)
     * @param schedule the algorithm; returns the result
     * @return the operation, completed when the schedule ends
     */
    public static CollectiveOp start(Coll call, Function<Coll, Object> schedule) {
        CollectiveOp op = new CollectiveOp(call);
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        int worldRank = call.comm().myWorldRank();
        RankContext rank = Sessions.bound();
        POOL.execute(() -> {
            Thread t = Thread.currentThread();
            String idleName = t.getName();
            t.setName("jmpi-coll-" + worldRank);
            t.setContextClassLoader(loader);
            // pooled threads serve every rank of an in-process world: bind the caller's rank
            // (user ops that use MPI.COMM_WORLD see the right one), and only for this call
            if (rank != null) {
                Sessions.bind(rank);
            } else {
                Sessions.unbind();
            }
            StallDetector.markBackground(true);
            try {
                op.complete(schedule.apply(call));
            } catch (MpiException e) {
                op.fail(e);
            } catch (RuntimeException | Error e) {
                op.fail(new MpiException(ErrorClass.ERR_OTHER, "nonblocking collective on " + call.comm()
                        + " failed: " + e, e));
            } finally {
                StallDetector.markBackground(false);
                Sessions.unbind();
                t.setName(idleName);
            }
        });
        return op;
    }
}
