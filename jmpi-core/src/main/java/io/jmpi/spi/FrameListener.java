package io.jmpi.spi;

import java.nio.ByteBuffer;

/**
 * Receives what a {@link Transport} delivers. Implemented by the engine.
 *
 * <p><b>Threading.</b> For one peer, calls come one at a time in the order the frames were
 * sent; calls for different peers may be concurrent. Implementations must not block.
 */
public interface FrameListener {

    /**
     * A frame arrived from {@code peer}.
     *
     * @param peer the sending rank
     * @param frame the frame, from position to limit; valid only for the duration of the call,
     *     so whatever must outlive it is copied
     */
    void onFrame(int peer, ByteBuffer frame);

    /**
     * The transport lost {@code peer}: its connection broke or it stopped answering.
     *
     * @param peer the lost rank
     * @param cause what the transport saw
     */
    void onPeerLost(int peer, Throwable cause);
}
