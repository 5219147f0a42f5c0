package io.jmpi.transport.netty;

import io.jmpi.spi.FrameListener;

import java.nio.ByteBuffer;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A {@link FrameListener} that copies every frame into a queue, for tests. */
final class CollectingListener implements FrameListener {

    /** A delivered frame. */
    record Frame(int peer, byte[] bytes) {
        ByteBuffer buffer() {
            return ByteBuffer.wrap(bytes);
        }
    }

    /** A reported loss. */
    record Lost(int peer, Throwable cause) {
    }

    final BlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
    final BlockingQueue<Lost> lost = new LinkedBlockingQueue<>();
    private volatile Predicate<ByteBuffer> refuse = f -> false;
    private volatile CountDownLatch gate;

    /** Makes {@link #onFrame} wait until {@code open} counts down, as a stalled receiver would. */
    void holdFramesUntil(CountDownLatch open) {
        gate = open;
    }

    /** Makes {@link #onFrame} throw for frames that match, as the engine does for malformed ones. */
    void refuseFrames(Predicate<ByteBuffer> which) {
        refuse = which;
    }

    @Override
    public void onFrame(int peer, ByteBuffer frame) {
        CountDownLatch g = gate;
        if (g != null) {
            try {
                g.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (refuse.test(frame.duplicate())) {
            throw new IllegalArgumentException("malformed test frame from rank " + peer);
        }
        byte[] copy = new byte[frame.remaining()];
        frame.duplicate().get(copy);
        frames.add(new Frame(peer, copy));
    }

    @Override
    public void onPeerLost(int peer, Throwable cause) {
        lost.add(new Lost(peer, cause));
    }

    Frame take() throws InterruptedException {
        Frame f = frames.poll(10, TimeUnit.SECONDS);
        if (f == null) {
            throw new AssertionError("no frame arrived within 10 s");
        }
        return f;
    }
}
