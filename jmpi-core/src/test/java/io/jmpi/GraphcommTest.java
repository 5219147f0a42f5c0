package io.jmpi;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntFunction;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Graph and distributed-graph topologies (mpi4py's {@code test_graph}, {@code test_dist_graph}
 * and the graph cases of {@code test_cco_ngh_buf}/{@code _obj}): ring and star graphs, queries,
 * neighbour collectives against references computed from the whole graph, weights, errors.
 */
@Timeout(120)
public abstract class GraphcommTest extends MultiRankTest {

    @Override
    protected int[] sizes() {
        return new int[] {1, 2, 3, 4, 5, 6};
    }

    private static ErrorClass errorOf(Throwable e) {
        return ((MpiException) e).getErrorClass();
    }

    static int[] ringNeighbors(int r, int p) {
        return new int[] {Math.floorMod(r - 1, p), (r + 1) % p};
    }

    static int[] starNeighbors(int r, int p) {
        if (r != 0) {
            return new int[] {0};
        }
        int[] n = new int[p - 1];
        for (int i = 1; i < p; i++) {
            n[i - 1] = i;
        }
        return n;
    }

    /** MPI_Graph_create's form of a graph given by its neighbour lists. */
    static int[][] indexAndEdges(IntFunction<int[]> nb, int p) {
        int[] index = new int[p];
        List<Integer> edges = new ArrayList<>();
        for (int r = 0; r < p; r++) {
            for (int x : nb.apply(r)) {
                edges.add(x);
            }
            index[r] = edges.size();
        }
        return new int[][] {index, edges.stream().mapToInt(Integer::intValue).toArray()};
    }

    @Test
    void shouldExchangeBuffersOfDifferentTypesWithNeighborAlltoallw() {
        for (int size : new int[] {3, 4, 5}) {
            run(size, world -> {
                Cartcomm ring = world.createCart(new int[] {world.getSize()}, new boolean[] {true}, false);
                int r = ring.getRank();
                // to the left neighbour two ints, to the right three doubles
                Buf[] out = {Buf.of(new int[] {r, -r}), Buf.of(new double[] {r, r + 0.5, r + 0.25})};
                int[] fromRight = new int[2];
                double[] fromLeft = new double[3];
                // in-neighbours in order: left, right; the left one sent to its right (doubles)
                Buf[] in = {Buf.of(fromLeft), Buf.of(fromRight)};
                ring.neighborAlltoallw(out, in);
                int left = (r - 1 + world.getSize()) % world.getSize();
                int right = (r + 1) % world.getSize();
                assertThat(fromLeft).containsExactly(left, left + 0.5, left + 0.25);
                assertThat(fromRight).containsExactly(right, -right);
                ring.ineighborAlltoallw(out, in).waitFor();
                assertThat(fromRight).containsExactly(right, -right);
                assertThatThrownBy(() -> ring.neighborAlltoallw(new Buf[] {out[0]}, in))
                        .isInstanceOf(MpiException.class)
                        .hasMessageContaining("sendbufs must have 2 entries");
                ring.free();
            });
        }
    }

    @Test
    void shouldDescribeRingAndStarGraphs() {
        forEachSize(world -> {
            int p = world.getSize();
            for (IntFunction<int[]> g : List.<IntFunction<int[]>>of(r -> ringNeighbors(r, p), r -> starNeighbors(r, p))) {
                int[][] ie = indexAndEdges(g, p);
                Graphcomm graph = world.createGraph(ie[0], ie[1], false);
                assertThat(graph.getTopology()).isEqualTo(MPI.GRAPH);
                assertThat(graph.getSize()).isEqualTo(p);
                assertThat(graph.getDims()).isEqualTo(new Graphcomm.Dims(p, ie[1].length));
                assertThat(graph.getTopo().index()).containsExactly(ie[0]);
                assertThat(graph.getTopo().edges()).containsExactly(ie[1]);
                for (int r = 0; r < p; r++) {
                    assertThat(graph.getNeighborsCount(r)).isEqualTo(g.apply(r).length);
                    assertThat(graph.getNeighbors(r)).containsExactly(g.apply(r));
                }
                int me = graph.getRank();
                assertThat(graph.getNeighbors()).containsExactly(g.apply(me));
                assertThat(graph.getNeighborsCount()).isEqualTo(g.apply(me).length);
                assertThat(graph.getInedges()).containsExactly(g.apply(me));
                assertThat(graph.getOutedges()).containsExactly(g.apply(me));
                assertThat(graph.getIndegree()).isEqualTo(g.apply(me).length);
                assertThatThrownBy(() -> graph.getNeighbors(p)).extracting(GraphcommTest::errorOf)
                        .isEqualTo(ErrorClass.ERR_RANK);
                Graphcomm dup = graph.dup();
                assertThat(dup.getTopology()).isEqualTo(MPI.GRAPH);
                assertThat(dup.getNeighbors()).containsExactly(g.apply(me));
                dup.free();
                graph.free();
            }
        });
    }

