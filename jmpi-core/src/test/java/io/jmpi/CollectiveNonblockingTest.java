package io.jmpi;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Nonblocking and persistent collectives: many in flight at once on one communicator,
 * completed in a different random order on every rank, mixed with blocking collectives and
 * point-to-point traffic, used as CompletableFutures, and persistent ones restarted.
 */
@Timeout(120)
public abstract class CollectiveNonblockingTest extends MultiRankTest {

    /** The world sizes each test runs at. */
    @Override
    protected int[] sizes() {
        return new int[] {1, 2, 3, 4, 5, 8};
    }

    @Test
    void shouldCompleteManyCollectivesInFlightInRandomOrder() {
        forEachSize(world -> {
            int p = world.getSize();
            int me = world.getRank();
            int rounds = 8;
            List<Request<?>> requests = new ArrayList<>();
            List<Runnable> checks = new ArrayList<>();
            for (int k = 0; k < rounds; k++) {
                int kk = k;
                long[] x = {me + k, 1};
                long[] sum = new long[2];
                requests.add(world.iallreduce(Buf.of(x), Buf.of(sum), Op.SUM));
                checks.add(() -> assertThat(sum).containsExactly((long) p * (p - 1) / 2 + (long) p * kk, p));

                int root = k % p;
                int[] b = new int[3];
                if (me == root) {
                    Arrays.fill(b, 100 + k);
                }
                requests.add(world.ibcast(Buf.of(b), root));
                checks.add(() -> assertThat(b).containsOnly(100 + kk));

                double[] all = new double[p];
                requests.add(world.iallgather(Buf.of(new double[] {me * 10 + k}), Buf.of(all)));
                checks.add(() -> {
                    for (int r = 0; r < p; r++) {
                        assertThat(all[r]).isEqualTo(r * 10 + kk);
                    }
                });

                int[] send = new int[p];
                Arrays.setAll(send, d -> me * 1000 + d + kk);
                int[] recv = new int[p];
                requests.add(world.ialltoall(Buf.of(send), Buf.of(recv)));
                checks.add(() -> {
                    for (int s = 0; s < p; s++) {
                        assertThat(recv[s]).isEqualTo(s * 1000 + me + kk);
                    }
                });

                long[] prefix = new long[1];
                requests.add(world.iscan(Buf.of(new long[] {1}), Buf.of(prefix), Op.SUM));
                checks.add(() -> assertThat(prefix[0]).isEqualTo(me + 1));

                requests.add(world.ibarrier());
                Request<Integer> obj = world.iallreduce(k, Op.SUM);
                requests.add(obj);
                checks.add(() -> assertThat(obj.waitFor()).isEqualTo(p * kk));
            }
            // point-to-point traffic while the collectives run
            int next = (me + 1) % p;
            int prev = (me - 1 + p) % p;
            Request<String> r = world.irecv(prev, 5);
            world.send("token " + me, next, 5);
            assertThat(r.waitFor()).isEqualTo("token " + prev);
            // a blocking collective after all of them: numbered after them on every rank
            assertThat(world.allreduce(1, Op.SUM)).isEqualTo(p);

            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < requests.size(); i++) {
                order.add(i);
            }
            Collections.shuffle(order, new Random(me * 7919L));
            for (int i : order) {
                requests.get(i).waitFor();
            }
            checks.forEach(Runnable::run);
        });
    }

    @Test
    void shouldComposeCollectivesAsCompletableFutures() {
        forEachSize(world -> {
            int p = world.getSize();
            int me = world.getRank();
            double[] sum = new double[1];
            CompletableFuture<Void> a = world.iallreduce(Buf.of(new double[] {me}), Buf.of(sum), Op.SUM).toCompletableFuture();
            CompletableFuture<List<Integer>> b = world.<Integer>iallgather(me).toCompletableFuture();
            CompletableFuture.allOf(a, b).get();
            assertThat(sum[0]).isEqualTo(p * (p - 1) / 2.0);
            assertThat(b.get()).hasSize(p);
            Request<Void> barrier = world.ibarrier();
            int[] idx = {Request.waitany(barrier)};
            assertThat(idx[0]).isEqualTo(0);
            assertThat(barrier.test()).isTrue();
        });
    }

    @Test
    void shouldRestartPersistentCollectives() {
        forEachSize(world -> {
            int p = world.getSize();
            int me = world.getRank();
            long[] x = new long[3];
            long[] sum = new long[3];
            Prequest allreduce = world.allreduceInit(Buf.of(x), Buf.of(sum), Op.SUM);
            int[] b = new int[2];
            Prequest bcast = world.bcastInit(Buf.of(b), p - 1);
            Prequest barrier = world.barrierInit();
            long[] pre = new long[1];
            Prequest scan = world.scanInit(Buf.of(new long[] {2}), Buf.of(pre), Op.SUM);
            int[] gathered = new int[p];
            int[] mine = new int[1];
            Prequest gather = world.gatherInit(Buf.of(mine), Buf.of(gathered), 0);
            for (int round = 0; round < 5; round++) {
                Arrays.fill(x, me * round);
                if (me == p - 1) {
                    Arrays.fill(b, round);
                }
                mine[0] = me + round;
                Prequest.startall(allreduce, bcast, barrier, scan, gather);
                Request.waitall(gather, scan, barrier, bcast, allreduce);
                assertThat(sum).containsOnly((long) round * p * (p - 1) / 2);
                assertThat(b).containsOnly(round);
                assertThat(pre[0]).isEqualTo(2L * (me + 1));
                if (me == 0) {
                    for (int r = 0; r < p; r++) {
                        assertThat(gathered[r]).isEqualTo(r + round);
                    }
                }
            }
        });
    }

    @Test
    void shouldReportErrorsThroughTheRequest() {
        assertThatThrownBy(() -> run(3, world -> {
            int[] mine = new int[world.getRank() == 1 ? 3 : 2];
            world.iallreduce(Buf.of(mine), Buf.of(new int[3]), Op.SUM).waitFor();
        })).isInstanceOf(MpiException.class)
                .satisfies(e -> assertThat(((MpiException) e).getErrorClass()).isIn(ErrorClass.ERR_COUNT, ErrorClass.ERR_TRUNCATE));
    }
}
