package io.jmpi;

import io.jmpi.internal.coll.Combiner;
import io.jmpi.internal.coll.PredefinedOp;
import io.jmpi.internal.coll.ReduceKernels;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Locale;
import java.util.Objects;
import java.util.function.BinaryOperator;

/**
 * A reduction operation: predefined ({@link #SUM}, {@link #MAX} ...) or made by the user with
 * {@link #create(Function, boolean)} or {@link #create(BinaryOperator, boolean)}.
 *
 * <p>Operands are combined as MPI does: {@code inout = in op inout}, where {@code in} holds the
 * data of lower ranks. So a non-commutative operation sees {@code x0 op x1 op ... op x(p-1)} in
 * rank order, {@link #REPLACE} keeps the lower rank's value ({@code in}, as in
 * {@code reduceLocal}) and {@link #NO_OP} the higher rank's.
 *
 * <p>Which predefined operation applies to which {@link Datatype} follows MPI: MAX, MIN, SUM,
 * PROD on the integer types, {@code char}, {@code float} and {@code double}; LAND, LOR, LXOR on
 * the integer types, {@code char} and {@code boolean}; BAND, BOR, BXOR on the integer types and
 * {@code char}; MAXLOC, MINLOC on the value-index pair types ({@link Datatype#DOUBLE_INT} ...);
 * REPLACE and NO_OP on every type. Any other pairing fails with {@code ERR_OP}.
 *
 * <p>On objects (the lowercase collectives), the predefined operations apply to boxed primitives
 * ({@code Integer}, {@code Double}, {@code Boolean} ...) and to primitive arrays of equal length
 * (element by element), with the same rules.
 *
 * <p>Immutable and thread-safe.
 *
 * <p>MPI: MPI_Op; mpi4py: {@code MPI.Op}.
 */
public final class Op {
    /** Maximum. MPI: MPI_MAX; mpi4py: {@code MPI.MAX}. */
    public static final Op MAX = new Op(PredefinedOp.MAX);
    /** Minimum. MPI: MPI_MIN; mpi4py: {@code MPI.MIN}. */
    public static final Op MIN = new Op(PredefinedOp.MIN);
    /** Sum. MPI: MPI_SUM; mpi4py: {@code MPI.SUM}. */
    public static final Op SUM = new Op(PredefinedOp.SUM);
    /** Product. MPI: MPI_PROD; mpi4py: {@code MPI.PROD}. */
    public static final Op PROD = new Op(PredefinedOp.PROD);
    /** Logical and (1 or 0; non-zero is true). MPI: MPI_LAND; mpi4py: {@code MPI.LAND}. */
    public static final Op LAND = new Op(PredefinedOp.LAND);
    /** Bitwise and. MPI: MPI_BAND; mpi4py: {@code MPI.BAND}. */
    public static final Op BAND = new Op(PredefinedOp.BAND);
    /** Logical or. MPI: MPI_LOR; mpi4py: {@code MPI.LOR}. */
    public static final Op LOR = new Op(PredefinedOp.LOR);
    /** Bitwise or. MPI: MPI_BOR; mpi4py: {@code MPI.BOR}. */
    public static final Op BOR = new Op(PredefinedOp.BOR);
    /** Logical exclusive or. MPI: MPI_LXOR; mpi4py: {@code MPI.LXOR}. */
    public static final Op LXOR = new Op(PredefinedOp.LXOR);
    /** Bitwise exclusive or. MPI: MPI_BXOR; mpi4py: {@code MPI.BXOR}. */
    public static final Op BXOR = new Op(PredefinedOp.BXOR);
    /**
     * Maximum value and its index (the smallest index on ties), on value-index pair types.
     * MPI: MPI_MAXLOC; mpi4py: {@code MPI.MAXLOC}.
     */
    public static final Op MAXLOC = new Op(PredefinedOp.MAXLOC);
    /** Minimum value and its index (the smallest index on ties). MPI: MPI_MINLOC; mpi4py: {@code MPI.MINLOC}. */
    public static final Op MINLOC = new Op(PredefinedOp.MINLOC);
    /** The lower rank's value ({@code in} of {@link #reduceLocal}). MPI: MPI_REPLACE; mpi4py: {@code MPI.REPLACE}. */
    public static final Op REPLACE = new Op(PredefinedOp.REPLACE);
    /** The higher rank's value ({@code inout} unchanged). MPI: MPI_NO_OP; mpi4py: {@code MPI.NO_OP}. */
    public static final Op NO_OP = new Op(PredefinedOp.NO_OP);

