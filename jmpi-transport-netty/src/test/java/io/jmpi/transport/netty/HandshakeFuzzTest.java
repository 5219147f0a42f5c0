package io.jmpi.transport.netty;

import io.jmpi.LocalWorld;
import io.jmpi.MpiException;
import io.jmpi.internal.wire.WireFormat;
import io.jmpi.spi.Handshake;
import io.jmpi.spi.TransportContext;
import io.netty.buffer.PooledByteBufAllocator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the surface a stranger can reach: for {@code -Djmpi.fuzz.seconds} (default
 * {@value #DEFAULT_SECONDS}) several threads open raw connections to the ranks of a 3-rank TCP
 * job and send random bytes, random frames, declared lengths that are huge or negative,
 * handshakes with mutated fields (magic, version, rank, lengths, job, secret; never a fully valid
 * one), truncated handshakes, wrong secrets followed by frames, a refused handshake followed by a
 * valid one, slow writes, silence and floods of connections. Meanwhile the ranks run
 * {@link SoakTraffic}, every message checked.
 *
 * <p>Asserts: every stranger's connection is closed by the rank within the handshake limit plus
 * a margin, and the rank sends it nothing; the job's traffic completes intact (no error reaches a
 * rank); the ranks keep only their own connections afterwards; neither the heap (live data after
 * a full GC) nor Netty's pooled direct memory grows by more than {@value #HEAP_GROWTH_MIB} MiB
 * (a guard against blow-ups, not a leak detector: the job's own messages in flight, up to 1 MiB
 * each, are in the measure; Netty's leak detector, at PARANOID in this module, catches leaked
 * buffers). {@code -Djmpi.fuzz.seed} replays the fuzzers' choices (the
 * seed is printed; the timing of the connections is not replayed).
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class HandshakeFuzzTest {
    private static final int DEFAULT_SECONDS = 10;
    private static final int SIZE = 3;
    private static final int FUZZERS = 8;
    private static final int HEAP_GROWTH_MIB = 128;
    /** How long after its last byte a stranger may wait for the rank to close its connection. */
    private static final Duration CLOSE_BOUND = Duration.ofMillis(ObservedTcpProvider.HANDSHAKE_TIMEOUT_MILLIS + 4000);

    private enum Case {
        RANDOM_BYTES, RANDOM_FRAME, HUGE_LENGTH, MUTATED_HANDSHAKE, REFUSED_FIELD, TRUNCATED_HANDSHAKE,
        WRONG_SECRET_THEN_FRAMES, REFUSED_THEN_VALID, SLOW_WRITER, SILENT, FLOOD
    }

    private final Map<Case, AtomicLong> connections = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();

    @Test
    void shouldCloseEveryStrangerWhileTheJobGoesOnIntact() throws Exception {
        int seconds = Integer.getInteger("jmpi.fuzz.seconds", DEFAULT_SECONDS);
        long seed = Long.getLong("jmpi.fuzz.seed", System.nanoTime());
        System.out.println("fuzz: " + FUZZERS + " fuzzers for " + seconds + " s against " + SIZE
                + " ranks, -Djmpi.fuzz.seed=" + seed);
        ObservedTcpProvider.OPENED.clear();
        AtomicBoolean trafficGoesOn = new AtomicBoolean(true);
        SoakTraffic.Stats[] stats = new SoakTraffic.Stats[SIZE];
        ObservedTcpProvider.Opened[] ranks = new ObservedTcpProvider.Opened[SIZE];
        long[] heap = new long[2];
        long[] direct = new long[2];
        int[] connectionsLeft = new int[SIZE];
        Throwable[] fuzzFailure = new Throwable[1];

        Thread fuzz = new Thread(() -> {
            try {
                for (int i = 0; i < SIZE; i++) {
                    ObservedTcpProvider.Opened o = ObservedTcpProvider.OPENED.poll(30, TimeUnit.SECONDS);
                    assertThat(o).as("rank transports opened").isNotNull();
                    ranks[o.context().rank()] = o;
                }
                Thread.sleep(500); // the ranks are connected and busy
                heap[0] = usedHeapAfterGc();
                direct[0] = PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory();
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
                List<Thread> fuzzers = new ArrayList<>();
                for (int f = 0; f < FUZZERS; f++) {
                    Random random = new Random(seed + f);
                    Thread t = new Thread(() -> fuzzUntil(end, random, ranks), "fuzzer-" + f);
                    t.start();
                    fuzzers.add(t);
                }
                for (Thread t : fuzzers) {
                    t.join();
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                for (int r = 0; r < SIZE; r++) {
                    while (ranks[r].transport().openConnections() > SIZE - 1 && System.nanoTime() < deadline) {
                        Thread.sleep(20);
                    }
                    connectionsLeft[r] = ranks[r].transport().openConnections();
                }
                heap[1] = usedHeapAfterGc();
                direct[1] = PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory();
            } catch (Throwable e) {
                fuzzFailure[0] = e;
            } finally {
                trafficGoesOn.set(false);
            }
        }, "fuzz");
        fuzz.start();
        LocalWorld.of(SIZE).transport(ObservedTcpProvider.NAME).timeout(Duration.ofSeconds(seconds + 120L))
                .run(world -> stats[world.getRank()] = SoakTraffic.run(world, seed, trafficGoesOn::get));
        fuzz.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(fuzz.isAlive()).as("the fuzz thread ended").isFalse();
        if (fuzzFailure[0] != null) {
            throw new AssertionError("the fuzz thread failed", fuzzFailure[0]);
        }

        long total = connections.values().stream().mapToLong(AtomicLong::get).sum();
        System.out.println("fuzz: " + total + " stranger connections " + connections);
        SoakTraffic.Stats traffic = new SoakTraffic.Stats(0, 0, 0, 0);
        for (SoakTraffic.Stats s : stats) {
            traffic = traffic.plus(s);
        }
        System.out.println("fuzz: the job meanwhile: " + traffic);
        System.out.println("fuzz: heap after GC " + (heap[0] >> 20) + " MiB before, " + (heap[1] >> 20)
                + " MiB after; Netty pooled direct memory " + (direct[0] >> 20) + " MiB before, " + (direct[1] >> 20)
                + " MiB after");
        assertThat(failures).as("strangers' connections that were not handled as they must be").isEmpty();
        assertThat(total).as("stranger connections made").isGreaterThan(50);
        for (Case c : Case.values()) {
            assertThat(connections.get(c)).as("connections of case %s", c).isNotNull();
        }
        assertThat(connectionsLeft).as("connections each rank keeps after the fuzzing").containsOnly(SIZE - 1);
        assertThat(traffic.messages()).as("messages the job exchanged and checked meanwhile").isPositive();
        assertThat(heap[1] - heap[0]).as("heap growth").isLessThan((long) HEAP_GROWTH_MIB << 20);
        assertThat(direct[1] - direct[0]).as("Netty direct memory growth").isLessThan((long) HEAP_GROWTH_MIB << 20);
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        System.gc();
        Thread.sleep(50);
        return rt.totalMemory() - rt.freeMemory();
    }

    // ---- The fuzzers ----

    private void fuzzUntil(long end, Random random, ObservedTcpProvider.Opened[] ranks) {
        Case[] cases = Case.values();
        while (System.nanoTime() < end) {
            Case c = cases[random.nextInt(cases.length)];
            int target = random.nextInt(SIZE);
            ObservedTcpProvider.Opened rank = ranks[target];
            try {
                if (c == Case.FLOOD) {
                    flood(random, rank);
                } else {
                    stranger(c, random, rank);
                }
            } catch (IOException | RuntimeException e) {
                failures.add(c + " against rank " + target + ": " + e);
            }
        }
    }

    /** One stranger: connects, sends what its case says, and checks that the rank closes the connection. */
    private void stranger(Case c, Random random, ObservedTcpProvider.Opened rank) throws IOException {
        connections.computeIfAbsent(c, k -> new AtomicLong()).incrementAndGet();
        TransportContext ctx = rank.context();
        try (Socket s = connect(rank)) {
            OutputStream out = s.getOutputStream();
            boolean closeOutput = false;
            try {
                switch (c) {
                    case RANDOM_BYTES -> writeInChunks(out, random, randomBytes(random, random.nextInt(3000)));
                    case RANDOM_FRAME -> {
                        int n = random.nextInt(Handshake.MAX_LENGTH + 1);
                        out.write(concat(le(n), randomBytes(random, n), randomBytes(random, random.nextInt(64))));
                    }
                    case HUGE_LENGTH -> {
                        int[] lengths = {Handshake.MAX_LENGTH + 1, 1 << 16, Integer.MAX_VALUE, -1, Integer.MIN_VALUE,
                            Handshake.MAX_LENGTH + 1 + random.nextInt(Integer.MAX_VALUE - Handshake.MAX_LENGTH - 1),
                            -1 - random.nextInt(Integer.MAX_VALUE)};
                        out.write(concat(le(lengths[random.nextInt(lengths.length)]),
                                randomBytes(random, random.nextInt(2048))));
                    }
                    case MUTATED_HANDSHAKE -> writeInChunks(out, random, mutated(random, ctx));
                    case REFUSED_FIELD -> out.write(framed(refusedField(random, ctx)));
                    case TRUNCATED_HANDSHAKE -> {
                        byte[] whole = random.nextBoolean() ? framed(wrongSecret(random, ctx)) : mutated(random, ctx);
                        out.write(Arrays.copyOf(whole, random.nextInt(whole.length)));
                        closeOutput = random.nextBoolean();
                    }
                    case WRONG_SECRET_THEN_FRAMES -> {
                        ByteArrayOutputStream b = new ByteArrayOutputStream();
                        b.write(framed(wrongSecret(random, ctx)));
                        for (int i = random.nextInt(6); i > 0; i--) {
                            int n = random.nextInt(5000);
                            b.write(concat(le(random.nextInt(8) == 0 ? Integer.MAX_VALUE : n), randomBytes(random, n)));
                        }
                        writeInChunks(out, random, b.toByteArray());
                    }
                    case REFUSED_THEN_VALID -> out.write(concat(framed(random.nextBoolean() ? wrongSecret(random, ctx)
                            : refusedField(random, ctx)), framed(valid(peerOf(random, ctx), ctx))));
                    case SLOW_WRITER -> {
                        for (byte b : framed(wrongSecret(random, ctx))) {
                            out.write(b);
                            out.flush();
                            sleep(random.nextInt(4));
                        }
                    }
                    case SILENT -> {
                        // nothing: the rank's handshake time limit closes it
                    }
                    default -> throw new AssertionError(c);
                }
                out.flush();
                if (closeOutput) {
                    s.shutdownOutput();
                }
            } catch (SocketException e) {
                // the rank closed the connection while we were writing: what it should do, sooner or later
            }
            expectClosedByRank(s, c + " against rank " + ctx.rank());
        }
    }

    /** Many connections at once, each sending a few bytes or nothing; every one must be closed. */
    private void flood(Random random, ObservedTcpProvider.Opened rank) throws IOException {
        connections.computeIfAbsent(Case.FLOOD, k -> new AtomicLong()).incrementAndGet();
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 10 + random.nextInt(30); i > 0; i--) {
                Socket s = connect(rank);
                sockets.add(s);
                if (random.nextBoolean()) {
                    try {
                        s.getOutputStream().write(randomBytes(random, random.nextInt(8)));
                    } catch (SocketException e) {
                        // closed already
                    }
                }
            }
            for (Socket s : sockets) {
                expectClosedByRank(s, "FLOOD of " + sockets.size() + " against rank " + rank.context().rank());
            }
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
        }
    }

    private static Socket connect(ObservedTcpProvider.Opened rank) throws IOException {
        String address = rank.transport().localAddress();
        int colon = address.lastIndexOf(':');
        Socket s = new Socket();
        s.connect(new InetSocketAddress(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1))),
                5000);
        s.setSoTimeout((int) CLOSE_BOUND.toMillis());
        return s;
    }

    /** Reads until the rank closes (end of stream or reset); the rank must send nothing and must not wait too long. */
    private void expectClosedByRank(Socket s, String what) {
        long start = System.nanoTime();
        try {
            InputStream in = s.getInputStream();
            byte[] sink = new byte[256];
            int n;
            while ((n = in.read(sink)) >= 0) {
                if (n > 0) {
                    failures.add(what + ": the rank answered a stranger with " + n + " bytes");
                    return;
                }
            }
        } catch (SocketTimeoutException e) {
            failures.add(what + ": the rank did not close the connection within "
                    + (System.nanoTime() - start) / 1_000_000 + " ms");
        } catch (IOException e) {
            // reset by the rank: closed too
        }
    }

    // ---- What strangers send ----

    private static byte[] valid(int rank, TransportContext ctx) {
        return bytes(Handshake.encode(rank, ctx.jobId(), ctx.secret()));
    }

    private static byte[] wrongSecret(Random random, TransportContext ctx) {
        byte[] secret = ctx.secret().clone();
        if (random.nextBoolean()) {
            secret[random.nextInt(secret.length)] ^= (byte) (1 << random.nextInt(8));
        } else {
            secret = randomBytes(random, random.nextInt(64));
        }
        return bytes(Handshake.encode(peerOf(random, ctx), ctx.jobId(), secret));
    }

    /** A handshake with the job's secret and one field the rank must refuse. */
    private static byte[] refusedField(Random random, TransportContext ctx) {
        return switch (random.nextInt(5)) {
            case 0 -> bytes(Handshake.encode(ctx.rank(), ctx.jobId(), ctx.secret())); // the rank's own
            case 1 -> bytes(Handshake.encode(ctx.size() + random.nextInt(1000), ctx.jobId(), ctx.secret()));
            case 2 -> bytes(Handshake.encode(-1 - random.nextInt(1000), ctx.jobId(), ctx.secret()));
            case 3 -> bytes(Handshake.encode(peerOf(random, ctx), "another-" + ctx.jobId(), ctx.secret()));
            default -> {
                ByteBuffer b = Handshake.encode(peerOf(random, ctx), ctx.jobId(), ctx.secret());
                b.order(ByteOrder.LITTLE_ENDIAN).putShort(4, (short) (WireFormat.VERSION + 1 + random.nextInt(100)));
                yield bytes(b);
            }
        };
    }

    /**
     * A framed handshake of a peer with the job's secret, mutated one to four times (bytes, fields,
     * lengths, the frame's length), and never one the rank would accept.
     */
    private static byte[] mutated(Random random, TransportContext ctx) {
        while (true) {
            byte[] h = valid(peerOf(random, ctx), ctx);
            int jobLength = ctx.jobId().getBytes(StandardCharsets.UTF_8).length;
            for (int m = 1 + random.nextInt(4); m > 0; m--) {
                ByteBuffer b = ByteBuffer.wrap(h).order(ByteOrder.LITTLE_ENDIAN);
                switch (random.nextInt(8)) {
                    case 0 -> h[random.nextInt(h.length)] ^= (byte) (1 << random.nextInt(8));
                    case 1 -> h[random.nextInt(h.length)] = (byte) random.nextInt(256);
                    case 2 -> b.putInt(0, random.nextInt()); // magic
                    case 3 -> b.putInt(6, random.nextInt()); // rank
                    case 4 -> b.putShort(10, (short) random.nextInt(1 << 16)); // job id length
                    case 5 -> b.putShort(12 + jobLength, (short) random.nextInt(1 << 16)); // secret length
                    case 6 -> h = Arrays.copyOf(h, random.nextInt(h.length + 1)); // cut
                    default -> h = concat(h, randomBytes(random, 1 + random.nextInt(40))); // extended
                }
                if (h.length < 14 + jobLength) {
                    break;
                }
            }
            byte[] frame = random.nextInt(4) == 0
                    ? concat(le(random.nextInt(Handshake.MAX_LENGTH + 1)), h) : framed(h);
            if (!acceptable(frame, ctx)) {
                return frame;
            }
        }
    }

    /** Whether the first frame of {@code stream} is a handshake the rank would accept. */
    private static boolean acceptable(byte[] stream, TransportContext ctx) {
        if (stream.length < 4) {
            return false;
        }
        int n = ByteBuffer.wrap(stream).order(ByteOrder.LITTLE_ENDIAN).getInt(0);
        if (n < 0 || n > Handshake.MAX_LENGTH || stream.length < 4 + n) {
            return false;
        }
        try {
            Handshake h = Handshake.decode(ByteBuffer.wrap(stream, 4, n).slice());
            return h.refusal(ctx.jobId(), ctx.secret(), ctx.size()) == null && h.rank() != ctx.rank();
        } catch (MpiException e) {
            return false;
        }
    }

    private static int peerOf(Random random, TransportContext ctx) {
        return (ctx.rank() + 1 + random.nextInt(ctx.size() - 1)) % ctx.size();
    }

    private static void writeInChunks(OutputStream out, Random random, byte[] data) throws IOException {
        int at = 0;
        while (at < data.length) {
            int n = Math.min(data.length - at, 1 + random.nextInt(Math.max(1, data.length)));
            out.write(data, at, n);
            out.flush();
            at += n;
            if (random.nextInt(4) == 0) {
                sleep(random.nextInt(3));
            }
        }
    }

    private static byte[] framed(byte[] payload) {
        return concat(le(payload.length), payload);
    }

    private static byte[] le(int n) {
        return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(n).array();
    }

    private static byte[] bytes(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.duplicate().get(a);
        return a;
    }

    private static byte[] randomBytes(Random random, int n) {
        byte[] a = new byte[n];
        random.nextBytes(a);
        return a;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        return b.toByteArray();
    }

    private static void sleep(int millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