    @Test
    void shouldGiveNullBeyondTheGraphAndAnEmptyGraph() {
        forEachSize(world -> {
            Graphcomm one = world.createGraph(new int[] {1}, new int[] {0}, false);
            if (world.getRank() == 0) {
                assertThat(one.getSize()).isEqualTo(1);
                assertThat(one.getNeighbors()).containsExactly(0);
                assertThat(one.neighborAllgather("self")).containsExactly("self");
                one.free();
            } else {
                assertThat(one).isNull();
            }
            assertThat(world.createGraph(new int[0], new int[0], false)).isNull();
        });
    }

    @Test
    void shouldExchangeWithGraphNeighbours() {
        forEachSize(world -> {
            int p = world.getSize();
            for (IntFunction<int[]> g : List.<IntFunction<int[]>>of(r -> ringNeighbors(r, p), r -> starNeighbors(r, p))) {
                int[][] ie = indexAndEdges(g, p);
                Graphcomm graph = world.createGraph(ie[0], ie[1], false);
                checkNeighbourCollectives(graph, g, g);
                graph.free();
            }
        });
    }

    @Test
    void shouldCreateAdjacentDistGraphsWithAndWithoutWeights() {
        forEachSize(world -> {
            int p = world.getSize();
            int me = world.getRank();
            // a directed ring: receive from me-1, send to me+1 and me+2
            IntFunction<int[]> out = r -> new int[] {(r + 1) % p, (r + 2) % p};
            IntFunction<int[]> in = r -> new int[] {Math.floorMod(r - 2, p), Math.floorMod(r - 1, p)};
            Distgraphcomm unweighted = world.createDistGraphAdjacent(in.apply(me), null, out.apply(me), null,
                    MPI.INFO_NULL, false);
            assertThat(unweighted.getTopology()).isEqualTo(MPI.DIST_GRAPH);
            assertThat(unweighted.getDistNeighborsCount()).isEqualTo(new Distgraphcomm.NeighborsCount(2, 2, false));
            Distgraphcomm.Neighbors n = unweighted.getDistNeighbors();
            assertThat(n.sources()).containsExactly(in.apply(me));
            assertThat(n.destinations()).containsExactly(out.apply(me));
            assertThat(n.sourceWeights()).isNull();
            assertThat(n.destWeights()).isNull();
            checkNeighbourCollectives(unweighted, in, out);
            Distgraphcomm dup = unweighted.dup();
            assertThat(dup.getDistNeighbors().sources()).containsExactly(in.apply(me));
            dup.free();
            unweighted.free();

            Distgraphcomm weighted = world.createDistGraphAdjacent(in.apply(me), new int[] {20, 10}, out.apply(me),
                    new int[] {1, 2}, null, false);
            assertThat(weighted.getDistNeighborsCount()).isEqualTo(new Distgraphcomm.NeighborsCount(2, 2, true));
            assertThat(weighted.getDistNeighbors().sourceWeights()).containsExactly(20, 10);
            assertThat(weighted.getDistNeighbors().destWeights()).containsExactly(1, 2);
            checkNeighbourCollectives(weighted, in, out);
            weighted.free();

            // sources only on rank 0 (a gather), destinations only on the others
            Distgraphcomm gather = world.createDistGraphAdjacent(me == 0 ? allRanks(p) : new int[0], null,
                    new int[] {0}, null, null, false);
            checkNeighbourCollectives(gather, r -> r == 0 ? allRanks(p) : new int[0], r -> new int[] {0});
            gather.free();
        });
    }

