package io.jmpi;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;

/**
 * A message buffer: a slice of a primitive array, or of a heap or direct {@link ByteBuffer}
 * read as elements of a {@link Datatype}.
 *
 * <p>Buffer-mode operations ({@code send(Buf, ...)}, {@code recv(Buf, ...)}) take a {@code Buf};
 * everything else is sent as an object. There are deliberately no overloads on raw arrays: the
 * static type of an argument must never silently pick the wire format.
 *
 * <p>A {@code Buf} is a view: it does not copy the array. The array must not be changed while a
 * send of it is in progress, nor read while a receive into it is in progress.
 *
 * <p>MPI: a (buffer, count, datatype) triple; mpi4py: the buffer specification
 * {@code [data, count, MPI.DOUBLE]} of the uppercase methods.
 */
public final class Buf {
    private final Datatype type;
    private final Object array;      // a primitive array, or null
    private final ByteBuffer bytes;  // a ByteBuffer slice, or null
    private final int offset;
    private final int count;

    /** The {@link MPI#IN_PLACE} sentinel: created once, recognised by identity. */
    static Buf inPlace() {
        return new Buf(Datatype.BYTE, new byte[0], null, 0, 0);
    }

    private Buf(Datatype type, Object array, ByteBuffer bytes, int offset, int count) {
        this.type = type;
        this.array = array;
        this.bytes = bytes;
        this.offset = offset;
        this.count = count;
    }

    // ---- Factories over primitive arrays ----

    /**
     * Whole {@code byte[]}. MPI: (buf, len, MPI_BYTE).
     *
     * @param a the array
     * @return the buffer
     */
    public static Buf of(byte[] a) { return of(a, 0, length(a, "byte[]")); }
    /**
     * Whole {@code char[]}. MPI: (buf, len, MPI_CHAR).
     *
     * @param a the array
     * @return the buffer
     */
    public static Buf of(char[] a) { return of(a, 0, length(a, "char[]")); }
    /**
     * Whole {@code short[]}. MPI: (buf, len, MPI_SHORT).
     *
     * @param a the array
     * @return the buffer
     */
    public static Buf of(short[] a) { return of(a, 0, length(a, "short[]")); }
    /**
     * Whole {@code int[]}. MPI: (buf, len, MPI_INT).
     *
     * @param a the array
     * @return the buffer
     */
    public static Buf of(int[] a) { return of(a, 0, length(a, "int[]")); }
    /**
     * Whole {@code long[]}. MPI: (buf, len, MPI_LONG).
     *
     * @param a the array
     * @return the buffer
     */
    public static Buf of(long[] a) { return of(a, 0, length(a, "long[]")); }
    /**
     * Whole {@code float[]}. MPI: (buf, len, MPI_FLOAT).
     *
     * @param a the array
     * @return the buffer
     */
    public static Buf of(float[] a) { return of(a, 0, length(a, "float[]")); }
    /**
     * Whole {@code double[]}. MPI: (buf, len, MPI_DOUBLE).
     *
     * @param a the array
     * @return the buffer
     */
    public static Buf of(double[] a) { return of(a, 0, length(a, "double[]")); }
    /**
     * Whole {@code boolean[]}. MPI: (buf, len, MPI_C_BOOL).
     *
     * @param a the array
     * @return the buffer
     */
    public static Buf of(boolean[] a) { return of(a, 0, length(a, "boolean[]")); }

    /**
     * {@code count} elements of a {@code byte[]} from {@code offset}.
     *
     * @param a the array
     * @param offset the first element
     * @param count the number of elements
     * @return the buffer
     * @throws MpiException {@code ERR_BUFFER} if {@code a} is null, {@code ERR_COUNT} if the slice
     *     is outside the array
     */
    public static Buf of(byte[] a, int offset, int count) {
        return array(Datatype.BYTE, a, offset, count, length(a, "byte[]"));
    }

    /**
     * {@code count} elements of a {@code char[]} from {@code offset}; see {@link #of(byte[], int, int)}.
     *
     * @param a the array
     * @param offset first element
     * @param count elements
     * @return the buffer
     */
    public static Buf of(char[] a, int offset, int count) {
        return array(Datatype.CHAR, a, offset, count, length(a, "char[]"));
    }

