package io.jmpi;

/**
 * The element type of a {@link Buf}: one of Java's primitive types.
 *
 * <p>Elements travel in little-endian byte order whatever the platform, so ranks of any
 * architecture interoperate. Derived datatypes come later.
 *
 * <p>MPI: MPI_Datatype (MPI_BYTE, MPI_CHAR, MPI_SHORT, MPI_INT, MPI_LONG, MPI_FLOAT,
 * MPI_DOUBLE, MPI_C_BOOL, and the pair types of MPI_MAXLOC: MPI_SHORT_INT, MPI_2INT,
 * MPI_LONG_INT, MPI_FLOAT_INT, MPI_DOUBLE_INT); mpi4py: {@code MPI.Datatype} ({@code MPI.BYTE}, {@code MPI.INT} ...).
 */
public enum Datatype {
    /** 8-bit signed byte ({@code byte}). MPI: MPI_BYTE / MPI_SIGNED_CHAR. */
    BYTE(1, 1),
    /** 16-bit UTF-16 code unit ({@code char}). MPI: MPI_UNSIGNED_SHORT (Java char). */
    CHAR(2, 2),
    /** 16-bit signed integer ({@code short}). MPI: MPI_SHORT. */
    SHORT(3, 2),
    /** 32-bit signed integer ({@code int}). MPI: MPI_INT. */
    INT(4, 4),
    /** 64-bit signed integer ({@code long}). MPI: MPI_LONG_LONG / MPI_INT64_T. */
    LONG(5, 8),
    /** 32-bit IEEE 754 float ({@code float}). MPI: MPI_FLOAT. */
    FLOAT(6, 4),
    /** 64-bit IEEE 754 double ({@code double}). MPI: MPI_DOUBLE. */
    DOUBLE(7, 8),
    /** Boolean, one byte per element, 0 or 1 ({@code boolean}). MPI: MPI_C_BOOL. */
    BOOLEAN(8, 1),
    /**
     * A (short value, int index) pair, 6 bytes: the value then the index, each little-endian,
     * no padding. For {@link Op#MAXLOC} and {@link Op#MINLOC}. MPI: MPI_SHORT_INT; mpi4py:
     * {@code MPI.SHORT_INT}.
     */
    SHORT_INT(9, 6, 2),
    /** An (int value, int index) pair, 8 bytes. MPI: MPI_2INT; mpi4py: {@code MPI.TWOINT}. */
    TWOINT(10, 8, 4),
    /** A (long value, int index) pair, 12 bytes. MPI: MPI_LONG_INT (64-bit value); mpi4py: {@code MPI.LONG_INT}. */
    LONG_INT(11, 12, 8),
    /** A (float value, int index) pair, 8 bytes. MPI: MPI_FLOAT_INT; mpi4py: {@code MPI.FLOAT_INT}. */
    FLOAT_INT(12, 8, 4),
    /** A (double value, int index) pair, 12 bytes. MPI: MPI_DOUBLE_INT; mpi4py: {@code MPI.DOUBLE_INT}. */
    DOUBLE_INT(13, 12, 8);

    private final int wireCode;
    private final int size;
    private final int valueSize;

    Datatype(int wireCode, int size) {
        this(wireCode, size, 0);
    }

    Datatype(int wireCode, int size, int valueSize) {
        this.wireCode = wireCode;
        this.size = size;
        this.valueSize = valueSize;
    }

    /**
     * Returns whether this is a value-index pair type ({@link #DOUBLE_INT} ...), the element type
     * of {@link Op#MAXLOC} and {@link Op#MINLOC}. Pairs are made with
     * {@link Buf#of(java.nio.ByteBuffer, Datatype)}: each element is the value followed by the
     * {@code int} index, in the buffer's byte order, with no padding.
     *
     * <p>MPI: the pair types of MPI_MAXLOC; mpi4py: {@code MPI.DOUBLE_INT} ...
     *
     * @return true for a pair type
     */
    public boolean isPair() {
        return valueSize != 0;
    }

    /** @return the size of the value of a pair type in bytes (0 for other types); not part of the MPI API */
    int pairValueSize() {
        return valueSize;
    }

    /**
     * Returns the size of one element in bytes.
     *
     * <p>MPI: MPI_Type_size; mpi4py: {@code Datatype.Get_size()} / {@code Datatype.size}.
     *
     * @return bytes per element
     */
    public int getSize() {
        return size;
    }

    /**
     * Returns the code that identifies this type in the wire format. Not part of the MPI API.
     *
     * @return a small positive number, stable across versions of the wire format
     */
    public int wireCode() {
        return wireCode;
    }

    /**
     * Returns the datatype with the given wire code, or {@code null} if there is none.
     *
     * @param wireCode a code from {@link #wireCode()}
     * @return the datatype, or {@code null}
     */
    public static Datatype ofWireCode(int wireCode) {
        for (Datatype t : values()) {
            if (t.wireCode == wireCode) {
                return t;
            }
        }
        return null;
    }
}
