package io.jmpi;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Plain local reference computations for the collective suites: seeded random primitive arrays
 * of every type, and the predefined operations written out on boxed values (independent of the
 * kernels under test).
 */
final class Reference {
    /** The primitive (array) datatypes. */
    static final Datatype[] TYPES = {Datatype.BYTE, Datatype.CHAR, Datatype.SHORT, Datatype.INT, Datatype.LONG,
        Datatype.FLOAT, Datatype.DOUBLE, Datatype.BOOLEAN};
    /** The predefined operations that combine values (not MAXLOC/MINLOC, which need pairs). */
    static final Op[] OPS = {Op.MAX, Op.MIN, Op.SUM, Op.PROD, Op.LAND, Op.BAND, Op.LOR, Op.BOR, Op.LXOR, Op.BXOR,
        Op.REPLACE, Op.NO_OP};

    private Reference() {
    }

    /** Whether MPI defines {@code op} on {@code type}. */
    static boolean applies(Op op, Datatype type) {
        if (op == Op.REPLACE || op == Op.NO_OP) {
            return true;
        }
        if (op == Op.MAXLOC || op == Op.MINLOC) {
            return type.isPair();
        }
        boolean arithmetic = op == Op.MAX || op == Op.MIN || op == Op.SUM || op == Op.PROD;
        boolean logical = op == Op.LAND || op == Op.LOR || op == Op.LXOR;
        switch (type) {
            case FLOAT: case DOUBLE: return arithmetic;
            case BOOLEAN: return logical;
            default: return !type.isPair();
        }
    }

    /**
     * A random array of {@code n} elements: small integers (floats too, so sums and products are
     * exact in any order), seeded by {@code seed}.
     */
    static Object random(Datatype type, int n, long seed) {
        Random r = new Random(seed);
        Object a = newArray(type, n);
        for (int i = 0; i < n; i++) {
            int v = r.nextInt(5) - 2;
            switch (type) {
                case BYTE: ((byte[]) a)[i] = (byte) (v * 3); break;
                case CHAR: ((char[]) a)[i] = (char) (r.nextInt(70_000)); break;
                case SHORT: ((short[]) a)[i] = (short) (v * 1000 + r.nextInt(7)); break;
                case INT: ((int[]) a)[i] = r.nextInt(); break;
                case LONG: ((long[]) a)[i] = r.nextLong(); break;
                case FLOAT: ((float[]) a)[i] = v; break;
                case DOUBLE: ((double[]) a)[i] = v; break;
                case BOOLEAN: ((boolean[]) a)[i] = r.nextBoolean(); break;
                default: throw new IllegalArgumentException(type.name());
            }
        }
        return a;
    }

    static Object newArray(Datatype type, int n) {
        switch (type) {
            case BYTE: return new byte[n];
            case CHAR: return new char[n];
            case SHORT: return new short[n];
            case INT: return new int[n];
            case LONG: return new long[n];
            case FLOAT: return new float[n];
            case DOUBLE: return new double[n];
            case BOOLEAN: return new boolean[n];
            default: throw new IllegalArgumentException(type.name());
        }
    }

    /** A Buf over any primitive array. */
    static Buf buf(Object a) {
        return buf(a, 0, Array.getLength(a));
    }

    static Buf buf(Object a, int offset, int count) {
        if (a instanceof byte[] v) { return Buf.of(v, offset, count); }
        if (a instanceof char[] v) { return Buf.of(v, offset, count); }
        if (a instanceof short[] v) { return Buf.of(v, offset, count); }
        if (a instanceof int[] v) { return Buf.of(v, offset, count); }
        if (a instanceof long[] v) { return Buf.of(v, offset, count); }
        if (a instanceof float[] v) { return Buf.of(v, offset, count); }
        if (a instanceof double[] v) { return Buf.of(v, offset, count); }
        if (a instanceof boolean[] v) { return Buf.of(v, offset, count); }
        throw new IllegalArgumentException(a.getClass().getName());
    }

    /** {@code x op y} on boxed elements of {@code type}, {@code x} the lower rank's. */
    static Object apply(Op op, Datatype type, Object x, Object y) {
        if (op == Op.REPLACE) {
            return x;
        }
        if (op == Op.NO_OP) {
            return y;
        }
        if (type == Datatype.BOOLEAN) {
            boolean a = (Boolean) x;
            boolean b = (Boolean) y;
            return op == Op.LAND ? a && b : op == Op.LOR ? a || b : a ^ b;
        }
        if (type == Datatype.FLOAT) {
            float a = (Float) x;
            float b = (Float) y;
            return op == Op.MAX ? Math.max(a, b) : op == Op.MIN ? Math.min(a, b) : op == Op.SUM ? a + b : a * b;
        }
        if (type == Datatype.DOUBLE) {
            double a = (Double) x;
            double b = (Double) y;
            return op == Op.MAX ? Math.max(a, b) : op == Op.MIN ? Math.min(a, b) : op == Op.SUM ? a + b : a * b;
        }
        long a = x instanceof Character c ? c : ((Number) x).longValue();
        long b = y instanceof Character c ? c : ((Number) y).longValue();
        long r;
        if (op == Op.MAX) { r = Math.max(a, b); }
        else if (op == Op.MIN) { r = Math.min(a, b); }
        else if (op == Op.SUM) { r = a + b; }
        else if (op == Op.PROD) { r = a * b; }
        else if (op == Op.LAND) { r = a != 0 && b != 0 ? 1 : 0; }
        else if (op == Op.LOR) { r = a != 0 || b != 0 ? 1 : 0; }
        else if (op == Op.LXOR) { r = (a != 0) != (b != 0) ? 1 : 0; }
        else if (op == Op.BAND) { r = a & b; }
        else if (op == Op.BOR) { r = a | b; }
        else if (op == Op.BXOR) { r = a ^ b; }
        else { throw new IllegalArgumentException(op.toString()); }
        switch (type) {
            case BYTE: return (byte) r;
            case CHAR: return (char) r;
            case SHORT: return (short) r;
            case INT: return (int) r;
            default: return r;
        }
    }

    /** Combines arrays element by element in order: {@code inputs[0] op inputs[1] op ...}. */
    static Object fold(Op op, Datatype type, List<Object> inputs, int n) {
        Object out = newArray(type, n);
        for (int i = 0; i < n; i++) {
            Object acc = Array.get(inputs.get(0), i);
            for (int k = 1; k < inputs.size(); k++) {
                acc = apply(op, type, acc, Array.get(inputs.get(k), i));
            }
            Array.set(out, i, acc);
        }
        return out;
    }

    /** The inputs of ranks {@code 0 .. size-1}, each from its own seed. */
    static List<Object> inputs(Datatype type, int n, int size, long seed) {
        List<Object> all = new ArrayList<>();
        for (int r = 0; r < size; r++) {
            all.add(random(type, n, seed * 1_000 + r));
        }
        return all;
    }

    /** A copy of {@code count} elements from {@code from}. */
    static Object slice(Object a, int from, int count) {
        Object out = Array.newInstance(a.getClass().getComponentType(), count);
        System.arraycopy(a, from, out, 0, count);
        return out;
    }
}