    /**
     * {@code count} elements of a {@code short[]} from {@code offset}; see {@link #of(byte[], int, int)}.
     *
     * @param a the array
     * @param offset first element
     * @param count elements
     * @return the buffer
     */
    public static Buf of(short[] a, int offset, int count) {
        return array(Datatype.SHORT, a, offset, count, length(a, "short[]"));
    }

    /**
     * {@code count} elements of a {@code int[]} from {@code offset}; see {@link #of(byte[], int, int)}.
     *
     * @param a the array
     * @param offset first element
     * @param count elements
     * @return the buffer
     */
    public static Buf of(int[] a, int offset, int count) {
        return array(Datatype.INT, a, offset, count, length(a, "int[]"));
    }

    /**
     * {@code count} elements of a {@code long[]} from {@code offset}; see {@link #of(byte[], int, int)}.
     *
     * @param a the array
     * @param offset first element
     * @param count elements
     * @return the buffer
     */
    public static Buf of(long[] a, int offset, int count) {
        return array(Datatype.LONG, a, offset, count, length(a, "long[]"));
    }

    /**
     * {@code count} elements of a {@code float[]} from {@code offset}; see {@link #of(byte[], int, int)}.
     *
     * @param a the array
     * @param offset first element
     * @param count elements
     * @return the buffer
     */
    public static Buf of(float[] a, int offset, int count) {
        return array(Datatype.FLOAT, a, offset, count, length(a, "float[]"));
    }

    /**
     * {@code count} elements of a {@code double[]} from {@code offset}; see {@link #of(byte[], int, int)}.
     *
     * @param a the array
     * @param offset first element
     * @param count elements
     * @return the buffer
     */
    public static Buf of(double[] a, int offset, int count) {
        return array(Datatype.DOUBLE, a, offset, count, length(a, "double[]"));
    }

    /**
     * {@code count} elements of a {@code boolean[]} from {@code offset}; see {@link #of(byte[], int, int)}.
     *
     * @param a the array
     * @param offset first element
     * @param count elements
     * @return the buffer
     */
    public static Buf of(boolean[] a, int offset, int count) {
        return array(Datatype.BOOLEAN, a, offset, count, length(a, "boolean[]"));
    }

    // ---- Factories over ByteBuffers ----

    /**
     * The bytes between a buffer's position and limit, as {@link Datatype#BYTE}s.
     *
     * @param buffer a heap or direct buffer; its position and limit are not changed
     * @return the buffer
     */
    public static Buf of(ByteBuffer buffer) {
        return of(buffer, Datatype.BYTE);
    }

    /**
     * The bytes between a buffer's position and limit, read as elements of {@code type} in the
     * buffer's own {@link ByteBuffer#order() byte order}. A direct buffer goes to the transport
     * as it is.
     *
     * @param buffer a heap or direct buffer; its position and limit are not changed
     * @param type the element type
     * @return the buffer
     * @throws MpiException {@code ERR_BUFFER} if {@code buffer} is null, {@code ERR_COUNT} if its
     *     remaining bytes are not a whole number of elements
     */
    public static Buf of(ByteBuffer buffer, Datatype type) {
        if (buffer == null) {
            throw new MpiException(ErrorClass.ERR_BUFFER, "buffer is null");
        }
        Objects.requireNonNull(type, "type");
        int remaining = buffer.remaining();
        if (remaining % type.getSize() != 0) {
            throw new MpiException(ErrorClass.ERR_COUNT, "buffer has " + remaining
                    + " bytes remaining, not a whole number of " + type + " elements of "
                    + type.getSize() + " bytes");
        }
        ByteBuffer slice = buffer.slice().order(buffer.order());
        return new Buf(type, null, slice, 0, remaining / type.getSize());
    }

    private static int length(Object a, String what) {
        if (a == null) {
            throw new MpiException(ErrorClass.ERR_BUFFER, "buffer is null (a " + what + " was expected)");
        }
        return java.lang.reflect.Array.getLength(a);
    }

    private static Buf array(Datatype type, Object a, int offset, int count, int length) {
        if (offset < 0 || count < 0 || offset > length - count) {
            throw new MpiException(ErrorClass.ERR_COUNT, "offset " + offset + " and count " + count
                    + " are outside the " + type.name().toLowerCase(java.util.Locale.ROOT)
                    + "[] of length " + length);
        }
        return new Buf(type, a, null, offset, count);
    }

