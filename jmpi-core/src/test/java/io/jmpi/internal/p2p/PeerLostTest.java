package io.jmpi.internal.p2p;

import io.jmpi.Buf;
import io.jmpi.ErrorClass;
import io.jmpi.LocalWorld;
import io.jmpi.MPI;
import io.jmpi.MpiException;
import io.jmpi.Request;
import io.jmpi.internal.session.Sessions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A peer reported lost by the transport fails every operation that waits on it, at once, with
 * {@code ERR_PROC_FAILED} carrying the transport's cause (the ranks are threads; the loss is
 * reported to the engine as a transport would).
 */
@Timeout(30)
class PeerLostTest {

    @Test
    void shouldFailPendingReceivesAndSendsWhenAPeerIsLost() {
        CountDownLatch checked = new CountDownLatch(1);
        LocalWorld.of(2).timeout(Duration.ofSeconds(20)).run(world -> {
            if (world.getRank() == 1) {
                // stays alive, silent, until rank 0 has checked: no goodbye may pre-empt the loss
                assertThat(checked.await(15, TimeUnit.SECONDS)).isTrue();
                return;
            }
            try {
                Request<?> fromPeer = world.irecv(Buf.of(new int[4]), 1, 5);
                Request<?> fromAny = world.irecv(MPI.ANY_SOURCE, 6);
                Request<?> rendezvous = world.isend(Buf.of(new byte[1 << 20]), 1, 7); // waits for the peer's answer
                IOException cause = new IOException("connection reset by peer");
                Sessions.current().engine().onPeerLost(1, cause);
                for (Request<?> r : List.of(fromPeer, fromAny, rendezvous)) {
                    assertThatThrownBy(() -> r.waitFor(Duration.ofSeconds(5)))
                            .isInstanceOfSatisfying(MpiException.class, e -> {
                                assertThat(e.getErrorClass()).isEqualTo(ErrorClass.ERR_PROC_FAILED);
                                assertThat(e.getMessage()).contains("rank 1");
                            })
                            .hasRootCause(cause);
                }
                assertThatThrownBy(() -> world.recv(1, 8)).isInstanceOfSatisfying(MpiException.class,
                        e -> assertThat(e.getErrorClass()).isEqualTo(ErrorClass.ERR_PROC_FAILED));
            } finally {
                checked.countDown();
            }
        });
    }
}