    /**
     * A user function on buffers, as MPI's {@code MPI_User_function}: computes
     * {@code inout[i] = in[i] op inout[i]} for {@code count} elements of {@code type}.
     *
     * <p>The buffers hold packed elements in little-endian order (use {@code asDoubleBuffer()}
     * and the like), from position 0; they are valid only during the call. It may be called on
     * any thread, for any part of the data.
     */
    @FunctionalInterface
    public interface Function {
        /**
         * Combines elements.
         *
         * @param in the left operands (lower ranks), read-only
         * @param inout the right operands, to be replaced by the results
         * @param count the number of elements
         * @param type their type
         */
        void apply(ByteBuffer in, ByteBuffer inout, int count, Datatype type);
    }

    private final String name;
    private final PredefinedOp predefined;
    private final Function function;
    private final BinaryOperator<Object> operator;
    private final boolean commute;

    private Op(PredefinedOp predefined) {
        this.name = predefined.name();
        this.predefined = predefined;
        this.function = null;
        this.operator = null;
        this.commute = predefined.isCommutative();
    }

    private Op(String name, Function function, BinaryOperator<Object> operator, boolean commute) {
        this.name = name;
        this.predefined = null;
        this.function = function;
        this.operator = operator;
        this.commute = commute;
    }

    /**
     * Creates an operation from a function on buffers; on objects it applies to boxed
     * primitives and primitive arrays.
     *
     * <p>MPI: MPI_Op_create; mpi4py: {@code Op.Create(function, commute)}.
     *
     * @param function the function
     * @param commute whether the operation is commutative (if not, it is applied in rank order)
     * @return the operation
     */
    public static Op create(Function function, boolean commute) {
        Objects.requireNonNull(function, "function");
        return new Op("user function", function, null, commute);
    }

    /**
     * Creates an operation from a binary operator: on objects it is applied as it is (mpi4py
     * accepts any callable); on buffers it is applied element by element to boxed elements
     * ({@code Integer}, {@code Double} ...), which is slower than a {@link Function}.
     *
     * <p>MPI: MPI_Op_create; mpi4py: {@code Op.Create(function, commute)}, or any callable as
     * the {@code op} of {@code comm.reduce}.
     *
     * @param <T> the operand type
     * @param operator the operator: {@code operator.apply(lower, higher)}
     * @param commute whether it is commutative (if not, it is applied in rank order)
     * @return the operation
     */
    @SuppressWarnings("unchecked")
    public static <T> Op create(BinaryOperator<T> operator, boolean commute) {
        Objects.requireNonNull(operator, "operator");
        return new Op("user operator", null, (BinaryOperator<Object>) operator, commute);
    }

    /**
     * Returns whether the operation is commutative.
     *
     * <p>MPI: MPI_Op_commutative; mpi4py: {@code Op.Is_commutative()} / {@code Op.is_commutative}.
     *
     * @return true if operands may be combined in any order
     */
    public boolean isCommutative() {
        return commute;
    }

    /**
     * Returns whether this is a predefined operation.
     *
     * <p>MPI: none; mpi4py: {@code Op.is_predefined}.
     *
     * @return true for {@link #SUM}, {@link #MAX} ...
     */
    public boolean isPredefined() {
        return predefined != null;
    }

