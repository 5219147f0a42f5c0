package io.jmpi.transport.netty;

import io.jmpi.LocalWorld;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The soak test's checks see what they claim: a fault injected by a sender is reported under
 * its own name (ranks as threads over the in-process transport; the checks do not depend on it).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SoakTrafficTest {

    @ParameterizedTest(name = "{0} is reported as {1}")
    @CsvSource({
        "DROP, LOST: ",
        "DUPLICATE, DUPLICATE: message seq",
        "SWAP, REORDERED: message seq",
        "CORRUPT, 'CORRUPT: message seq'",
    })
    void shouldReportAnInjectedFaultByItsName(SoakTraffic.Fault fault, String report) {
        AtomicInteger decisions = new AtomicInteger();
        assertThatThrownBy(() -> LocalWorld.of(2).timeout(Duration.ofSeconds(40)).run(world ->
                SoakTraffic.run(world, 42, () -> decisions.incrementAndGet() < 100, Duration.ofSeconds(2), fault)))
                .satisfies(e -> System.out.println(fault + " -> " + e.getMessage()))
                .hasMessageContaining("rank 0, step ")
                .hasMessageContaining(report);
    }

    @ParameterizedTest(name = "{0} ranks")
    @CsvSource({"2", "3"})
    void shouldPassWithoutAFault(int size) {
        AtomicInteger decisions = new AtomicInteger();
        SoakTraffic.Stats[] stats = new SoakTraffic.Stats[size];
        LocalWorld.of(size).timeout(Duration.ofSeconds(40)).run(world ->
                stats[world.getRank()] = SoakTraffic.run(world, 7, () -> decisions.incrementAndGet() < 10));
        for (SoakTraffic.Stats s : stats) {
            assertThat(s.steps()).isEqualTo(80);
            assertThat(s.messages()).isPositive();
        }
    }
}
