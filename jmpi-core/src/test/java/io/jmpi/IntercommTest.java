package io.jmpi;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Intercommunicators (mpi4py's {@code test_comm_inter}, {@code test_cco_inter_*} in part): the
 * world split in two halves joined by createIntercomm; point-to-point naming remote ranks;
 * barrier, bcast and allreduce with the ROOT / PROC_NULL convention; merge; dup; free.
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
            assertThatThrownBy(() -> inter.gather(1, 0))
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
}
