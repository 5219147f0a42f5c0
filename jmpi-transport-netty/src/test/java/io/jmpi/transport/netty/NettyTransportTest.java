package io.jmpi.transport.netty;

import io.jmpi.ErrorClass;
import io.jmpi.MpiException;
import io.jmpi.spi.Transport;
import io.jmpi.spi.TransportProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class NettyTransportTest {

    @Test
    void shouldBeFoundAsInterProcessTransportNamedTcp() {
        TransportProvider p = TcpRanks.provider();
        assertThat(p).isInstanceOf(NettyTransportProvider.class);
        assertThat(p.interProcess()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"nio", "epoll", "auto"})
    void shouldDeliverExactBytesBothWays(String mode) throws Exception {
        assumeTrue(!mode.equals("epoll") || io.netty.channel.epoll.Epoll.isAvailable(), "native epoll not available");
        try (TcpRanks ranks = new TcpRanks(2, Map.of(TcpConfig.IO, mode))) {
            assertThat(ranks.get(0).localAddress()).matches("127\\.0\\.0\\.1:\\d+");
            byte[] hello = "hello from 0".getBytes(StandardCharsets.UTF_8);
            ranks.get(0).send(1, ByteBuffer.wrap(hello));
            CollectingListener.Frame f = ranks.listener(1).take();
            assertThat(f.peer()).isEqualTo(0);
            assertThat(f.bytes()).isEqualTo(hello);

            byte[] reply = new byte[256];
            for (int i = 0; i < reply.length; i++) {
                reply[i] = (byte) i;
            }
            ranks.get(1).send(0, ByteBuffer.wrap(reply));
            CollectingListener.Frame g = ranks.listener(0).take();
            assertThat(g.peer()).isEqualTo(1);
            assertThat(g.bytes()).isEqualTo(reply);
        }
    }

    @Test
    void shouldRefuseEmptyFrameWhichIsReservedForHeartbeats() throws Exception {
        try (TcpRanks ranks = new TcpRanks(2)) {
            assertThatThrownBy(() -> ranks.get(0).send(1)).isInstanceOfSatisfying(MpiException.class,
                    e -> assertThat(e.getErrorClass()).isEqualTo(ErrorClass.ERR_COUNT));
            assertThatThrownBy(() -> ranks.get(0).send(1, ByteBuffer.allocate(0))).isInstanceOf(MpiException.class);
            ranks.get(0).send(1, ByteBuffer.allocate(1));
            assertThat(ranks.listener(1).take().bytes()).hasSize(1);
        }
    }

    @Test
    void shouldDeliverInOrderFromOneSender() throws Exception {
        int count = 10_000;
        try (TcpRanks ranks = new TcpRanks(2)) {
            ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < count; i++) {
                b.clear();
                b.putInt(i).putInt(~i).flip();
                ranks.get(0).send(1, b); // the buffer is reused at once: send has copied it
            }
            for (int i = 0; i < count; i++) {
                ByteBuffer f = ranks.listener(1).take().buffer().order(ByteOrder.LITTLE_ENDIAN);
                assertThat(f.remaining()).isEqualTo(8);
                assertThat(f.getInt()).isEqualTo(i);
                assertThat(f.getInt()).isEqualTo(~i);
            }
            assertThat(ranks.listener(1).frames).isEmpty();
        }
    }

    @Test
    void shouldConcatenateMultiPartFramesWithoutMovingTheParts() throws Exception {
        try (TcpRanks ranks = new TcpRanks(2)) {
            ByteBuffer header = ByteBuffer.wrap("head|".getBytes(StandardCharsets.US_ASCII));
            ByteBuffer direct = ByteBuffer.allocateDirect(16);
            direct.put("direct|".getBytes(StandardCharsets.US_ASCII)).flip();
            ByteBuffer sliced = ByteBuffer.wrap("xxtailyy".getBytes(StandardCharsets.US_ASCII));
            sliced.position(2).limit(6);
            ByteBuffer empty = ByteBuffer.allocate(0);

            ranks.get(0).send(1, header, empty, direct, sliced);

            assertThat(new String(ranks.listener(1).take().bytes(), StandardCharsets.US_ASCII))
                    .isEqualTo("head|direct|tail");
            assertThat(header.position()).isZero();
            assertThat(direct.position()).isZero();
            assertThat(direct.limit()).isEqualTo(7);
            assertThat(sliced.position()).isEqualTo(2);
            assertThat(sliced.limit()).isEqualTo(6);
        }
    }

    @Test
    void shouldDeliverSixteenMebibyteFrame() throws Exception {
        byte[] big = new byte[16 << 20];
        new Random(42).nextBytes(big);
        try (TcpRanks ranks = new TcpRanks(2)) {
            ranks.get(0).send(1, ByteBuffer.wrap(big, 0, 1 << 20), ByteBuffer.wrap(big, 1 << 20, big.length - (1 << 20)));
            ranks.get(0).send(1, ByteBuffer.wrap(new byte[] {7}));
            assertThat(ranks.listener(1).take().bytes()).isEqualTo(big);
            assertThat(ranks.listener(1).take().bytes()).containsExactly(7);
        }
    }

    @Test
    void shouldRefuseFrameAboveConfiguredLimit() {
        try (TcpRanks ranks = new TcpRanks(2, Map.of(TcpConfig.MAX_FRAME_BYTES, "100"))) {
            assertThatThrownBy(() -> ranks.get(0).send(1, ByteBuffer.allocate(101)))
                    .isInstanceOfSatisfying(MpiException.class,
                            e -> assertThat(e.getErrorClass()).isEqualTo(ErrorClass.ERR_COUNT));
        }
    }

    @Test
    void shouldDeliverFromConcurrentSendersInEachSendersOrder() throws Exception {
        int threadsPerRank = 2;
        int perThread = 2_000;
        try (TcpRanks ranks = new TcpRanks(4)) {
            ExecutorService pool = Executors.newFixedThreadPool(3 * threadsPerRank);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<?>> done = new ArrayList<>();
                for (int r = 1; r < 4; r++) {
                    for (int t = 0; t < threadsPerRank; t++) {
                        Transport sender = ranks.get(r);
                        int thread = t;
                        done.add(pool.submit(() -> {
                            start.await();
                            byte[] payload = new byte[100];
                            for (int i = 0; i < perThread; i++) {
                                ByteBuffer b = ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
                                b.putInt(thread).putInt(i).rewind();
                                sender.send(0, b);
                            }
                            return null;
                        }));
                    }
                }
                start.countDown();
                for (Future<?> f : done) {
                    f.get(20, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            Map<String, Integer> next = new HashMap<>();
            for (int n = 0; n < 3 * threadsPerRank * perThread; n++) {
                CollectingListener.Frame f = ranks.listener(0).take();
                ByteBuffer b = f.buffer().order(ByteOrder.LITTLE_ENDIAN);
                String key = f.peer() + "/" + b.getInt();
                int expected = next.getOrDefault(key, 0);
                assertThat(b.getInt()).as("sequence of sender %s", key).isEqualTo(expected);
                next.put(key, expected + 1);
            }
            assertThat(next).hasSize(3 * threadsPerRank).allSatisfy((k, v) -> assertThat(v).isEqualTo(perThread));
        }
    }

    @Test
    void shouldUseOneConnectionPerPairWhenAllRanksConnectAtOnce() throws Exception {
        int size = 4;
        int perPeer = 200;
        for (int round = 0; round < 5; round++) {
            try (TcpRanks ranks = new TcpRanks(size)) {
                ExecutorService pool = Executors.newFixedThreadPool(size);
                try {
                    CountDownLatch start = new CountDownLatch(1);
                    List<Future<?>> done = new ArrayList<>();
                    for (int r = 0; r < size; r++) {
                        int me = r;
                        done.add(pool.submit(() -> {
                            start.await();
                            for (int i = 0; i < perPeer; i++) {
                                for (int p = 0; p < size; p++) {
                                    if (p != me) {
                                        ranks.get(me).send(p, ByteBuffer.allocate(4).putInt(0, i));
                                    }
                                }
                            }
                            return null;
                        }));
                    }
                    start.countDown();
                    for (Future<?> f : done) {
                        f.get(20, TimeUnit.SECONDS);
                    }
                } finally {
                    pool.shutdownNow();
                }
                for (int r = 0; r < size; r++) {
                    int[] next = new int[size];
                    for (int n = 0; n < (size - 1) * perPeer; n++) {
                        CollectingListener.Frame f = ranks.listener(r).take();
                        assertThat(f.buffer().getInt()).isEqualTo(next[f.peer()]++);
                    }
                }
                for (int r = 0; r < size; r++) {
                    NettyTransport t = ranks.netty(r);
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                    while (t.openConnections() != size - 1 && System.nanoTime() < deadline) {
                        Thread.sleep(10);
                    }
                    assertThat(t.openConnections()).as("open connections of rank %d", r).isEqualTo(size - 1);
                    assertThat(ranks.listener(r).lost).isEmpty();
                }
            }
        }
    }

    @Test
    void shouldRejectSendsToSelfAndOutsideTheJob() {
        try (TcpRanks ranks = new TcpRanks(2)) {
            for (int bad : new int[] {-1, 0, 2}) {
                assertThatThrownBy(() -> ranks.get(0).send(bad, ByteBuffer.allocate(1)))
                        .isInstanceOfSatisfying(MpiException.class,
                                e -> assertThat(e.getErrorClass()).isEqualTo(ErrorClass.ERR_RANK));
            }
        }
    }

    @Test
    void shouldCloseIdempotentlyAndRefuseLaterSends() throws Exception {
        TcpRanks ranks = new TcpRanks(2);
        ranks.get(0).send(1, ByteBuffer.allocate(1));
        ranks.listener(1).take();
        ranks.close();
        ranks.close();
        assertThatThrownBy(() -> ranks.get(0).send(1, ByteBuffer.allocate(1))).isInstanceOf(MpiException.class);
        assertThat(ranks.listener(0).lost).isEmpty();
    }

    @Test
    void shouldRunBackgroundProgressOnDaemonThreads() {
        try (TcpRanks ranks = new TcpRanks(2)) {
            ranks.get(0).send(1, ByteBuffer.allocate(1));
            List<Thread> loops = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("jmpi-progress-")).toList();
            assertThat(loops).hasSizeGreaterThanOrEqualTo(2).allSatisfy(t -> assertThat(t.isDaemon()).isTrue());
        }
    }

    @Test
    void shouldRunEventLoopThreadsOnDaemonThreadsWhenAskedFor() throws Exception {
        try (TcpRanks ranks = new TcpRanks(2, Map.of(TcpConfig.PROGRESS, TcpConfig.PROGRESS_THREADS))) {
            ranks.get(0).send(1, ByteBuffer.allocate(1));
            assertThat(ranks.listener(1).take()).isNotNull();
            List<Thread> loops = Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith("jmpi-tcp")).toList();
            assertThat(loops).isNotEmpty().allSatisfy(t -> assertThat(t.isDaemon()).isTrue());
        }
    }

    @Test
    void shouldBlockSenderWhileReceiverStallsAndTimeOutBoundedly() throws Exception {
        int frames = 1_000;
        try (TcpRanks ranks = new TcpRanks(2, Map.of(TcpConfig.SEND_TIMEOUT, "1000"))) {
            CountDownLatch open = new CountDownLatch(1);
            ranks.listener(1).holdFramesUntil(open);
            int sent = 0;
            MpiException timedOut = null;
            try {
                ByteBuffer chunk = ByteBuffer.allocateDirect(64 * 1024);
                for (; sent < frames; sent++) {
                    ranks.get(0).send(1, chunk.putInt(0, sent));
                }
            } catch (MpiException e) {
                timedOut = e;
            } finally {
                open.countDown();
            }
            assertThat(timedOut).as("a send to a stalled receiver must time out, not queue 64 MiB").isNotNull();
            assertThat(timedOut.getErrorClass()).isEqualTo(ErrorClass.ERR_TIMEOUT);
            assertThat(sent).isLessThan(frames);
            for (int i = 0; i < sent; i++) {
                assertThat(ranks.listener(1).take().buffer().getInt()).isEqualTo(i);
            }
            ranks.get(0).send(1, ByteBuffer.wrap(new byte[] {1}));
            assertThat(ranks.listener(1).take().bytes()).containsExactly(1);
        }
    }
}
