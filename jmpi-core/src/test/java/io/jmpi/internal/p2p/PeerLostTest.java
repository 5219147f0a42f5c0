package io.jmpi.internal.p2p;

import io.jmpi.ErrorClass;
import io.jmpi.MpiException;
import io.jmpi.internal.progress.IdleStrategy;
import io.jmpi.serial.ObjectSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/** A lost peer fails what waits on it, with the transport's cause. */
@Timeout(30)
class PeerLostTest {

    @Test
    void shouldFailAPendingReceiveWithTheCauseWhenItsPeerIsLost() {
        MessageEngine engine = new MessageEngine(0, new ObjectSerializer(), new IdleStrategy(0, 0, 1_000_000),
                64 * 1024, 1 << 20);
        RecvOp fromOne = engine.postReceive(0, 1, 1, 5, null);
        RecvOp fromAny = engine.postReceive(0, -1, -1, 6, null);
        IOException cause = new IOException("connection reset");
        engine.onPeerLost(1, cause);
        assertThat(fromOne.isDone()).isTrue();
        assertThat(fromAny.isDone()).isTrue();
        MpiException e = fromOne.error();
        assertThat(e.getErrorClass()).isEqualTo(ErrorClass.ERR_PROC_FAILED);
        assertThat(e).hasMessageContaining("rank 1").hasCause(cause);
    }
}
