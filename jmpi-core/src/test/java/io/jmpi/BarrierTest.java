package io.jmpi;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Barrier, for any transport and any size (powers of two or not).
 */
@Timeout(60)
public abstract class BarrierTest extends MultiRankTest {

    @ParameterizedTest(name = "{0} ranks")
    @ValueSource(ints = {1, 2, 3, 4, 5, 8})
    void shouldHoldEveryRankUntilAllArrive(int size) {
        int rounds = 30;
        AtomicIntegerArray arrived = new AtomicIntegerArray(rounds);
        run(size, world -> {
            for (int r = 0; r < rounds; r++) {
                if ((r + world.getRank()) % 3 == 0) {
                    Thread.sleep(1);
                }
                arrived.incrementAndGet(r);
                world.barrier();
                assertThat(arrived.get(r)).as("round %d on rank %d", r, world.getRank()).isEqualTo(size);
            }
        });
    }
}
