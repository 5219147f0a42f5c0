package io.jmpi;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;

import static io.jmpi.Reference.buf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Buffer collectives (mpi4py's {@code test_cco_buf}): every operation, every primitive type,
 * several sizes, roots other than 0, IN_PLACE and zero counts, each algorithm (forced through its
 * property), against plain references computed locally from the same seeded inputs.
 */
@Timeout(120)
public abstract class CollectiveBufferTest extends MultiRankTest {

    /** The world sizes each test runs at. */
    @Override
    protected int[] sizes() {
        return new int[] {1, 2, 3, 4, 5, 8};
    }

    /** Runs with a system property set (an algorithm override), restoring it after. */
    private static void with(String property, String value, Runnable body) {
        String old = System.getProperty(property);
        System.setProperty(property, value);
        try {
            body.run();
        } finally {
            if (old == null) {
                System.clearProperty(property);
            } else {
                System.setProperty(property, old);
            }
        }
    }

    private static void check(Object expected, Object actual, String what, Object... args) {
        assertThat(actual).as(what, args).isEqualTo(expected);
    }

    // ---- Bcast, gather, scatter ----

    private void bcastEveryTypeAndRoot(int count) {
        forEachSize(world -> {
            int p = world.getSize();
            for (Datatype t : Reference.TYPES) {
                for (int root = 0; root < p; root++) {
                    Object expected = Reference.random(t, count, root * 31 + t.ordinal());
                    Object mine = world.getRank() == root ? expected : Reference.newArray(t, count);
                    world.bcast(buf(mine), root);
                    check(expected, mine, "bcast %s from %d on rank %d", t, root, world.getRank());
                }
            }
        });
    }

    @Test
    void shouldBroadcastEveryTypeFromEveryRoot() {
        bcastEveryTypeAndRoot(7);
    }

    @Test
    void shouldBroadcastWithEachAlgorithm() {
        for (String alg : new String[] {"binomial", "scatter_allgather"}) {
            with("jmpi.coll.bcast", alg, () -> bcastEveryTypeAndRoot(29));
        }
    }

    @Test
    void shouldBroadcastLargeBuffer() {
        int n = 100_003; // 800 kB: the scatter-allgather bcast by default
        forEachSize(world -> {
            double[] d = new double[n];
            int root = world.getSize() - 1;
            if (world.getRank() == root) {
                Arrays.setAll(d, i -> i * 0.5);
            }
            world.bcast(Buf.of(d), root);
            for (int i = 0; i < n; i += 997) {
                assertThat(d[i]).isEqualTo(i * 0.5);
            }
            assertThat(d[n - 1]).isEqualTo((n - 1) * 0.5);
        });
    }

    @Test
    void shouldGatherAndScatterEveryTypeAtEveryRoot() {
        forEachSize(world -> {
            int p = world.getSize();
            int me = world.getRank();
            int n = 3;
            for (Datatype t : Reference.TYPES) {
                for (int root = 0; root < p; root++) {
                    List<Object> in = Reference.inputs(t, n, p, root + 10L * t.ordinal());
                    Object all = Reference.newArray(t, p * n);
                    for (int r = 0; r < p; r++) {
                        System.arraycopy(in.get(r), 0, all, r * n, n);
                    }
                    Object got = Reference.newArray(t, p * n);
                    world.gather(buf(in.get(me)), me == root ? buf(got) : null, root);
                    if (me == root) {
                        check(all, got, "gather %s at %d", t, root);
                    }
                    Object mine = Reference.newArray(t, n);
                    world.scatter(me == root ? buf(all) : null, buf(mine), root);
                    check(in.get(me), mine, "scatter %s from %d on rank %d", t, root, me);
                }
            }
        });
    }

    @Test
    void shouldGatherAndScatterInPlaceAtTheRoot() {
        forEachSize(world -> {
            int p = world.getSize();
            int me = world.getRank();
            int root = p / 2;
            int[] all = new int[2 * p];
            Arrays.setAll(all, i -> i * 7);
            if (me == root) {
                int[] recv = new int[2 * p];
                recv[2 * root] = all[2 * root];
                recv[2 * root + 1] = all[2 * root + 1];
                world.gather(MPI.IN_PLACE, Buf.of(recv), root);
                check(all, recv, "gather IN_PLACE");
                world.scatter(Buf.of(all), MPI.IN_PLACE, root);
            } else {
                world.gather(Buf.of(all, 2 * me, 2), null, root);
                int[] mine = new int[2];
                world.scatter(null, Buf.of(mine), root);
                check(new int[] {all[2 * me], all[2 * me + 1]}, mine, "scatter on %d", me);
            }
        });
    }

    @Test
    void shouldGathervAndScattervWithGapsAndZeroCounts() {
        forEachSize(world -> {
            int p = world.getSize();
            int me = world.getRank();
            int[] counts = new int[p];
            int[] displs = new int[p];
            int at = 1;
            for (int r = 0; r < p; r++) {
                counts[r] = r % 3; // 0, 1, 2, 0 ...
                displs[p - 1 - r] = 0;
            }
            for (int r = p - 1; r >= 0; r--) { // reverse order, with a gap of one after each
                displs[r] = at;
                at += counts[r] + 1;
            }
            for (Datatype t : Reference.TYPES) {
                int root = p - 1;
                List<Object> in = Reference.inputs(t, 2, p, t.ordinal());
                Object expected = Reference.newArray(t, at);
                for (int r = 0; r < p; r++) {
                    System.arraycopy(in.get(r), 0, expected, displs[r], counts[r]);
                }
                Object got = Reference.newArray(t, at);
                world.gatherv(buf(in.get(me), 0, counts[me]), me == root ? buf(got) : null, counts, displs, root);
                if (me == root) {
                    check(expected, got, "gatherv %s", t);
                }
                Object mine = Reference.newArray(t, counts[me]);
                world.scatterv(me == root ? buf(expected) : null, counts, displs, buf(mine), root);
                check(Reference.slice(in.get(me), 0, counts[me]), mine, "scatterv %s on %d", t, me);
            }
        });
    }

    // ---- Allgather and alltoall ----

    private void allgatherEveryType() {
        forEachSize(world -> {
            int p = world.getSize();
            int me = world.getRank();
            for (int n : new int[] {0, 1, 5}) {
                for (Datatype t : Reference.TYPES) {
                    List<Object> in = Reference.inputs(t, n, p, n + 100L * t.ordinal());
                    Object all = Reference.newArray(t, p * n);
                    for (int r = 0; r < p; r++) {
                        System.arraycopy(in.get(r), 0, all, r * n, n);
                    }
                    Object got = Reference.newArray(t, p * n);
                    world.allgather(buf(in.get(me)), buf(got));
                    check(all, got, "allgather %s x %d on %d", t, n, me);
                    Object inPlace = Reference.newArray(t, p * n);
                    System.arraycopy(in.get(me), 0, inPlace, me * n, n);
                    world.allgather(MPI.IN_PLACE, buf(inPlace));
                    check(all, inPlace, "allgather IN_PLACE %s on %d", t, me);
                }
            }
        });
    }

    @Test
    void shouldAllgatherWithEachAlgorithm() {
        for (String alg : new String[] {"ring", "gather_bcast"}) {
            with("jmpi.coll.allgather", alg, this::allgatherEveryType);
        }
    }

    @Test
    void shouldAllgathervWithVaryingCounts() {
        forEachSize(world -> {
            int p = world.getSize();
            int me = world.getRank();
            int[] counts = new int[p];
            Arrays.setAll(counts, r -> (r * 2) % 3);
            int total = Arrays.stream(counts).sum();
            List<Object> in = Reference.inputs(Datatype.LONG, 2, p, 5);
            long[] expected = new long[total];
            int at = 0;
            for (int r = 0; r < p; r++) {
                System.arraycopy(in.get(r), 0, expected, at, counts[r]);
                at += counts[r];
            }
            long[] got = new long[total];
            world.allgatherv(buf(in.get(me), 0, counts[me]), Buf.of(got), counts, null);
            check(expected, got, "allgatherv on %d", me);
            long[] inPlace = new long[total];
            int mine = Arrays.stream(counts).limit(me).sum();
            System.arraycopy(in.get(me), 0, inPlace, mine, counts[me]);
            world.allgatherv(MPI.IN_PLACE, Buf.of(inPlace), counts, null);
            check(expected, inPlace, "allgatherv IN_PLACE on %d", me);
        });
    }

    @Test
    void shouldAlltoallEveryType() {
        forEachSize(world -> {
            int p = world.getSize();
            int me = world.getRank();
            int n = 2;
            for (Datatype t : Reference.TYPES) {
                List<Object> in = Reference.inputs(t, p * n, p, 40 + t.ordinal());
                Object expected = Reference.newArray(t, p * n);
                for (int r = 0; r < p; r++) {
                    System.arraycopy(in.get(r), me * n, expected, r * n, n);
                }
                Object got = Reference.newArray(t, p * n);
                world.alltoall(buf(in.get(me)), buf(got));
                check(expected, got, "alltoall %s on %d", t, me);
                Object inPlace = Reference.slice(in.get(me), 0, p * n);
                world.alltoall(MPI.IN_PLACE, buf(inPlace));
                check(expected, inPlace, "alltoall IN_PLACE %s on %d", t, me);
            }
        });
    }

    @Test
    void shouldAlltoallvAndAlltoallw() {
        forEachSize(world -> {
            int p = world.getSize();
            int me = world.getRank();
            // rank s sends (s + d) % 3 ints to rank d, value s * 1000 + d * 10 + i
            int[] sendcounts = new int[p];
            int[] recvcounts = new int[p];
            Arrays.setAll(sendcounts, d -> (me + d) % 3);
            Arrays.setAll(recvcounts, s -> (s + me) % 3);
            int[] send = new int[Arrays.stream(sendcounts).sum()];
            int[] sdispls = new int[p];
            for (int d = 0, at = 0; d < p; at += sendcounts[d], d++) {
                sdispls[d] = at;
                for (int i = 0; i < sendcounts[d]; i++) {
                    send[at + i] = me * 1000 + d * 10 + i;
                }
            }
            int[] rdispls = new int[p];
            int[] expected = new int[Arrays.stream(recvcounts).sum() + p];
            for (int s = 0, at = 0; s < p; at += recvcounts[s] + 1, s++) {
                rdispls[s] = at;
                for (int i = 0; i < recvcounts[s]; i++) {
                    expected[at + i] = s * 1000 + me * 10 + i;
                }
            }
            int[] got = new int[expected.length];
            world.alltoallv(Buf.of(send), sendcounts, sdispls, Buf.of(got), recvcounts, rdispls);
            check(expected, got, "alltoallv on %d", me);

            // alltoallw: doubles to even ranks, longs to odd ones
            Buf[] out = new Buf[p];
            Buf[] in = new Buf[p];
            Object[] recv = new Object[p];
            for (int r = 0; r < p; r++) {
                out[r] = r % 2 == 0 ? Buf.of(new double[] {me, r}) : Buf.of(new long[] {me, r, 7});
                recv[r] = me % 2 == 0 ? new double[2] : new long[3];
                in[r] = buf(recv[r]);
            }
            world.alltoallw(out, in);
            for (int r = 0; r < p; r++) {
                Object want = me % 2 == 0 ? new double[] {r, me} : new long[] {r, me, 7};
                check(want, recv[r], "alltoallw from %d on %d", r, me);
            }
        });
    }

    // ---- Reductions ----

    private void reduceEveryTypeAndOp(boolean allOps, int n) {
        forEachSize(world -> {
            int p = world.getSize();
            int me = world.getRank();
            Intracomm comm = world;
            for (Datatype t : Reference.TYPES) {
                for (Op op : Reference.OPS) {
                    if (!Reference.applies(op, t) || (!allOps && op != Op.SUM && op != Op.MAX && op != Op.LXOR)) {
                        continue;
                    }
                    long seed = 7L * t.ordinal() + Arrays.asList(Reference.OPS).indexOf(op) * 131L + n;
                    List<Object> in = Reference.inputs(t, n, p, seed);
                    Object all = Reference.fold(op, t, in, n);
                    int root = (int) (seed % p);

                    Object got = Reference.newArray(t, n);
                    comm.reduce(buf(in.get(me)), me == root ? buf(got) : null, op, root);
                    if (me == root) {
                        check(all, got, "reduce %s %s at %d", op, t, root);
                    }
                    got = Reference.newArray(t, n);
                    comm.allreduce(buf(in.get(me)), buf(got), op);
                    check(all, got, "allreduce %s %s on %d", op, t, me);
                    Object inPlace = Reference.slice(in.get(me), 0, n);
                    comm.allreduce(MPI.IN_PLACE, buf(inPlace), op);
                    check(all, inPlace, "allreduce IN_PLACE %s %s on %d", op, t, me);

                    got = Reference.newArray(t, n);
                    comm.scan(buf(in.get(me)), buf(got), op);
                    check(Reference.fold(op, t, in.subList(0, me + 1), n), got, "scan %s %s on %d", op, t, me);
                    got = Reference.newArray(t, n);
                    Object untouched = Reference.slice(got, 0, n);
                    comm.exscan(buf(in.get(me)), buf(got), op);
                    check(me == 0 ? untouched : Reference.fold(op, t, in.subList(0, me), n), got,
                            "exscan %s %s on %d", op, t, me);
                }
            }
        });
    }

    @Test
    void shouldReduceEveryTypeWithEveryOp() {
        reduceEveryTypeAndOp(true, 5);
    }

    @Test
    void shouldReduceWithZeroCount() {
        reduceEveryTypeAndOp(false, 0);
    }

    @Test
    void shouldReduceWithEachAlgorithm() {
        for (String alg : new String[] {"recursive_doubling", "ring"}) {
            with("jmpi.coll.allreduce", alg, () -> with("jmpi.coll.reduce",
                    alg.equals("ring") ? "reduce_scatter_gather" : "binomial", () -> reduceEveryTypeAndOp(false, 11)));
        }
    }

    @Test
    void shouldReduceLargeVectorsBitIdentically() {
        int n = 40_000; // 320 kB: ring allreduce, reduce-scatter-gather reduce
        forEachSize(world -> {
            int me = world.getRank();
            double[] x = new double[n];
            java.util.Random r = new java.util.Random(me);
            Arrays.setAll(x, i -> r.nextDouble() * Math.pow(10, r.nextInt(12)));
            double[] sum = new double[n];
            world.allreduce(Buf.of(x), Buf.of(sum), Op.SUM);
            double[][] inputs = new double[world.getSize()][n];
            for (int k = 0; k < world.getSize(); k++) {
                java.util.Random rk = new java.util.Random(k);
                Arrays.setAll(inputs[k], i -> rk.nextDouble() * Math.pow(10, rk.nextInt(12)));
            }
            for (int i = 0; i < n; i += 101) {
                double ref = 0;
                for (double[] in : inputs) {
                    ref += in[i];
                }
                assertThat(sum[i]).as("allreduce element %d", i).isCloseTo(ref, org.assertj.core.data.Percentage.withPercentage(1e-9));
            }
            List<double[]> everyone = world.allgather(sum);
            for (double[] other : everyone) {
                assertThat(Arrays.equals(other, sum)).as("bit-identical allreduce on %d", me).isTrue();
            }
            double[] rooted = new double[n];
            world.reduce(Buf.of(x), me == 0 ? Buf.of(rooted) : null, Op.SUM, 0);
            if (me == 0) {
                for (int i = 0; i < n; i += 101) {
                    assertThat(rooted[i]).isCloseTo(sum[i], org.assertj.core.data.Percentage.withPercentage(1e-9));
                }
            }
        });
    }

    private void reduceScatterEveryType() {
        forEachSize(world -> {
            int p = world.getSize();
            int me = world.getRank();
            int[] counts = new int[p];
            Arrays.setAll(counts, r -> (r + 1) % 3);
            int total = Arrays.stream(counts).sum();
            int mine = Arrays.stream(counts).limit(me).sum();
            for (Datatype t : Reference.TYPES) {
                Op op = t == Datatype.BOOLEAN ? Op.LOR : Op.SUM;
                List<Object> in = Reference.inputs(t, Math.max(total, 2 * p), p, 3 + t.ordinal());
                Object all = Reference.fold(op, t, in, Math.max(total, 2 * p));
                Object got = Reference.newArray(t, counts[me]);
                world.reduceScatter(buf(in.get(me), 0, total), buf(got), counts, op);
                check(Reference.slice(all, mine, counts[me]), got, "reduceScatter %s on %d", t, me);
                Object inPlace = Reference.slice(in.get(me), 0, total);
                world.reduceScatter(MPI.IN_PLACE, buf(inPlace), counts, op);
                check(Reference.slice(all, mine, counts[me]), Reference.slice(inPlace, 0, counts[me]),
                        "reduceScatter IN_PLACE %s on %d", t, me);
                got = Reference.newArray(t, 2);
                world.reduceScatterBlock(buf(in.get(me), 0, 2 * p), buf(got), op);
                check(Reference.slice(all, 2 * me, 2), got, "reduceScatterBlock %s on %d", t, me);
            }
        });
    }

    @Test
    void shouldReduceScatterWithEachAlgorithm() {
        for (String alg : new String[] {"ring", "reduce_scatterv"}) {
            with("jmpi.coll.reduce_scatter", alg, this::reduceScatterEveryType);
        }
    }

    /** x -> a x + b mod 2^32, packed as (a << 32 | b): composition is associative, not commutative. */
    static long compose(long first, long then) {
        long a1 = first >>> 32;
        long b1 = first & 0xffff_ffffL;
        long a2 = then >>> 32;
        long b2 = then & 0xffff_ffffL;
        return (((a2 * a1) & 0xffff_ffffL) << 32) | ((a2 * b1 + b2) & 0xffff_ffffL);
    }

    @Test
    void shouldApplyNonCommutativeOpsInRankOrder() {
        Op function = Op.create((in, inout, count, type) -> {
            for (int i = 0; i < count; i++) {
                inout.putLong(8 * i, compose(in.getLong(8 * i), inout.getLong(8 * i)));
            }
        }, false);
        Op operator = Op.create((Long x, Long y) -> compose(x, y), false);
        forEachSize(world -> {
            int p = world.getSize();
            int me = world.getRank();
            for (Op op : new Op[] {function, operator}) {
                long[][] in = new long[p][];
                for (int r = 0; r < p; r++) {
                    in[r] = new long[] {((long) (r + 2) << 32) | (r * 3 + 1), ((long) (r + 5) << 32) | 9};
                }
                long[][] prefix = new long[p][];
                prefix[0] = in[0].clone();
                for (int r = 1; r < p; r++) {
                    prefix[r] = new long[] {compose(prefix[r - 1][0], in[r][0]), compose(prefix[r - 1][1], in[r][1])};
                }
                for (int root = 0; root < p; root++) {
                    long[] got = new long[2];
                    world.reduce(Buf.of(in[me]), me == root ? Buf.of(got) : null, op, root);
                    if (me == root) {
                        check(prefix[p - 1], got, "reduce at %d", root);
                    }
                }
                long[] got = new long[2];
                world.allreduce(Buf.of(in[me]), Buf.of(got), op);
                check(prefix[p - 1], got, "allreduce on %d", me);
                world.scan(Buf.of(in[me]), Buf.of(got), op);
                check(prefix[me], got, "scan on %d", me);
                long[] ex = new long[2];
                world.exscan(Buf.of(in[me]), Buf.of(ex), op);
                if (me > 0) {
                    check(prefix[me - 1], ex, "exscan on %d", me);
                }
                long[] both = new long[2 * p];
                for (int i = 0; i < p; i++) {
                    both[2 * i] = in[me][0];
                    both[2 * i + 1] = in[me][1];
                }
                long[] block = new long[2];
                world.reduceScatterBlock(Buf.of(both), Buf.of(block), op);
                check(prefix[p - 1], block, "reduceScatterBlock on %d", me);
                int[] counts = new int[p];
                counts[p - 1] = 2;
                long[] last = new long[2];
                world.reduceScatter(Buf.of(in[me]), Buf.of(last), counts, op);
                if (me == p - 1) {
                    check(prefix[p - 1], last, "reduceScatter on %d", me);
                }
            }
        });
    }

    @Test
    void shouldFindMaxlocAndMinlocOfPairs() {
        forEachSize(world -> {
            int p = world.getSize();
            int me = world.getRank();
            // element i: value (me * 7 + i * 3) % 5, index me; ties go to the smaller index
            ByteBuffer b = ByteBuffer.allocate(3 * 12).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < 3; i++) {
                b.putDouble((me * 7 + i * 3) % 5).putInt(me);
            }
            b.flip();
            for (Op op : new Op[] {Op.MAXLOC, Op.MINLOC}) {
                ByteBuffer out = ByteBuffer.allocate(3 * 12).order(ByteOrder.LITTLE_ENDIAN);
                world.allreduce(Buf.of(b, Datatype.DOUBLE_INT), Buf.of(out, Datatype.DOUBLE_INT), op);
                for (int i = 0; i < 3; i++) {
                    double best = op == Op.MAXLOC ? -1 : 99;
                    int at = -1;
                    for (int r = 0; r < p; r++) {
                        double v = (r * 7 + i * 3) % 5;
                        if (op == Op.MAXLOC ? v > best : v < best) {
                            best = v;
                            at = r;
                        }
                    }
                    assertThat(out.getDouble(12 * i)).as("%s value %d", op, i).isEqualTo(best);
                    assertThat(out.getInt(12 * i + 8)).as("%s index %d", op, i).isEqualTo(at);
                }
            }
            // TWOINT in a big-endian buffer: byte order is the buffer's own
            ByteBuffer be = ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN).putInt(me % 2).putInt(me);
            ByteBuffer beOut = ByteBuffer.allocate(8).order(ByteOrder.BIG_ENDIAN);
            world.allreduce(Buf.of(be.flip(), Datatype.TWOINT), Buf.of(beOut, Datatype.TWOINT), Op.MAXLOC);
            assertThat(beOut.getInt(0)).isEqualTo(p > 1 ? 1 : 0);
            assertThat(beOut.getInt(4)).isEqualTo(p > 1 ? 1 : 0);
        });
    }

    // ---- Sixteen ranks ----

    @Test
    void shouldRunOnSixteenRanks() {
        if (!transport().equals("local")) {
            return;
        }
        run(16, world -> {
            int me = world.getRank();
            long[] x = {me, 1, me * me};
            long[] sum = new long[3];
            world.allreduce(Buf.of(x), Buf.of(sum), Op.SUM);
            check(new long[] {120, 16, 1240}, sum, "allreduce on %d", me);
            int[] all = new int[16];
            world.allgather(Buf.of(new int[] {me}), Buf.of(all));
            int[] expected = new int[16];
            Arrays.setAll(expected, i -> i);
            check(expected, all, "allgather");
            int[] a2a = new int[16];
            int[] send = new int[16];
            Arrays.setAll(send, d -> me * 100 + d);
            world.alltoall(Buf.of(send), Buf.of(a2a));
            int[] want = new int[16];
            Arrays.setAll(want, s -> s * 100 + me);
            check(want, a2a, "alltoall");
            double[] big = new double[20_000];
            if (me == 5) {
                Arrays.fill(big, 2.5);
            }
            world.bcast(Buf.of(big), 5);
            assertThat(big[19_999]).isEqualTo(2.5);
            world.barrier();
        });
    }

    // ---- Errors ----

    @Test
    void shouldFailOnBadArguments() {
        run(2, world -> {
            int[] a = new int[4];
            assertThatThrownBy(() -> world.bcast(Buf.of(a), 2)).isInstanceOf(MpiException.class)
                    .hasMessageContaining("root 2").hasMessageContaining("size 2")
                    .extracting(e -> ((MpiException) e).getErrorClass()).isEqualTo(ErrorClass.ERR_ROOT);
            assertThatThrownBy(() -> world.bcast((Buf) null, 0))
                    .extracting(e -> ((MpiException) e).getErrorClass()).isEqualTo(ErrorClass.ERR_BUFFER);
            assertThatThrownBy(() -> world.bcast(MPI.IN_PLACE, 0))
                    .extracting(e -> ((MpiException) e).getErrorClass()).isEqualTo(ErrorClass.ERR_BUFFER);
            assertThatThrownBy(() -> world.send(MPI.IN_PLACE, 0, 0))
                    .extracting(e -> ((MpiException) e).getErrorClass()).isEqualTo(ErrorClass.ERR_BUFFER);
            assertThatThrownBy(() -> world.allgatherv(Buf.of(a), Buf.of(a), new int[] {1, 2, 3}, null))
                    .hasMessageContaining("counts")
                    .extracting(e -> ((MpiException) e).getErrorClass()).isEqualTo(ErrorClass.ERR_COUNT);
            assertThatThrownBy(() -> world.allreduce(Buf.of(new double[1]), Buf.of(new double[1]), Op.BAND))
                    .hasMessageContaining("BAND").hasMessageContaining("DOUBLE")
                    .extracting(e -> ((MpiException) e).getErrorClass()).isEqualTo(ErrorClass.ERR_OP);
            assertThatThrownBy(() -> world.allreduce(Buf.of(new double[1]), Buf.of(new int[1]), Op.SUM))
                    .extracting(e -> ((MpiException) e).getErrorClass()).isEqualTo(ErrorClass.ERR_TYPE);
            world.barrier(); // the failed calls above started nothing
        });
    }

    /**
     * The world fails, and the rank that saw the wrong size reports ERR_COUNT or ERR_TRUNCATE.
     * Which rank's error comes first depends on timing (over TCP a peer may see the failing
     * rank leave first), so the other ranks' errors, attached as suppressed, are searched too.
     */
    private void assertMismatchFails(int size, LocalWorld.RankMain main) {
        assertThatThrownBy(() -> run(size, main)).isInstanceOf(MpiException.class)
                .satisfies(e -> assertThat(errorClasses(e)).as("error classes of %s", e)
                        .containsAnyOf(ErrorClass.ERR_COUNT, ErrorClass.ERR_TRUNCATE));
    }

    private static java.util.Set<ErrorClass> errorClasses(Throwable e) {
        java.util.Set<ErrorClass> classes = java.util.EnumSet.noneOf(ErrorClass.class);
        java.util.List<Throwable> todo = new java.util.ArrayList<>(java.util.List.of(e));
        java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        while (!todo.isEmpty()) {
            Throwable t = todo.remove(todo.size() - 1);
            if (t == null || !seen.add(t)) {
                continue;
            }
            if (t instanceof MpiException m) {
                classes.add(m.getErrorClass());
            }
            todo.add(t.getCause());
            todo.addAll(java.util.List.of(t.getSuppressed()));
        }
        return classes;
    }

    @Test
    void shouldFailRatherThanHangWhenCountsDiffer() {
        // one rank gives one element more than the others
        assertMismatchFails(3, w -> w.bcast(Buf.of(new int[w.getRank() == 2 ? 4 : 3]), 0));
        assertMismatchFails(3, w -> w.bcast(Buf.of(new int[w.getRank() == 0 ? 4 : 3]), 0));
        assertMismatchFails(4, w -> w.allreduce(Buf.of(new int[w.getRank() == 1 ? 2 : 3]), Buf.of(new int[3]), Op.SUM));
        assertMismatchFails(3, w -> w.gather(Buf.of(new int[w.getRank() == 1 ? 2 : 1]), Buf.of(new int[3]), 0));
        assertMismatchFails(3, w -> w.allgather(Buf.of(new int[w.getRank() == 1 ? 2 : 1]), Buf.of(new int[6])));
        assertMismatchFails(3, w -> w.alltoall(Buf.of(new int[w.getRank() == 1 ? 6 : 3]), Buf.of(new int[6])));
        assertMismatchFails(3, w -> w.scan(Buf.of(new long[w.getRank() + 1]), Buf.of(new long[3]), Op.SUM));
    }
}