    // ---- Accessors ----

    /**
     * Returns the element type.
     *
     * @return the datatype
     */
    public Datatype getDatatype() {
        return type;
    }

    /**
     * Returns the number of elements.
     *
     * @return the element count
     */
    public int getCount() {
        return count;
    }

    /**
     * Returns the size of the elements in bytes.
     *
     * @return {@code count * datatype size}
     */
    public long getByteSize() {
        return (long) count * type.getSize();
    }

    /**
     * Returns whether this buffer views a direct {@link ByteBuffer}.
     *
     * @return true for a direct buffer
     */
    public boolean isDirect() {
        return bytes != null && bytes.isDirect();
    }

    // ---- Packing ----

    /**
     * Writes all elements to {@code dst} in the wire's little-endian order and advances its
     * position by {@link #getByteSize()}.
     *
     * <p>MPI: MPI_Pack (for contiguous data); mpi4py: {@code Datatype.Pack}.
     *
     * @param dst a buffer with enough room (its byte order is not used)
     */
    public void pack(ByteBuffer dst) {
        pack(dst, 0, count);
    }

    /**
     * Writes elements {@code first .. first+elements-1} to {@code dst} in the wire's
     * little-endian order and advances its position. Bulk copies, no per-element loop in Java
     * code (but for {@code boolean}).
     *
     * <p>MPI: MPI_Pack (for contiguous data); mpi4py: {@code Datatype.Pack}.
     *
     * @param dst a buffer with enough room (its byte order is not used)
     * @param first the first element to write
     * @param elements how many elements to write
     */
    public void pack(ByteBuffer dst, int first, int elements) {
        checkRange(first, elements);
        ByteBuffer out = dst.slice().order(ByteOrder.LITTLE_ENDIAN);
        int at = offset + first;
        if (bytes != null) {
            ByteBuffer from = bytes.duplicate().order(bytes.order());
            from.position(first * type.getSize());
            copyBytes(from.slice().order(bytes.order()), out, elements);
        } else {
            switch (type) {
                case BYTE -> out.put((byte[]) array, at, elements);
                case CHAR -> out.asCharBuffer().put((char[]) array, at, elements);
                case SHORT -> out.asShortBuffer().put((short[]) array, at, elements);
                case INT -> out.asIntBuffer().put((int[]) array, at, elements);
                case LONG -> out.asLongBuffer().put((long[]) array, at, elements);
                case FLOAT -> out.asFloatBuffer().put((float[]) array, at, elements);
                case DOUBLE -> out.asDoubleBuffer().put((double[]) array, at, elements);
                case BOOLEAN -> {
                    boolean[] b = (boolean[]) array;
                    for (int i = 0; i < elements; i++) {
                        out.put(i, b[at + i] ? (byte) 1 : (byte) 0);
                    }
                }
                default -> throw new IllegalStateException(type.name());
            }
        }
        dst.position(dst.position() + elements * type.getSize());
    }

    /**
     * Reads {@code elements} elements from {@code src} (little-endian wire order) into the start
     * of this buffer and advances {@code src}'s position.
     *
     * <p>MPI: MPI_Unpack (for contiguous data); mpi4py: {@code Datatype.Unpack}.
     *
     * @param src the packed elements (its byte order is not used)
     * @param elements how many elements to read, at most {@link #getCount()}
     */
    public void unpack(ByteBuffer src, int elements) {
        unpack(src, 0, elements);
    }

