package io.jmpi.transport.netty;

import io.netty.channel.Channel;

/**
 * The one connection between this rank and one peer, and how it came to be.
 *
 * <p>Exactly one connection per pair carries frames in both directions. When both ranks
 * connect at once, the connection opened by the lower rank wins: a rank that is itself
 * connecting answers an inbound handshake from a higher rank with {@link Frames#DUPLICATE};
 * otherwise it adopts the inbound connection. Neither side sends a frame before the
 * connection is settled (accepted or adopted), so no frame ever travels on a connection that
 * is later dropped.
 *
 * <p>Thread-safe: sending threads and event-loop threads meet here under this object's lock,
 * which is never held while doing I/O or calling the listener.
 */
final class PeerConnection {
    private final int peer;
    private final int self;

    private Channel channel;
    private boolean connecting;
    private Throwable lost;

    PeerConnection(int peer, int self) {
        this.peer = peer;
        this.self = self;
    }

    int peer() {
        return peer;
    }

    /** Returns the settled connection, or {@code null} while there is none. */
    synchronized Channel channel() {
        return channel;
    }

    /** Returns why the peer is lost, or {@code null} while it is not. */
    synchronized Throwable lost() {
        return lost;
    }

    /**
     * Claims the right to open the connection: true for exactly one caller, and only while no
     * connection is settled or being opened and the peer is not lost.
     */
    synchronized boolean claimConnect() {
        if (channel != null || lost != null || connecting) {
            return false;
        }
        connecting = true;
        return true;
    }

    /**
     * Decides whether an authenticated inbound connection from the peer becomes the
     * connection, applying the lower-rank-wins rule; if it does, it is settled at once.
     *
     * @return true if adopted, false if it is a duplicate to refuse
     */
    synchronized boolean adoptInbound(Channel inbound) {
        if (channel != null || lost != null || (connecting && self < peer)) {
            return false;
        }
        settle(inbound);
        return true;
    }

    /**
     * Settles our own outbound connection after the peer accepted it.
     *
     * @return false if another connection was settled first (then this one is closed)
     */
    synchronized boolean acceptOutbound(Channel outbound) {
        if (channel != null || lost != null) {
            return false;
        }
        settle(outbound);
        return true;
    }

    private void settle(Channel ch) {
        channel = ch;
        connecting = false;
        notifyAll();
    }

    /**
     * Marks the peer lost; wakes every sender waiting for the connection or for writability.
     *
     * @return true the first time, so the loss is reported once
     */
    synchronized boolean markLost(Throwable cause) {
        if (lost != null) {
            return false;
        }
        lost = cause;
        connecting = false;
        notifyAll();
        return true;
    }

    /** Wakes senders waiting for the connection to become writable. */
    synchronized void signalWritable() {
        notifyAll();
    }

    /**
     * Waits until a connection is settled or the peer is lost, at most until the deadline.
     *
     * @param deadlineNanos a {@link System#nanoTime()} deadline
     * @return the connection, or {@code null} if the deadline passed or the peer is lost
     */
    synchronized Channel awaitChannel(long deadlineNanos) throws InterruptedException {
        while (channel == null && lost == null) {
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            waitNanos(left);
        }
        return channel;
    }

    /**
     * Waits until {@code ch} is writable, inactive or the peer lost, at most until the deadline.
     *
     * @return whether {@code ch} is writable
     */
    synchronized boolean awaitWritable(Channel ch, long deadlineNanos) throws InterruptedException {
        while (true) {
            // Writable once is enough: other senders may make it unwritable again at once, and
            // this sender may still add its frame (the water marks bound the excess).
            if (ch.isWritable()) {
                return true;
            }
            if (!ch.isActive() || lost != null) {
                return false;
            }
            long left = deadlineNanos - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            // Bounded, so a missed signal costs at most one slice, never a hang.
            waitNanos(Math.min(left, 50_000_000L));
        }
    }

    private void waitNanos(long nanos) throws InterruptedException {
        wait(Math.max(1, nanos / 1_000_000L));
    }

    @Override
    public synchronized String toString() {
        return "PeerConnection[peer=" + peer + ", channel=" + channel + ", lost=" + (lost != null) + "]";
    }
}
