package io.jmpi.internal.p2p;

import io.jmpi.ErrorClass;
import io.jmpi.MPI;
import io.jmpi.MpiException;
import io.jmpi.Buf;
import io.jmpi.internal.progress.IdleStrategy;
import io.jmpi.serial.ObjectSerializer;
import io.jmpi.spi.Transport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** What the engine does when its transport reports a peer lost. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class PeerLossTest {

    private static MessageEngine engine() {
        MessageEngine e = new MessageEngine(0, new ObjectSerializer(), new IdleStrategy(0, 0, 1_000_000), 65_536, 1 << 20);
        e.attach(new Transport() {
            @Override
            public String localAddress() {
                return null;
            }

            @Override
            public void send(int peer, ByteBuffer... parts) {
            }

            @Override
            public void close() {
            }
        });
        return e;
    }

    @Test
    void shouldFailPendingReceivesFromTheLostPeerNamingItAndTheCause() {
        MessageEngine e = engine();
        RecvOp fromLost = e.postReceive(0, 1, 1, 5, null);
        RecvOp fromAny = e.postReceive(0, MPI.ANY_SOURCE, -1, 5, null);
        RecvOp fromOther = e.postReceive(0, 2, 2, 5, Buf.of(new byte[1]));

        e.onPeerLost(1, new MpiException(ErrorClass.ERR_PROC_FAILED, "rank 1 sent nothing for 4000 ms"));

        assertThat(e.await(fromLost, System.nanoTime() + TimeUnit.SECONDS.toNanos(5))).isTrue();
        assertThat(fromLost.error()).isNotNull();
        assertThat(fromLost.error().getErrorClass()).isEqualTo(ErrorClass.ERR_PROC_FAILED);
        assertThat(fromLost.error().getMessage()).contains("rank 1").contains("sent nothing for 4000 ms");
        assertThat(fromAny.isDone()).as("ANY_SOURCE receives fail too: the lost rank may have been the sender").isTrue();
        assertThat(fromOther.isDone()).as("receives from live ranks go on waiting").isFalse();
    }
}
