package io.jmpi.transport.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Progress made by the rank's own waiting threads: a thread that waits for a message takes
 * the turn on the rank's {@link SharedIoEventLoop} and polls the sockets itself (spinning,
 * then blocking in the kernel's I/O wait), and a thread that sends writes straight to the
 * socket. Nothing crosses threads on the way of a message, so a ping-pong costs no wake-up
 * while the waiter spins and one (the kernel's) once it blocks.
 *
 * <p>When no thread of the rank has asked for progress for {@code handover} (the program is
 * computing, or has not called MPI for a while), a background daemon thread
 * ({@code jmpi-progress-R}) takes the turn and blocks in the I/O wait, so connections are
 * accepted, congested sends drain and peers' frames are queued while the rank computes. It
 * gives the turn back as soon as a rank thread asks for it.
 */
final class SharedLoopProgress implements Progress {
    private static final Logger LOG = LoggerFactory.getLogger(SharedLoopProgress.class);
    /** Quiet time after which the background thread takes over. */
    private static final long HANDOVER_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long BACKGROUND_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long DRIVE_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long PARK_SLICE_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

    private final SharedIoEventLoop loop;
    private final Thread background;
    private final Set<Thread> parked = ConcurrentHashMap.newKeySet();
    private volatile long lastCallerNanos = System.nanoTime() - HANDOVER_NANOS;
    private volatile boolean backgroundDriving;
    private volatile boolean stopped;

    SharedLoopProgress(IoMode io, int rank) {
        this.loop = new SharedIoEventLoop(io.handlerFactory());
        this.background = new Thread(this::runBackground, "jmpi-progress-" + rank);
        background.setDaemon(true);
        background.start();
    }

    @Override
    public EventLoopGroup group() {
        return loop;
    }

    @Override
    public boolean callerDriven() {
        return true;
    }

    @Override
    public boolean inEventLoop() {
        return loop.inEventLoop();
    }

    @Override
    public boolean poll() {
        noteCaller();
        if (!loop.tryDrive()) {
            return false;
        }
        int handled;
        try {
            handled = loop.runNow();
        } finally {
            loop.release();
        }
        if (handled > 0) {
            wakeParked();
        }
        return handled > 0;
    }

    /** Threads parked while another drove may be waiting for what this pass did. */
    private void wakeParked() {
        if (!parked.isEmpty()) {
            parked.forEach(LockSupport::unpark);
        }
    }

    @Override
    public boolean awaitProgress(long nanos) {
        noteCaller();
        if (loop.tryDrive()) {
            try {
                loop.runBlocking(nanos);
            } finally {
                loop.release();
            }
            // Whatever happened, a thread that could not take the turn may take it now.
            wakeParked();
            return true;
        }
        parkWhileAnotherDrives(nanos);
        return true;
    }

    private void parkWhileAnotherDrives(long nanos) {
        Thread me = Thread.currentThread();
        parked.add(me);
        try {
            LockSupport.parkNanos(this, nanos);
        } finally {
            parked.remove(me);
        }
    }

    @Override
    public void wakeup() {
        Thread blocked = loop.blockedDriver();
        if (blocked != null && blocked != Thread.currentThread()) {
            loop.wakeup();
        }
    }

    @Override
    public void write(Channel ch, ByteBuf frame) {
        boolean nested = loop.inEventLoop();
        if (loop.tryDrive()) {
            try {
                if (!loop.hasTasks()) {
                    ch.writeAndFlush(frame, ch.voidPromise());
                    return;
                }
            } finally {
                loop.release();
            }
        }
        // Behind the writes already queued (this thread's earlier frames may be among them).
        loop.execute(() -> ch.writeAndFlush(frame, ch.voidPromise()));
        if (!nested) {
            poll();
        }
    }

    @Override
    public boolean driveUntil(BooleanSupplier done, long deadlineNanos) {
        while (!done.getAsBoolean()) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            noteCaller();
            if (loop.tryDrive()) {
                try {
                    loop.runBlocking(Math.min(left, DRIVE_SLICE_NANOS));
                } finally {
                    loop.release();
                }
                wakeParked();
            } else {
                parkWhileAnotherDrives(Math.min(left, PARK_SLICE_NANOS));
            }
        }
        return true;
    }

    @Override
    public boolean shutdown() {
        stopped = true;
        loop.shutdownGracefully(0, 0, TimeUnit.SECONDS);
        LockSupport.unpark(background);
        if (background != Thread.currentThread()) {
            try {
                background.join(TimeUnit.SECONDS.toMillis(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (!loop.tryDrive()) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            loop.wakeup();
            LockSupport.parkNanos(this, PARK_SLICE_NANOS);
        }
        try {
            loop.destroy();
        } finally {
            loop.release();
        }
        return true;
    }

    // ---- The background driver ----

    private void noteCaller() {
        lastCallerNanos = System.nanoTime();
        if (backgroundDriving) {
            loop.wakeup();
        }
    }

    private boolean callersQuiet() {
        return System.nanoTime() - lastCallerNanos >= HANDOVER_NANOS;
    }

    private void runBackground() {
        while (!stopped) {
            long quiet = System.nanoTime() - lastCallerNanos;
            if (quiet < HANDOVER_NANOS) {
                LockSupport.parkNanos(this, HANDOVER_NANOS - quiet);
                continue;
            }
            if (!loop.tryDrive()) {
                LockSupport.parkNanos(this, HANDOVER_NANOS);
                continue;
            }
            backgroundDriving = true;
            try {
                while (!stopped && callersQuiet()) {
                    if (loop.runBlocking(BACKGROUND_SLICE_NANOS) > 0) {
                        wakeParked();
                    }
                }
            } catch (RuntimeException | Error e) {
                LOG.warn("the background progress thread failed: {}", e.toString(), e);
            } finally {
                backgroundDriving = false;
                loop.release();
            }
        }
    }
}
