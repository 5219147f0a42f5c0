package io.jmpi;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Object collectives (mpi4py's {@code test_cco_obj}): bcast, gather, scatter, allgather,
 * alltoall, reduce, allreduce, scan and exscan of any object, with predefined ops on boxed
 * numbers and arrays, and with any BinaryOperator applied in rank order.
 */
@Timeout(120)
public abstract class CollectiveObjectTest extends MultiRankTest {

    /** The world sizes each test runs at. */
    @Override
    protected int[] sizes() {
        return new int[] {1, 2, 3, 4, 5, 8};
    }

    @Test
    void shouldBroadcastGatherAndScatterObjectsAtEveryRoot() {
        forEachSize(world -> {
            int p = world.getSize();
            int me = world.getRank();
            for (int root = 0; root < p; root++) {
                Map<String, Object> data = me == root ? Map.of("key1", List.of(7, 2.72, 2 + 3), "root", root) : null;
                Map<String, Object> got = world.bcast(data, root);
                assertThat(got).containsEntry("root", root).containsKey("key1");

                List<String> gathered = world.gather("rank " + me, root);
                if (me == root) {
                    List<String> expected = new ArrayList<>();
                    for (int r = 0; r < p; r++) {
                        expected.add("rank " + r);
                    }
                    assertThat(gathered).isEqualTo(expected);
                } else {
                    assertThat(gathered).isNull();
                }

                List<int[]> parts = null;
                if (me == root) {
                    parts = new ArrayList<>();
                    for (int r = 0; r < p; r++) {
                        parts.add(new int[] {r, r * r});
                    }
                }
                int[] mine = world.scatter(parts, root);
                assertThat(mine).containsExactly(me, me * me);
            }
            assertThat(world.bcast((Object) null, 0)).isNull(); // a bare null would pick bcast(Buf, int)
        });
    }

    @Test
    void shouldAllgatherAndAlltoallObjects() {
        forEachSize(world -> {
            int p = world.getSize();
            int me = world.getRank();
            List<Integer> all = world.allgather(me * 10);
            for (int r = 0; r < p; r++) {
                assertThat(all.get(r)).isEqualTo(r * 10);
            }
            List<String> out = new ArrayList<>();
            for (int d = 0; d < p; d++) {
                out.add(me + "->" + d);
            }
            List<String> in = world.alltoall(out);
            for (int s = 0; s < p; s++) {
                assertThat(in.get(s)).isEqualTo(s + "->" + me);
            }
        });
    }

    @Test
    void shouldReduceBoxedNumbersAndArraysWithPredefinedOps() {
        forEachSize(world -> {
            int p = world.getSize();
            int me = world.getRank();
            int sum = p * (p - 1) / 2;
            for (int root = 0; root < p; root++) {
                Integer r = world.reduce(me, Op.SUM, root);
                assertThat(r).isEqualTo(me == root ? Integer.valueOf(sum) : null);
            }
            assertThat(world.allreduce((long) me, Op.SUM)).isEqualTo((long) sum);
            assertThat(world.allreduce(me + 0.5, Op.MAX)).isEqualTo(p - 0.5);
            assertThat(world.allreduce((float) me, Op.MIN)).isEqualTo(0f);
            assertThat(world.allreduce(me % 2 == 0, Op.LAND)).isEqualTo(p == 1);
            assertThat(world.allreduce(me == p - 1, Op.LOR)).isTrue();
            assertThat(world.allreduce(1 << me, Op.BOR)).isEqualTo((1 << p) - 1);
            assertThat(world.allreduce(new double[] {me, 1}, Op.SUM)).containsExactly(sum, p);
            assertThat(world.allreduce(new int[] {me + 1, 2}, Op.PROD)).containsExactly(factorial(p), 1 << p);
            assertThat(world.<Integer>scan(me, Op.SUM)).isEqualTo(me * (me + 1) / 2);
            assertThat(world.<Integer>exscan(me, Op.SUM)).isEqualTo(me == 0 ? null : Integer.valueOf(me * (me - 1) / 2));
        });
    }

    private static int factorial(int n) {
        return n <= 1 ? 1 : n * factorial(n - 1);
    }

    @Test
    void shouldApplyBinaryOperatorsInRankOrder() {
        BinaryOperator<String> concat = (a, b) -> a + b;
        forEachSize(world -> {
            int p = world.getSize();
            int me = world.getRank();
            String all = "";
            for (int r = 0; r < p; r++) {
                all += (char) ('a' + r);
            }
            String mine = String.valueOf((char) ('a' + me));
            for (int root = 0; root < p; root++) {
                String r = world.reduce(mine, concat, root);
                assertThat(r).isEqualTo(me == root ? all : null);
            }
            assertThat(world.allreduce(mine, concat)).isEqualTo(all);
            assertThat(world.scan(mine, concat)).isEqualTo(all.substring(0, me + 1));
            assertThat(world.exscan(mine, concat)).isEqualTo(me == 0 ? null : all.substring(0, me));
            Op userOp = Op.create(concat, false);
            assertThat(world.<String>allreduce(mine, userOp)).isEqualTo(all);
            // any mutable object works too
            Map<String, Integer> counts = new HashMap<>(Map.of("rank" + me, 1, "all", 1));
            Map<String, Integer> merged = world.allreduce(counts, (a, b) -> {
                Map<String, Integer> m = new HashMap<>(a);
                b.forEach((k, v) -> m.merge(k, v, Integer::sum));
                return m;
            });
            assertThat(merged).containsEntry("all", p).hasSize(p + 1);
        });
    }

    @Test
    void shouldRunObjectCollectivesNonblocking() {
        forEachSize(world -> {
            int p = world.getSize();
            int me = world.getRank();
            Request<String> b = world.ibcast(me == 0 ? "hello" : null, 0);
            Request<List<Integer>> g = world.igather(me, p - 1);
            Request<Integer> s = world.iscatter(me == 0 ? java.util.stream.IntStream.range(0, p).boxed().toList() : null, 0);
            Request<List<Integer>> ag = world.iallgather(me);
            Request<List<Integer>> a2a = world.ialltoall(java.util.Collections.nCopies(p, me));
            Request<Integer> red = world.ireduce(me, Op.SUM, 0);
            Request<Integer> ared = world.iallreduce(me, Integer::sum);
            Request<Integer> sc = world.iscan(1, Op.SUM);
            Request<Integer> ex = world.iexscan(1, Integer::sum);
            assertThat(ared.toCompletableFuture().get()).isEqualTo(p * (p - 1) / 2);
            assertThat(ex.waitFor()).isEqualTo(me == 0 ? null : Integer.valueOf(me));
            assertThat(sc.waitFor()).isEqualTo(me + 1);
            assertThat(red.waitFor()).isEqualTo(me == 0 ? Integer.valueOf(p * (p - 1) / 2) : null);
            assertThat(a2a.waitFor()).hasSize(p);
            assertThat(ag.waitFor()).hasSize(p);
            assertThat(s.waitFor()).isEqualTo(me);
            assertThat(g.waitFor()).isEqualTo(me == p - 1 ? java.util.stream.IntStream.range(0, p).boxed().toList() : null);
            assertThat(b.waitFor()).isEqualTo("hello");
        });
    }

    @Test
    void shouldFailOnBadObjectArguments() {
        run(3, world -> {
            assertThatThrownBy(() -> world.bcast("x", 3))
                    .extracting(e -> ((MpiException) e).getErrorClass()).isEqualTo(ErrorClass.ERR_ROOT);
            assertThatThrownBy(() -> world.alltoall(List.of(1, 2)))
                    .hasMessageContaining("sendobj")
                    .extracting(e -> ((MpiException) e).getErrorClass()).isEqualTo(ErrorClass.ERR_COUNT);
            if (world.getRank() == 0) {
                assertThatThrownBy(() -> world.scatter(List.of(1), 0))
                        .extracting(e -> ((MpiException) e).getErrorClass()).isEqualTo(ErrorClass.ERR_COUNT);
            }
            assertThatThrownBy(() -> Op.SUM.apply("a", "b"))
                    .hasMessageContaining("SUM").hasMessageContaining("java.lang.String")
                    .extracting(e -> ((MpiException) e).getErrorClass()).isEqualTo(ErrorClass.ERR_OP);
            world.barrier();
        });
    }
}
