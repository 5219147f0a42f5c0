package io.jmpi.transport.netty;

import io.jmpi.Buf;
import io.jmpi.LocalWorld;
import io.jmpi.MPI;
import io.jmpi.Request;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine over this transport: N ranks as threads of this JVM, talking over loopback TCP
 * with a real coordinator, handshakes and finalize. The full multi-rank suites will run here
 * once core's test jar has them.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TcpWorldTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4})
    void shouldPassObjectsAndBuffersAroundARing(int size) {
        LocalWorld.of(size).transport("tcp").timeout(Duration.ofSeconds(20)).run(world -> {
            int rank = world.getRank();
            int next = (rank + 1) % size;
            int prev = (rank + size - 1) % size;
            for (int i = 0; i < 50; i++) {
                String got = world.sendrecv("from " + rank + " #" + i, next, 7, prev, 7);
                assertThat(got).isEqualTo("from " + prev + " #" + i);
            }
            double[] out = new double[100_000]; // above the eager limit: rendezvous
            java.util.Arrays.fill(out, rank);
            double[] in = new double[out.length];
            world.sendrecv(Buf.of(out), next, 8, Buf.of(in), prev, 8);
            assertThat(in).containsOnly((double) prev);
            world.barrier();
            Request<Void> sent = world.isend("any", next, 9);
            String any = world.recv(MPI.ANY_SOURCE, 9);
            sent.waitFor();
            assertThat(any).isEqualTo("any");
        });
    }
}
