package io.jmpi.transport.netty;

import io.jmpi.ErrorClass;
import io.jmpi.MpiException;
import io.jmpi.spi.Handshake;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Peers that go silent without closing their connection (a frozen or cut-off host). */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HeartbeatTest {
    private static final Map<String, String> FAST = Map.of(TcpConfig.HEARTBEAT, "100", TcpConfig.HEARTBEAT_TIMEOUT, "600");

    @Test
    void shouldReportPeerLostWhenItSendsNothingForTheTimeout() throws Exception {
        try (TcpRanks ranks = new TcpRanks(3, FAST);
             Socket silent = new Socket(ranks.host(1), ranks.port(1))) {
            // A member of the job (it knows the secret) that authenticates as rank 2, then freezes.
            OutputStream out = silent.getOutputStream();
            ByteBuffer hs = Handshake.encode(2, TcpRanks.JOB, TcpRanks.SECRET);
            ByteBuffer framed = ByteBuffer.allocate(4 + hs.remaining()).order(ByteOrder.LITTLE_ENDIAN);
            framed.putInt(hs.remaining()).put(hs);
            out.write(framed.array());
            out.flush();

            long start = System.nanoTime();
            CollectingListener.Lost lost = ranks.listener(1).lost.poll(10, TimeUnit.SECONDS);
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            assertThat(lost).as("rank 1 must report the silent rank 2 lost").isNotNull();
            assertThat(lost.peer()).isEqualTo(2);
            assertThat(lost.cause()).isInstanceOfSatisfying(MpiException.class, e -> {
                assertThat(e.getErrorClass()).isEqualTo(ErrorClass.ERR_PROC_FAILED);
                assertThat(e.getMessage()).contains("rank 2 sent nothing for").contains(TcpConfig.HEARTBEAT_TIMEOUT);
            });
            assertThat(millis).as("reported after about the timeout").isBetween(500L, 5_000L);
        }
    }

    @Test
    void shouldKeepIdleConnectionsOfLivePeersOpen() throws Exception {
        try (TcpRanks ranks = new TcpRanks(2, FAST)) {
            ranks.get(0).send(1, ByteBuffer.wrap(new byte[] {1}));
            assertThat(ranks.listener(1).take().bytes()).containsExactly(1);

            Thread.sleep(2_000); // more than three timeouts without a message

            ranks.get(1).send(0, ByteBuffer.wrap(new byte[] {2}));
            assertThat(ranks.listener(0).take().bytes()).containsExactly(2);
            assertThat(ranks.listener(0).lost).isEmpty();
            assertThat(ranks.listener(1).lost).isEmpty();
            assertThat(ranks.listener(0).frames).as("heartbeats are not delivered as frames").isEmpty();
            assertThat(ranks.listener(1).frames).isEmpty();
        }
    }

    @Test
    void shouldKeepIdleConnectionsOpenWithEventLoopThreadsToo() throws Exception {
        Map<String, String> cfg = new java.util.HashMap<>(FAST);
        cfg.put(TcpConfig.PROGRESS, TcpConfig.PROGRESS_THREADS);
        try (TcpRanks ranks = new TcpRanks(2, cfg)) {
            ranks.get(0).send(1, ByteBuffer.wrap(new byte[] {1}));
            assertThat(ranks.listener(1).take().bytes()).containsExactly(1);
            Thread.sleep(1_500);
            ranks.get(1).send(0, ByteBuffer.wrap(new byte[] {2}));
            assertThat(ranks.listener(0).take().bytes()).containsExactly(2);
            assertThat(ranks.listener(0).lost).isEmpty();
            assertThat(ranks.listener(1).lost).isEmpty();
        }
    }
}
