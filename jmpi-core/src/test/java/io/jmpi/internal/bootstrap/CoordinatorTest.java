package io.jmpi.internal.bootstrap;

import io.jmpi.MpiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@Timeout(30)
class CoordinatorTest {
    private static final byte[] SECRET = "s3cret-s3cret-16".getBytes(StandardCharsets.US_ASCII);
    private static final InetSocketAddress ANY_LOOPBACK = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);

    @Test
    void shouldPublishLookUpAndFence() throws Exception {
        try (CoordinatorServer server = CoordinatorServer.start(ANY_LOOPBACK, "job-1", SECRET, 2);
             CoordinatorClient a = CoordinatorClient.connect(server.address(), "job-1", SECRET, 0, Duration.ofSeconds(5));
             CoordinatorClient b = CoordinatorClient.connect(server.address(), "job-1", SECRET, 1, Duration.ofSeconds(5))) {
            CompletableFuture<String> lookup = CompletableFuture.supplyAsync(() -> b.get("k"));
            a.put("k", "value-0");
            assertThat(lookup.get(5, TimeUnit.SECONDS)).isEqualTo("value-0");
            CompletableFuture<Void> fenceA = CompletableFuture.runAsync(() -> a.fence("f"));
            b.fence("f");
            fenceA.get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void shouldRefuseWrongSecretAndWrongJob() {
        try (CoordinatorServer server = CoordinatorServer.start(ANY_LOOPBACK, "job-1", SECRET, 2)) {
            assertThatThrownBy(() -> CoordinatorClient.connect(server.address(), "job-1",
                    "wrong".getBytes(StandardCharsets.US_ASCII), 0, Duration.ofSeconds(5)))
                    .isInstanceOf(MpiException.class).hasMessageContaining("wrong secret");
            assertThatThrownBy(() -> CoordinatorClient.connect(server.address(), "job-2", SECRET, 0,
                    Duration.ofSeconds(5)))
                    .isInstanceOf(MpiException.class).hasMessageContaining("job-2");
        }
    }

    @Test
    void shouldNameMissingRanksWhenFenceTimesOut() {
        try (CoordinatorServer server = CoordinatorServer.start(ANY_LOOPBACK, "job-1", SECRET, 3);
             CoordinatorClient a = CoordinatorClient.connect(server.address(), "job-1", SECRET, 0, Duration.ofMillis(300))) {
            assertThatThrownBy(() -> a.fence("init"))
                    .isInstanceOf(MpiException.class)
                    .hasMessageContaining("ranks 1,2 never arrived");
        }
    }

    @Test
    void shouldTimeOutWhenNoCoordinatorListens() throws Exception {
        InetSocketAddress nobody;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            nobody = new InetSocketAddress(InetAddress.getLoopbackAddress(), s.getLocalPort());
        }
        InetSocketAddress target = nobody;
        assertThatThrownBy(() -> CoordinatorClient.connect(target, "j", SECRET, 0, Duration.ofMillis(300)))
                .isInstanceOf(MpiException.class)
                .hasMessageContaining("did not answer");
    }
}
