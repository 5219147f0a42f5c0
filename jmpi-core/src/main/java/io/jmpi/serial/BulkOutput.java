package io.jmpi.serial;

import com.esotericsoftware.kryo.io.Output;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A Kryo {@link Output} that writes {@code double[]} and {@code float[]} elements in bulk
 * (Kryo writes them one by one: ~0.3 GB/s for a {@code double[]}), with the same bytes Kryo
 * writes (little-endian), so either side can read the other's.
 *
 * <p>Not thread-safe, as any {@link Output}.
 */
final class BulkOutput extends Output {

    /**
     * @param bufferSize the buffer's size; it is flushed to the stream when full
     */
    BulkOutput(int bufferSize) {
        super(bufferSize, -1);
    }

    /**
     * @param stream where full buffers go
     * @param bufferSize the buffer's size
     */
    BulkOutput(OutputStream stream, int bufferSize) {
        super(stream, bufferSize);
    }

    @Override
    public void writeDoubles(double[] array, int offset, int count) {
        while (count > 0) {
            int room = (capacity - position) / Double.BYTES;
            if (room == 0) {
                require(Double.BYTES);
                continue;
            }
            int n = Math.min(room, count);
            ByteBuffer.wrap(buffer, position, n * Double.BYTES).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer()
                    .put(array, offset, n);
            position += n * Double.BYTES;
            offset += n;
            count -= n;
        }
    }

    @Override
    public void writeFloats(float[] array, int offset, int count) {
        while (count > 0) {
            int room = (capacity - position) / Float.BYTES;
            if (room == 0) {
                require(Float.BYTES);
                continue;
            }
            int n = Math.min(room, count);
            ByteBuffer.wrap(buffer, position, n * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer()
                    .put(array, offset, n);
            position += n * Float.BYTES;
            offset += n;
            count -= n;
        }
    }
}