    @Test
    void shouldCreateDistGraphsFromEdgesGivenAnywhere() {
        forEachSize(world -> {
            int p = world.getSize();
            int me = world.getRank();
            // rank 0 gives every edge r -> r+1 (weight r); the others give none
            Distgraphcomm ring = me == 0
                    ? world.createDistGraph(allRanks(p), filled(p, 1), shifted(p, 1), allRanks(p), MPI.INFO_NULL, false)
                    : world.createDistGraph(new int[0], new int[0], new int[0], null, MPI.INFO_NULL, false);
            Distgraphcomm.Neighbors n = ring.getDistNeighbors();
            assertThat(ring.getDistNeighborsCount()).isEqualTo(new Distgraphcomm.NeighborsCount(1, 1, true));
            assertThat(n.sources()).containsExactly(Math.floorMod(me - 1, p));
            assertThat(n.destinations()).containsExactly((me + 1) % p);
            assertThat(n.sourceWeights()).containsExactly(Math.floorMod(me - 1, p));
            assertThat(n.destWeights()).containsExactly(me);
            checkNeighbourCollectives(ring, r -> new int[] {Math.floorMod(r - 1, p)}, r -> new int[] {(r + 1) % p});
            ring.free();

            // every rank gives its own out-edges to me+1 and me+3, unweighted; in-edges come
            // ordered by the rank that gave them
            IntFunction<int[]> out = r -> new int[] {(r + 1) % p, (r + 3) % p};
            IntFunction<int[]> in = r -> {
                List<Integer> s = new ArrayList<>();
                for (int q = 0; q < p; q++) {
                    for (int d : out.apply(q)) {
                        if (d == r) {
                            s.add(q);
                        }
                    }
                }
                return s.stream().mapToInt(Integer::intValue).toArray();
            };
            Distgraphcomm own = world.createDistGraph(new int[] {me}, new int[] {2}, out.apply(me), null, null, false);
            assertThat(own.getDistNeighborsCount().weighted()).isFalse();
            assertThat(own.getDistNeighbors().sources()).containsExactly(in.apply(me));
            assertThat(own.getDistNeighbors().destinations()).containsExactly(out.apply(me));
            checkNeighbourCollectives(own, in, out);
            own.free();
        });
    }

    @Test
    void shouldRejectBadGraphArguments() {
        forEachSize(world -> {
            int p = world.getSize();
            assertThatThrownBy(() -> world.createGraph(new int[p + 1], new int[0], false))
                    .extracting(GraphcommTest::errorOf).isEqualTo(ErrorClass.ERR_TOPOLOGY);
            assertThatThrownBy(() -> world.createGraph(null, new int[0], false))
                    .extracting(GraphcommTest::errorOf).isEqualTo(ErrorClass.ERR_ARG);
            assertThatThrownBy(() -> world.createGraph(new int[] {-1}, new int[0], false))
                    .hasMessageContaining("index[0]").extracting(GraphcommTest::errorOf).isEqualTo(ErrorClass.ERR_ARG);
            assertThatThrownBy(() -> world.createGraph(new int[] {2}, new int[] {0}, false))
                    .hasMessageContaining("edges").extracting(GraphcommTest::errorOf).isEqualTo(ErrorClass.ERR_ARG);
            assertThatThrownBy(() -> world.createGraph(new int[] {1}, new int[] {1}, false))
                    .hasMessageContaining("edges[0] = 1").extracting(GraphcommTest::errorOf).isEqualTo(ErrorClass.ERR_ARG);
            assertThatThrownBy(() -> world.createDistGraphAdjacent(new int[] {p}, null, new int[0], null, null, false))
                    .hasMessageContaining("sources[0]").extracting(GraphcommTest::errorOf).isEqualTo(ErrorClass.ERR_ARG);
            assertThatThrownBy(() -> world.createDistGraphAdjacent(new int[] {0}, new int[] {1}, new int[0], null, null,
                    false)).hasMessageContaining("destWeights").extracting(GraphcommTest::errorOf)
                    .isEqualTo(ErrorClass.ERR_ARG);
            assertThatThrownBy(() -> world.createDistGraphAdjacent(new int[] {0}, new int[] {-1}, new int[0], new int[0],
                    null, false)).hasMessageContaining("sourceWeights[0]").extracting(GraphcommTest::errorOf)
                    .isEqualTo(ErrorClass.ERR_ARG);
            assertThatThrownBy(() -> world.createDistGraph(new int[] {0}, new int[] {2}, new int[] {0}, null, null, false))
                    .hasMessageContaining("destinations").extracting(GraphcommTest::errorOf).isEqualTo(ErrorClass.ERR_ARG);
            assertThatThrownBy(() -> world.createDistGraph(new int[] {0}, new int[0], new int[0], null, null, false))
                    .hasMessageContaining("degrees").extracting(GraphcommTest::errorOf).isEqualTo(ErrorClass.ERR_ARG);
            // still usable afterwards
            assertThat(world.allreduce(1, Op.SUM)).isEqualTo(p);
        });
    }

