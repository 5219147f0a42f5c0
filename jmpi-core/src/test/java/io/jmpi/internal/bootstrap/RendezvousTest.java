package io.jmpi.internal.bootstrap;

import io.jmpi.ErrorClass;
import io.jmpi.MpiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Rank 0 running the coordinator under a foreign launcher, with ranks as threads. */
@Timeout(30)
class RendezvousTest {
    private static final SerialAgreement.Fingerprint SERIAL = SerialAgreement.Fingerprint.of(List.of("strict false"));

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static BootstrapInfo info(int rank, int size, int port, Duration timeout) {
        return new BootstrapInfo(rank, size, rank, size, "root-127.0.0.1:" + port, new byte[0],
                InetSocketAddress.createUnresolved("127.0.0.1", port), "tcp", timeout, "torchrun-style",
                "MASTER_ADDR/MASTER_PORT");
    }

    @Test
    void shouldLetRankZeroRunTheCoordinatorAndGiveEveryRankEveryAddress() throws Exception {
        int port = freePort();
        int size = 4;
        List<CompletableFuture<Rendezvous>> joined = new ArrayList<>();
        // the others start first and wait for rank 0
        for (int r = size - 1; r >= 0; r--) {
            int rank = r;
            joined.add(CompletableFuture.supplyAsync(() -> {
                Rendezvous rv = Rendezvous.join(info(rank, size, port, Duration.ofSeconds(10)));
                assertThat(rv.transportInterface()).isEqualTo("127.0.0.1");
                rv.publish("addr-" + rank, SERIAL);
                return rv;
            }));
        }
        List<Rendezvous> all = new ArrayList<>();
        for (CompletableFuture<Rendezvous> f : joined) {
            all.add(f.get(20, TimeUnit.SECONDS));
        }
        Rendezvous rankZero = all.get(size - 1);
        rankZero.close(); // rank 0 may finalize first: the others already know every address
        for (Rendezvous rv : all) {
            for (int p = 0; p < size; p++) {
                assertThat(rv.directory().lookup(p)).isEqualTo("addr-" + p);
            }
            rv.close();
        }
    }

    @Test
    void shouldFailEveryRankWhenOneSerializesDifferently() throws Exception {
        int port = freePort();
        int size = 3;
        SerialAgreement.Fingerprint other = SerialAgreement.Fingerprint.of(List.of("strict false", "#0 int (X)"));
        List<CompletableFuture<Throwable>> outcomes = new ArrayList<>();
        for (int r = 0; r < size; r++) {
            int rank = r;
            outcomes.add(CompletableFuture.supplyAsync(() -> {
                try (Rendezvous rv = Rendezvous.join(info(rank, size, port, Duration.ofSeconds(10)))) {
                    rv.publish("addr-" + rank, rank == 2 ? other : SERIAL);
                    return null;
                } catch (Throwable e) {
                    return e;
                }
            }));
        }
        for (int r = 0; r < size; r++) {
            assertThat(outcomes.get(r).get(20, TimeUnit.SECONDS)).as("rank %d", r)
                    .isInstanceOf(MpiException.class)
                    .hasMessageContaining("rank " + r + ": objects cannot travel between the ranks")
                    .hasMessageContaining("rank 2 has \"#0 int (X)\" where rank 0 has \"(nothing more)\"")
                    .hasMessageContaining("ranks that differ from rank 0: [2]")
                    .satisfies(e -> assertThat(((MpiException) e).getErrorClass()).isEqualTo(ErrorClass.ERR_OTHER));
        }
    }

    @Test
    void shouldNameRankZeroWhenItsCoordinatorNeverAnswers() throws Exception {
        int port = freePort();
        assertThatThrownBy(() -> Rendezvous.join(info(1, 2, port, Duration.ofMillis(600))))
                .isInstanceOf(MpiException.class)
                .hasMessageContaining("rank 0 never arrived")
                .hasMessageContaining("127.0.0.1:" + port)
                .hasMessageContaining("MASTER_ADDR/MASTER_PORT")
                .satisfies(e -> assertThat(((MpiException) e).getErrorClass()).isEqualTo(ErrorClass.ERR_TIMEOUT));
    }

    @Test
    void shouldNameTheRanksThatNeverArrived() throws Exception {
        int port = freePort();
        try (Rendezvous zero = Rendezvous.join(info(0, 3, port, Duration.ofMillis(800)))) {
            assertThatThrownBy(() -> zero.publish("addr-0", SERIAL))
                    .isInstanceOf(MpiException.class)
                    .hasMessageContaining("ranks 1,2 never arrived");
        }
    }

    @Test
    void shouldSayWhenRankZeroCannotListenAtTheRendezvousPort() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> Rendezvous.join(info(0, 2, taken.getLocalPort(), Duration.ofSeconds(2))))
                    .isInstanceOf(MpiException.class)
                    .hasMessageContaining("rank 0 cannot run the job's coordinator at port " + taken.getLocalPort())
                    .hasMessageContaining("MASTER_ADDR/MASTER_PORT");
        }
    }
}
