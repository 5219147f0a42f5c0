package io.jmpi.transport.netty;

import io.jmpi.ErrorClass;
import io.jmpi.MpiException;
import io.jmpi.spi.Handshake;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.DataInputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A peer that goes away is reported once, and sends to it fail. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PeerLossTest {

    @Test
    void shouldReportPeerLostWhenItsTransportCloses() throws Exception {
        try (TcpRanks ranks = new TcpRanks(3)) {
            ranks.get(0).send(1, ByteBuffer.allocate(1));
            ranks.get(2).send(1, ByteBuffer.allocate(1));
            ranks.listener(1).take();
            ranks.listener(1).take();

            ranks.get(1).close();

            CollectingListener.Lost lost0 = ranks.listener(0).lost.poll(5, TimeUnit.SECONDS);
            CollectingListener.Lost lost2 = ranks.listener(2).lost.poll(5, TimeUnit.SECONDS);
            assertThat(lost0).isNotNull();
            assertThat(lost0.peer()).isEqualTo(1);
            assertThat(lost2).isNotNull();
            assertThat(lost2.peer()).isEqualTo(1);
            assertThat(ranks.listener(1).lost).as("a rank's own close is not a loss").isEmpty();
            assertThatThrownBy(() -> ranks.get(0).send(1, ByteBuffer.allocate(1)))
                    .isInstanceOfSatisfying(MpiException.class,
                            e -> assertThat(e.getErrorClass()).isEqualTo(ErrorClass.ERR_PROC_FAILED));
            Thread.sleep(100);
            assertThat(ranks.listener(0).lost).as("reported once").isEmpty();
        }
    }

    @Test
    void shouldDeliverFramesSentBeforeCloseThenReportLoss() throws Exception {
        try (TcpRanks ranks = new TcpRanks(2)) {
            int count = 2_000;
            for (int i = 0; i < count; i++) {
                ranks.get(1).send(0, ByteBuffer.allocate(1024).putInt(0, i));
            }
            ranks.get(1).close();
            for (int i = 0; i < count; i++) {
                assertThat(ranks.listener(0).take().buffer().getInt()).isEqualTo(i);
            }
            assertThat(ranks.listener(0).lost.poll(5, TimeUnit.SECONDS)).isNotNull();
        }
    }

    @Test
    void shouldReportPeerLostWhenConnectionIsReset() throws Exception {
        try (TcpRanks ranks = new TcpRanks(2)) {
            // Rank 1 impersonated by a raw socket that knows the secret, then dies abruptly.
            try (Socket fake = new Socket(ranks.host(0), ranks.port(0))) {
                fake.setSoTimeout(10_000);
                OutputStream out = fake.getOutputStream();
                out.write(framed(Handshake.encode(1, TcpRanks.JOB, TcpRanks.SECRET)));
                DataInputStream in = new DataInputStream(fake.getInputStream());
                byte[] answer = new byte[5];
                in.readFully(answer);
                assertThat(answer).containsExactly(1, 0, 0, 0, Frames.ACCEPTED);
                out.write(framed(ByteBuffer.wrap(new byte[] {42})));
                out.flush();
                assertThat(ranks.listener(0).take().bytes()).containsExactly(42);
                fake.setSoLinger(true, 0); // close() now sends RST
            }
            CollectingListener.Lost lost = ranks.listener(0).lost.poll(5, TimeUnit.SECONDS);
            assertThat(lost).isNotNull();
            assertThat(lost.peer()).isEqualTo(1);
        }
    }

    @Test
    void shouldCloseConnectionAndReportLossWhenListenerRefusesFrame() throws Exception {
        try (TcpRanks ranks = new TcpRanks(2)) {
            ranks.listener(1).refuseFrames(f -> f.remaining() == 3);
            ranks.get(0).send(1, ByteBuffer.allocate(1));
            ranks.get(0).send(1, ByteBuffer.allocate(3));
            try {
                ranks.get(0).send(1, ByteBuffer.allocate(2));
            } catch (MpiException e) {
                // rank 1 may already have closed the connection after the refused frame
                assertThat(e.getErrorClass()).isEqualTo(ErrorClass.ERR_PROC_FAILED);
            }
            assertThat(ranks.listener(1).take().bytes()).hasSize(1);
            CollectingListener.Lost lost1 = ranks.listener(1).lost.poll(5, TimeUnit.SECONDS);
            assertThat(lost1).isNotNull();
            assertThat(lost1.peer()).isZero();
            assertThat(lost1.cause()).hasMessageContaining("malformed test frame");
            assertThat(ranks.listener(0).lost.poll(5, TimeUnit.SECONDS)).isNotNull();
            assertThat(ranks.listener(1).frames).as("nothing after the refused frame").isEmpty();
        }
    }

    @Test
    void shouldFailSendWhenPeerDoesNotListen() throws Exception {
        try (TcpRanks ranks = new TcpRanks(2)) {
            ranks.get(1).close();
            assertThatThrownBy(() -> ranks.get(0).send(1, ByteBuffer.allocate(1)))
                    .isInstanceOfSatisfying(MpiException.class,
                            e -> assertThat(e.getErrorClass()).isEqualTo(ErrorClass.ERR_PROC_FAILED));
            CollectingListener.Lost lost = ranks.listener(0).lost.poll(5, TimeUnit.SECONDS);
            assertThat(lost).isNotNull();
            assertThat(lost.peer()).isEqualTo(1);
        }
    }

    private static byte[] framed(ByteBuffer frame) {
        ByteBuffer b = ByteBuffer.allocate(4 + frame.remaining()).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(frame.remaining()).put(frame);
        return b.array();
    }
}
