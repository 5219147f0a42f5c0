package io.jmpi.transport.netty;

import io.jmpi.LocalWorld;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The soak test: 4 ranks over TCP (threads of this JVM, loopback sockets) run {@link SoakTraffic},
 * randomized point-to-point and collectives with every message checked, for
 * {@code -Djmpi.soak.seconds} (default {@value #DEFAULT_SECONDS}): no message may be lost,
 * duplicated, reordered or corrupted. {@code -Djmpi.soak.seed} replays a schedule (the seed is
 * printed), {@code -Djmpi.soak.ranks} changes the number of ranks. A longer run:
 * {@code ./mvnw -o -pl jmpi-transport-netty -am verify -Dtest=TcpSoakTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Djmpi.soak.seconds=1800 -Djmpi.test.forkTimeout=0}.
 */
class TcpSoakTest {
    private static final int DEFAULT_SECONDS = 60;

    @Test
    @Timeout(value = 3, unit = TimeUnit.HOURS) // a cap for long runs; the world's own limit below is the bound
    void shouldLoseDuplicateReorderOrCorruptNothingUnderRandomTraffic() {
        int seconds = Integer.getInteger("jmpi.soak.seconds", DEFAULT_SECONDS);
        int size = Integer.getInteger("jmpi.soak.ranks", 4);
        long seed = Long.getLong("jmpi.soak.seed", System.nanoTime());
        System.out.println("soak: " + size + " ranks over tcp for " + seconds + " s, -Djmpi.soak.seed=" + seed);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        SoakTraffic.Stats[] stats = new SoakTraffic.Stats[size];
        long start = System.nanoTime();
        LocalWorld.of(size).transport("tcp").timeout(Duration.ofSeconds(seconds + 120L)).run(world ->
                stats[world.getRank()] = SoakTraffic.run(world, seed, () -> System.nanoTime() < end));
        SoakTraffic.Stats total = new SoakTraffic.Stats(0, 0, 0, 0);
        for (int r = 0; r < size; r++) {
            assertThat(stats[r]).as("rank %d finished", r).isNotNull();
            System.out.println("soak: rank " + r + ": " + stats[r]);
            total = total.plus(stats[r]);
        }
        System.out.println("soak: all ranks, " + (System.nanoTime() - start) / 1_000_000 + " ms: " + total
                + "; 0 lost, duplicated, reordered or corrupted");
        assertThat(total.messages()).isPositive();
        assertThat(total.collectives()).isPositive();
    }
}
