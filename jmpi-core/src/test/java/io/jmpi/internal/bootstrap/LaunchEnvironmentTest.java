package io.jmpi.internal.bootstrap;

import io.jmpi.MpiException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LaunchEnvironmentTest {

    @Test
    void shouldBeSingletonWithoutLauncher() {
        BootstrapInfo info = LaunchEnvironment.detect(Map.of("PATH", "/bin"));
        assertThat(info.rank()).isZero();
        assertThat(info.size()).isEqualTo(1);
        assertThat(info.coordinator()).isNull();
    }

    @Test
    void shouldReadJmpiexecVariables() {
        BootstrapInfo info = LaunchEnvironment.detect(Map.of(
                "OMPI_COMM_WORLD_SIZE", "4", "OMPI_COMM_WORLD_RANK", "2",
                "OMPI_COMM_WORLD_LOCAL_RANK", "2", "OMPI_COMM_WORLD_LOCAL_SIZE", "4",
                "JMPI_COORDINATOR", "127.0.0.1:4567", "JMPI_JOB_ID", "j-1", "JMPI_SECRET", "00ff10"));
        assertThat(info.rank()).isEqualTo(2);
        assertThat(info.size()).isEqualTo(4);
        assertThat(info.localSize()).isEqualTo(4);
        assertThat(info.jobId()).isEqualTo("j-1");
        assertThat(info.secret()).containsExactly(0, 0xff, 0x10);
        assertThat(info.coordinator().getPort()).isEqualTo(4567);
        assertThat(info.origin()).isEqualTo("jmpiexec");
    }

    @Test
    void shouldRefuseSilentSingletonsUnderForeignLauncher() {
        assertThatThrownBy(() -> LaunchEnvironment.detect(Map.of(
                "OMPI_COMM_WORLD_SIZE", "4", "OMPI_COMM_WORLD_RANK", "1")))
                .isInstanceOf(MpiException.class)
                .hasMessageContaining("rank 1 of 4")
                .hasMessageContaining("JMPI_COORDINATOR");
    }

    @Test
    void shouldRejectNonsenseRank() {
        assertThatThrownBy(() -> LaunchEnvironment.detect(Map.of(
                "OMPI_COMM_WORLD_SIZE", "2", "OMPI_COMM_WORLD_RANK", "x")))
                .isInstanceOf(MpiException.class)
                .hasMessageContaining("OMPI_COMM_WORLD_RANK=x");
    }
}
