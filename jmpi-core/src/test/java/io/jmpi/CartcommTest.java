package io.jmpi;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Cartesian topologies (mpi4py's {@code test_cart} and {@code test_cco_ngh_buf}): computeDims,
 * createCart, coordinates, shifts, sub-grids, neighbour collectives, and a heat-diffusion
 * stencil checked against a serial run.
 */
@Timeout(120)
public abstract class CartcommTest extends MultiRankTest {

    /** The world sizes each test runs at. */
    @Override
    protected int[] sizes() {
        return new int[] {1, 2, 3, 4, 6, 8};
    }

    private static ErrorClass errorOf(Throwable e) {
        return ((MpiException) e).getErrorClass();
    }

    @Test
    void shouldComputeBalancedDims() {
        assertThat(MPI.computeDims(12, 2)).containsExactly(4, 3);
        assertThat(MPI.computeDims(12, 3)).containsExactly(3, 2, 2);
        assertThat(MPI.computeDims(16, 2)).containsExactly(4, 4);
        assertThat(MPI.computeDims(7, 2)).containsExactly(7, 1);
        assertThat(MPI.computeDims(1, 3)).containsExactly(1, 1, 1);
        assertThat(MPI.computeDims(24, new int[] {0, 2, 0})).containsExactly(4, 2, 3);
        assertThat(MPI.computeDims(8, new int[] {2, 4})).containsExactly(2, 4);
        assertThat(MPI.computeDims(1, 0)).isEmpty();
        assertThatThrownBy(() -> MPI.computeDims(6, 0)).extracting(CartcommTest::errorOf).isEqualTo(ErrorClass.ERR_DIMS);
        assertThatThrownBy(() -> MPI.computeDims(10, new int[] {3, 0})).extracting(CartcommTest::errorOf)
                .isEqualTo(ErrorClass.ERR_DIMS);
        assertThatThrownBy(() -> MPI.computeDims(0, 2)).extracting(CartcommTest::errorOf).isEqualTo(ErrorClass.ERR_DIMS);
        assertThatThrownBy(() -> MPI.computeDims(4, new int[] {-1, 0})).extracting(CartcommTest::errorOf)
                .isEqualTo(ErrorClass.ERR_DIMS);
    }

    @Test
    void shouldLayOutRanksInRowMajorOrder() {
        forEachSize(world -> {
            int p = world.getSize();
            for (int ndims = 1; ndims <= 3; ndims++) {
                int[] dims = MPI.computeDims(p, ndims);
                boolean[] periods = new boolean[ndims];
                periods[0] = true;
                Cartcomm cart = world.createCart(dims, periods, false);
                assertThat(cart.getDim()).isEqualTo(ndims);
                assertThat(cart.getTopology()).isEqualTo(MPI.CART);
                assertThat(world.getTopology()).isEqualTo(MPI.UNDEFINED);
                assertThat(cart.getSize()).isEqualTo(p);
                Cartcomm.Topo topo = cart.getTopo();
                assertThat(topo.dims()).containsExactly(dims);
                assertThat(topo.periods()).containsExactly(periods);
                assertThat(topo.coords()).containsExactly(cart.getCoords(cart.getRank()));
                for (int r = 0; r < p; r++) {
                    int[] c = cart.getCoords(r);
                    assertThat(cart.getCartRank(c)).isEqualTo(r);
                    int expected = 0;
                    for (int d = 0; d < ndims; d++) {
                        expected = expected * dims[d] + c[d];
                    }
                    assertThat(expected).isEqualTo(r);
                }
                // periodic dimension 0 wraps around
                int[] c = cart.getCoords();
                int[] wrapped = c.clone();
                wrapped[0] += dims[0];
                assertThat(cart.getCartRank(wrapped)).isEqualTo(cart.getRank());
                Cartcomm dup = cart.dup();
                assertThat(dup.getTopo().dims()).containsExactly(dims);
                dup.free();
                cart.free();
            }
        });
    }

    @Test
    void shouldShiftWithProcNullAtNonPeriodicEdges() {
        forEachSize(world -> {
            int p = world.getSize();
            Cartcomm ring = world.createCart(new int[] {p}, new boolean[] {true}, false);
            int me = ring.getRank();
            assertThat(ring.shift(0, 1)).containsExactly((me - 1 + p) % p, (me + 1) % p);
            assertThat(ring.shift(0, -2)).containsExactly(Math.floorMod(me + 2, p), Math.floorMod(me - 2, p));
            Cartcomm line = world.createCart(new int[] {p}, new boolean[] {false}, false);
            assertThat(line.shift(0, 1)).containsExactly(me == 0 ? MPI.PROC_NULL : me - 1,
                    me == p - 1 ? MPI.PROC_NULL : me + 1);
            int got = line.sendrecv(me, line.shift(0, 1)[1], 0, line.shift(0, 1)[0], 0) == null ? -1 : me - 1;
            assertThat(got).isEqualTo(me == 0 ? -1 : me - 1);
            assertThat(line.getNeighbors()).containsExactly(line.shift(0, 1));
            assertThatThrownBy(() -> line.shift(1, 1)).extracting(CartcommTest::errorOf).isEqualTo(ErrorClass.ERR_ARG);
            assertThatThrownBy(() -> line.getCartRank(p)).extracting(CartcommTest::errorOf).isEqualTo(ErrorClass.ERR_ARG);
            assertThatThrownBy(() -> line.getCoords(p)).extracting(CartcommTest::errorOf).isEqualTo(ErrorClass.ERR_RANK);
        });
    }

    @Test
    void shouldGiveNullBeyondTheGridAndCheckArguments() {
        forEachSize(world -> {
            int p = world.getSize();
            Cartcomm small = world.createCart(new int[] {1}, null, false);
            if (world.getRank() == 0) {
                assertThat(small.getSize()).isEqualTo(1);
                small.free();
            } else {
                assertThat(small).isNull();
            }
            assertThatThrownBy(() -> world.createCart(new int[] {p + 1}, null, false))
                    .extracting(CartcommTest::errorOf).isEqualTo(ErrorClass.ERR_TOPOLOGY);
            assertThatThrownBy(() -> world.createCart(new int[] {0}, null, false))
                    .extracting(CartcommTest::errorOf).isEqualTo(ErrorClass.ERR_DIMS);
            assertThatThrownBy(() -> world.createCart(new int[] {1}, new boolean[2], false))
                    .extracting(CartcommTest::errorOf).isEqualTo(ErrorClass.ERR_ARG);
        });
    }

    @Test
    void shouldSplitIntoSubGrids() {
        forEachSize(world -> {
            int p = world.getSize();
            int[] dims = MPI.computeDims(p, 2);
            Cartcomm cart = world.createCart(dims, new boolean[] {false, true}, false);
            int[] c = cart.getCoords();
            Cartcomm row = cart.sub(false, true);
            assertThat(row.getDim()).isEqualTo(1);
            assertThat(row.getSize()).isEqualTo(dims[1]);
            assertThat(row.getRank()).isEqualTo(c[1]);
            assertThat(row.getPeriods()).containsExactly(true);
            List<Integer> rowMates = row.allgather(cart.getRank());
            for (int i = 0; i < dims[1]; i++) {
                assertThat(rowMates.get(i)).isEqualTo(cart.getCartRank(c[0], i));
            }
            Cartcomm col = cart.sub(true, false);
            assertThat(col.getSize()).isEqualTo(dims[0]);
            assertThat(col.getRank()).isEqualTo(c[0]);
            assertThat(col.allreduce(1, Op.SUM)).isEqualTo(dims[0]);
            Cartcomm point = cart.sub(false, false);
            assertThat(point.getSize()).isEqualTo(1);
            assertThat(point.getDim()).isZero();
            Cartcomm all = cart.sub(true, true);
            assertThat(Comm.compare(all, cart)).isEqualTo(MPI.CONGRUENT);
        });
    }

    @Test
    void shouldExchangeWithNeighbours() {
        forEachSize(world -> {
            int p = world.getSize();
            for (boolean periodic : new boolean[] {false, true}) {
                int[] dims = MPI.computeDims(p, 2);
                Cartcomm cart = world.createCart(dims, new boolean[] {periodic, periodic}, false);
                int me = cart.getRank();
                int[] nb = cart.getNeighbors();
                assertThat(nb).hasSize(4);
                // allgather: block i from neighbour i; PROC_NULL blocks stay -1
                int[] recv = new int[8];
                Arrays.fill(recv, -1);
                cart.neighborAllgather(Buf.of(new int[] {me, 100 + me}), Buf.of(recv));
                for (int i = 0; i < 4; i++) {
                    int[] expected = nb[i] == MPI.PROC_NULL ? new int[] {-1, -1} : new int[] {nb[i], 100 + nb[i]};
                    assertThat(Arrays.copyOfRange(recv, 2 * i, 2 * i + 2)).as("block %d on %d", i, me).containsExactly(expected);
                }
                // alltoall: neighbour i sends me what it addressed to the direction I am in
                double[] send = new double[4];
                for (int i = 0; i < 4; i++) {
                    send[i] = me * 10 + i;
                }
                double[] got = new double[4];
                Arrays.fill(got, -1);
                cart.neighborAlltoall(Buf.of(send), Buf.of(got));
                for (int i = 0; i < 4; i++) {
                    // I am neighbour (i ^ 1) of neighbour i: the -1 side of its +1 side and so on
                    double expected = nb[i] == MPI.PROC_NULL ? -1 : nb[i] * 10 + (i ^ 1);
                    assertThat(got[i]).as("alltoall block %d on %d", i, me).isEqualTo(expected);
                }
                // nonblocking forms give the same
                int[] recv2 = new int[8];
                Arrays.fill(recv2, -1);
                Request<Void> r1 = cart.ineighborAllgather(Buf.of(new int[] {me, 100 + me}), Buf.of(recv2));
                double[] got2 = new double[4];
                Arrays.fill(got2, -1);
                Request<Void> r2 = cart.ineighborAlltoall(Buf.of(send), Buf.of(got2));
                r2.waitFor();
                r1.waitFor();
                assertThat(recv2).containsExactly(recv);
                assertThat(got2).containsExactly(got);
                // objects
                List<String> names = cart.neighborAllgather("r" + me);
                for (int i = 0; i < 4; i++) {
                    assertThat(names.get(i)).isEqualTo(nb[i] == MPI.PROC_NULL ? null : "r" + nb[i]);
                }
                List<String> direct = cart.neighborAlltoall(List.of(me + ":0", me + ":1", me + ":2", me + ":3"));
                for (int i = 0; i < 4; i++) {
                    assertThat(direct.get(i)).isEqualTo(nb[i] == MPI.PROC_NULL ? null : nb[i] + ":" + (i ^ 1));
                }
                cart.free();
            }
        });
    }
}
