package io.jmpi.internal.p2p;

import io.jmpi.Buf;
import io.jmpi.LocalWorld;
import io.jmpi.Request;
import io.jmpi.internal.session.Sessions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Large messages wait at the sender, so a receiver that posts nothing holds little memory. */
@Timeout(120)
class RendezvousMemoryTest {

    @Test
    void shouldHoldAboutTheEagerLimitWhenThousandLargeMessagesAreUnexpected() {
        int messages = 1000;
        int bytes = 1 << 20;
        LocalWorld.of(2).timeout(Duration.ofSeconds(100)).run(world -> {
            if (world.getRank() == 0) {
                byte[] data = new byte[bytes];
                for (int i = 0; i < bytes; i++) {
                    data[i] = (byte) i;
                }
                List<Request<Void>> sends = new ArrayList<>();
                for (int i = 0; i < messages; i++) {
                    sends.add(world.isend(Buf.of(data), 1, i));
                }
                world.send("all started", 1, messages);
                Request.waitall(sends);
            } else {
                world.recv(0, messages);
                long held = Sessions.current().engine().unexpectedBytes();
                assertThat(held).as("bytes held for %d unexpected messages of %d bytes", messages, bytes)
                        .isLessThan(64 * 1024);
                byte[] in = new byte[bytes];
                for (int i = messages - 1; i >= 0; i--) { // out of order: matched by tag
                    world.recv(Buf.of(in), 0, i);
                    assertThat(in[bytes - 1]).isEqualTo((byte) (bytes - 1));
                }
            }
        });
    }
}