    /**
     * Reads {@code elements} elements from {@code src} (little-endian wire order) into this
     * buffer from element {@code first} on, and advances {@code src}'s position.
     *
     * <p>MPI: MPI_Unpack (for contiguous data); mpi4py: {@code Datatype.Unpack}.
     *
     * @param src the packed elements (its byte order is not used)
     * @param first the first element of this buffer to fill
     * @param elements how many elements to read
     */
    public void unpack(ByteBuffer src, int first, int elements) {
        checkRange(first, elements);
        ByteBuffer in = src.slice().order(ByteOrder.LITTLE_ENDIAN);
        in.limit(elements * type.getSize());
        int at = offset + first;
        if (bytes != null) {
            ByteBuffer to = bytes.duplicate().order(bytes.order());
            to.position(first * type.getSize());
            copyBytes(in, to.slice().order(bytes.order()), elements);
        } else {
            switch (type) {
                case BYTE -> in.get((byte[]) array, at, elements);
                case CHAR -> in.asCharBuffer().get((char[]) array, at, elements);
                case SHORT -> in.asShortBuffer().get((short[]) array, at, elements);
                case INT -> in.asIntBuffer().get((int[]) array, at, elements);
                case LONG -> in.asLongBuffer().get((long[]) array, at, elements);
                case FLOAT -> in.asFloatBuffer().get((float[]) array, at, elements);
                case DOUBLE -> in.asDoubleBuffer().get((double[]) array, at, elements);
                case BOOLEAN -> {
                    boolean[] b = (boolean[]) array;
                    for (int i = 0; i < elements; i++) {
                        b[at + i] = in.get(i) != 0;
                    }
                }
                default -> throw new IllegalStateException(type.name());
            }
        }
        src.position(src.position() + elements * type.getSize());
    }

    /**
     * Returns the elements as a little-endian view without copying, when this buffer is a
     * {@code byte[]} or a {@link ByteBuffer} already in little-endian order (or of single bytes);
     * else {@code null}. Used to hand the user's bytes to the transport as they are; a view of a
     * {@code ByteBuffer} is read-only, one of an array is not (so that it is copied as an array)
     * and must only be read.
     *
     * @return a view from position 0 to {@link #getByteSize()}, or {@code null}
     */
    public ByteBuffer wireView() {
        if (bytes == null) {
            return type == Datatype.BYTE && array instanceof byte[] b
                    ? ByteBuffer.wrap(b, offset, count).slice() : null;
        }
        if (bytes.order() != ByteOrder.LITTLE_ENDIAN && type.getSize() > 1) {
            return null;
        }
        return bytes.asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
    }

    private void checkRange(int first, int elements) {
        if (first < 0 || elements < 0 || first > count - elements) {
            throw new MpiException(ErrorClass.ERR_COUNT, "elements " + first + ".." + (first + elements)
                    + " are outside " + this);
        }
    }

    /** Copies {@code elements} elements between buffers whose byte orders may differ. */
    private void copyBytes(ByteBuffer from, ByteBuffer to, int elements) {
        if (from.order() == to.order() || type.getSize() == 1) {
            ByteBuffer src = from.duplicate();
            src.limit(src.position() + elements * type.getSize());
            to.duplicate().put(src);
            return;
        }
        switch (type) {
            case CHAR, SHORT -> to.asShortBuffer().put(limit(from.asShortBuffer(), elements));
            case INT, FLOAT -> to.asIntBuffer().put(limit(from.asIntBuffer(), elements));
            case LONG, DOUBLE -> to.asLongBuffer().put(limit(from.asLongBuffer(), elements));
            default -> copyPairs(from, to, elements);
        }
    }

    /** Copies value-index pairs between byte orders, field by field. */
    private void copyPairs(ByteBuffer from, ByteBuffer to, int elements) {
        int valueSize = type.pairValueSize();
        int size = type.getSize();
        ByteBuffer src = from.duplicate().order(from.order());
        ByteBuffer dst = to.duplicate().order(to.order());
        int s0 = src.position();
        int d0 = dst.position();
        for (int i = 0; i < elements; i++) {
            int s = s0 + i * size;
            int d = d0 + i * size;
            switch (valueSize) {
                case 2 -> dst.putShort(d, src.getShort(s));
                case 4 -> dst.putInt(d, src.getInt(s));
                case 8 -> dst.putLong(d, src.getLong(s));
                default -> throw new IllegalStateException(type.name());
            }
            dst.putInt(d + valueSize, src.getInt(s + valueSize));
        }
    }

    private static <B extends java.nio.Buffer> B limit(B b, int elements) {
        b.limit(elements);
        return b;
    }

    @Override
    public String toString() {
        return "Buf[" + type + " x " + count + (bytes != null ? (bytes.isDirect() ? ", direct" : ", heap") : "") + "]";
    }
}