    /**
     * Combines two buffers locally: {@code inoutbuf = inbuf op inoutbuf}, element by element.
     *
     * <p>MPI: MPI_Reduce_local; mpi4py: {@code Op.Reduce_local(inbuf, inoutbuf)}.
     *
     * @param inbuf the left operands
     * @param inoutbuf the right operands, replaced by the results
     * @throws MpiException {@code ERR_BUFFER} for a null buffer, {@code ERR_TYPE} when the types
     *     differ, {@code ERR_COUNT} when the counts differ, {@code ERR_OP} when the operation
     *     does not apply to the type
     */
    public void reduceLocal(Buf inbuf, Buf inoutbuf) {
        Comm.checkBuf(inbuf);
        Comm.checkBuf(inoutbuf);
        if (inbuf.getDatatype() != inoutbuf.getDatatype()) {
            throw new MpiException(ErrorClass.ERR_TYPE, "reduceLocal: inbuf is " + inbuf + " but inoutbuf is " + inoutbuf);
        }
        if (inbuf.getCount() != inoutbuf.getCount()) {
            throw new MpiException(ErrorClass.ERR_COUNT, "reduceLocal: inbuf has " + inbuf.getCount()
                    + " elements but inoutbuf has " + inoutbuf.getCount());
        }
        Combiner k = combiner(inbuf.getDatatype());
        byte[] in = Collectives.pack(inbuf);
        byte[] inout = Collectives.pack(inoutbuf);
        k.apply(in, 0, inout, 0, inbuf.getCount());
        Collectives.unpack(inout, 0, inoutbuf, 0, inoutbuf.getCount());
    }

    /**
     * Applies the operation to two objects: {@code x op y}, {@code x} the lower rank's.
     *
     * <p>MPI: none; mpi4py: {@code Op.__call__(x, y)}.
     *
     * @param <T> the operand type
     * @param x the left operand
     * @param y the right operand
     * @return the result
     * @throws MpiException {@code ERR_OP} when the operation does not apply to the operands
     */
    @SuppressWarnings("unchecked")
    public <T> T apply(T x, T y) {
        return (T) objectOperator().apply(x, y);
    }

    // ---- For the collectives ----

