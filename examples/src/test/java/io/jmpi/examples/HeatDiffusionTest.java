package io.jmpi.examples;

import io.jmpi.LocalWorld;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The heat-diffusion example on a Cartesian communicator matches the serial computation. */
@Timeout(60)
class HeatDiffusionTest {

    @ParameterizedTest(name = "{0} ranks")
    @ValueSource(ints = {1, 4, 6})
    void shouldMatchTheSerialComputation(int size) {
        LocalWorld.of(size).timeout(Duration.ofSeconds(30)).run(world -> {
            double[][] parallel = HeatDiffusion.run(world, 24, 18, 50);
            if (world.getRank() == 0) {
                double[][] serial = HeatDiffusion.serial(24, 18, 50);
                for (int i = 0; i < serial.length; i++) {
                    assertThat(parallel[i]).as("row %d", i).containsExactly(serial[i]);
                }
            }
        });
    }
}
