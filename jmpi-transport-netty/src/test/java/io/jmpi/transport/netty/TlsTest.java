package io.jmpi.transport.netty;

import io.jmpi.Buf;
import io.jmpi.ErrorClass;
import io.jmpi.LocalWorld;
import io.jmpi.MpiException;
import io.jmpi.internal.bootstrap.JobKeys;
import io.jmpi.spi.Handshake;
import io.jmpi.spi.Transport;
import io.jmpi.spi.TransportContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** TLS between ranks: a job whose ranks hold its key talks; a stranger without it, even with the secret, does not. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TlsTest {
    private static JobKeys keys;
    private static JobKeys otherKeys;

    @BeforeAll
    static void makeKeys() {
        keys = JobKeys.generate("tls-test");
        otherKeys = JobKeys.generate("another-job");
    }

    private static Map<String, String> tls(JobKeys k) {
        return Map.of(TcpConfig.TLS_KEYSTORE, k.inline(), TcpConfig.TLS_PASSWORD, k.password(),
                TcpConfig.HANDSHAKE_TIMEOUT, "2000");
    }

    @Test
    void shouldExchangeMessagesInATlsWorldOfThreeRanks() {
        System.setProperty(TcpConfig.TLS_KEYSTORE, keys.inline());
        System.setProperty(TcpConfig.TLS_PASSWORD, keys.password());
        try {
            LocalWorld.of(3).transport("tcp").timeout(Duration.ofSeconds(30)).run(world -> {
                int rank = world.getRank();
                int next = (rank + 1) % 3;
                int prev = (rank + 2) % 3;
                for (int i = 0; i < 20; i++) {
                    String got = world.sendrecv("from " + rank + " #" + i, next, 1, prev, 1);
                    assertThat(got).isEqualTo("from " + prev + " #" + i);
                }
                double[] out = new double[200_000]; // rendezvous, several TLS records
                Arrays.fill(out, rank);
                double[] in = new double[out.length];
                world.sendrecv(Buf.of(out), next, 2, Buf.of(in), prev, 2);
                assertThat(in).containsOnly((double) prev);
                int[] sum = new int[1];
                world.allreduce(Buf.of(new int[] {rank + 1}), Buf.of(sum), io.jmpi.Op.SUM);
                assertThat(sum[0]).isEqualTo(6);
            });
        } finally {
            System.clearProperty(TcpConfig.TLS_KEYSTORE);
            System.clearProperty(TcpConfig.TLS_PASSWORD);
        }
    }

    @Test
    void shouldRefuseAPlaintextClientEvenWithTheJobsSecret() throws Exception {
        try (TcpRanks ranks = new TcpRanks(2, tls(keys))) {
            ranks.get(0).send(1, ByteBuffer.wrap(new byte[] {1}));
            assertThat(ranks.listener(1).take().bytes()).containsExactly(1);

            try (Socket stranger = new Socket(ranks.host(1), ranks.port(1))) {
                stranger.setSoTimeout(10_000);
                ByteBuffer hello = Handshake.encode(0, TcpRanks.JOB, TcpRanks.SECRET);
                ByteBuffer framed = ByteBuffer.allocate(4 + hello.remaining()).order(ByteOrder.LITTLE_ENDIAN);
                framed.putInt(hello.remaining()).put(hello);
                try {
                    stranger.getOutputStream().write(framed.array());
                    stranger.getOutputStream().flush();
                } catch (SocketException e) {
                    // already closed: fine
                }
                byte[] answer = readUntilClosed(stranger.getInputStream());
                // at most a TLS alert (content type 21), never the one-byte answer of a jmpi handshake
                assertThat(answer.length == 0 || answer[0] == 21).as("answer %s", Arrays.toString(answer)).isTrue();
            }
            assertStillTalking(ranks);
        }
    }

    @Test
    void shouldRefuseARankWithAnotherKey() throws Exception {
        try (TcpRanks ranks = new TcpRanks(2, tls(keys))) {
            CollectingListener impostorListener = new CollectingListener();
            Transport impostor = TcpRanks.provider().open(new TransportContext(0, 2, TcpRanks.JOB, TcpRanks.SECRET,
                    impostorListener, ranks.directory::get, tls(otherKeys)));
            try {
                assertThatThrownBy(() -> impostor.send(1, ByteBuffer.wrap(new byte[] {9})))
                        .hasMessageContaining("TLS")
                        .isInstanceOf(MpiException.class)
                        .satisfies(e -> assertThat(((MpiException) e).getErrorClass())
                                .isEqualTo(ErrorClass.ERR_PROC_FAILED));
            } finally {
                impostor.close();
            }
            assertStillTalking(ranks);
        }
    }

    @Test
    void shouldRefuseAPlaintextRankOfTheJob() throws Exception {
        try (TcpRanks ranks = new TcpRanks(2, tls(keys))) {
            Transport plain = TcpRanks.provider().open(new TransportContext(0, 2, TcpRanks.JOB, TcpRanks.SECRET,
                    new CollectingListener(), ranks.directory::get, Map.of(TcpConfig.CONNECT_TIMEOUT, "5000")));
            try {
                assertThatThrownBy(() -> plain.send(1, ByteBuffer.wrap(new byte[] {9})))
                        .isInstanceOf(MpiException.class);
            } finally {
                plain.close();
            }
            assertStillTalking(ranks);
        }
    }

    @Test
    void shouldSayWhenTheKeystoreCannotBeRead() {
        assertThatThrownBy(() -> new TcpRanks(1, Map.of(TcpConfig.TLS_KEYSTORE, keys.inline(),
                TcpConfig.TLS_PASSWORD, "wrong")))
                .isInstanceOf(MpiException.class)
                .hasMessageContaining(TcpConfig.TLS_KEYSTORE)
                .satisfies(e -> assertThat(((MpiException) e).getErrorClass()).isEqualTo(ErrorClass.ERR_ARG));
        assertThatThrownBy(() -> new TcpRanks(1, Map.of(TcpConfig.TLS, "true")))
                .isInstanceOf(MpiException.class)
                .hasMessageContaining("no keystore");
    }

    /** Ranks 0 and 1 still exchange frames, and nothing else reached rank 1. */
    private static void assertStillTalking(TcpRanks ranks) throws InterruptedException {
        ranks.get(0).send(1, ByteBuffer.wrap(new byte[] {2}));
        ranks.get(1).send(0, ByteBuffer.wrap(new byte[] {3}));
        CollectingListener.Frame f = ranks.listener(1).take();
        assertThat(f.peer()).isZero();
        assertThat(f.bytes()).containsExactly(2);
        assertThat(ranks.listener(0).take().bytes()).containsExactly(3);
        assertThat(ranks.listener(1).frames).isEmpty();
        assertThat(ranks.listener(0).lost).isEmpty();
        assertThat(ranks.listener(1).lost).isEmpty();
    }

    private static byte[] readUntilClosed(InputStream in) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        try {
            byte[] b = new byte[256];
            int n;
            while ((n = in.read(b)) >= 0) {
                got.write(b, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the rank did not close the stranger's connection", e);
        } catch (SocketException e) {
            // reset by the rank: closed too
        }
        return got.toByteArray();
    }
}
