package io.jmpi;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Reduction operations (mpi4py's {@code test_op}): every predefined op on every type through
 * {@code reduceLocal}, against a reference; ERR_OP for pairs MPI does not define; MAXLOC and
 * MINLOC on pairs; user ops.
 */
@Timeout(60)
class OpTest {

    @Test
    void shouldReduceLocallyEveryTypeWithEveryOpOrFailWithErrOp() {
        for (Datatype t : Reference.TYPES) {
            for (Op op : Reference.OPS) {
                Object in = Reference.random(t, 17, 1);
                Object inout = Reference.random(t, 17, 2);
                if (!Reference.applies(op, t)) {
                    assertThatThrownBy(() -> op.reduceLocal(Reference.buf(in), Reference.buf(inout)))
                            .isInstanceOf(MpiException.class)
                            .hasMessageContaining(op.toString()).hasMessageContaining(t.name())
                            .extracting(e -> ((MpiException) e).getErrorClass()).isEqualTo(ErrorClass.ERR_OP);
                    continue;
                }
                Object expected = Reference.fold(op, t, List.of(in, inout), 17);
                op.reduceLocal(Reference.buf(in), Reference.buf(inout));
                assertThat(inout).as("%s on %s", op, t).isEqualTo(expected);
            }
            for (Op op : new Op[] {Op.MAXLOC, Op.MINLOC}) {
                assertThatThrownBy(() -> op.reduceLocal(Reference.buf(Reference.newArray(t, 1)), Reference.buf(Reference.newArray(t, 1))))
                        .extracting(e -> ((MpiException) e).getErrorClass()).isEqualTo(ErrorClass.ERR_OP);
            }
        }
    }

    @Test
    void shouldReduceLocallyFromDirectBuffersOfEitherByteOrder() {
        ByteBuffer in = ByteBuffer.allocateDirect(16).order(ByteOrder.BIG_ENDIAN);
        in.putInt(0, 1).putInt(4, 2).putInt(8, 3).putInt(12, 4);
        ByteBuffer inout = ByteBuffer.allocateDirect(16).order(ByteOrder.LITTLE_ENDIAN);
        inout.putInt(0, 10).putInt(4, 20).putInt(8, 30).putInt(12, 40);
        Op.SUM.reduceLocal(Buf.of(in, Datatype.INT), Buf.of(inout, Datatype.INT));
        assertThat(new int[] {inout.getInt(0), inout.getInt(4), inout.getInt(8), inout.getInt(12)}).containsExactly(11, 22, 33, 44);
    }

    @Test
    void shouldFindMaxlocAndMinlocOnEveryPairType() {
        Datatype[] pairs = {Datatype.SHORT_INT, Datatype.TWOINT, Datatype.LONG_INT, Datatype.FLOAT_INT, Datatype.DOUBLE_INT};
        for (Datatype t : pairs) {
            // (3, 7) vs (5, 2) and (4, 9) vs (4, 1): ties take the smaller index
            ByteBuffer a = pairs(t, 3, 7, 4, 9);
            ByteBuffer b = pairs(t, 5, 2, 4, 1);
            Op.MAXLOC.reduceLocal(Buf.of(a, t), Buf.of(b, t));
            assertThat(value(t, b, 0)).as("%s maxloc", t).isEqualTo(5);
            assertThat(b.getInt(t.getSize() - 4)).isEqualTo(2);
            assertThat(value(t, b, 1)).isEqualTo(4);
            assertThat(b.getInt(2 * t.getSize() - 4)).isEqualTo(1);
            ByteBuffer c = pairs(t, 3, 7, 4, 9);
            ByteBuffer d = pairs(t, 5, 2, 4, 1);
            Op.MINLOC.reduceLocal(Buf.of(c, t), Buf.of(d, t));
            assertThat(value(t, d, 0)).as("%s minloc", t).isEqualTo(3);
            assertThat(d.getInt(t.getSize() - 4)).isEqualTo(7);
            assertThatThrownBy(() -> Op.SUM.reduceLocal(Buf.of(pairs(t, 1, 1, 1, 1), t), Buf.of(pairs(t, 1, 1, 1, 1), t)))
                    .extracting(e -> ((MpiException) e).getErrorClass()).isEqualTo(ErrorClass.ERR_OP);
        }
    }

    private static ByteBuffer pairs(Datatype t, long v0, int i0, long v1, int i1) {
        ByteBuffer b = ByteBuffer.allocate(2 * t.getSize()).order(ByteOrder.LITTLE_ENDIAN);
        put(t, b, v0);
        b.putInt(i0);
        put(t, b, v1);
        b.putInt(i1);
        return b.flip();
    }

    private static void put(Datatype t, ByteBuffer b, long v) {
        switch (t) {
            case SHORT_INT -> b.putShort((short) v);
            case TWOINT -> b.putInt((int) v);
            case LONG_INT -> b.putLong(v);
            case FLOAT_INT -> b.putFloat(v);
            default -> b.putDouble(v);
        }
    }

    private static long value(Datatype t, ByteBuffer b, int i) {
        int at = i * t.getSize();
        return switch (t) {
            case SHORT_INT -> b.getShort(at);
            case TWOINT -> b.getInt(at);
            case LONG_INT -> b.getLong(at);
            case FLOAT_INT -> (long) b.getFloat(at);
            default -> (long) b.getDouble(at);
        };
    }

    @Test
    void shouldApplyUserOpsAndKnowCommutativity() {
        Op max = Op.create((Integer a, Integer b) -> Math.max(a, b), true);
        int[] in = {1, 9, 3};
        int[] inout = {4, 5, 6};
        max.reduceLocal(Buf.of(in), Buf.of(inout));
        assertThat(inout).containsExactly(4, 9, 6);
        Op minus = Op.create((ByteBuffer a, ByteBuffer b, int n, Datatype t) -> {
            for (int i = 0; i < n; i++) {
                b.putDouble(8 * i, a.getDouble(8 * i) - b.getDouble(8 * i));
            }
        }, false);
        double[] x = {10, 20};
        minus.reduceLocal(Buf.of(new double[] {1, 2}), Buf.of(x));
        assertThat(x).containsExactly(-9, -18);
        assertThat(minus.isCommutative()).isFalse();
        assertThat(minus.isPredefined()).isFalse();
        assertThat(Op.SUM.isCommutative()).isTrue();
        assertThat(Op.REPLACE.isCommutative()).isFalse();
        assertThat(Op.SUM.isPredefined()).isTrue();
        assertThat(Op.SUM.<Integer>apply(2, 3)).isEqualTo(5);
        assertThat(Op.MAX.apply(new long[] {1, 8}, new long[] {4, 2})).containsExactly(4, 8);
        assertThat(Op.LXOR.apply(true, true)).isFalse();
        assertThat(minus.apply(new double[] {5}, new double[] {1})).containsExactly(4);
        assertThatThrownBy(() -> Op.SUM.reduceLocal(Buf.of(new int[2]), Buf.of(new int[3])))
                .extracting(e -> ((MpiException) e).getErrorClass()).isEqualTo(ErrorClass.ERR_COUNT);
        assertThatThrownBy(() -> Op.SUM.reduceLocal(Buf.of(new int[2]), Buf.of(new long[2])))
                .extracting(e -> ((MpiException) e).getErrorClass()).isEqualTo(ErrorClass.ERR_TYPE);
    }
}
