package io.jmpi;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Buffer-mode point-to-point (mpi4py's {@code test_p2p_buf}), for any transport.
 */
@Timeout(60)
public abstract class PointToPointBufferTest extends MultiRankTest {

    @ParameterizedTest(name = "{0} ranks")
    @ValueSource(ints = {1, 2, 3, 4, 8})
    void shouldExchangeEveryPrimitiveTypeAroundRing(int size) {
        run(size, world -> {
            int rank = world.getRank();
            int next = (rank + 1) % size;
            int prev = (rank - 1 + size) % size;
            int n = 17;
            byte[] b = new byte[n];
            char[] c = new char[n];
            short[] s = new short[n];
            int[] i = new int[n];
            long[] l = new long[n];
            float[] f = new float[n];
            double[] d = new double[n];
            boolean[] z = new boolean[n];
            for (int k = 0; k < n; k++) {
                b[k] = (byte) (rank * 31 + k);
                c[k] = (char) ('A' + rank + k);
                s[k] = (short) (-rank * 1000 - k);
                i[k] = rank * 1_000_000 + k;
                l[k] = (long) rank << 40 | k;
                f[k] = rank + k / 4f;
                d[k] = rank - k / 8.0;
                z[k] = (rank + k) % 3 == 0;
            }
            Buf[] outs = {Buf.of(b), Buf.of(c), Buf.of(s), Buf.of(i), Buf.of(l), Buf.of(f), Buf.of(d), Buf.of(z)};
            for (int t = 0; t < outs.length; t++) {
                world.send(outs[t], next, t);
            }
            byte[] rb = new byte[n];
            char[] rc = new char[n];
            short[] rs = new short[n];
            int[] ri = new int[n];
            long[] rl = new long[n];
            float[] rf = new float[n];
            double[] rd = new double[n];
            boolean[] rz = new boolean[n];
            Buf[] ins = {Buf.of(rb), Buf.of(rc), Buf.of(rs), Buf.of(ri), Buf.of(rl), Buf.of(rf), Buf.of(rd), Buf.of(rz)};
            for (int t = 0; t < ins.length; t++) {
                Status st = world.recv(ins[t], prev, t);
                assertThat(st.getSource()).isEqualTo(prev);
                assertThat(st.getCount(ins[t].getDatatype())).isEqualTo(n);
            }
            for (int k = 0; k < n; k++) {
                assertThat(rb[k]).isEqualTo((byte) (prev * 31 + k));
                assertThat(rc[k]).isEqualTo((char) ('A' + prev + k));
                assertThat(rs[k]).isEqualTo((short) (-prev * 1000 - k));
                assertThat(ri[k]).isEqualTo(prev * 1_000_000 + k);
                assertThat(rl[k]).isEqualTo((long) prev << 40 | k);
                assertThat(rf[k]).isEqualTo(prev + k / 4f);
                assertThat(rd[k]).isEqualTo(prev - k / 8.0);
                assertThat(rz[k]).isEqualTo((prev + k) % 3 == 0);
            }
        });
    }

    @Test
    void shouldHonourOffsetAndCount() {
        run(2, world -> {
            if (world.getRank() == 0) {
                int[] a = {9, 9, 1, 2, 3, 9};
                world.send(Buf.of(a, 2, 3), 1, 0);
            } else {
                int[] r = {0, 0, 0, 0, 0, 0};
                Status st = world.recv(Buf.of(r, 1, 4), 0, 0);
                assertThat(r).containsExactly(0, 1, 2, 3, 0, 0);
                assertThat(st.getCount(Datatype.INT)).isEqualTo(3);
                assertThat(st.getDatatype()).isEqualTo(Datatype.INT);
            }
        });
    }

    @ParameterizedTest(name = "direct={0}")
    @ValueSource(booleans = {false, true})
    void shouldSendByteBuffersInTheirOwnByteOrder(boolean direct) {
        run(2, world -> {
            int n = 1000;
            if (world.getRank() == 0) {
                ByteBuffer big = (direct ? ByteBuffer.allocateDirect(n * 8) : ByteBuffer.allocate(n * 8))
                        .order(ByteOrder.BIG_ENDIAN);
                for (int k = 0; k < n; k++) {
                    big.putDouble(k * 1.5);
                }
                big.flip();
                world.send(Buf.of(big, Datatype.DOUBLE), 1, 0);
                assertThat(big.position()).isZero();
            } else {
                ByteBuffer little = (direct ? ByteBuffer.allocateDirect(n * 8) : ByteBuffer.allocate(n * 8))
                        .order(ByteOrder.LITTLE_ENDIAN);
                world.recv(Buf.of(little, Datatype.DOUBLE), 0, 0);
                for (int k = 0; k < n; k++) {
                    assertThat(little.getDouble(k * 8)).isEqualTo(k * 1.5);
                }
            }
        });
    }

    @Test
    void shouldSendLargeBuffer() {
        run(2, world -> {
            int n = 4 << 20; // 32 MiB of longs
            if (world.getRank() == 0) {
                long[] a = new long[n];
                for (int k = 0; k < n; k++) {
                    a[k] = k * 7L;
                }
                world.send(Buf.of(a), 1, 0);
            } else {
                long[] r = new long[n];
                world.recv(Buf.of(r), 0, 0);
                for (int k = 0; k < n; k += 4099) {
                    assertThat(r[k]).isEqualTo(k * 7L);
                }
                assertThat(r[n - 1]).isEqualTo((n - 1) * 7L);
            }
        });
    }

    @Test
    void shouldFailWithTruncateWhenBufferTooSmallAndLoseNothing() {
        run(2, world -> {
            if (world.getRank() == 0) {
                world.send(Buf.of(new double[10]), 1, 0);
                world.send(Buf.of(new double[] {42}), 1, 0);
            } else {
                assertThatThrownBy(() -> world.recv(Buf.of(new double[4]), 0, 0))
                        .isInstanceOf(MpiException.class)
                        .hasMessageContaining("80 bytes")
                        .hasMessageContaining("32 bytes")
                        .satisfies(e -> assertThat(((MpiException) e).getErrorClass()).isEqualTo(ErrorClass.ERR_TRUNCATE));
                double[] r = new double[4];
                Status st = world.recv(Buf.of(r), 0, 0);
                assertThat(r[0]).isEqualTo(42.0);
                assertThat(st.getCount(Datatype.DOUBLE)).isEqualTo(1);
            }
        });
    }

    @Test
    void shouldFailWithTypeErrorOnDatatypeMismatch() {
        run(2, world -> {
            if (world.getRank() == 0) {
                world.send(Buf.of(new int[] {1, 2}), 1, 0);
                world.send(Buf.of(new int[] {3}), 1, 0);
            } else {
                assertThatThrownBy(() -> world.recv(Buf.of(new double[2]), 0, 0))
                        .isInstanceOf(MpiException.class)
                        .hasMessageContaining("INT")
                        .hasMessageContaining("DOUBLE")
                        .satisfies(e -> assertThat(((MpiException) e).getErrorClass()).isEqualTo(ErrorClass.ERR_TYPE));
                assertThatThrownBy(() -> world.recv(0, 0))
                        .isInstanceOf(MpiException.class)
                        .satisfies(e -> assertThat(((MpiException) e).getErrorClass()).isEqualTo(ErrorClass.ERR_TYPE));
            }
        });
    }

    @Test
    void shouldReceiveZeroElements() {
        run(2, world -> {
            if (world.getRank() == 0) {
                world.send(Buf.of(new float[0]), 1, 3);
            } else {
                Status st = world.recv(Buf.of(new float[2]), MPI.ANY_SOURCE, MPI.ANY_TAG);
                assertThat(st.getCount(Datatype.FLOAT)).isZero();
                assertThat(st.getTag()).isEqualTo(3);
            }
        });
    }

    @Test
    void shouldRejectNullBuffer() {
        run(1, world -> assertThatThrownBy(() -> world.send((Buf) null, 0, 0))
                .isInstanceOf(MpiException.class)
                .satisfies(e -> assertThat(((MpiException) e).getErrorClass()).isEqualTo(ErrorClass.ERR_BUFFER)));
    }
}
