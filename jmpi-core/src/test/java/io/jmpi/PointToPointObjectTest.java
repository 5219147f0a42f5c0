package io.jmpi;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Object-mode point-to-point (mpi4py's {@code test_p2p_obj}), for any transport.
 */
@Timeout(60)
public abstract class PointToPointObjectTest extends MultiRankTest {

    /** A record, as a user's message type would be. */
    public record Particle(int id, double[] position, String label) {
    }

    @ParameterizedTest(name = "{0} ranks")
    @ValueSource(ints = {1, 2, 3, 4, 8})
    void shouldPassTokenAroundRing(int size) {
        run(size, world -> {
            int rank = world.getRank();
            int next = (rank + 1) % size;
            int prev = (rank - 1 + size) % size;
            if (rank == 0) {
                world.send(List.of(0), next, 7);
                List<Integer> token = world.recv(prev, 7);
                assertThat(token).hasSize(size).containsExactlyElementsOf(range(size));
            } else {
                List<Integer> token = new ArrayList<>(world.<List<Integer>>recv(prev, 7));
                token.add(rank);
                world.send(token, next, 7);
            }
        });
    }

    @Test
    void shouldRoundTripMapRecordAndArray() {
        run(2, world -> {
            Map<String, Object> map = new HashMap<>();
            map.put("a", 1);
            map.put("b", List.of("x", "y"));
            map.put("c", null);
            Particle p = new Particle(42, new double[] {1.5, -2.5, 3.25}, "electron");
            double[] data = {0.1, 0.2, Double.NaN, Double.MAX_VALUE};
            if (world.getRank() == 0) {
                world.send(map, 1, 1);
                world.send(p, 1, 2);
                world.send(data, 1, 3);
                world.send((Object) null, 1, 4);
            } else {
                assertThat(world.<Map<String, Object>>recv(0, 1)).isEqualTo(map);
                Particle q = world.recv(0, 2);
                assertThat(q.id()).isEqualTo(42);
                assertThat(q.position()).containsExactly(1.5, -2.5, 3.25);
                assertThat(q.label()).isEqualTo("electron");
                assertThat(world.<double[]>recv(0, 3)).containsExactly(data);
                assertThat((Object) world.recv(0, 4)).isNull();
            }
        });
    }

    @Test
    void shouldFillStatusForAnySourceAndAnyTag() {
        run(3, world -> {
            if (world.getRank() != 0) {
                world.send("from " + world.getRank(), 0, 10 + world.getRank());
            } else {
                List<Integer> sources = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    Status st = new Status();
                    String s = world.recv(MPI.ANY_SOURCE, MPI.ANY_TAG, st);
                    assertThat(s).isEqualTo("from " + st.getSource());
                    assertThat(st.getTag()).isEqualTo(10 + st.getSource());
                    assertThat(st.getCount()).isPositive();
                    assertThat(st.getError()).isEqualTo(ErrorClass.SUCCESS);
                    sources.add(st.getSource());
                }
                assertThat(sources).containsExactlyInAnyOrder(1, 2);
            }
        });
    }

    @Test
    void shouldDeliverInOrderFromOneSender() {
        int n = 2_000;
        run(2, world -> {
            if (world.getRank() == 0) {
                for (int i = 0; i < n; i++) {
                    world.send(i, 1, i % 3);
                }
            } else {
                for (int i = 0; i < n; i++) {
                    int got = world.recv(0, MPI.ANY_TAG);
                    assertThat(got).isEqualTo(i);
                }
            }
        });
    }

    @Test
    void shouldMatchByTagOutOfArrivalOrder() {
        run(2, world -> {
            if (world.getRank() == 0) {
                world.send("first", 1, 1);
                world.send("second", 1, 2);
            } else {
                assertThat((String) world.recv(0, 2)).isEqualTo("second");
                assertThat((String) world.recv(0, 1)).isEqualTo("first");
            }
        });
    }

    @Test
    void shouldCompleteAtOnceWithProcNull() {
        run(2, world -> {
            world.send("nobody", MPI.PROC_NULL, 0);
            Status st = new Status();
            Object o = world.recv(MPI.PROC_NULL, MPI.ANY_TAG, st);
            assertThat(o).isNull();
            assertThat(st.getSource()).isEqualTo(MPI.PROC_NULL);
            assertThat(st.getTag()).isEqualTo(MPI.ANY_TAG);
            assertThat(st.getCount()).isZero();
        });
    }

    @Test
    void shouldSendObjectsLargerThanAChunkToSelf() {
        run(1, world -> {
            double[] big = new double[400_000]; // 3.2 MB serialized: more than one 1 MiB chunk
            big[big.length - 1] = 7.5;
            world.send(big, 0, 3);
            double[] back = world.recv(0, 3);
            assertThat(back).hasSize(big.length);
            assertThat(back[big.length - 1]).isEqualTo(7.5);
            assertThat(world.<double[]>sendrecv(big, 0, 4, 0, 4)[big.length - 1]).isEqualTo(7.5);
        });
    }

    @Test
    void shouldSendToSelf() {
        run(2, world -> {
            world.send("me", world.getRank(), 5);
            assertThat((String) world.recv(world.getRank(), 5)).isEqualTo("me");
        });
    }

    @Test
    void shouldFailWithTypeErrorWhenObjectMeetsBufferReceive() {
        run(2, world -> {
            if (world.getRank() == 0) {
                world.send("an object", 1, 0);
                world.send("next", 1, 0);
            } else {
                assertThatThrownBy(() -> world.recv(Buf.of(new int[4]), 0, 0))
                        .isInstanceOf(MpiException.class)
                        .satisfies(e -> assertThat(((MpiException) e).getErrorClass()).isEqualTo(ErrorClass.ERR_TYPE))
                        .hasMessageContaining("object message");
                assertThat((String) world.recv(0, 0)).isEqualTo("next");
            }
        });
    }

    @Test
    void shouldRejectBadRankAndTagNamingThem() {
        run(2, world -> {
            assertThatThrownBy(() -> world.send("x", 2, 0))
                    .isInstanceOf(MpiException.class)
                    .hasMessageContaining("dest 2")
                    .hasMessageContaining("size 2")
                    .satisfies(e -> assertThat(((MpiException) e).getErrorClass()).isEqualTo(ErrorClass.ERR_RANK));
            assertThatThrownBy(() -> world.send("x", 0, MPI.ANY_TAG))
                    .isInstanceOf(MpiException.class)
                    .hasMessageContaining("ANY_TAG is for receives only")
                    .satisfies(e -> assertThat(((MpiException) e).getErrorClass()).isEqualTo(ErrorClass.ERR_TAG));
            assertThatThrownBy(() -> world.recv(-7, 0))
                    .isInstanceOf(MpiException.class)
                    .hasMessageContaining("source -7");
            assertThatThrownBy(() -> world.recv(0, -5))
                    .isInstanceOf(MpiException.class)
                    .hasMessageContaining("tag -5");
        });
    }

    private static List<Integer> range(int n) {
        List<Integer> l = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            l.add(i);
        }
        return l;
    }
}
