package io.jmpi.examples;

import io.jmpi.LocalWorld;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The coupled-programs example over an intercommunicator matches the serial computation and conserves heat. */
@Timeout(60)
class CoupledProgramsTest {

    @ParameterizedTest(name = "{0} ranks")
    @ValueSource(ints = {2, 3, 4, 5})
    void shouldMatchTheSerialComputation(int size) {
        double[][] serial = CoupledPrograms.serial(size, 10);
        double oceanHeat = sum(serial[CoupledPrograms.OCEAN]);
        double atmosphereHeat = sum(serial[CoupledPrograms.ATMOSPHERE]);
        LocalWorld.of(size).timeout(Duration.ofSeconds(30)).run(world -> {
            CoupledPrograms.Result r = CoupledPrograms.run(world, 10);
            int half = (size + 1) / 2;
            int rank = world.getRank();
            double expected = rank < half ? serial[CoupledPrograms.OCEAN][rank]
                    : serial[CoupledPrograms.ATMOSPHERE][rank - half];
            assertThat(r.myTemperature()).as("rank %d", rank).isCloseTo(expected, within(1e-12));
            assertThat(r.oceanHeat()).isCloseTo(oceanHeat, within(1e-9));
            assertThat(r.atmosphereHeat()).isCloseTo(atmosphereHeat, within(1e-9));
            assertThat(r.conserved()).isTrue();
        });
    }

    private static double sum(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x;
        }
        return s;
    }
}
