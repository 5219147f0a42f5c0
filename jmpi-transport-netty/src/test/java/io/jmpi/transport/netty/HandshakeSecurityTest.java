package io.jmpi.transport.netty;

import io.jmpi.spi.Handshake;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Strangers connecting to a rank: they are refused, and the job's own traffic goes on. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HandshakeSecurityTest {

    @Test
    void shouldCloseConnectionThatSendsGarbage() throws Exception {
        byte[] garbage = new byte[600];
        new Random(1).nextBytes(garbage);
        ByteBuffer frame = ByteBuffer.allocate(4 + garbage.length).order(ByteOrder.LITTLE_ENDIAN);
        frame.putInt(garbage.length).put(garbage);
        assertStrangerRefused(frame.array());
    }

    @Test
    void shouldCloseConnectionThatSendsUnframedGarbage() throws Exception {
        assertStrangerRefused("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void shouldRefuseWrongSecret() throws Exception {
        assertStrangerRefused(framed(Handshake.encode(0, TcpRanks.JOB, "guess".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void shouldRefuseAnotherJob() throws Exception {
        assertStrangerRefused(framed(Handshake.encode(0, "another-job", TcpRanks.SECRET)));
    }

    @Test
    void shouldRefuseRankOutsideTheJob() throws Exception {
        assertStrangerRefused(framed(Handshake.encode(7, TcpRanks.JOB, TcpRanks.SECRET)));
    }

    @Test
    void shouldCloseConnectionDeclaringHugeFrameBeforeHandshake() throws Exception {
        assertStrangerRefused(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x7f});
    }

    @Test
    void shouldCloseConnectionThatStaysSilent() throws Exception {
        assertStrangerRefused(new byte[0], false);
    }

    /**
     * A stranger connects to rank 1 and sends {@code bytes} (then, if {@code thenFrame}, a
     * well-formed frame, in case the rank were fooled); rank 1 must close the connection without delivering anything,
     * and ranks 0 and 1 must still exchange frames.
     */
    private static void assertStrangerRefused(byte[] bytes) throws Exception {
        assertStrangerRefused(bytes, true);
    }

    private static void assertStrangerRefused(byte[] bytes, boolean thenFrame) throws Exception {
        try (TcpRanks ranks = new TcpRanks(2, Map.of(TcpConfig.HANDSHAKE_TIMEOUT, "1000"))) {
            ranks.get(0).send(1, ByteBuffer.wrap(new byte[] {1}));
            assertThat(ranks.listener(1).take().bytes()).containsExactly(1);

            try (Socket stranger = new Socket(ranks.host(1), ranks.port(1))) {
                stranger.setSoTimeout(10_000);
                try {
                    stranger.getOutputStream().write(bytes);
                    if (thenFrame) {
                        stranger.getOutputStream().write(new byte[] {5, 0, 0, 0, 'e', 'v', 'i', 'l', '!'});
                    }
                    stranger.getOutputStream().flush();
                } catch (SocketException e) {
                    // already closed by the rank: fine
                }
                assertClosedByPeer(stranger.getInputStream());
            }

            ranks.get(0).send(1, ByteBuffer.wrap(new byte[] {2}));
            ranks.get(1).send(0, ByteBuffer.wrap(new byte[] {3}));
            CollectingListener.Frame f = ranks.listener(1).take();
            assertThat(f.peer()).isZero();
            assertThat(f.bytes()).containsExactly(2);
            assertThat(ranks.listener(0).take().bytes()).containsExactly(3);
            assertThat(ranks.listener(1).frames).isEmpty();
            assertThat(ranks.listener(0).lost).isEmpty();
            assertThat(ranks.listener(1).lost).isEmpty();
            assertThat(ranks.netty(1).openConnections()).isEqualTo(1);
        }
    }

    private static void assertClosedByPeer(InputStream in) throws IOException {
        try {
            byte[] sink = new byte[64];
            int n;
            while ((n = in.read(sink)) >= 0) {
                assertThat(n).as("the rank must answer a stranger with nothing").isZero();
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the rank did not close the stranger's connection", e);
        } catch (SocketException e) {
            // reset by the rank: closed too
        }
    }

    private static byte[] framed(ByteBuffer handshake) {
        ByteBuffer b = ByteBuffer.allocate(4 + handshake.remaining()).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(handshake.remaining()).put(handshake);
        return b.array();
    }
}
