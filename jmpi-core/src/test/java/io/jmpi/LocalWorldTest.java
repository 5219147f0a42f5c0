package io.jmpi;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The in-process world: binding, failure reporting, time limits. */
@Timeout(60)
class LocalWorldTest {

    @Test
    void shouldBindCommWorldPerRankThreadAndItsChildren() {
        AtomicInteger seen = new AtomicInteger();
        LocalWorld.run(3, world -> {
            assertThat(MPI.COMM_WORLD.getRank()).isEqualTo(world.getRank());
            assertThat(MPI.COMM_WORLD.getSize()).isEqualTo(3);
            assertThat(MPI.isInitialized()).isTrue();
            assertThat(MPI.init().getWorld().getRank()).isEqualTo(world.getRank());
            int[] childRank = new int[1];
            Thread child = new Thread(() -> childRank[0] = MPI.COMM_WORLD.getRank());
            child.start();
            child.join();
            assertThat(childRank[0]).isEqualTo(world.getRank());
            seen.incrementAndGet();
        });
        assertThat(seen).hasValue(3);
    }

    @Test
    void shouldReportWhichRankFailedAndReleaseTheOthers() {
        assertThatThrownBy(() -> LocalWorld.of(3).timeout(Duration.ofSeconds(20)).run(world -> {
            if (world.getRank() == 1) {
                throw new IllegalStateException("boom on one");
            }
            world.recv(1, 0); // would wait forever without the abort
        }))
                .isInstanceOf(MpiException.class)
                .hasMessageContaining("rank 1 of 3")
                .hasMessageContaining("boom on one");
    }

    @Test
    void shouldFailWithStacksInsteadOfHanging() {
        long start = System.nanoTime();
        assertThatThrownBy(() -> LocalWorld.of(2).timeout(Duration.ofMillis(500)).run(world -> {
            if (world.getRank() == 0) {
                world.recv(1, 99); // never sent
            }
        }))
                .isInstanceOf(MpiException.class)
                .satisfies(e -> assertThat(((MpiException) e).getErrorClass()).isEqualTo(ErrorClass.ERR_TIMEOUT))
                .hasMessageContaining("jmpi-rank-0");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    }

    @Test
    void shouldFailAfterFinalize() {
        LocalWorld.run(1, world -> {
            Session s = MPI.init();
            s.close();
            assertThat(MPI.isFinalized()).isTrue();
            assertThatThrownBy(() -> MPI.COMM_WORLD.getRank())
                    .isInstanceOf(MpiException.class)
                    .hasMessageContaining("finalized");
        });
    }

    @Test
    void shouldEndTheWorldWhenARankAborts() {
        assertThatThrownBy(() -> LocalWorld.of(3).timeout(Duration.ofSeconds(20)).run(world -> {
            if (world.getRank() == 2) {
                world.abort(7);
            }
            world.recv(2, 0); // released by the abort
        }))
                .isInstanceOf(MpiException.class)
                .hasMessageContaining("rank 2 of 3 called abort(7) on COMM_WORLD");
    }

    @Test
    void shouldSeeTheCallersRankInsideNonblockingCollectives() {
        LocalWorld.run(3, world -> {
            int me = world.getRank();
            for (int i = 0; i < 5; i++) {
                // the operator runs on a pooled thread: COMM_WORLD there is still this rank's
                int sum = world.<Integer>iallreduce(1, (a, b) -> {
                    assertThat(MPI.COMM_WORLD.getRank()).isEqualTo(me);
                    return a + b;
                }).waitFor();
                assertThat(sum).isEqualTo(3);
            }
        });
    }

    @Test
    void shouldRejectEmptyWorld() {
        assertThatThrownBy(() -> LocalWorld.run(0, world -> { }))
                .isInstanceOf(MpiException.class)
                .hasMessageContaining("size 0")
                .satisfies(e -> assertThat(((MpiException) e).getErrorClass()).isEqualTo(ErrorClass.ERR_ARG));
    }
}
