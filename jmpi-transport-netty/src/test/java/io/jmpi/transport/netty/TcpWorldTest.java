package io.jmpi.transport.netty;

import io.jmpi.Buf;
import io.jmpi.LocalWorld;
import io.jmpi.MPI;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
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
@ExtendWith(NettyLeakDetection.class)
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
                world.send("from " + rank + " #" + i, next, 7);
                String got = world.recv(prev, 7);
                assertThat(got).isEqualTo("from " + prev + " #" + i);
            }
            double[] out = new double[100_000];
            java.util.Arrays.fill(out, rank);
            double[] in = new double[out.length];
            world.send(Buf.of(out), next, 8);
            world.recv(Buf.of(in), prev, 8);
            assertThat(in).containsOnly((double) prev);
            world.barrier();
            String any = null;
            world.send("any", next, 9);
            any = world.recv(MPI.ANY_SOURCE, 9);
            assertThat(any).isEqualTo("any");
        });
    }
}