    @Test
    void shouldRejectBadNeighbourCollectiveArgumentsBeforeCommunicating() {
        forEachSize(world -> {
            int p = world.getSize();
            int[][] ie = indexAndEdges(r -> ringNeighbors(r, p), p);
            Graphcomm ring = world.createGraph(ie[0], ie[1], false);
            assertThatThrownBy(() -> ring.neighborAllgatherv(Buf.of(new int[1]), Buf.of(new int[4]), new int[] {1}, null))
                    .hasMessageContaining("recvcounts").extracting(GraphcommTest::errorOf).isEqualTo(ErrorClass.ERR_COUNT);
            assertThatThrownBy(() -> ring.neighborAllgatherv(Buf.of(new int[1]), Buf.of(new int[4]), new int[] {1, 1},
                    new int[] {0, 4})).hasMessageContaining("displs[1]").extracting(GraphcommTest::errorOf)
                    .isEqualTo(ErrorClass.ERR_ARG);
            assertThatThrownBy(() -> ring.neighborAlltoall(Buf.of(new int[3]), Buf.of(new int[4])))
                    .hasMessageContaining("sendbuf").extracting(GraphcommTest::errorOf).isEqualTo(ErrorClass.ERR_COUNT);
            assertThatThrownBy(() -> ring.neighborAllgather(Buf.of(new int[2]), Buf.of(new int[3])))
                    .hasMessageContaining("recvbuf").extracting(GraphcommTest::errorOf).isEqualTo(ErrorClass.ERR_COUNT);
            assertThatThrownBy(() -> ring.neighborAlltoallv(Buf.of(new int[2]), new int[] {1, 1}, null, Buf.of(new int[1]),
                    new int[] {1, 1}, null)).hasMessageContaining("recvbuf").extracting(GraphcommTest::errorOf)
                    .isEqualTo(ErrorClass.ERR_COUNT);
            // the communicator still works after the failed calls
            assertThat(ring.neighborAllgather(ring.getRank())).containsExactly(ringNeighbors(ring.getRank(), p)[0],
                    ringNeighbors(ring.getRank(), p)[1]);
            ring.free();
        });
    }

    @Test
    void shouldDescribeCartesianNeighbourhoodsAsTopocomm() {
        forEachSize(world -> {
            int p = world.getSize();
            Topocomm cart = world.createCart(MPI.computeDims(p, 2), new boolean[] {true, false}, false);
            int[] nb = ((Cartcomm) cart).getNeighbors();
            assertThat(cart.getIndegree()).isEqualTo(4);
            assertThat(cart.getOutdegree()).isEqualTo(4);
            assertThat(cart.getInedges()).containsExactly(nb);
            assertThat(cart.getOutedges()).containsExactly(nb);
            // allgatherv with PROC_NULL neighbours leaves their blocks untouched
            int[] recv = new int[4];
            Arrays.fill(recv, -1);
            cart.neighborAllgatherv(Buf.of(new int[] {cart.getRank()}), Buf.of(recv), new int[] {1, 1, 1, 1}, null);
            for (int i = 0; i < 4; i++) {
                assertThat(recv[i]).isEqualTo(nb[i] == MPI.PROC_NULL ? -1 : nb[i]);
            }
            cart.free();
        });
    }

    private static int[] allRanks(int p) {
        return shifted(p, 0);
    }

    private static int[] shifted(int p, int by) {
        int[] a = new int[p];
        for (int i = 0; i < p; i++) {
            a[i] = (i + by) % p;
        }
        return a;
    }

    private static int[] filled(int n, int v) {
        int[] a = new int[n];
        Arrays.fill(a, v);
        return a;
    }

    /**
     * The block out-neighbour {@code src} addresses to its {@code k}-th edge to {@code me}
     * (k counted over {@code me}'s receives from {@code src}).
     */
    private static int blockFrom(int src, int me, int k, IntFunction<int[]> out) {
        int[] d = out.apply(src);
        for (int j = 0; j < d.length; j++) {
            if (d[j] == me && k-- == 0) {
                return j;
            }
        }
        throw new AssertionError("rank " + src + " has no edge " + k + " to " + me);
    }

