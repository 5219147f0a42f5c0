package io.jmpi.internal.p2p;

import io.jmpi.Buf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * The bytes of an outgoing message, readable whole (eager) or in chunks (rendezvous), in the
 * wire's little-endian order.
 */
public abstract class Payload {
    private final byte kind;

    Payload(byte kind) {
        this.kind = kind;
    }

    /** @return the payload kind of the frame header */
    final byte kind() {
        return kind;
    }

    /** @return the length in bytes */
    abstract long length();

    /** @return the whole payload as buffers to send in one frame (only when it is small) */
    abstract ByteBuffer[] whole();

    /**
     * @return bytes {@code offset .. offset+length-1}, in one or more buffers (the payload's
     *     own memory where it can be shared, not copies)
     */
    abstract ByteBuffer[] chunk(long offset, int length);

    /**
     * Returns a payload with the same bytes that does not read the user's memory any more
     * (for buffered sends).
     *
     * @param blockSize the block size of the copy
     * @return the copy
     */
    abstract Payload detached(int blockSize);

    /**
     * A buffer's elements. Direct little-endian {@code ByteBuffer}s are sent as they are; arrays
     * are packed.
     *
     * @param buf the buffer
     * @return the payload
     */
    public static Payload of(Buf buf) {
        return new BufPayload(buf);
    }

    /**
     * Serialized bytes in blocks.
     *
     * @param kind the payload kind
     * @param blocks the blocks; all but the last are as long as the chunk size
     * @return the payload
     */
    public static Payload of(byte kind, List<byte[]> blocks) {
        return new BlocksPayload(kind, blocks);
    }

    private static final class BufPayload extends Payload {
        private final Buf buf;
        private final int elementSize;

        BufPayload(Buf buf) {
            super((byte) buf.getDatatype().wireCode());
            this.buf = buf;
            this.elementSize = buf.getDatatype().getSize();
        }

        @Override
        long length() {
            return buf.getByteSize();
        }

        @Override
        ByteBuffer[] whole() {
            return chunk(0, (int) length());
        }

        @Override
        ByteBuffer[] chunk(long offset, int length) {
            return new ByteBuffer[] {bytes(offset, length)};
        }

        private ByteBuffer bytes(long offset, int length) {
            ByteBuffer view = buf.wireView();
            if (view != null) {
                return view.position((int) offset).limit((int) offset + length).slice();
            }
            ByteBuffer b = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
            buf.pack(b, (int) (offset / elementSize), length / elementSize);
            return b.flip();
        }

        @Override
        Payload detached(int blockSize) {
            List<byte[]> blocks = new ArrayList<>();
            long len = length();
            for (long off = 0; off < len || blocks.isEmpty(); off += blockSize) {
                int n = (int) Math.min(blockSize, len - off);
                byte[] block = new byte[n];
                bytes(off, n).get(block);
                blocks.add(block);
            }
            return new BlocksPayload(kind(), blocks);
        }
    }

    private static final class BlocksPayload extends Payload {
        private final List<byte[]> blocks;
        private final long length;
        private final int blockSize;

        BlocksPayload(byte kind, List<byte[]> blocks) {
            super(kind);
            this.blocks = blocks;
            long n = 0;
            for (byte[] b : blocks) {
                n += b.length;
            }
            this.length = n;
            this.blockSize = blocks.get(0).length;
        }

        @Override
        long length() {
            return length;
        }

        @Override
        ByteBuffer[] whole() {
            return blocks.stream().map(ByteBuffer::wrap).toArray(ByteBuffer[]::new);
        }

        @Override
        ByteBuffer[] chunk(long offset, int length) {
            if (blockSize == 0) {
                return new ByteBuffer[] {ByteBuffer.allocate(0)};
            }
            List<ByteBuffer> parts = new ArrayList<>(2);
            long at = offset;
            int left = length;
            while (left > 0) {
                byte[] block = blocks.get((int) (at / blockSize));
                int within = (int) (at % blockSize);
                int n = Math.min(left, block.length - within);
                parts.add(ByteBuffer.wrap(block, within, n).slice());
                at += n;
                left -= n;
            }
            return parts.isEmpty() ? new ByteBuffer[] {ByteBuffer.allocate(0)} : parts.toArray(ByteBuffer[]::new);
        }

        @Override
        Payload detached(int blockSize) {
            return this;
        }
    }
}
