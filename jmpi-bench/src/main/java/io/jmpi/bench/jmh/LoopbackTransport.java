package io.jmpi.bench.jmh;

import io.jmpi.internal.wire.WireFormat;
import io.jmpi.spi.FrameListener;
import io.jmpi.spi.Transport;

import java.nio.ByteBuffer;

/**
 * A transport that hands every frame, gathered into one heap buffer as a real transport copies
 * it, straight to the receiving engine's {@link FrameListener#onFrame} on the sending thread. So
 * a send and its match run to completion inside one call, with no thread hand-off and no I/O.
 */
final class LoopbackTransport implements Transport {
    private final int self;
    private final FrameListener peer;

    /**
     * @param self the rank that sends through this transport
     * @param peer the engine of the one other rank
     */
    LoopbackTransport(int self, FrameListener peer) {
        this.self = self;
        this.peer = peer;
    }

    @Override
    public String localAddress() {
        return null;
    }

    @Override
    public void send(int dest, ByteBuffer... parts) {
        peer.onFrame(self, WireFormat.concat(parts));
    }

    @Override
    public void close() {
    }
}
