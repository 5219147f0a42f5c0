package io.jmpi.transport.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Progress by Netty event-loop threads (daemon threads named {@code jmpi-tcp-*}): inbound
 * frames are handled there and waiting threads park until an event-loop thread completes what
 * they wait for. Every message crosses threads, so it costs a wake-up or two more than
 * {@link SharedLoopProgress}; chosen with {@code jmpi.tcp.progress=threads}.
 */
final class LoopThreadsProgress implements Progress {
    private static final long SLICE_NANOS = TimeUnit.MICROSECONDS.toNanos(200);

    private final EventLoopGroup group;

    LoopThreadsProgress(IoMode io, int threads) {
        this.group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("jmpi-tcp", true),
                io.handlerFactory());
    }

    @Override
    public EventLoopGroup group() {
        return group;
    }

    @Override
    public boolean callerDriven() {
        return false;
    }

    @Override
    public boolean inEventLoop() {
        for (EventExecutor e : group) {
            if (e.inEventLoop()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean poll() {
        return false;
    }

    @Override
    public boolean awaitProgress(long nanos) {
        return false;
    }

    @Override
    public void wakeup() {
        // Waiters park; completing an operation unparks them.
    }

    @Override
    public void write(Channel ch, ByteBuf frame) {
        ch.writeAndFlush(frame, ch.voidPromise());
    }

    @Override
    public boolean driveUntil(BooleanSupplier done, long deadlineNanos) {
        while (!done.getAsBoolean()) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            LockSupport.parkNanos(this, Math.min(left, SLICE_NANOS));
        }
        return true;
    }

    @Override
    public boolean shutdown() {
        var terminated = group.shutdownGracefully(0, 2, TimeUnit.SECONDS);
        return inEventLoop() || terminated.awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
