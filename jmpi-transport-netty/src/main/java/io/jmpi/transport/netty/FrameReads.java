package io.jmpi.transport.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.ChannelConfig;
import io.netty.channel.RecvByteBufAllocator;
import io.netty.util.UncheckedBooleanSupplier;

/**
 * Chooses the buffer of each socket read of one connection: while a large frame is coming in,
 * the rest of it is read straight into the buffer that collects it ({@link FrameDecoder#readTarget()}),
 * so its bytes are neither copied out of a read buffer nor land in freshly allocated memory;
 * otherwise reads grow up to 256 KiB (Netty's adaptive sizing), so a large frame's first
 * bytes arrive in few reads.
 *
 * <p>Only for connections whose bytes reach the decoder as read (not through TLS).
 */
final class FrameReads implements RecvByteBufAllocator {
    private final FrameDecoder decoder;

    /**
     * @param decoder the connection's frame decoder
     */
    FrameReads(FrameDecoder decoder) {
        this.decoder = decoder;
    }

    /** Reads grow up to 256 KiB, so a large frame arrives in few reads. */
    static AdaptiveRecvByteBufAllocator sizes() {
        return new AdaptiveRecvByteBufAllocator(64, 2048, 256 * 1024);
    }

    @Override
    public Handle newHandle() {
        return new TargetHandle((ExtendedHandle) sizes().newHandle(), decoder);
    }

    /** The adaptive handle, but for the buffer of reads that continue a large frame. */
    private static final class TargetHandle implements ExtendedHandle {
        private final ExtendedHandle sizes;
        private final FrameDecoder decoder;

        TargetHandle(ExtendedHandle sizes, FrameDecoder decoder) {
            this.sizes = sizes;
            this.decoder = decoder;
        }

        @Override
        public ByteBuf allocate(ByteBufAllocator alloc) {
            ByteBuf target = decoder.readTarget();
            return target != null ? target : sizes.allocate(alloc);
        }

        @Override
        public int guess() {
            return sizes.guess();
        }

        @Override
        public void reset(ChannelConfig config) {
            sizes.reset(config);
        }

        @Override
        public void incMessagesRead(int numMessages) {
            sizes.incMessagesRead(numMessages);
        }

        @Override
        public void lastBytesRead(int bytes) {
            sizes.lastBytesRead(bytes);
        }

        @Override
        public int lastBytesRead() {
            return sizes.lastBytesRead();
        }

        @Override
        public void attemptedBytesRead(int bytes) {
            sizes.attemptedBytesRead(bytes);
        }

        @Override
        public int attemptedBytesRead() {
            return sizes.attemptedBytesRead();
        }

        @Override
        public boolean continueReading() {
            return sizes.continueReading();
        }

        @Override
        public boolean continueReading(UncheckedBooleanSupplier maybeMoreDataSupplier) {
            return sizes.continueReading(maybeMoreDataSupplier);
        }

        @Override
        public void readComplete() {
            sizes.readComplete();
        }
    }
}