    /** Runs every neighbour collective and checks it against the graph ({@code in}/{@code out} of every rank). */
    static void checkNeighbourCollectives(Topocomm comm, IntFunction<int[]> in, IntFunction<int[]> out) {
        int me = comm.getRank();
        int[] src = in.apply(me);
        int[] dst = out.apply(me);
        assertThat(comm.getInedges()).containsExactly(src);
        assertThat(comm.getOutedges()).containsExactly(dst);
        int[] block = new int[src.length];
        for (int i = 0; i < src.length; i++) {
            int k = 0;
            for (int x = 0; x < i; x++) {
                k += src[x] == src[i] ? 1 : 0;
            }
            block[i] = blockFrom(src[i], me, k, out);
        }
        // allgather
        int[] recv = new int[2 * src.length];
        comm.neighborAllgather(Buf.of(new int[] {me, 100 + me}), Buf.of(recv));
        for (int i = 0; i < src.length; i++) {
            assertThat(Arrays.copyOfRange(recv, 2 * i, 2 * i + 2)).as("allgather block %d on %d", i, me)
                    .containsExactly(src[i], 100 + src[i]);
        }
        // alltoall
        double[] send = new double[dst.length];
        for (int j = 0; j < dst.length; j++) {
            send[j] = me * 10 + j;
        }
        double[] got = new double[src.length];
        comm.neighborAlltoall(Buf.of(send), Buf.of(got));
        for (int i = 0; i < src.length; i++) {
            assertThat(got[i]).as("alltoall block %d on %d", i, me).isEqualTo(src[i] * 10 + block[i]);
        }
        // nonblocking forms give the same
        int[] recv2 = new int[2 * src.length];
        Request<Void> r1 = comm.ineighborAllgather(Buf.of(new int[] {me, 100 + me}), Buf.of(recv2));
        double[] got2 = new double[src.length];
        Request<Void> r2 = comm.ineighborAlltoall(Buf.of(send), Buf.of(got2));
        r2.waitFor();
        r1.waitFor();
        assertThat(recv2).containsExactly(recv);
        assertThat(got2).containsExactly(got);
        // allgatherv: rank r sends r+1 elements, placed in reverse block order with a gap
        long[] mine = new long[me + 1];
        Arrays.fill(mine, me);
        int[] counts = new int[src.length];
        int[] displs = new int[src.length];
        int at = 0;
        for (int i = src.length - 1; i >= 0; i--) {
            counts[i] = src[i] + 1;
            displs[i] = at;
            at += counts[i] + 1;
        }
        long[] vrecv = new long[at];
        Arrays.fill(vrecv, -1);
        Request<Void> rv = comm.ineighborAllgatherv(Buf.of(mine), Buf.of(vrecv), counts, displs);
        rv.waitFor();
        for (int i = 0; i < src.length; i++) {
            for (int e = 0; e < counts[i]; e++) {
                assertThat(vrecv[displs[i] + e]).as("allgatherv block %d on %d", i, me).isEqualTo(src[i]);
            }
            assertThat(vrecv[displs[i] + counts[i]]).isEqualTo(-1);
        }
        // alltoallv: block j of rank r has j+1 elements valued r*10+j
        int[] scounts = new int[dst.length];
        List<Integer> sv = new ArrayList<>();
        for (int j = 0; j < dst.length; j++) {
            scounts[j] = j + 1;
            for (int e = 0; e <= j; e++) {
                sv.add(me * 10 + j);
            }
        }
        int[] rcounts = new int[src.length];
        int total = 0;
        for (int i = 0; i < src.length; i++) {
            rcounts[i] = block[i] + 1;
            total += rcounts[i];
        }
        int[] av = new int[total];
        comm.neighborAlltoallv(Buf.of(sv.stream().mapToInt(Integer::intValue).toArray()), scounts, null, Buf.of(av),
                rcounts, null);
        for (int i = 0, k = 0; i < src.length; i++) {
            for (int e = 0; e < rcounts[i]; e++, k++) {
                assertThat(av[k]).as("alltoallv block %d on %d", i, me).isEqualTo(src[i] * 10 + block[i]);
            }
        }
        // objects
        List<String> names = comm.neighborAllgather("r" + me);
        assertThat(names).hasSize(src.length);
        for (int i = 0; i < src.length; i++) {
            assertThat(names.get(i)).isEqualTo("r" + src[i]);
        }
        List<String> direct = new ArrayList<>();
        for (int j = 0; j < dst.length; j++) {
            direct.add(me + ":" + j);
        }
        List<String> gotObjs = comm.neighborAlltoall(direct);
        for (int i = 0; i < src.length; i++) {
            assertThat(gotObjs.get(i)).isEqualTo(src[i] + ":" + block[i]);
        }
        assertThatThrownBy(() -> comm.neighborAlltoall(List.of("a", "b", "c", "d", "e", "f", "g", "h")))
                .extracting(GraphcommTest::errorOf).isEqualTo(ErrorClass.ERR_ARG);
    }
}
