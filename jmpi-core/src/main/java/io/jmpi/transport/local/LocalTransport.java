package io.jmpi.transport.local;

import io.jmpi.internal.wire.WireFormat;
import io.jmpi.spi.Transport;

import java.nio.ByteBuffer;

/**
 * One rank's end of a {@link LocalFabric}: a send copies the frame once and delivers it to the
 * receiver's engine on the sending thread, so frames of one sending thread arrive in order.
 */
public final class LocalTransport implements Transport {
    private final LocalFabric fabric;
    private final int rank;

    LocalTransport(LocalFabric fabric, int rank) {
        this.fabric = fabric;
        this.rank = rank;
    }

    @Override
    public String localAddress() {
        return null;
    }

    @Override
    public void send(int peer, ByteBuffer... parts) {
        fabric.listener(peer).onFrame(rank, WireFormat.concat(parts));
    }

    @Override
    public void close() {
        fabric.close(rank);
    }
}
