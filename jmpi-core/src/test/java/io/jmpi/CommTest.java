package io.jmpi;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Communicator management (mpi4py's {@code test_comm}): dup, idup, split, splitType, create,
 * createGroup, compare, free, names, attributes and info, at several sizes; traffic isolation
 * between communicators; collectives on sub-communicators.
 */
@Timeout(120)
public abstract class CommTest extends MultiRankTest {

    /** The world sizes each test runs at. */
    @Override
    protected int[] sizes() {
        return new int[] {1, 2, 3, 4, 5, 8};
    }

    private static ErrorClass errorOf(Throwable e) {
        return ((MpiException) e).getErrorClass();
    }

    @Test
    void shouldDuplicateWithTheSameGroupAndANewContext() {
        forEachSize(world -> {
            Intracomm dup = world.dup();
            assertThat(dup.getSize()).isEqualTo(world.getSize());
            assertThat(dup.getRank()).isEqualTo(world.getRank());
            assertThat(dup.isIntra()).isTrue();
            assertThat(dup.isInter()).isFalse();
            assertThat(Comm.compare(world, world)).isEqualTo(MPI.IDENT);
            assertThat(Comm.compare(world, MPI.COMM_WORLD)).isEqualTo(MPI.IDENT);
            assertThat(Comm.compare(world, dup)).isEqualTo(MPI.CONGRUENT);
            assertThat(Group.compare(world.getGroup(), dup.getGroup())).isEqualTo(MPI.IDENT);
            assertThat(dup.core().p2pContext()).isNotEqualTo(world.core().p2pContext());
            Intracomm dup2 = dup.dup();
            assertThat(Comm.compare(dup, dup2)).isEqualTo(MPI.CONGRUENT);
            assertThat(dup2.allreduce(1, Op.SUM)).isEqualTo(world.getSize());
            dup2.free();
            dup.free();
        });
    }

    @Test
    void shouldNeverMatchTrafficAcrossDuplicates() {
        forEachSize(world -> {
            int p = world.getSize();
            int me = world.getRank();
            Intracomm dup = world.dup();
            int next = (me + 1) % p;
            int prev = (me - 1 + p) % p;
            // same tag, same peers, dup first: each receive must take its own communicator's message
            Request<Void> a = dup.isend("on dup", next, 7);
            Request<Void> b = world.isend("on world", next, 7);
            String fromWorld = world.recv(prev, 7);
            String fromDup = dup.recv(MPI.ANY_SOURCE, MPI.ANY_TAG);
            a.waitFor();
            b.waitFor();
            assertThat(fromWorld).isEqualTo("on world");
            assertThat(fromDup).isEqualTo("on dup");
            // collectives too: a bcast on dup and one on world interleaved
            Request<Integer> r1 = dup.ibcast(me == 0 ? 11 : null, 0);
            int v2 = world.bcast(me == 0 ? 22 : null, 0);
            assertThat(r1.waitFor()).isEqualTo(11);
            assertThat(v2).isEqualTo(22);
            assertThat(dup.iprobe(MPI.ANY_SOURCE, MPI.ANY_TAG)).isFalse();
            dup.free();
        });
    }

    @Test
    void shouldDuplicateNonblocking() {
        forEachSize(world -> {
            Request<Intracomm> r = world.idup();
            int sum = world.allreduce(world.getRank(), Op.SUM);
            Intracomm dup = r.waitFor();
            assertThat(sum).isEqualTo(world.getSize() * (world.getSize() - 1) / 2);
            assertThat(Comm.compare(world, dup)).isEqualTo(MPI.CONGRUENT);
            assertThat(dup.allreduce(1, Op.SUM)).isEqualTo(world.getSize());
            List<Request<Intracomm>> many = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                many.add(world.idup());
            }
            List<Integer> contexts = new ArrayList<>();
            for (Request<Intracomm> m : many) {
                Intracomm c = m.waitFor();
                contexts.add(c.core().p2pContext());
                assertThat(c.allgather(c.getRank())).hasSize(world.getSize());
            }
            assertThat(contexts).doesNotHaveDuplicates();
            // the same order on every rank: the i-th idup gives the same context everywhere
            assertThat(world.allgather(contexts)).allSatisfy(l -> assertThat(l).isEqualTo(contexts));
            dup.free();
        });
    }

    @Test
    void shouldSplitByParityWithKeysReversingTheOrder() {
        forEachSize(world -> {
            int p = world.getSize();
            int me = world.getRank();
            Intracomm half = world.split(me % 2, p - me);
            int n = (p - me % 2 + 1) / 2;
            assertThat(half.getSize()).isEqualTo(n);
            // reversed: the highest world rank of the color is rank 0
            List<Integer> worldRanks = half.allgather(me);
            for (int i = 1; i < worldRanks.size(); i++) {
                assertThat(worldRanks.get(i)).isLessThan(worldRanks.get(i - 1));
                assertThat(worldRanks.get(i) % 2).isEqualTo(me % 2);
            }
            assertThat(worldRanks.get(half.getRank())).isEqualTo(me);
            // collectives on the halves give per-color results
            int expected = 0;
            for (int r = me % 2; r < p; r += 2) {
                expected += r;
            }
            assertThat(half.allreduce(me, Op.SUM)).isEqualTo(expected);
            int[] sum = new int[1];
            half.allreduce(Buf.of(new int[] {me}), Buf.of(sum), Op.SUM);
            assertThat(sum[0]).isEqualTo(expected);
            int root = half.getSize() - 1;
            assertThat((Integer) half.bcast(half.getRank() == root ? me : null, root)).isEqualTo(me % 2);
            half.barrier();
            int cmp = Comm.compare(world, half);
            assertThat(cmp).isEqualTo(p == 1 ? MPI.CONGRUENT : MPI.UNEQUAL);
            half.free();
        });
    }

    @Test
    void shouldGiveNullForUndefinedColor() {
        forEachSize(world -> {
            int me = world.getRank();
            Intracomm c = world.split(me == 0 ? MPI.UNDEFINED : 1, 0);
            if (me == 0) {
                assertThat(c).isNull();
            } else {
                assertThat(c.getSize()).isEqualTo(world.getSize() - 1);
                assertThat(c.getRank()).isEqualTo(me - 1);
                c.barrier();
                c.free();
            }
            Intracomm same = world.split(0, 0);
            assertThat(Comm.compare(world, same)).isEqualTo(MPI.CONGRUENT);
            Intracomm reversed = world.split(0, -me);
            assertThat(Comm.compare(world, reversed)).isEqualTo(world.getSize() == 1 ? MPI.CONGRUENT : MPI.SIMILAR);
            assertThatThrownBy(() -> world.split(-5, 0)).extracting(CommTest::errorOf).isEqualTo(ErrorClass.ERR_ARG);
        });
    }

    @Test
    void shouldSplitByHost() {
        forEachSize(world -> {
            Intracomm shared = world.splitType(MPI.COMM_TYPE_SHARED, 0);
            assertThat(shared.getSize()).isEqualTo(world.getSize());
            assertThat(Comm.compare(world, shared)).isEqualTo(MPI.CONGRUENT);
            assertThat(world.splitType(MPI.UNDEFINED, 0)).isNull();
            assertThatThrownBy(() -> world.splitType(42, 0)).extracting(CommTest::errorOf).isEqualTo(ErrorClass.ERR_ARG);
            shared.free();
        });
    }

    @Test
    void shouldCreateFromAGroup() {
        forEachSize(world -> {
            int p = world.getSize();
            int me = world.getRank();
            // the even ranks, in reverse order
            List<Integer> evens = new ArrayList<>();
            for (int r = p - 1; r >= 0; r--) {
                if (r % 2 == 0) {
                    evens.add(r);
                }
            }
            Group g = world.getGroup().incl(evens.stream().mapToInt(Integer::intValue).toArray());
            Intracomm c = world.create(g);
            if (me % 2 == 1) {
                assertThat(c).isNull();
            } else {
                assertThat(c.getSize()).isEqualTo(evens.size());
                assertThat(c.getRank()).isEqualTo(evens.indexOf(me));
                assertThat(Group.compare(c.getGroup(), g)).isEqualTo(MPI.IDENT);
                assertThat(c.allgather(me)).containsExactlyElementsOf(evens);
                c.free();
            }
            Intracomm all = world.create(world.getGroup());
            assertThat(Comm.compare(all, world)).isEqualTo(MPI.CONGRUENT);
            assertThat(world.create(MPI.GROUP_EMPTY)).isNull();
            all.free();
        });
    }

    @Test
    void shouldCreateFromAGroupCollectivelyOverTheGroupOnly() {
        forEachSize(world -> {
            int p = world.getSize();
            int me = world.getRank();
            // the first half creates its communicator while the second half does not call
            int half = (p + 1) / 2;
            Group first = world.getGroup().rangeIncl(new int[] {0, half - 1, 1});
            if (me < half) {
                Intracomm c = world.createGroup(first, 5);
                assertThat(c.getSize()).isEqualTo(half);
                assertThat(c.getRank()).isEqualTo(me);
                assertThat(c.allreduce(1, Op.SUM)).isEqualTo(half);
                c.free();
            } else {
                Group second = world.getGroup().rangeIncl(new int[] {half, p - 1, 1});
                Intracomm c = world.createGroup(second, 6);
                assertThat(c.getSize()).isEqualTo(p - half);
                assertThat(c.allreduce(1, Op.SUM)).isEqualTo(p - half);
                c.free();
            }
            if (p > 1) {
                Group others = world.getGroup().excl(me);
                assertThatThrownBy(() -> world.createGroup(others, 0)).extracting(CommTest::errorOf)
                        .isEqualTo(ErrorClass.ERR_GROUP);
            }
        });
    }

    @Test
    void shouldRunTenThousandDupFreeCyclesInBoundedMemory() {
        run(4, world -> {
            int before = world.core().allocator().inUse();
            int maxContext = 0;
            for (int i = 0; i < 10_000; i++) {
                Intracomm d = world.dup();
                maxContext = Math.max(maxContext, d.core().p2pContext());
                d.free();
            }
            assertThat(world.core().allocator().inUse()).isEqualTo(before);
            assertThat(maxContext).isLessThan(16);
        });
    }

    @Test
    void shouldReuseFreedContextIdsOnlyWhenFreeEverywhere() {
        forEachSize(world -> {
            Intracomm a = world.dup();
            Intracomm b = world.dup();
            int aContext = a.core().p2pContext();
            a.free();
            Intracomm c = world.dup();
            assertThat(c.core().p2pContext()).isEqualTo(aContext);
            // rank 0 holds a communicator the others freed: its id is not agreed again
            Intracomm d = world.dup();
            int dContext = d.core().p2pContext();
            if (world.getRank() != 0) {
                d.free();
            }
            Intracomm e = world.dup();
            assertThat(e.core().p2pContext()).isNotEqualTo(dContext);
            if (world.getRank() == 0) {
                d.free();
            }
            b.free();
            c.free();
            e.free();
        });
    }

    @Test
    void shouldFailWithErrCommAfterFree() {
        forEachSize(world -> {
            Intracomm dup = world.dup();
            dup.setName("mine");
            dup.free();
            assertThatThrownBy(() -> dup.send("x", 0, 0)).isInstanceOf(MpiException.class)
                    .hasMessageContaining("mine").extracting(CommTest::errorOf).isEqualTo(ErrorClass.ERR_COMM);
            assertThatThrownBy(dup::barrier).extracting(CommTest::errorOf).isEqualTo(ErrorClass.ERR_COMM);
            assertThatThrownBy(dup::getSize).extracting(CommTest::errorOf).isEqualTo(ErrorClass.ERR_COMM);
            assertThatThrownBy(dup::free).extracting(CommTest::errorOf).isEqualTo(ErrorClass.ERR_COMM);
            assertThatThrownBy(world::free).hasMessageContaining("COMM_WORLD")
                    .extracting(CommTest::errorOf).isEqualTo(ErrorClass.ERR_COMM);
            assertThatThrownBy(() -> MPI.COMM_SELF.free()).extracting(CommTest::errorOf).isEqualTo(ErrorClass.ERR_COMM);
            assertThatThrownBy(() -> Comm.compare(world, null)).extracting(CommTest::errorOf).isEqualTo(ErrorClass.ERR_COMM);
        });
    }

    @Test
    void shouldNameCommunicators() {
        forEachSize(world -> {
            assertThat(world.getName()).isEqualTo("COMM_WORLD");
            assertThat(MPI.COMM_SELF.getName()).isEqualTo("COMM_SELF");
            Intracomm dup = world.dup();
            assertThat(dup.getName()).contains("COMM_WORLD");
            dup.setName("solver");
            assertThat(dup.getName()).isEqualTo("solver");
            assertThat(dup.toString()).contains("solver");
            assertThatThrownBy(() -> dup.setName(null)).extracting(CommTest::errorOf).isEqualTo(ErrorClass.ERR_ARG);
            dup.free();
        });
    }

    @Test
    void shouldCacheAttributes() {
        forEachSize(world -> {
            assertThat((Integer) world.getAttr(Keyval.TAG_UB)).isEqualTo(MPI.TAG_UB);
            assertThat((Integer) world.getAttr(Keyval.HOST)).isEqualTo(MPI.PROC_NULL);
            assertThat((Integer) world.getAttr(Keyval.UNIVERSE_SIZE)).isEqualTo(world.getSize());
            assertThat((Integer) world.getAttr(Keyval.APPNUM)).isZero();
            assertThat((Boolean) world.getAttr(Keyval.WTIME_IS_GLOBAL)).isFalse();
            AtomicInteger deleted = new AtomicInteger();
            Keyval copied = Comm.createKeyval(v -> v + "!", v -> deleted.incrementAndGet());
            Keyval notCopied = Comm.createKeyval();
            Intracomm c = world.dup();
            assertThat((Object) c.getAttr(copied)).isNull();
            c.setAttr(copied, "a");
            c.setAttr(notCopied, 42);
            assertThat((String) c.getAttr(copied)).isEqualTo("a");
            c.setAttr(copied, "b");
            assertThat(deleted.get()).isEqualTo(1);
            Intracomm d = c.dup();
            assertThat((String) d.getAttr(copied)).isEqualTo("b!");
            assertThat((Object) d.getAttr(notCopied)).isNull();
            assertThat((Integer) c.getAttr(notCopied)).isEqualTo(42);
            c.deleteAttr(copied);
            assertThat(deleted.get()).isEqualTo(2);
            assertThat((Object) c.getAttr(copied)).isNull();
            d.free();
            assertThat(deleted.get()).isEqualTo(3);
            c.free();
            assertThatThrownBy(() -> world.setAttr(Keyval.TAG_UB, 1)).extracting(CommTest::errorOf)
                    .isEqualTo(ErrorClass.ERR_ARG);
            assertThatThrownBy(() -> world.getAttr(null)).extracting(CommTest::errorOf).isEqualTo(ErrorClass.ERR_ARG);
            Comm.freeKeyval(copied);
        });
    }

    @Test
    void shouldKeepInfoHints() {
        forEachSize(world -> {
            Info info = Info.create();
            info.set("mpi_assert_no_any_tag", "true");
            info.set("k", "v");
            assertThat(info.getNkeys()).isEqualTo(2);
            assertThat(info.getNthkey(1)).isEqualTo("k");
            Intracomm d = world.dup(info);
            info.delete("k");
            Info got = d.getInfo();
            assertThat(got.get("k")).isEqualTo("v");
            assertThat(got.keys()).containsExactly("mpi_assert_no_any_tag", "k");
            assertThat(world.dup(MPI.INFO_NULL).getInfo().getNkeys()).isZero();
            assertThat(info.dup().get("mpi_assert_no_any_tag")).isEqualTo("true");
            assertThatThrownBy(() -> MPI.INFO_NULL.set("a", "b")).extracting(CommTest::errorOf).isEqualTo(ErrorClass.ERR_ARG);
            assertThatThrownBy(() -> info.delete("nope")).extracting(CommTest::errorOf).isEqualTo(ErrorClass.ERR_ARG);
            d.free();
        });
    }

    @Test
    void shouldCreateCommunicatorsConcurrentlyFromSeveralThreadsOfEachRank() {
        forEachSize(world -> {
            // two threads per rank each dup their own parent: context ids must never clash
            Intracomm a = world.dup();
            Intracomm b = world.dup();
            List<Intracomm> fromA = new ArrayList<>();
            Thread t = new Thread(() -> {
                for (int i = 0; i < 20; i++) {
                    fromA.add(a.dup());
                }
            });
            t.start();
            List<Intracomm> fromB = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                fromB.add(b.dup());
            }
            t.join();
            assertThat(fromA).hasSize(20);
            List<Integer> ids = new ArrayList<>();
            fromA.forEach(c -> ids.add(c.core().p2pContext()));
            fromB.forEach(c -> ids.add(c.core().p2pContext()));
            assertThat(ids).doesNotHaveDuplicates();
            for (int i = 0; i < 20; i++) {
                assertThat(fromA.get(i).allreduce(1, Op.SUM)).isEqualTo(world.getSize());
                assertThat(fromB.get(i).allreduce(2, Op.SUM)).isEqualTo(2 * world.getSize());
            }
            fromA.forEach(Comm::free);
            fromB.forEach(Comm::free);
        });
    }
}
