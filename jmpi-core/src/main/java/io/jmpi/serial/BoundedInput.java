package io.jmpi.serial;

import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.io.Input;
import io.jmpi.ErrorClass;
import io.jmpi.MpiException;

import java.io.InputStream;

/**
 * A Kryo {@link Input} over one received message, which knows how many of the message's bytes
 * remain, so that no length declared inside the data (an array's size, a collection's or a
 * map's size, a string's length) is trusted before it is checked: a crafted message of a few
 * bytes cannot make the receiver allocate gigabytes.
 *
 * <p>Two rules, both true of every message this library writes (each element of an array,
 * collection or map, and each character of a string, takes at least one byte of its own):
 * <ul>
 *   <li>a declared count of elements is at most the bytes that remain, divided by the least
 *       size of one element (1 byte for objects and var-length numbers, 8 for a fixed-size
 *       {@code long}, ...);</li>
 *   <li>all counts declared in one message add up to at most its length, so nested
 *       declarations cannot each claim the whole rest of the message.</li>
 * </ul>
 * A violation is {@code ERR_OTHER}, naming the declared count and the bytes available.
 *
 * <p>The bulk reads of primitive arrays, {@code byte[]} (also under {@code BigInteger} and
 * {@code BitSet}) and strings are checked here; the serializers of object arrays, collections
 * and maps call {@link #declare(Input, long, int, String)} before they allocate
 * ({@link BoundedSerializers}, {@link JdkSerializers}). Not thread-safe, as any {@link Input}.
 */
final class BoundedInput extends Input {
    /** {@link #total()} at the end of the message. */
    private final long end;
    /** The message's length. */
    private final long length;
    /** Elements declared so far in this message. */
    private long declared;

    /** Reads {@code length} bytes of {@code bytes} from {@code offset}. */
    BoundedInput(byte[] bytes, int offset, int length) {
        super(bytes, offset, length);
        this.end = offset + (long) length; // total() of an array input counts from index 0
        this.length = length;
    }

    /** Reads a message of {@code length} bytes from {@code in}. */
    BoundedInput(InputStream in, int bufferSize, long length) {
        super(in, bufferSize);
        this.end = length;
        this.length = length;
    }

    /** @return the message's length in bytes */
    long length() {
        return length;
    }

    /** @return the bytes of the message not read yet */
    long remaining() {
        return end - total();
    }

    /**
     * Checks a count declared by {@code in}'s data before anything is allocated for it; does
     * nothing for an input that is not bounded.
     *
     * @param in the input
     * @param count the declared number of elements
     * @param minBytesEach the least number of bytes one element takes
     * @param what what is counted, for the message ({@code "elements of long[]"})
     * @throws MpiException {@code ERR_OTHER} naming the count and the bytes available
     */
    static void declare(Input in, long count, int minBytesEach, String what) {
        if (in instanceof BoundedInput b) {
            b.declare(count, minBytesEach, what);
        }
    }

    void declare(long count, int minBytesEach, String what) {
        long left = remaining();
        if (count < 0) {
            throw new MpiException(ErrorClass.ERR_OTHER, "cannot deserialize the received object: it declares "
                    + count + " " + what + ", a negative count (the data is corrupt or forged)");
        }
        if (count > left / minBytesEach) {
            throw new MpiException(ErrorClass.ERR_OTHER, "cannot deserialize the received object: it declares "
                    + count + " " + what + " (at least " + count * minBytesEach + " bytes) but only " + left
                    + " of its " + length + " bytes remain (the data is corrupt or forged)");
        }
        declared += count;
        if (declared > length) {
            throw new MpiException(ErrorClass.ERR_OTHER, "cannot deserialize the received object: with "
                    + count + " " + what + " it declares " + declared + " elements in all, more than its "
                    + length + " bytes can hold (the data is corrupt or forged)");
        }
    }

    /**
     * Peeks at a variable-length int (Kryo's {@code readVarInt(true)} encoding) without
     * consuming it.
     *
     * @return the value, or -1 when the input ends before it does
     */
    long peekVarInt() {
        int available = optional(5);
        if (available <= 0) {
            return -1;
        }
        int result = 0;
        for (int i = 0; i < available; i++) {
            int b = buffer[position + i];
            result |= (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0 || i == 4) {
                return result & 0xFFFFFFFFL;
            }
        }
        return -1;
    }