    /** The kernel on packed buffers of {@code type}; throws {@code ERR_OP} if the op does not apply. */
    Combiner combiner(Datatype type) {
        if (predefined != null) {
            Combiner k = ReduceKernels.of(predefined, type);
            if (k == null) {
                throw new MpiException(ErrorClass.ERR_OP, "the operation " + name + " does not apply to "
                        + type + " elements" + hint(type));
            }
            return k;
        }
        int size = type.getSize();
        if (function != null) {
            return (in, io, out, oo, n) -> function.apply(
                    ByteBuffer.wrap(in, io, n * size).slice().order(ByteOrder.LITTLE_ENDIAN).asReadOnlyBuffer()
                            .order(ByteOrder.LITTLE_ENDIAN),
                    ByteBuffer.wrap(out, oo, n * size).slice().order(ByteOrder.LITTLE_ENDIAN), n, type);
        }
        if (type.isPair()) {
            throw new MpiException(ErrorClass.ERR_OP, "the " + name + " (a BinaryOperator) does not apply to "
                    + type + " pairs: use Op.create(Op.Function, commute)");
        }
        return (in, io, out, oo, n) -> {
            ByteBuffer a = ByteBuffer.wrap(in, io, n * size).slice().order(ByteOrder.LITTLE_ENDIAN);
            ByteBuffer b = ByteBuffer.wrap(out, oo, n * size).slice().order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < n; i++) {
                put(b, type, i, operator.apply(get(a, type, i), get(b, type, i)));
            }
        };
    }

    private static String hint(Datatype type) {
        if (type.isPair()) {
            return ": pairs take MAXLOC, MINLOC, REPLACE or NO_OP";
        }
        switch (type) {
            case FLOAT: case DOUBLE: return ": floating point takes MAX, MIN, SUM, PROD, REPLACE or NO_OP";
            case BOOLEAN: return ": boolean takes LAND, LOR, LXOR, REPLACE or NO_OP";
            default: return ": MAXLOC and MINLOC take value-index pairs such as Datatype.DOUBLE_INT";
        }
    }

    /** The operation on objects. */
    BinaryOperator<Object> objectOperator() {
        if (operator != null) {
            return operator;
        }
        return this::applyToObjects;
    }

    private Object applyToObjects(Object x, Object y) {
        if (x == null || y == null || x.getClass() != y.getClass()) {
            throw new MpiException(ErrorClass.ERR_OP, "the operation " + name + " needs two operands of one class, not "
                    + className(x) + " and " + className(y));
        }
        boolean scalar = !x.getClass().isArray();
        Object a = scalar ? boxedToArray(x) : x;
        Object b = scalar ? boxedToArray(y) : y;
        if (a == null || !a.getClass().getComponentType().isPrimitive()) {
            throw new MpiException(ErrorClass.ERR_OP, "the operation " + name + " does not apply to objects of "
                    + className(x) + ": it takes boxed primitives and primitive arrays; pass a BinaryOperator instead");
        }
        int n = java.lang.reflect.Array.getLength(a);
        if (java.lang.reflect.Array.getLength(b) != n) {
            throw new MpiException(ErrorClass.ERR_OP, "the operation " + name + " needs arrays of one length, not "
                    + n + " and " + java.lang.reflect.Array.getLength(b));
        }
        Buf ba = arrayBuf(a);
        Object result = java.lang.reflect.Array.newInstance(a.getClass().getComponentType(), n);
        Buf bb = arrayBuf(result);
        byte[] left = Collectives.pack(ba);
        byte[] right = Collectives.pack(arrayBuf(b));
        combiner(ba.getDatatype()).apply(left, 0, right, 0, n);
        Collectives.unpack(right, 0, bb, 0, n);
        return scalar ? java.lang.reflect.Array.get(result, 0) : result;
    }

    private static String className(Object o) {
        return o == null ? "null" : o.getClass().getName();
    }

    private static Object boxedToArray(Object x) {
        if (x instanceof Integer v) { return new int[] {v}; }
        if (x instanceof Long v) { return new long[] {v}; }
        if (x instanceof Double v) { return new double[] {v}; }
        if (x instanceof Float v) { return new float[] {v}; }
        if (x instanceof Short v) { return new short[] {v}; }
        if (x instanceof Byte v) { return new byte[] {v}; }
        if (x instanceof Character v) { return new char[] {v}; }
        if (x instanceof Boolean v) { return new boolean[] {v}; }
        return null;
    }

    private static Buf arrayBuf(Object a) {
        if (a instanceof int[] v) { return Buf.of(v); }
        if (a instanceof long[] v) { return Buf.of(v); }
        if (a instanceof double[] v) { return Buf.of(v); }
        if (a instanceof float[] v) { return Buf.of(v); }
        if (a instanceof short[] v) { return Buf.of(v); }
        if (a instanceof byte[] v) { return Buf.of(v); }
        if (a instanceof char[] v) { return Buf.of(v); }
        if (a instanceof boolean[] v) { return Buf.of(v); }
        throw new IllegalArgumentException(a.getClass().getName());
    }

    private static Object get(ByteBuffer b, Datatype type, int i) {
        switch (type) {
            case BYTE: return b.get(i);
            case CHAR: return b.getChar(2 * i);
            case SHORT: return b.getShort(2 * i);
            case INT: return b.getInt(4 * i);
            case LONG: return b.getLong(8 * i);
            case FLOAT: return b.getFloat(4 * i);
            case DOUBLE: return b.getDouble(8 * i);
            case BOOLEAN: return b.get(i) != 0;
            default: throw new IllegalStateException(type.name());
        }
    }

    private static void put(ByteBuffer b, Datatype type, int i, Object v) {
        switch (type) {
            case BYTE: b.put(i, (Byte) v); break;
            case CHAR: b.putChar(2 * i, (Character) v); break;
            case SHORT: b.putShort(2 * i, (Short) v); break;
            case INT: b.putInt(4 * i, (Integer) v); break;
            case LONG: b.putLong(8 * i, (Long) v); break;
            case FLOAT: b.putFloat(4 * i, (Float) v); break;
            case DOUBLE: b.putDouble(8 * i, (Double) v); break;
            case BOOLEAN: b.put(i, (Boolean) v ? (byte) 1 : (byte) 0); break;
            default: throw new IllegalStateException(type.name());
        }
    }

    /**
     * Returns the operation's name ({@code SUM} ..., or {@code user function}).
     *
     * @return the name
     */
    @Override
    public String toString() {
        return predefined != null ? name : name.toLowerCase(Locale.ROOT);
    }
}
