package io.jmpi;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Intercommunicators (mpi4py's {@code test_comm_inter}, {@code test_cco_inter_*} in part): the
 * world split in two halves joined by createIntercomm; point-to-point naming remote ranks;
 * collectives with the ROOT / PROC_NULL convention (rooted ones with each group holding the root,
 * buffers and objects, groups of different sizes and block sizes); merge; dup; free.
 */
@Timeout(120)
public abstract class IntercommTest extends MultiRankTest {

    /** The world sizes each test runs at (at least 2). */
    protected int[] sizes() {
        return new int[] {2, 3, 4, 5, 8};
    }

    /** Runs {@code body} with the two halves joined: ranks below p/2 (rounded up) are group 0. */
    private void withHalves(Body body) {
        for (int size : sizes()) {
            run(size, world -> {
                int p = world.getSize();
                int half = (p + 1) / 2;
                int me = world.getRank();
                int color = me < half ? 0 : 1;
                Intracomm local = world.split(color, me);
                Intercomm inter = local.createIntercomm(0, world, color == 0 ? half : 0, 99);
                body.run(world, local, inter, color, half);
                inter.free();
                local.free();
            });
        }
    }

    private interface Body {
        void run(Intracomm world, Intracomm local, Intercomm inter, int color, int half) throws Exception;
    }

    @Test
    void shouldKnowBothGroups() {
        withHalves((world, local, inter, color, half) -> {
            int p = world.getSize();
            int remoteSize = color == 0 ? p - half : half;
            assertThat(inter.isInter()).isTrue();
            assertThat(inter.isIntra()).isFalse();
            assertThat(inter.getSize()).isEqualTo(local.getSize());
            assertThat(inter.getRank()).isEqualTo(local.getRank());
            assertThat(inter.getRemoteSize()).isEqualTo(remoteSize);
            Group remote = inter.getRemoteGroup();
            assertThat(remote.getSize()).isEqualTo(remoteSize);
            assertThat(remote.getRank()).isEqualTo(MPI.UNDEFINED);
            int firstRemote = color == 0 ? half : 0;
            assertThat(Group.translateRanks(remote, new int[] {0}, world.getGroup())).containsExactly(firstRemote);
            assertThat(Group.compare(inter.getGroup(), local.getGroup())).isEqualTo(MPI.IDENT);
            assertThat(Comm.compare(inter, inter)).isEqualTo(MPI.IDENT);
            assertThat(Comm.compare(inter, local)).isEqualTo(MPI.UNEQUAL);
            Intercomm dup = inter.dup();
            assertThat(Comm.compare(inter, dup)).isEqualTo(MPI.CONGRUENT);
            assertThat(dup.getRemoteSize()).isEqualTo(remoteSize);
            dup.barrier();
            dup.free();
        });
    }

    @Test
    void shouldNameRemoteRanksInPointToPoint() {
        withHalves((world, local, inter, color, half) -> {
            int me = inter.getRank();
            int remoteSize = inter.getRemoteSize();
            // each rank sends to remote rank (me % remoteSize); every remote rank receives from
            // the local ranks that target it
            Request<Void> s = inter.isend(new int[] {color, me}, me % remoteSize, 3);
            int expected = 0;
            for (int r = 0; r < inter.getRemoteSize(); r++) {
                if (r % inter.getSize() == me) {
                    expected++;
                }
            }
            for (int i = 0; i < expected; i++) {
                Status st = new Status();
                int[] got = inter.recv(MPI.ANY_SOURCE, 3, st);
                assertThat(got[0]).isEqualTo(1 - color);
                assertThat(st.getSource()).isEqualTo(got[1]);
                assertThat(got[1] % inter.getSize()).isEqualTo(me);
            }
            s.waitFor();
            // buffers too, pairwise with the remote rank of the same number
            if (me < inter.getRemoteSize()) {
                int[] in = new int[1];
                inter.sendrecv(Buf.of(new int[] {me + 10 * color}), me, 4, Buf.of(in), me, 4);
                assertThat(in[0]).isEqualTo(me + 10 * (1 - color));
            }
            // no cross-talk with the local communicator on the same tag
            assertThat(local.iprobe(MPI.ANY_SOURCE, MPI.ANY_TAG)).isFalse();
            assertThatThrownBy(() -> inter.send("x", inter.getRemoteSize(), 0))
                    .extracting(e -> ((MpiException) e).getErrorClass()).isEqualTo(ErrorClass.ERR_RANK);
        });
    }

    @Test
    void shouldRunCollectivesWithTheRootConvention() {
        withHalves((world, local, inter, color, half) -> {
            int me = inter.getRank();
            inter.barrier();
            for (int rootGroup = 0; rootGroup < 2; rootGroup++) {
                int rootRank = rootGroup == 0 ? 0 : inter.getRemoteSize() - 1;
                int root;
                if (color == rootGroup) {
                    root = me == (rootGroup == 0 ? 0 : local.getSize() - 1) ? MPI.ROOT : MPI.PROC_NULL;
                } else {
                    root = rootGroup == 0 ? 0 : inter.getRemoteSize() - 1;
                }
                String got = inter.bcast(root == MPI.ROOT ? "from " + rootGroup : null, root);
                double[] buf = new double[3];
                if (root == MPI.ROOT) {
                    buf = new double[] {1, 2, rootGroup};
                }
                inter.bcast(Buf.of(buf), root);
                if (color != rootGroup) {
                    assertThat(got).isEqualTo("from " + rootGroup);
                    assertThat(buf).containsExactly(1, 2, rootGroup);
                } else if (root == MPI.PROC_NULL) {
                    assertThat(got).isNull();
                    assertThat(buf).containsExactly(0, 0, 0);
                }
                assertThat(rootRank).isGreaterThanOrEqualTo(0);
            }
            // allreduce: each group gets the other's reduction
            int remoteSum = 0;
            int p = world.getSize();
            for (int r = (color == 0 ? half : 0); r < (color == 0 ? p : half); r++) {
                remoteSum += r;
            }
            assertThat((Integer) inter.allreduce(world.getRank(), Op.SUM)).isEqualTo(remoteSum);
            assertThat((Integer) inter.allreduce(world.getRank(), (a, b) -> a + b)).isEqualTo(remoteSum);
            long[] out = new long[2];
            inter.allreduce(Buf.of(new long[] {world.getRank(), 1}), Buf.of(out), Op.SUM);
            assertThat(out).containsExactly(remoteSum, inter.getRemoteSize());
            assertThatThrownBy(() -> inter.bcast("x", inter.getRemoteSize()))
                    .extracting(e -> ((MpiException) e).getErrorClass()).isEqualTo(ErrorClass.ERR_ROOT);
            assertThatThrownBy(() -> inter.allgatherv(Buf.of(new int[0]), Buf.of(new int[0]), new int[inter.getSize()], null))
                    .extracting(e -> ((MpiException) e).getErrorClass()).isEqualTo(ErrorClass.ERR_COMM);
            assertThatThrownBy(() -> inter.gatherv(Buf.of(new int[0]), null, null, null, MPI.ROOT))
                    .extracting(e -> ((MpiException) e).getErrorClass()).isEqualTo(ErrorClass.ERR_COMM);
            assertThatThrownBy(() -> inter.alltoallw(new Buf[0], new Buf[0]))
                    .extracting(e -> ((MpiException) e).getErrorClass()).isEqualTo(ErrorClass.ERR_COMM);
        });
    }

    @Test
    void shouldMergeInTheOrderHighAsks() {
        withHalves((world, local, inter, color, half) -> {
            int p = world.getSize();
            // group 0 high: group 1 comes first
            Intracomm merged = inter.merge(color == 0);
            assertThat(merged.getSize()).isEqualTo(p);
            List<Integer> order = merged.allgather(world.getRank());
            for (int i = 0; i < p; i++) {
                assertThat(order.get(i)).isEqualTo((i + half) % p < half ? (i + half) % p : (i + half) % p);
            }
            assertThat(order.subList(0, p - half)).allSatisfy(r -> assertThat(r).isGreaterThanOrEqualTo(half));
            assertThat(merged.allreduce(1, Op.SUM)).isEqualTo(p);
            // both low: the group holding job rank 0 first, as in the world
            Intracomm same = inter.merge(false);
            assertThat(Comm.compare(same, world)).isEqualTo(MPI.CONGRUENT);
            merged.free();
            same.free();
        });
    }

    /** The job rank of remote rank {@code r}: the other half of the world. */
    private static int remoteWorld(int color, int half, int r) {
        return color == 0 ? half + r : r;
    }

    /**
     * The root argument of a rooted collective whose root is local rank {@code rootLocal} of
     * group {@code rootGroup}.
     */
    private static int rootArg(Intercomm inter, int color, int rootGroup, int rootLocal) {
        if (color != rootGroup) {
            return rootLocal;
        }
        return inter.getRank() == rootLocal ? MPI.ROOT : MPI.PROC_NULL;
    }

    /** Runs {@code body} with the root at the first rank of group 0, then at the last rank of group 1. */
    private void withEachRootSide(Body2 body) {
        withHalves((world, local, inter, color, half) -> {
            for (int rootGroup = 0; rootGroup < 2; rootGroup++) {
                int rootGroupSize = color == rootGroup ? inter.getSize() : inter.getRemoteSize();
                int rootLocal = rootGroup == 0 ? 0 : rootGroupSize - 1;
                body.run(world, inter, color, half, rootArg(inter, color, rootGroup, rootLocal));
            }
        });
    }

    private interface Body2 {
        void run(Intracomm world, Intercomm inter, int color, int half, int root) throws Exception;
    }

    @Test
    void shouldGatherTheRemoteGroupAtTheRoot() {
        withEachRootSide((world, inter, color, half, root) -> {
            int w = world.getRank();
            int q = inter.getRemoteSize();
            int[] recv = new int[2 * q];
            inter.gather(Buf.of(new int[] {w, w * w}), root == MPI.ROOT ? Buf.of(recv) : null, root);
            List<String> objs = inter.gather("r" + w, root);
            if (root == MPI.ROOT) {
                int[] expected = new int[2 * q];
                List<String> expectedObjs = new java.util.ArrayList<>();
                for (int r = 0; r < q; r++) {
                    int rw = remoteWorld(color, half, r);
                    expected[2 * r] = rw;
                    expected[2 * r + 1] = rw * rw;
                    expectedObjs.add("r" + rw);
                }
                assertThat(recv).containsExactly(expected);
                assertThat(objs).isEqualTo(expectedObjs);
            } else {
                assertThat(objs).isNull();
                assertThat(recv).containsOnly(0);
            }
        });
    }

    @Test
    void shouldScatterTheRootsDataToTheRemoteGroup() {
        withEachRootSide((world, inter, color, half, root) -> {
            int q = inter.getRemoteSize();
            double[] send = null;
            List<String> sendobj = null;
            if (root == MPI.ROOT) {
                send = new double[3 * q];
                sendobj = new java.util.ArrayList<>();
                for (int i = 0; i < send.length; i++) {
                    send[i] = 100 * color + i;
                }
                for (int r = 0; r < q; r++) {
                    sendobj.add("to " + r + " from group " + color);
                }
            }
            double[] recv = new double[3];
            inter.scatter(send == null ? null : Buf.of(send), Buf.of(recv), root);
            String got = inter.scatter(sendobj, root);
            if (root >= 0) {
                int me = inter.getRank();
                int from = 1 - color;
                assertThat(recv).containsExactly(100 * from + 3 * me, 100 * from + 3 * me + 1, 100 * from + 3 * me + 2);
                assertThat(got).isEqualTo("to " + me + " from group " + from);
            } else {
                assertThat(got).isNull();
                assertThat(recv).containsOnly(0);
            }
        });
    }

    @Test
    void shouldReduceTheRemoteGroupAtTheRoot() {
        withEachRootSide((world, inter, color, half, root) -> {
            int w = world.getRank();
            int q = inter.getRemoteSize();
            long[] out = new long[3];
            inter.reduce(Buf.of(new long[] {w, 1, -w}), root == MPI.ROOT ? Buf.of(out) : null, Op.SUM, root);
            int[] max = new int[1];
            inter.reduce(Buf.of(new int[] {w}), root == MPI.ROOT ? Buf.of(max) : null, Op.MAX, root);
            Integer sum = inter.reduce(w, Op.SUM, root);
            String order = inter.reduce(String.valueOf(w), (a, b) -> a + "," + b, root);
            if (root == MPI.ROOT) {
                long expectedSum = 0;
                StringBuilder expectedOrder = new StringBuilder();
                for (int r = 0; r < q; r++) {
                    int rw = remoteWorld(color, half, r);
                    expectedSum += rw;
                    expectedOrder.append(r == 0 ? "" : ",").append(rw);
                }
                assertThat(out).containsExactly(expectedSum, q, -expectedSum);
                assertThat(max[0]).isEqualTo(remoteWorld(color, half, q - 1));
                assertThat(sum).isEqualTo((int) expectedSum);
                assertThat(order).isEqualTo(expectedOrder.toString());
            } else {
                assertThat(sum).isNull();
                assertThat(order).isNull();
                assertThat(out).containsOnly(0L);
            }
        });
    }

    @Test
    void shouldGiveEachGroupTheOtherGroupsData() {
        withHalves((world, local, inter, color, half) -> {
            int w = world.getRank();
            int q = inter.getRemoteSize();
            // group 0 sends one element per rank, group 1 two
            int ns = color + 1;
            int nr = 2 - color;
            int[] send = new int[ns];
            for (int i = 0; i < ns; i++) {
                send[i] = 10 * w + i;
            }
            int[] recv = new int[q * nr];
            inter.allgather(Buf.of(send), Buf.of(recv));
            int[] expected = new int[q * nr];
            List<Integer> expectedObjs = new java.util.ArrayList<>();
            for (int r = 0; r < q; r++) {
                int rw = remoteWorld(color, half, r);
                for (int i = 0; i < nr; i++) {
                    expected[r * nr + i] = 10 * rw + i;
                }
                expectedObjs.add(rw);
            }
            assertThat(recv).containsExactly(expected);
            assertThat(inter.<Integer>allgather(w)).isEqualTo(expectedObjs);
        });
    }

    @Test
    void shouldExchangeWithEveryRemoteRankInAlltoall() {
        withHalves((world, local, inter, color, half) -> {
            int w = world.getRank();
            int q = inter.getRemoteSize();
            int ns = color + 1;
            int nr = 2 - color;
            // block j to remote rank j: 1000 * sender + 10 * receiver + i
            long[] send = new long[q * ns];
            List<String> sendobj = new java.util.ArrayList<>();
            for (int j = 0; j < q; j++) {
                int jw = remoteWorld(color, half, j);
                for (int i = 0; i < ns; i++) {
                    send[j * ns + i] = 1000L * w + 10L * jw + i;
                }
                sendobj.add(w + "->" + jw);
            }
            long[] recv = new long[q * nr];
            inter.alltoall(Buf.of(send), Buf.of(recv));
            List<String> got = inter.alltoall(sendobj);
            long[] expected = new long[q * nr];
            List<String> expectedObjs = new java.util.ArrayList<>();
            for (int j = 0; j < q; j++) {
                int jw = remoteWorld(color, half, j);
                for (int i = 0; i < nr; i++) {
                    expected[j * nr + i] = 1000L * jw + 10L * w + i;
                }
                expectedObjs.add(jw + "->" + w);
            }
            assertThat(recv).containsExactly(expected);
            assertThat(got).isEqualTo(expectedObjs);
        });
    }

    @Test
    void shouldNameABadRootOrListInRootedIntercommCollectives() {
        withHalves((world, local, inter, color, half) -> {
            int bad = inter.getRemoteSize();
            int[] one = new int[1];
            for (Runnable call : List.<Runnable>of(
                    () -> inter.gather(1, bad),
                    () -> inter.scatter(List.of(1), bad),
                    () -> inter.reduce(1, Op.SUM, bad),
                    () -> inter.gather(Buf.of(one), Buf.of(one), bad),
                    () -> inter.scatter(Buf.of(one), Buf.of(one), bad),
                    () -> inter.reduce(Buf.of(one), Buf.of(one), Op.SUM, bad),
                    () -> inter.gather(1, -7))) {
                assertThatThrownBy(call::run)
                        .isInstanceOfSatisfying(MpiException.class,
                                e -> assertThat(e.getErrorClass()).isEqualTo(ErrorClass.ERR_ROOT))
                        .hasMessageContaining("root ");
            }
            assertThatThrownBy(() -> inter.gather(1, bad)).hasMessageContaining("root " + bad);
            assertThatThrownBy(() -> inter.scatter(List.of(), MPI.ROOT))
                    .extracting(e -> ((MpiException) e).getErrorClass()).isEqualTo(ErrorClass.ERR_COUNT);
            assertThatThrownBy(() -> inter.alltoall(List.of()))
                    .extracting(e -> ((MpiException) e).getErrorClass()).isEqualTo(ErrorClass.ERR_COUNT);
            // the failed calls took no sequence number: the communicator still works
            assertThat((Integer) inter.allreduce(1, Op.SUM)).isEqualTo(inter.getRemoteSize());
        });
    }

    @Test
    void shouldRunNonblockingAndPersistentIntercommCollectives() {
        withHalves((world, local, inter, color, half) -> {
            int w = world.getRank();
            int me = inter.getRank();
            int q = inter.getRemoteSize();
            List<Integer> remoteWorlds = new java.util.ArrayList<>();
            long remoteSum = 0;
            for (int r = 0; r < q; r++) {
                remoteWorlds.add(remoteWorld(color, half, r));
                remoteSum += remoteWorld(color, half, r);
            }
            // the root (rank 0 of group 1, a group of one at 2 and 3 ranks) starts a gather, then
            // sends the message the other group waits for before joining: the gather must not
            // run inline on the caller
            if (color == 1) {
                Request<List<Integer>> g = inter.igather(w, me == 0 ? MPI.ROOT : MPI.PROC_NULL);
                if (me == 0) {
                    inter.send("go", 0, 5);
                    assertThat(g.waitFor()).isEqualTo(remoteWorlds);
                } else {
                    assertThat(g.waitFor()).isNull();
                }
            } else {
                if (me == 0) {
                    assertThat((String) inter.recv(0, 5)).isEqualTo("go");
                }
                assertThat(inter.<Integer>gather(w, 0)).isNull();
            }
            // several in flight at once, completed in reverse order
            long[] sum = new long[1];
            Request<Void> a = inter.iallreduce(Buf.of(new long[] {w}), Buf.of(sum), Op.SUM);
            Request<String> b = inter.ibcast(color == 0 ? (me == 0 ? "zero" : null) : "ignored",
                    color == 0 ? (me == 0 ? MPI.ROOT : MPI.PROC_NULL) : 0);
            List<Integer> to = new java.util.ArrayList<>();
            for (int r = 0; r < q; r++) {
                to.add(w);
            }
            Request<List<Integer>> c = inter.ialltoall(to);
            Request<Void> d = inter.ibarrier();
            d.waitFor();
            assertThat(c.waitFor()).isEqualTo(remoteWorlds);
            String got = b.waitFor();
            if (color == 1) {
                assertThat(got).isEqualTo("zero");
            }
            a.waitFor();
            assertThat(sum[0]).isEqualTo(remoteSum);
            // persistent: each start reads the buffer again
            long[] in = new long[1];
            long[] out = new long[1];
            Prequest pr = inter.allreduceInit(Buf.of(in), Buf.of(out), Op.SUM);
            for (int round = 1; round <= 3; round++) {
                in[0] = (long) round * w;
                pr.start();
                pr.waitFor();
                assertThat(out[0]).isEqualTo(round * remoteSum);
            }
            pr.free();
        });
    }
}
