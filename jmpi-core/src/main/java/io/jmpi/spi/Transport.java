package io.jmpi.spi;

import java.nio.ByteBuffer;

/**
 * Moves frames between the ranks of one job.
 *
 * <p><b>Threading.</b> {@link #send} may be called from any thread, concurrently. Frames sent
 * by one thread to one peer arrive in the order sent. Inbound frames go to the
 * {@link FrameListener} given at creation, on the transport's own threads or, for transports
 * that are driven by their callers, inside {@link #poll()} and {@link #awaitProgress(long)} (on
 * whichever thread calls them; one thread at a time).
 *
 * <p><b>Ownership.</b> The buffers given to {@link #send} belong to the caller again when it
 * returns: the transport has written or copied their bytes by then.
 */
public interface Transport extends AutoCloseable {

    /**
     * Returns the address at which peers reach this rank, to be published through the job's
     * coordinator, or {@code null} for a transport that needs none (in-process).
     *
     * @return an address in the transport's own syntax, or {@code null}
     */
    String localAddress();

    /**
     * Sends one frame, the concatenation of {@code parts} (from each part's position to its
     * limit), to {@code peer}. Positions and limits of the parts are not changed. A frame
     * has at least one byte (transports may use empty frames for themselves).
     *
     * @param peer the destination rank in the job, never the caller's own rank
     * @param parts the frame's bytes, in order
     * @throws io.jmpi.MpiException {@code ERR_PROC_FAILED} if the peer is known to be lost;
     *     {@code ERR_COUNT} for an empty frame (where the transport reserves them)
     */
    void send(int peer, ByteBuffer... parts);

    /**
     * Tells whether a {@link #send} to {@code peer} would neither connect nor wait for a
     * congested connection now, so that the caller may send from a thread that must not block
     * (a frame listener). A hint: {@code false} is always safe.
     *
     * @param peer the destination rank
     * @return whether a send would not block now
     */
    default boolean writable(int peer) {
        return false;
    }

    /**
     * Makes one non-blocking pass of I/O on the calling thread. Transports whose own threads
     * make progress return {@code false} at once.
     *
     * @return whether any frame was delivered
     */
    default boolean poll() {
        return false;
    }

    /**
     * Tells whether waiting threads drive this transport themselves ({@link #poll()} and
     * {@link #awaitProgress(long)}), so that a waiting rank needs no second core for a
     * transport thread. Transports with their own threads return {@code false}.
     *
     * @return whether progress is made by the threads that wait
     */
    default boolean progressesInCaller() {
        return false;
    }

    /**
     * Waits on the calling thread, at most {@code nanos}, for I/O and handles what arrives
     * (delivering frames to the listener); returns early when woken by {@link #wakeup()}.
     * Transports whose own threads make progress return {@code false} at once without
     * waiting, and the caller parks instead.
     *
     * @param nanos the longest wait
     * @return whether the call waited (or made progress) in place of a park
     */
    default boolean awaitProgress(long nanos) {
        return false;
    }

    /**
     * Wakes a thread blocked in {@link #awaitProgress(long)}, because something it may wait
     * for happened outside the transport (an operation completed on another thread). Any
     * thread; cheap when no thread is blocked.
     */
    default void wakeup() {
    }

    /**
     * Closes every connection and releases every thread and buffer. Idempotent.
     */
    @Override
    void close();
}
