package io.jmpi;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With no launcher in the environment, the process is a singleton world: rank 0 of 1, no
 * socket, sends to self work. (Surefire runs this JVM without launcher variables.)
 */
@Timeout(30)
class SingletonTest {

    @Test
    void shouldBeRankZeroOfOneWithoutSockets() {
        assertThat(System.getenv("OMPI_COMM_WORLD_SIZE")).as("test JVM must not run under a launcher").isNull();
        assertThat(MPI.COMM_WORLD.getRank()).isZero();
        assertThat(MPI.COMM_WORLD.getSize()).isEqualTo(1);
        assertThat(MPI.COMM_SELF.getSize()).isEqualTo(1);
        assertThat(MPI.COMM_WORLD.isIntra()).isTrue();
        assertThat(MPI.COMM_WORLD.getName()).isEqualTo("COMM_WORLD");

        MPI.COMM_WORLD.send("to myself", 0, 1);
        assertThat((String) MPI.COMM_WORLD.recv(0, 1)).isEqualTo("to myself");
        double[] out = {1, 2, 3};
        double[] in = new double[3];
        MPI.COMM_SELF.send(Buf.of(out), 0, 2);
        MPI.COMM_SELF.recv(Buf.of(in), 0, 2);
        assertThat(in).containsExactly(1, 2, 3);
        MPI.COMM_WORLD.barrier();

        assertThat(Thread.getAllStackTraces().keySet())
                .extracting(Thread::getName)
                .noneMatch(n -> n.startsWith("jmpi-tcp") || n.startsWith("jmpi-coordinator"));
        assertThat(MPI.wtime()).isPositive();
        assertThat(MPI.wtick()).isPositive();
        assertThat(MPI.getProcessorName()).isNotBlank();
    }
}
