package io.jmpi.internal.p2p;

import io.jmpi.ErrorClass;
import io.jmpi.LocalWorld;
import io.jmpi.MpiException;
import io.jmpi.Request;
import io.jmpi.internal.session.Sessions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** A transport's report of a lost peer fails what waits on that peer, keeping the transport's cause. */
@Timeout(60)
class PeerLostTest {

    @Test
    void shouldFailAPendingReceiveWithProcFailedAndTheTransportsCause() {
        LocalWorld.of(2).timeout(Duration.ofSeconds(30)).run(world -> {
            if (world.getRank() == 1) {
                Request<Object> r = world.irecv(0, 0);
                IOException cut = new IOException("connection reset");
                Sessions.current().engine().onPeerLost(0, cut); // as the transport reports it
                Throwable t = catchThrowable(r::waitFor);
                assertThat(t).isInstanceOf(MpiException.class).hasMessageContaining("rank 0 of the job has failed");
                assertThat(((MpiException) t).getErrorClass()).isEqualTo(ErrorClass.ERR_PROC_FAILED);
                assertThat(t.getCause()).as("the engine's error").hasRootCause(cut);
                Throwable later = catchThrowable(() -> world.recv(0, 1));
                assertThat(((MpiException) later).getErrorClass()).isEqualTo(ErrorClass.ERR_PROC_FAILED);
            }
        });
    }
}
