package io.jmpi.transport.netty;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelPromise;
import io.netty.channel.DefaultChannelPromise;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.IoHandle;
import io.netty.channel.IoHandler;
import io.netty.channel.IoHandlerContext;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.IoRegistration;
import io.netty.util.concurrent.AbstractScheduledEventExecutor;
import io.netty.util.concurrent.DefaultPromise;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.util.concurrent.Promise;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An {@link IoEventLoop} with no thread of its own: whichever thread holds its lock drives it
 * (the <em>driver</em>), and {@link #inEventLoop(Thread)} is true exactly for that thread. A
 * rank's threads take turns: the thread waiting for a message polls the sockets itself and
 * writes its frames straight to them, with no hand-off to another thread (the hop that costs
 * a cross-CPU wake-up per message).
 *
 * <p>This is Netty's {@code ManualIoEventLoop} idea with the owner chosen per turn rather than
 * fixed for life, so any thread of a rank (the main thread, a thread of an
 * {@code MPI_THREAD_MULTIPLE} program, a nonblocking collective's thread, a background driver)
 * can make progress. The lock orders every turn after the previous one, so the
 * {@link IoHandler} and the channels see their state as if one thread ran them.
 *
 * <p><b>Contract.</b> {@link #runNow()} and {@link #runBlocking(long)} only between
 * {@link #tryDrive()} (true) and {@link #release()}, on the same thread. Never wait for a
 * Netty future while driving (nobody else can complete it). {@link #execute(Runnable)} and
 * {@link #wakeup()} from any thread.
 */
final class SharedIoEventLoop extends AbstractScheduledEventExecutor implements IoEventLoop {
    private static final int ST_STARTED = 0;
    private static final int ST_SHUTTING_DOWN = 1;
    private static final int ST_TERMINATED = 2;

    private final ReentrantLock lock = new ReentrantLock();
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicInteger state = new AtomicInteger(ST_STARTED);
    private final Promise<Void> terminationFuture = new DefaultPromise<>(GlobalEventExecutor.INSTANCE);
    private final IoHandler handler;
    private final NonBlocking nonBlocking = new NonBlocking();
    private final Blocking blocking = new Blocking();

    private volatile Thread driver;
    private volatile Thread blockedDriver;
    private volatile boolean wakeupRequested;
    private boolean initialized; // guarded by lock
    private boolean running; // guarded by lock

    SharedIoEventLoop(IoHandlerFactory factory) {
        this.handler = factory.newHandler(this);
    }

    // ---- Turns ----

    /**
     * Takes the turn if no other thread has it (re-entrant).
     *
     * @return whether the calling thread now drives the loop
     */
    boolean tryDrive() {
        if (!lock.tryLock()) {
            return false;
        }
        driver = Thread.currentThread();
        return true;
    }

    /** Gives the turn back (one {@link #release()} per successful {@link #tryDrive()}). */
    void release() {
        if (lock.getHoldCount() == 1) {
            driver = null;
        }
        lock.unlock();
    }

    /** @return whether tasks are queued for the next pass */
    boolean hasTasks() {
        return !tasks.isEmpty();
    }

    /** @return the thread blocked in {@link #runBlocking(long)} now, or {@code null} */
    Thread blockedDriver() {
        return blockedDriver;
    }

    /**
     * Handles the I/O that is ready and the queued tasks, without blocking. Driver only;
     * does nothing when called from inside a pass (a handler that polls).
     *
     * @return how many I/O events and tasks were handled
     */
    int runNow() {
        return run(nonBlocking);
    }

    /**
     * Waits at most {@code nanos} for I/O or a task, then handles what is ready; returns
     * earlier when {@link #wakeup()} is called. Driver only.
     *
     * @param nanos the longest wait, positive
     * @return how many I/O events and tasks were handled
     */
    int runBlocking(long nanos) {
        blocking.maxNanos = nanos;
        blockedDriver = Thread.currentThread();
        try {
            return run(blocking);
        } finally {
            blockedDriver = null;
        }
    }

    private int run(IoHandlerContext context) {
        assert lock.isHeldByCurrentThread();
        if (running || state.get() == ST_TERMINATED) {
            return 0;
        }
        running = true;
        try {
            if (!initialized) {
                initialized = true;
                handler.initialize();
            }
            int handled = handler.run(context);
            wakeupRequested = false;
            return handled + runTasks();
        } finally {
            running = false;
        }
    }

    private int runTasks() {
        fetchFromScheduledTaskQueue(tasks);
        int ran = 0;
        // A bounded pass: tasks that tasks add wait for the next pass.
        for (int budget = tasks.size(); budget > 0; budget--) {
            Runnable task = tasks.poll();
            if (task == null) {
                break;
            }
            safeExecute(task);
            ran++;
        }
        return ran;
    }

    /**
     * Makes a thread blocked in {@link #runBlocking(long)} return, or the next blocking pass
     * return at once. Any thread.
     */
    void wakeup() {
        wakeupRequested = true;
        handler.wakeup();
    }

    /**
     * Destroys the I/O handler (closing what is still registered) and terminates. Driver
     * only; after {@link #shutdownGracefully}.
     */
    void destroy() {
        assert lock.isHeldByCurrentThread();
        if (state.get() == ST_TERMINATED) {
            return;
        }
        state.set(ST_SHUTTING_DOWN);
        try {
            runTasks();
            if (initialized) {
                handler.prepareToDestroy();
                handler.destroy();
            }
            for (int pass = 0; pass < 16 && runTasks() > 0; pass++) {
                // tasks that closing channels queued (deregistration, listeners)
            }
            cancelScheduledTasks();
        } finally {
            state.set(ST_TERMINATED);
            terminationFuture.trySuccess(null);
        }
    }

    // ---- EventExecutor ----

    @Override
    public boolean inEventLoop(Thread thread) {
        return driver == thread;
    }

    @Override
    public void execute(Runnable task) {
        Objects.requireNonNull(task, "task");
        if (state.get() == ST_TERMINATED) {
            throw new RejectedExecutionException("the event loop is terminated");
        }
        tasks.add(task);
        if (!inEventLoop()) {
            wakeup();
        }
    }

    @Override
    public SharedIoEventLoop next() {
        return this;
    }

    @Override
    public IoEventLoopGroup parent() {
        return null;
    }

    @Override
    public boolean isShuttingDown() {
        return state.get() >= ST_SHUTTING_DOWN;
    }

    @Override
    public Future<?> shutdownGracefully(long quietPeriod, long timeout, TimeUnit unit) {
        state.compareAndSet(ST_STARTED, ST_SHUTTING_DOWN);
        wakeup();
        return terminationFuture;
    }

    @Override
    public Future<?> terminationFuture() {
        return terminationFuture;
    }

    @Override
    @Deprecated
    public void shutdown() {
        shutdownGracefully(0, 0, TimeUnit.SECONDS);
    }

    @Override
    public boolean isShutdown() {
        return state.get() >= ST_SHUTTING_DOWN;
    }

    @Override
    public boolean isTerminated() {
        return state.get() == ST_TERMINATED;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return terminationFuture.await(timeout, unit);
    }

    // ---- IoEventLoop ----

    @Override
    public Future<IoRegistration> register(IoHandle handle) {
        Promise<IoRegistration> promise = newPromise();
        if (inEventLoop()) {
            register(handle, promise);
        } else {
            execute(() -> register(handle, promise));
        }
        return promise;
    }

    private void register(IoHandle handle, Promise<IoRegistration> promise) {
        try {
            promise.setSuccess(handler.register(handle));
        } catch (Exception e) {
            promise.setFailure(e);
        }
    }

    @Override
    public ChannelFuture register(Channel channel) {
        return register(new DefaultChannelPromise(channel, this));
    }

    @Override
    public ChannelFuture register(ChannelPromise promise) {
        promise.channel().unsafe().register(this, promise);
        return promise;
    }

    @Override
    @Deprecated
    public ChannelFuture register(Channel channel, ChannelPromise promise) {
        channel.unsafe().register(this, promise);
        return promise;
    }

    @Override
    public boolean isCompatible(Class<? extends IoHandle> handleType) {
        return handler.isCompatible(handleType);
    }

    @Override
    public boolean isIoType(Class<? extends IoHandler> handlerType) {
        return handler.getClass().equals(handlerType);
    }

    // ---- What the handler may do in a pass ----

    private final class NonBlocking implements IoHandlerContext {
        @Override
        public boolean canBlock() {
            return false;
        }

        @Override
        public long delayNanos(long currentTimeNanos) {
            return 0;
        }

        @Override
        public long deadlineNanos() {
            return -1;
        }
    }

    private final class Blocking implements IoHandlerContext {
        long maxNanos;

        @Override
        public boolean canBlock() {
            return !wakeupRequested && tasks.isEmpty() && !hasScheduledTasks() && !isShuttingDown();
        }

        @Override
        public long delayNanos(long currentTimeNanos) {
            return Math.min(maxNanos, SharedIoEventLoop.this.delayNanos(currentTimeNanos, maxNanos));
        }

        @Override
        public long deadlineNanos() {
            long now = getCurrentTimeNanos();
            long next = nextScheduledTaskDeadlineNanos();
            if (next == -1 || next - now > maxNanos) {
                return now + maxNanos;
            }
            return next;
        }
    }
}