    // ---- Bulk reads whose length the data declares ----

    @Override
    public byte[] readBytes(int count) throws KryoException {
        declare(count, 1, "bytes");
        return super.readBytes(count);
    }

    @Override
    public int[] readInts(int count) throws KryoException {
        declare(count, Integer.BYTES, "elements of int[]");
        return super.readInts(count);
    }

    @Override
    public int[] readInts(int count, boolean optimizePositive) throws KryoException {
        if (!varEncoding) {
            return readInts(count);
        }
        declare(count, 1, "elements of int[]");
        return super.readInts(count, optimizePositive);
    }

    @Override
    public long[] readLongs(int count) throws KryoException {
        declare(count, Long.BYTES, "elements of long[]");
        return super.readLongs(count);
    }

    @Override
    public long[] readLongs(int count, boolean optimizePositive) throws KryoException {
        if (!varEncoding) {
            return readLongs(count);
        }
        declare(count, 1, "elements of long[]");
        return super.readLongs(count, optimizePositive);
    }

    @Override
    public float[] readFloats(int count) throws KryoException {
        declare(count, Float.BYTES, "elements of float[]");
        float[] values = new float[count];
        for (int done = 0; done < count; ) {
            java.nio.FloatBuffer run = nextRun(Float.BYTES, count - done).asFloatBuffer();
            int n = run.remaining();
            run.get(values, done, n);
            done += n;
        }
        return values;
    }

    /** Reads in bulk what Kryo (or {@link BulkOutput}) wrote element by element, little-endian. */
    @Override
    public double[] readDoubles(int count) throws KryoException {
        declare(count, Double.BYTES, "elements of double[]");
        double[] values = new double[count];
        for (int done = 0; done < count; ) {
            java.nio.DoubleBuffer run = nextRun(Double.BYTES, count - done).asDoubleBuffer();
            int n = run.remaining();
            run.get(values, done, n);
            done += n;
        }
        return values;
    }

    /** The buffered bytes of the next 1..{@code count} elements of {@code width} bytes; skips past them. */
    private java.nio.ByteBuffer nextRun(int width, int count) {
        if (limit - position < width) {
            require(width);
        }
        int n = Math.min((limit - position) / width, count);
        java.nio.ByteBuffer run = java.nio.ByteBuffer.wrap(buffer, position, n * width)
                .order(java.nio.ByteOrder.LITTLE_ENDIAN);
        position += n * width;
        return run;
    }

    @Override
    public short[] readShorts(int count) throws KryoException {
        declare(count, Short.BYTES, "elements of short[]");
        return super.readShorts(count);
    }

    @Override
    public char[] readChars(int count) throws KryoException {
        declare(count, Character.BYTES, "elements of char[]");
        return super.readChars(count);
    }

    @Override
    public boolean[] readBooleans(int count) throws KryoException {
        declare(count, 1, "elements of boolean[]");
        return super.readBooleans(count);
    }

    @Override
    public String readString() {
        declareUtf8Length();
        return super.readString();
    }

    @Override
    public StringBuilder readStringBuilder() {
        declareUtf8Length();
        return super.readStringBuilder();
    }

    /**
     * A string is either ASCII, ended by a byte with its high bit set (bounded by the data
     * itself), or UTF-8 after its character count: checks that count, without consuming it.
     */
    private void declareUtf8Length() {
        int available = optional(5);
        if (available <= 0 || (buffer[position] & 0x80) == 0) {
            return; // the end of the input, or ASCII
        }
        int b = buffer[position];
        int result = b & 0x3F;
        if ((b & 0x40) != 0) {
            for (int i = 1, shift = 6; ; i++, shift += 7) {
                if (i >= available) {
                    return; // the input ends within the count: reading fails by itself
                }
                b = buffer[position + i];
                result |= (b & 0x7F) << shift;
                if ((b & 0x80) == 0 || i == 4) {
                    break;
                }
            }
        }
        long chars = (result & 0xFFFFFFFFL) - 1; // 0 is null, 1 the empty string
        if (chars > 0) {
            declare(chars, 1, "characters of a String");
        }
    }
}
