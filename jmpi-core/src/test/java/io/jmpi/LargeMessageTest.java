package io.jmpi;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No 2 GiB cliff: a buffer and an object beyond 2 GiB go through. Heavy (about 16 GB of heap);
 * run with {@code ./mvnw verify -Pheavy -pl jmpi-core}.
 */
@Tag("heavy")
@Timeout(600)
class LargeMessageTest {
    private static final long GIB = 1L << 30;

    @Test
    void shouldSendrecvBufferLargerThan2GiB() {
        int n = (int) (2.25 * GIB / Long.BYTES); // 2.25 GiB of longs
        LocalWorld.of(2).timeout(Duration.ofMinutes(9)).run(world -> {
            long[] small = {world.getRank()};
            if (world.getRank() == 0) {
                long[] big = new long[n];
                for (int i = 0; i < n; i += 1 << 20) {
                    big[i] = i;
                }
                big[n - 1] = -42;
                world.sendrecv(Buf.of(big), 1, 0, Buf.of(small), 1, 0);
                assertThat(small[0]).isEqualTo(1);
            } else {
                long[] big = new long[n];
                Status st = world.sendrecv(Buf.of(small), 0, 0, Buf.of(big), 0, 0);
                assertThat(st.getCount()).isEqualTo((long) n * Long.BYTES).isGreaterThan(2 * GIB);
                for (int i = 0; i < n - 1; i += 1 << 20) {
                    assertThat(big[i]).isEqualTo(i);
                }
                assertThat(big[n - 1]).isEqualTo(-42);
            }
        });
    }

    @Test
    void shouldSendObjectWhoseSerializedFormExceeds2GiB() {
        int part = (int) (0.75 * GIB);
        LocalWorld.of(2).timeout(Duration.ofMinutes(9)).run(world -> {
            if (world.getRank() == 0) {
                List<byte[]> parts = new ArrayList<>();
                for (int p = 0; p < 3; p++) {
                    byte[] b = new byte[part];
                    b[0] = (byte) p;
                    b[part - 1] = (byte) (p + 10);
                    parts.add(b);
                }
                world.send(parts, 1, 0);
            } else {
                Status st = new Status();
                List<byte[]> parts = world.recv(0, 0, st);
                assertThat(st.getCount()).isGreaterThan(2 * GIB);
                assertThat(parts).hasSize(3);
                for (int p = 0; p < 3; p++) {
                    assertThat(parts.get(p)).hasSize(part);
                    assertThat(parts.get(p)[0]).isEqualTo((byte) p);
                    assertThat(parts.get(p)[part - 1]).isEqualTo((byte) (p + 10));
                }
            }
        });
    }
}
