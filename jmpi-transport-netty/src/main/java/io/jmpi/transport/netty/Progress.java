package io.jmpi.transport.netty;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import java.util.function.BooleanSupplier;

/**
 * Who runs a transport's event loop, and how a thread waits for something the loop must do.
 * Two policies: {@link SharedLoopProgress} (the rank's waiting threads drive one
 * {@link SharedIoEventLoop} themselves, a background thread only when none does) and
 * {@link LoopThreadsProgress} (Netty event-loop threads; {@code jmpi.tcp.progress=threads}).
 *
 * <p>Any thread may call every method.
 */
interface Progress {

    /** @return the event loops that channels register with */
    EventLoopGroup group();

    /** @return whether waiting threads drive the loop themselves */
    boolean callerDriven();

    /** @return whether the calling thread is running the loop now (inside a handler) */
    boolean inEventLoop();

    /**
     * One non-blocking pass of I/O on the calling thread, if no other thread is driving.
     *
     * @return whether anything was handled
     */
    boolean poll();

    /**
     * Blocks the calling thread at most {@code nanos}: in the loop's I/O wait if it can take
     * the turn, else parked.
     *
     * @param nanos the longest wait
     * @return whether it waited in place of the caller's own park
     */
    boolean awaitProgress(long nanos);

    /** Wakes a thread blocked in {@link #awaitProgress(long)} (other than the caller). */
    void wakeup();

    /**
     * Writes and flushes {@code frame} on {@code ch}, straight to the socket when the calling
     * thread can drive the loop; frames written by one thread keep their order.
     *
     * @param ch the channel
     * @param frame the frame, now owned by the channel
     */
    void write(Channel ch, ByteBuf frame);

    /**
     * Makes progress (or waits for the loop threads) until {@code done} is true or the deadline
     * passes. Not from inside the loop.
     *
     * @param done the condition, checked between passes
     * @param deadlineNanos a {@link System#nanoTime()} deadline
     * @return whether {@code done} became true
     */
    boolean driveUntil(BooleanSupplier done, long deadlineNanos);

    /**
     * Stops the loop and its threads, waiting a bounded time. After the channels are closed.
     *
     * @return whether everything stopped in time
     */
    boolean shutdown();
}
