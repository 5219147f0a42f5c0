package io.jmpi.internal.coll;

import io.jmpi.Datatype;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.function.DoubleBinaryOperator;
import java.util.function.IntBinaryOperator;
import java.util.function.LongBinaryOperator;

/**
 * The kernels of the predefined operations: one tight loop per (operation family, datatype) over
 * packed little-endian bytes, with no boxing.
 *
 * <p>Which operation applies to which type follows MPI: MAX, MIN, SUM and PROD to integers,
 * {@code char} and floating point; LAND, LOR and LXOR to integers, {@code char} and
 * {@code boolean}; BAND, BOR and BXOR to integers and {@code char}; MAXLOC and MINLOC to the
 * value-index pair types; REPLACE and NO_OP to every type.
 */
public final class ReduceKernels {
    private static final VarHandle I16 = MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I32 = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle I64 = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle F32 = MethodHandles.byteArrayViewVarHandle(float[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle F64 = MethodHandles.byteArrayViewVarHandle(double[].class, ByteOrder.LITTLE_ENDIAN);

    private ReduceKernels() {
    }

    /**
     * Returns the kernel of {@code op} on {@code type}.
     *
     * @param op the operation
     * @param type the element type
     * @return the kernel, or {@code null} when MPI does not define {@code op} on {@code type}
     */
    public static Combiner of(PredefinedOp op, Datatype type) {
        int size = type.getSize();
        if (op == PredefinedOp.REPLACE) {
            return (in, io, out, oo, n) -> System.arraycopy(in, io, out, oo, n * size);
        }
        if (op == PredefinedOp.NO_OP) {
            return (in, io, out, oo, n) -> { };
        }
        if (type.isPair()) {
            return op == PredefinedOp.MAXLOC || op == PredefinedOp.MINLOC ? pairs(op == PredefinedOp.MAXLOC, type) : null;
        }
        if (op == PredefinedOp.MAXLOC || op == PredefinedOp.MINLOC) {
            return null;
        }
        switch (type) {
            case BOOLEAN:
                return op.isLogical() ? bytes(intOp(op), false) : null;
            case FLOAT:
                return op.isArithmetic() ? floats(doubleOp(op)) : null;
            case DOUBLE:
                return op.isArithmetic() ? doubles(doubleOp(op)) : null;
            case BYTE:
                return bytes(intOp(op), true);
            case SHORT:
                return shorts(intOp(op), true);
            case CHAR:
                return shorts(intOp(op), false);
            case INT:
                return ints(intOp(op));
            case LONG:
                return longs(longOp(op));
            default:
                return null;
        }
    }

    private static IntBinaryOperator intOp(PredefinedOp op) {
        switch (op) {
            case MAX: return Math::max;
            case MIN: return Math::min;
            case SUM: return (a, b) -> a + b;
            case PROD: return (a, b) -> a * b;
            case LAND: return (a, b) -> a != 0 && b != 0 ? 1 : 0;
            case LOR: return (a, b) -> a != 0 || b != 0 ? 1 : 0;
            case LXOR: return (a, b) -> (a != 0) != (b != 0) ? 1 : 0;
            case BAND: return (a, b) -> a & b;
            case BOR: return (a, b) -> a | b;
            case BXOR: return (a, b) -> a ^ b;
            default: throw new IllegalArgumentException(op.name());
        }
    }

    private static LongBinaryOperator longOp(PredefinedOp op) {
        switch (op) {
            case MAX: return Math::max;
            case MIN: return Math::min;
            case SUM: return (a, b) -> a + b;
            case PROD: return (a, b) -> a * b;
            case LAND: return (a, b) -> a != 0 && b != 0 ? 1 : 0;
            case LOR: return (a, b) -> a != 0 || b != 0 ? 1 : 0;
            case LXOR: return (a, b) -> (a != 0) != (b != 0) ? 1 : 0;
            case BAND: return (a, b) -> a & b;
            case BOR: return (a, b) -> a | b;
            case BXOR: return (a, b) -> a ^ b;
            default: throw new IllegalArgumentException(op.name());
        }
    }

    private static DoubleBinaryOperator doubleOp(PredefinedOp op) {
        switch (op) {
            case MAX: return Math::max;
            case MIN: return Math::min;
            case SUM: return (a, b) -> a + b;
            case PROD: return (a, b) -> a * b;
            default: throw new IllegalArgumentException(op.name());
        }
    }

    private static Combiner bytes(IntBinaryOperator f, boolean signed) {
        return (in, io, out, oo, n) -> {
            for (int i = 0; i < n; i++) {
                int a = signed ? in[io + i] : in[io + i] & 0xff;
                int b = signed ? out[oo + i] : out[oo + i] & 0xff;
                out[oo + i] = (byte) f.applyAsInt(a, b);
            }
        };
    }

    private static Combiner shorts(IntBinaryOperator f, boolean signed) {
        return (in, io, out, oo, n) -> {
            for (int i = 0; i < n; i++) {
                short x = (short) I16.get(in, io + 2 * i);
                short y = (short) I16.get(out, oo + 2 * i);
                int a = signed ? x : x & 0xffff;
                int b = signed ? y : y & 0xffff;
                I16.set(out, oo + 2 * i, (short) f.applyAsInt(a, b));
            }
        };
    }

    private static Combiner ints(IntBinaryOperator f) {
        return (in, io, out, oo, n) -> {
            for (int i = 0; i < n; i++) {
                int a = (int) I32.get(in, io + 4 * i);
                int b = (int) I32.get(out, oo + 4 * i);
                I32.set(out, oo + 4 * i, f.applyAsInt(a, b));
            }
        };
    }

    private static Combiner longs(LongBinaryOperator f) {
        return (in, io, out, oo, n) -> {
            for (int i = 0; i < n; i++) {
                long a = (long) I64.get(in, io + 8 * i);
                long b = (long) I64.get(out, oo + 8 * i);
                I64.set(out, oo + 8 * i, f.applyAsLong(a, b));
            }
        };
    }

    /** Float arithmetic through double is exact: one rounding to float of an exact result. */
    private static Combiner floats(DoubleBinaryOperator f) {
        return (in, io, out, oo, n) -> {
            for (int i = 0; i < n; i++) {
                float a = (float) F32.get(in, io + 4 * i);
                float b = (float) F32.get(out, oo + 4 * i);
                F32.set(out, oo + 4 * i, (float) f.applyAsDouble(a, b));
            }
        };
    }

    private static Combiner doubles(DoubleBinaryOperator f) {
        return (in, io, out, oo, n) -> {
            for (int i = 0; i < n; i++) {
                double a = (double) F64.get(in, io + 8 * i);
                double b = (double) F64.get(out, oo + 8 * i);
                F64.set(out, oo + 8 * i, f.applyAsDouble(a, b));
            }
        };
    }

    /** MAXLOC / MINLOC: the greater (smaller) value wins; on a tie, the smaller index. */
    private static Combiner pairs(boolean max, Datatype type) {
        int size = type.getSize();
        return (in, io, out, oo, n) -> {
            for (int i = 0; i < n; i++) {
                int a = io + i * size;
                int b = oo + i * size;
                int c = compareValues(type, in, a, out, b);
                int valueSize = size - 4;
                int ia = (int) I32.get(in, a + valueSize);
                int ib = (int) I32.get(out, b + valueSize);
                if (max ? c > 0 : c < 0) {
                    System.arraycopy(in, a, out, b, size);
                } else if (c == 0 && ia < ib) {
                    I32.set(out, b + valueSize, ia);
                }
            }
        };
    }

    private static int compareValues(Datatype type, byte[] x, int a, byte[] y, int b) {
        switch (type) {
            case SHORT_INT: return Short.compare((short) I16.get(x, a), (short) I16.get(y, b));
            case TWOINT: return Integer.compare((int) I32.get(x, a), (int) I32.get(y, b));
            case LONG_INT: return Long.compare((long) I64.get(x, a), (long) I64.get(y, b));
            case FLOAT_INT: return compareNumbers((float) F32.get(x, a), (float) F32.get(y, b));
            case DOUBLE_INT: return compareNumbers((double) F64.get(x, a), (double) F64.get(y, b));
            default: throw new IllegalArgumentException(type.name());
        }
    }

    private static int compareNumbers(double a, double b) {
        return a > b ? 1 : a < b ? -1 : 0;
    }
}
