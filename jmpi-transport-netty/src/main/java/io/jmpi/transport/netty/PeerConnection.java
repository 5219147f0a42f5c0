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
 * <p>Thread-safe: sending threads and the threads driving the event loop meet here under this
 * object's lock, which is never held while doing I/O or calling the listener.
 */
final class PeerConnection {
    private final int peer;
    private final int self;

    private final BufferRecycler sendBuffers = new BufferRecycler(4);
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

    /** @return the large send buffers of this connection, for reuse */
    BufferRecycler sendBuffers() {
        return sendBuffers;
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
    }

    /**
     * Marks the peer lost (senders waiting for the connection or for writability see it).
     *
     * @return true the first time, so the loss is reported once
     */
    synchronized boolean markLost(Throwable cause) {
        if (lost != null) {
            return false;
        }
        lost = cause;
        connecting = false;
        sendBuffers.close();
        return true;
    }

    @Override
    public synchronized String toString() {
        return "PeerConnection[peer=" + peer + ", channel=" + channel + ", lost=" + (lost != null) + "]";
    }
}
