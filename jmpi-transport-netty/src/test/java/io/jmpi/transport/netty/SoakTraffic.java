package io.jmpi.transport.netty;

import io.jmpi.Buf;
import io.jmpi.Datatype;
import io.jmpi.ErrorClass;
import io.jmpi.Intracomm;
import io.jmpi.MPI;
import io.jmpi.Message;
import io.jmpi.MpiException;
import io.jmpi.Op;
import io.jmpi.Request;
import io.jmpi.Status;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.zip.CRC32;

/**
 * Checked random traffic for the soak and fuzz tests: every rank runs the same seeded schedule
 * of steps (same seed, same steps on every rank), so each rank knows exactly which messages it
 * must receive, from whom, with which tag, size and sequence number.
 *
 * <p>A step is one of: a point-to-point exchange (random senders, destinations, tags, sizes from
 * 0 B to 1 MiB, objects and buffers, heap and direct, {@code isend} and {@code issend}; each
 * receiver uses one style: specific source and tag, {@code ANY_SOURCE}, {@code ANY_TAG} or both,
 * the wildcard ones through matched probes); a ring {@code sendrecv}; or a collective (blocking
 * or nonblocking {@code barrier}, {@code bcast}, {@code allreduce}, {@code reduce},
 * {@code allgather}, {@code gather}, {@code scatter}, {@code alltoall}, of buffers and objects).
 * Each step runs on {@code COMM_WORLD} or on a dup of it.
 *
 * <p>Every point-to-point message carries its source, destination, communicator, tag, its
 * sequence number in its stream (source, communicator, tag), its sequence number among all
 * messages from that source to this rank on that communicator, its size and a CRC-32 of its
 * payload, and its payload is a function of those fields. A receiver checks each message
 * against the schedule and classifies what differs: {@code LOST} (never arrived, or a receive
 * waited its time limit, {@value #WAIT_SECONDS} s by default), {@code DUPLICATE} (a sequence number again),
 * {@code REORDERED} (a sequence number after a later one, or a later one first: MPI's
 * non-overtaking rule per source, tag and communicator, and per source and communicator for
 * {@code ANY_TAG} receives) and {@code CORRUPT} (header, size, checksum or payload). Buffers
 * below the header's size (tag {@value #TINY_TAG}) carry no header: their size and payload,
 * which depend on their sequence number, are checked. Collectives are checked value by value.
 * A step with any finding fails the rank with all of them.
 *
 * <p>To show that the checks see what they claim to see, a {@link Fault} can be injected once
 * by rank 1's sending side; then tags are 1 and 2 only and every message has one size, so that
 * streams repeat within a step and the injected fault is the only thing that differs.
 */
final class SoakTraffic {
    /** Bytes of the header of a buffer message. */
    static final int HEADER = 48;
    /** The tag of buffer messages shorter than {@link #HEADER}. */
    static final int TINY_TAG = 9;
    static final int WAIT_SECONDS = 60;
    private static final int MAGIC = 0x534F414B;
    private static final int RING_TAG = 10;
    private static final int TAGS = 11;
    private static final int MAX_BYTES = 1 << 20;
    /** Rank 0 decides every this many steps whether to go on, and tells the others. */
    private static final int DECIDE_EVERY = 8;
    private static final int DIRECT_POOL = 8;
    /** The size of every message in the fault-injection mode. */
    private static final int UNIFORM_SIZE = HEADER + 152;
    private static final String[] COMM_NAMES = {"COMM_WORLD", "the dup of COMM_WORLD"};

    /** An object message. */
    public record Parcel(int source, int dest, int comm, int tag, long seq, long pairSeq, byte[] data, long crc) {
    }

    /** What one rank sent and checked. */
    record Stats(long steps, long messages, long bytes, long collectives) {
        Stats plus(Stats o) {
            return new Stats(Math.max(steps, o.steps), messages + o.messages, bytes + o.bytes,
                    collectives + o.collectives);
        }

        @Override
        public String toString() {
            return steps + " steps; checked: " + messages + " point-to-point messages (" + (bytes >> 20)
                    + " MiB), " + collectives + " collectives";
        }
    }

    private enum Style { SPECIFIC, ANY_SOURCE, ANY_TAG, ANY_BOTH }

    /** A fault that rank 1 injects once, in the first exchange where it can, to test the checks. */
    enum Fault {
        /** None: the real traffic. */
        NONE,
        /** One message is counted but not sent. */
        DROP,
        /** A message is sent again in place of the next one of its stream. */
        DUPLICATE,
        /** Two consecutive messages of one stream are sent in the other order. */
        SWAP,
        /** A payload byte is flipped after the checksum was computed. */
        CORRUPT
    }

    /** A message of the schedule. */
    private record Planned(int source, int dest, int tag, int size, boolean synchronous, boolean direct) {
    }

    /** A message this rank expects in the current step. */
    private static final class Expected {
        final int source;
        final int tag;
        final int size;
        final long seq;
        final long pair;

        Expected(int source, int tag, int size, long seq, long pair) {
            this.source = source;
            this.tag = tag;
            this.size = size;
            this.seq = seq;
            this.pair = pair;
        }
    }

    /** A received message, decoded. */
    private record Received(int source, int dest, int comm, int tag, long seq, long pair, int size, long crc,
                            byte[] payload, boolean headerless) {
    }

    private final Intracomm[] comms;
    private final int rank;
    private final int size;
    private final long seed;
    private final long[][][] sendSeq;
    private final long[][] sendPair;
    private final long[][][] recvSeq;
    private final long[][] recvPair;
    private final Duration wait;
    private final Fault fault;
    private boolean injected;
    private final ByteBuffer[] direct = new ByteBuffer[DIRECT_POOL];
    private int directUsed;
    private final List<String> findings = new ArrayList<>();
    private int step;
    private int commIndex;
    private long messages;
    private long bytes;
    private long collectives;

    // per step: what this rank expects, by stream, and the sequence numbers skipped so far
    private final Map<Integer, Deque<Expected>> expected = new HashMap<>();
    private final Map<Integer, TreeSet<Long>> skipped = new HashMap<>();
    private final long[] nextPair;

    private SoakTraffic(Intracomm world, long seed, Duration wait, Fault fault) {
        this.wait = wait;
        this.fault = fault;
        this.rank = world.getRank();
        this.size = world.getSize();
        this.comms = new Intracomm[] {world, world.dup()};
        this.seed = seed;
        sendSeq = new long[2][size][TAGS];
        sendPair = new long[2][size];
        recvSeq = new long[2][size][TAGS];
        recvPair = new long[2][size];
        nextPair = new long[size];
        for (int i = 0; i < DIRECT_POOL; i++) {
            direct[i] = ByteBuffer.allocateDirect(MAX_BYTES + HEADER);
        }
    }

    /**
     * Runs the schedule of {@code seed} on this rank until rank 0's {@code keepGoing} says stop
     * (asked every {@value #DECIDE_EVERY} steps).
     *
     * @param world this rank's COMM_WORLD, of at least 2 ranks
     * @param seed the schedule; the same on every rank
     * @param keepGoing asked on rank 0 only
     * @return what this rank checked
     * @throws AssertionError naming the rank, the step, the seed and every finding of the step
     */
    static Stats run(Intracomm world, long seed, BooleanSupplier keepGoing) {
        return run(world, seed, keepGoing, Duration.ofSeconds(WAIT_SECONDS), Fault.NONE);
    }

    /**
     * Runs the schedule with a time limit for each wait and, to test the checks, a fault.
     *
     * @param world this rank's COMM_WORLD, of at least 2 ranks
     * @param seed the schedule; the same on every rank
     * @param keepGoing asked on rank 0 only
     * @param wait how long a receive waits before its message counts as lost
     * @param fault what rank 1 injects once
     * @return what this rank checked
     */
    static Stats run(Intracomm world, long seed, BooleanSupplier keepGoing, Duration wait, Fault fault) {
        SoakTraffic t = new SoakTraffic(world, seed, wait, fault);
        boolean go = true;
        while (go) {
            t.step();
            if (t.step % DECIDE_EVERY == 0) {
                go = world.bcast(t.rank == 0 ? keepGoing.getAsBoolean() : null, 0);
            }
        }
        world.barrier();
        t.comms[1].free();
        return new Stats(t.step, t.messages, t.bytes, t.collectives);
    }

    private void step() {
        Random r = new Random(mix(seed * 0x9E3779B97F4A7C15L + step));
        commIndex = r.nextInt(2);
        directUsed = 0;
        int kind = r.nextInt(100);
        try {
            if (kind < 55) {
                exchange(r);
            } else if (kind < 70) {
                ring(r);
            } else {
                collective(r);
            }
        } catch (MpiException e) {
            findings.add("MPI error " + e.getErrorClass() + ": " + e.getMessage());
        }
        if (!findings.isEmpty()) {
            throw new AssertionError("rank " + rank + ", step " + step + " on " + COMM_NAMES[commIndex]
                    + " (seed " + seed + "): " + String.join("; ", findings));
        }
        step++;
    }

    // ---- Point-to-point exchange ----

    private void exchange(Random r) {
        Intracomm comm = comms[commIndex];
        List<Planned> plan = new ArrayList<>();
        boolean burst = r.nextInt(20) == 0;
        for (int s = 0; s < size; s++) {
            int count = burst ? (s == 0 ? 60 : 0) : r.nextInt(3 * (size - 1) + 1);
            int burstDest = 1 + r.nextInt(size - 1);
            for (int i = 0; i < count; i++) {
                int dest = burst ? burstDest : (s + 1 + r.nextInt(size - 1)) % size;
                int tag = burst && fault == Fault.NONE ? 1 + r.nextInt(TINY_TAG) : pickTag(r);
                int bytes = burst ? pickSmallSize(r, tag) : pickSize(r, tag);
                plan.add(new Planned(s, dest, tag, bytes, r.nextInt(8) == 0, r.nextInt(4) == 0));
            }
        }
        Style[] styles = new Style[size];
        for (int d = 0; d < size; d++) {
            styles[d] = Style.values()[r.nextInt(Style.values().length)];
        }
        Style style = styles[rank];
        boolean wildcards = Arrays.stream(styles).anyMatch(s -> s != Style.SPECIFIC);

        // what this rank expects, with the sequence numbers its senders will give
        expected.clear();
        skipped.clear();
        List<Expected> mine = new ArrayList<>();
        for (Planned p : plan) {
            if (p.dest() == rank) {
                Expected e = new Expected(p.source(), p.tag(), p.size(),
                        recvSeq[commIndex][p.source()][p.tag()]++, recvPair[commIndex][p.source()]++);
                mine.add(e);
                expected.computeIfAbsent(key(e.source, e.tag), k -> new ArrayDeque<>()).add(e);
            }
        }
        for (int s = 0; s < size; s++) {
            nextPair[s] = -1;
        }
        for (Expected e : mine) {
            if (nextPair[e.source] < 0) {
                nextPair[e.source] = e.pair;
            }
        }

        // receives posted before the sends
        List<Request<?>> posted = new ArrayList<>();
        List<Object> targets = new ArrayList<>();
        if (style == Style.SPECIFIC || style == Style.ANY_SOURCE) {
            Map<Integer, Integer> largest = new HashMap<>();
            for (Expected e : mine) {
                largest.merge(e.tag, e.size, Math::max);
            }
            for (Expected e : mine) {
                int source = style == Style.SPECIFIC ? e.source : MPI.ANY_SOURCE;
                if (isObject(e.tag)) {
                    posted.add(comm.irecv(source, e.tag));
                    targets.add(null);
                } else {
                    int capacity = style == Style.SPECIFIC ? e.size : largest.get(e.tag);
                    Object target = receiveTarget(capacity, r.nextBoolean());
                    posted.add(comm.irecv(buf(target), source, e.tag));
                    targets.add(target);
                }
            }
        }

        // sends, all nonblocking
        List<Planned> outgoing = plan.stream().filter(p -> p.source() == rank).toList();
        long[] seqs = new long[outgoing.size()];
        long[] pairs = new long[outgoing.size()];
        for (int i = 0; i < outgoing.size(); i++) {
            Planned p = outgoing.get(i);
            seqs[i] = sendSeq[commIndex][p.dest()][p.tag()]++;
            pairs[i] = sendPair[commIndex][p.dest()]++;
        }
        int faulty = rank == 1 && fault != Fault.NONE && !injected ? inject(outgoing, seqs, pairs) : -1;
        List<Request<Void>> sends = new ArrayList<>();
        for (int i = 0; i < outgoing.size(); i++) {
            if (i != faulty || fault != Fault.DROP) {
                sends.add(send(comm, outgoing.get(i), seqs[i], pairs[i], i == faulty && fault == Fault.CORRUPT));
            }
        }

        // receives through matched probes
        if (style == Style.ANY_TAG) {
            for (int s = 0; s < size; s++) {
                int from = s;
                long count = mine.stream().filter(e -> e.source == from).count();
                for (long i = 0; i < count; i++) {
                    probeAndReceive(comm, s, mine);
                }
            }
        } else if (style == Style.ANY_BOTH) {
            for (int i = 0; i < mine.size(); i++) {
                probeAndReceive(comm, MPI.ANY_SOURCE, mine);
            }
        } else {
            for (int i = 0; i < posted.size(); i++) {
                Expected e = mine.get(i);
                Status st = new Status();
                Object got;
                try {
                    got = posted.get(i).waitFor(wait);
                } catch (MpiException ex) {
                    if (ex.getErrorClass() == ErrorClass.ERR_TIMEOUT) {
                        findings.add("LOST: a receive (" + (style == Style.SPECIFIC ? "source " + e.source
                                + ", " : "ANY_SOURCE, ") + "tag " + e.tag + ") waited " + wait.toMillis() + " ms");
                        return;
                    }
                    throw ex;
                }
                posted.get(i).getStatus(st);
                if (isObject(e.tag)) {
                    check(decode((Parcel) got), st.getSource(), st.getTag(), -1, style == Style.SPECIFIC);
                } else {
                    int n = (int) st.getCount(Datatype.BYTE);
                    check(decode(targets.get(i), n, st.getTag()), st.getSource(), st.getTag(), n,
                            style == Style.SPECIFIC);
                }
            }
        }
        for (Request<Void> s : sends) {
            try {
                s.waitFor(wait);
            } catch (MpiException ex) {
                if (ex.getErrorClass() == ErrorClass.ERR_TIMEOUT) {
                    findings.add("LOST: a send was not received within " + wait.toMillis() + " ms");
                    return;
                }
                throw ex;
            }
        }
        for (Map.Entry<Integer, Deque<Expected>> q : expected.entrySet()) {
            for (Expected e : q.getValue()) {
                findings.add("LOST: message seq " + e.seq + " from rank " + e.source + " tag " + e.tag
                        + " never arrived");
            }
        }
        for (Map.Entry<Integer, TreeSet<Long>> g : skipped.entrySet()) {
            for (long seq : g.getValue()) {
                findings.add("LOST: message seq " + seq + " from rank " + g.getKey() / TAGS + " tag "
                        + g.getKey() % TAGS + " never arrived (a later one did)");
            }
        }
        if (wildcards) {
            // a wildcard receive of this step must not see the next step's messages
            if (r.nextBoolean()) {
                comm.barrier();
            } else {
                comm.ibarrier().waitFor(wait);
            }
        }
    }

    /** Receives one message through a matched probe from {@code source} (or ANY_SOURCE), any tag. */
    private void probeAndReceive(Intracomm comm, int source, List<Expected> mine) {
        Status st = new Status();
        long deadline = System.nanoTime() + wait.toNanos();
        Message m;
        int idle = 0;
        while ((m = comm.improbe(source, MPI.ANY_TAG, st)) == null) {
            if (System.nanoTime() > deadline) {
                findings.add("LOST: a matched probe (" + (source == MPI.ANY_SOURCE ? "ANY_SOURCE" : "source " + source)
                        + ", ANY_TAG) waited " + wait.toMillis() + " ms");
                throw new MpiException(ErrorClass.ERR_TIMEOUT, "gave up waiting");
            }
            if (++idle < 100) {
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(50_000);
            }
        }
        int tag = st.getTag();
        if (isObject(tag)) {
            Parcel p = m.recv();
            check(decode(p), st.getSource(), tag, -1, true);
        } else {
            int n = (int) st.getCount(Datatype.BYTE);
            Object target = receiveTarget(n, direct.length > directUsed && n % 2 == 0);
            Status rs = m.recv(buf(target));
            check(decode(target, (int) rs.getCount(Datatype.BYTE), tag), rs.getSource(), rs.getTag(),
                    (int) rs.getCount(Datatype.BYTE), true);
        }
    }

    /**
     * Applies {@link #fault} to this step's outgoing messages if it can: changes their sequence
     * numbers for DUPLICATE and SWAP, and returns the index of the message to drop or corrupt.
     */
    private int inject(List<Planned> outgoing, long[] seqs, long[] pairs) {
        for (int i = 0; i < outgoing.size(); i++) {
            Planned a = outgoing.get(i);
            if (fault == Fault.DROP || fault == Fault.CORRUPT) {
                injected = true;
                return i;
            }
            for (int j = i + 1; j < outgoing.size(); j++) {
                Planned b = outgoing.get(j);
                if (b.dest() == a.dest() && b.tag() == a.tag()) {
                    injected = true;
                    if (fault == Fault.DUPLICATE) {
                        seqs[j] = seqs[i];
                        pairs[j] = pairs[i];
                    } else {
                        long s = seqs[i];
                        seqs[i] = seqs[j];
                        seqs[j] = s;
                        long q = pairs[i];
                        pairs[i] = pairs[j];
                        pairs[j] = q;
                    }
                    return -1;
                }
            }
        }
        return -1;
    }

    private Request<Void> send(Intracomm comm, Planned p, long seq, long pair, boolean corrupt) {
        if (isObject(p.tag())) {
            byte[] data = new byte[p.size()];
            fill(data, 0, data.length, streamKey(rank, p.dest(), commIndex, p.tag(), seq));
            Parcel parcel = new Parcel(rank, p.dest(), commIndex, p.tag(), seq, pair, data, crc(data, 0, data.length));
            if (corrupt) {
                data[data.length / 2] ^= 0x10;
            }
            return p.synchronous() ? comm.issend(parcel, p.dest(), p.tag()) : comm.isend(parcel, p.dest(), p.tag());
        }
        ByteBuffer b;
        if (p.direct() && directUsed < DIRECT_POOL) {
            b = direct[directUsed++].clear().limit(p.size()).slice().order(ByteOrder.LITTLE_ENDIAN);
        } else {
            b = ByteBuffer.allocate(p.size()).order(ByteOrder.LITTLE_ENDIAN);
        }
        encode(b, p.dest(), p.tag(), seq, pair, p.size());
        if (corrupt) {
            b.put(p.size() - 1, (byte) (b.get(p.size() - 1) ^ 0x10));
        }
        Buf buf = b.hasArray() ? Buf.of(b.array(), b.arrayOffset(), p.size()) : Buf.of(b);
        return p.synchronous() ? comm.issend(buf, p.dest(), p.tag()) : comm.isend(buf, p.dest(), p.tag());
    }

    /** Writes a buffer message: header and payload, or only the payload below the header's size. */
    private void encode(ByteBuffer b, int dest, int tag, long seq, long pair, int n) {
        long key = streamKey(rank, dest, commIndex, tag, seq);
        byte[] payload = new byte[Math.max(0, n - (tag == TINY_TAG ? 0 : HEADER))];
        fill(payload, 0, payload.length, key);
        if (tag != TINY_TAG) {
            b.putInt(0, MAGIC).putInt(4, rank).putInt(8, dest).putInt(12, commIndex).putInt(16, tag)
                    .putLong(20, seq).putLong(28, pair).putInt(36, n).putInt(40, (int) crc(payload, 0, payload.length))
                    .putInt(44, 0);
            b.put(HEADER, payload);
        } else {
            b.put(0, payload);
        }
    }

    private Object receiveTarget(int capacity, boolean useDirect) {
        if (useDirect && directUsed < DIRECT_POOL) {
            return direct[directUsed++].clear().limit(capacity).slice().order(ByteOrder.LITTLE_ENDIAN);
        }
        return new byte[capacity];
    }

    private static Buf buf(Object target) {
        return target instanceof byte[] a ? Buf.of(a) : Buf.of((ByteBuffer) target);
    }

    private Received decode(Parcel p) {
        return new Received(p.source(), p.dest(), p.comm(), p.tag(), p.seq(), p.pairSeq(), p.data().length, p.crc(),
                p.data(), false);
    }

    private Received decode(Object target, int n, int tag) {
        ByteBuffer b = (target instanceof byte[] a ? ByteBuffer.wrap(a) : ((ByteBuffer) target).duplicate())
                .order(ByteOrder.LITTLE_ENDIAN);
        if (tag == TINY_TAG || n < HEADER) {
            byte[] payload = new byte[n];
            b.get(0, payload);
            return new Received(-1, -1, -1, tag, -1, -1, n, -1, payload, true);
        }
        if (b.getInt(0) != MAGIC) {
            findings.add("CORRUPT: a message of " + n + " bytes (tag " + tag + ") has no header magic");
        }
        byte[] payload = new byte[n - HEADER];
        b.get(HEADER, payload);
        return new Received(b.getInt(4), b.getInt(8), b.getInt(12), b.getInt(16), b.getLong(20), b.getLong(28),
                b.getInt(36), b.getInt(40) & 0xFFFFFFFFL, payload, false);
    }

    /**
     * Checks one received message against the schedule.
     *
     * @param count the received byte count for buffers, -1 for objects
     * @param pairOrder whether this receive also sees the source's order across tags
     */
    private void check(Received m, int source, int tag, int count, boolean pairOrder) {
        String from = "from rank " + source + " tag " + tag;
        if (!m.headerless() && (m.source() != source || m.tag() != tag || m.dest() != rank || m.comm() != commIndex)) {
            findings.add("CORRUPT: message " + from + " says it is from rank " + m.source() + " to rank " + m.dest()
                    + " on comm " + m.comm() + " tag " + m.tag());
            return;
        }
        Deque<Expected> queue = expected.get(key(source, tag));
        if (queue == null) {
            findings.add("DUPLICATE or stray: message " + from + " (seq " + m.seq() + ") was not expected in this step");
            return;
        }
        Expected e;
        if (m.headerless()) {
            e = queue.pollFirst();
            if (e == null) {
                findings.add("DUPLICATE: one more tiny message " + from + " than was sent");
                return;
            }
        } else {
            Expected head = queue.peekFirst();
            if (head != null && m.seq() == head.seq) {
                e = queue.pollFirst();
            } else if (head != null && m.seq() > head.seq) {
                TreeSet<Long> gap = skipped.computeIfAbsent(key(source, tag), k -> new TreeSet<>());
                e = null;
                while (!queue.isEmpty() && queue.peekFirst().seq < m.seq()) {
                    gap.add(queue.pollFirst().seq);
                }
                if (!queue.isEmpty() && queue.peekFirst().seq == m.seq()) {
                    e = queue.pollFirst();
                }
                findings.add("REORDERED or LOST: message seq " + m.seq() + " " + from + " arrived while seq "
                        + head.seq + " was due");
                if (e == null) {
                    return;
                }
            } else {
                TreeSet<Long> gap = skipped.get(key(source, tag));
                if (gap != null && gap.remove(m.seq())) {
                    findings.add("REORDERED: message seq " + m.seq() + " " + from + " arrived after a later one");
                } else {
                    findings.add("DUPLICATE: message seq " + m.seq() + " " + from + " arrived again"
                            + (head == null ? " (all expected ones had arrived)" : " (seq " + head.seq + " was due)"));
                }
                return;
            }
        }
        String what = "message seq " + e.seq + " " + from;
        if (pairOrder && !m.headerless()) {
            if (m.pair() != nextPair[source]) {
                findings.add("REORDERED: " + what + " is message " + m.pair() + " from that rank on this comm, but "
                        + nextPair[source] + " was due (non-overtaking across tags)");
            }
        }
        nextPair[source] = e.pair + 1;
        if (count >= 0 && count != e.size) {
            findings.add("CORRUPT: " + what + " has " + count + " bytes, " + e.size + " were sent");
            return;
        }
        if (!m.headerless() && m.size() != e.size) {
            findings.add("CORRUPT: " + what + " declares " + m.size() + " bytes, " + e.size + " were sent");
            return;
        }
        byte[] want = new byte[m.payload().length];
        fill(want, 0, want.length, streamKey(source, rank, commIndex, tag, e.seq));
        if (!m.headerless() && crc(m.payload(), 0, m.payload().length) != m.crc()) {
            findings.add("CORRUPT: " + what + ": checksum " + Long.toHexString(crc(m.payload(), 0, m.payload().length))
                    + ", header says " + Long.toHexString(m.crc()) + firstDifference(m.payload(), want));
            return;
        }
        if (!Arrays.equals(m.payload(), want)) {
            findings.add("CORRUPT" + (m.headerless() ? " or REORDERED" : "") + ": " + what + ": payload differs"
                    + firstDifference(m.payload(), want));
            return;
        }
        messages++;
        bytes += e.size;
    }

    private static String firstDifference(byte[] got, byte[] want) {
        int i = Arrays.mismatch(got, want);
        return i < 0 ? "" : " (first difference at payload byte " + i + ")";
    }

    // ---- Ring ----

    private void ring(Random r) {
        Intracomm comm = comms[commIndex];
        int next = (rank + 1) % size;
        int prev = (rank + size - 1) % size;
        boolean object = r.nextBoolean();
        int n = pickSize(r, 2);
        expected.clear();
        skipped.clear();
        Expected e = new Expected(prev, RING_TAG, n, recvSeq[commIndex][prev][RING_TAG]++, recvPair[commIndex][prev]++);
        expected.computeIfAbsent(key(prev, RING_TAG), k -> new ArrayDeque<>()).add(e);
        nextPair[prev] = e.pair;
        long seq = sendSeq[commIndex][next][RING_TAG]++;
        long pair = sendPair[commIndex][next]++;
        Status st = new Status();
        if (object) {
            byte[] data = new byte[n];
            fill(data, 0, n, streamKey(rank, next, commIndex, RING_TAG, seq));
            Parcel out = new Parcel(rank, next, commIndex, RING_TAG, seq, pair, data, crc(data, 0, n));
            Parcel in = comm.sendrecv(out, next, RING_TAG, prev, RING_TAG, st);
            check(decode(in), st.getSource(), st.getTag(), -1, true);
        } else {
            ByteBuffer out = ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
            encode(out, next, RING_TAG, seq, pair, n);
            if (r.nextBoolean()) {
                byte[] in = new byte[n];
                st = comm.sendrecv(Buf.of(out.array()), next, RING_TAG, Buf.of(in), prev, RING_TAG);
                check(decode(in, n, RING_TAG), st.getSource(), st.getTag(), (int) st.getCount(Datatype.BYTE), true);
            } else {
                st = comm.sendrecvReplace(Buf.of(out.array()), next, RING_TAG, prev, RING_TAG);
                check(decode(out.array(), n, RING_TAG), st.getSource(), st.getTag(), (int) st.getCount(Datatype.BYTE),
                        true);
            }
        }
    }

    // ---- Collectives ----

    private void collective(Random r) {
        Intracomm comm = comms[commIndex];
        int root = r.nextInt(size);
        int op = r.nextInt(12);
        collectives++;
        switch (op) {
            case 0 -> comm.barrier();
            case 1 -> comm.ibarrier().waitFor(wait);
            case 2 -> {
                int n = pickSize(r, 2);
                byte[] b = new byte[n];
                if (rank == root) {
                    fill(b, 0, n, collKey(root, 0));
                }
                if (r.nextBoolean()) {
                    comm.bcast(Buf.of(b), root);
                } else {
                    comm.ibcast(Buf.of(b), root).waitFor(wait);
                }
                expectBytes("bcast of " + n + " bytes from root " + root, b, collKey(root, 0));
            }
            case 3 -> {
                int n = pickSize(r, 1);
                byte[] data = new byte[n];
                fill(data, 0, n, collKey(root, 1));
                Parcel p = comm.bcast(rank == root ? new Parcel(root, -1, commIndex, -1, step, 0, data, crc(data, 0, n))
                        : null, root);
                expectBytes("object bcast of " + n + " bytes from root " + root, p.data(), collKey(root, 1));
                expect(p.crc() == crc(p.data(), 0, p.data().length) && p.seq() == step, "object bcast header");
            }
            case 4 -> {
                int n = 1 + r.nextInt(r.nextBoolean() ? 16 : 40_000);
                long[] in = values(rank, n);
                long[] sum = new long[n];
                long[] max = new long[n];
                comm.allreduce(Buf.of(in), Buf.of(sum), Op.SUM);
                comm.iallreduce(Buf.of(in), Buf.of(max), Op.MAX).waitFor(wait);
                long[] wantSum = new long[n];
                long[] wantMax = new long[n];
                Arrays.fill(wantMax, Long.MIN_VALUE);
                for (int s = 0; s < size; s++) {
                    long[] v = values(s, n);
                    for (int i = 0; i < n; i++) {
                        wantSum[i] += v[i];
                        wantMax[i] = Math.max(wantMax[i], v[i]);
                    }
                }
                expect(Arrays.equals(sum, wantSum), "allreduce SUM of " + n + " longs" + where(sum, wantSum));
                expect(Arrays.equals(max, wantMax), "iallreduce MAX of " + n + " longs" + where(max, wantMax));
            }
            case 5 -> {
                int k = 1 + r.nextInt(r.nextBoolean() ? 8 : 20_000);
                long[] all = new long[k * size];
                comm.allgather(Buf.of(values(rank, k)), Buf.of(all));
                for (int s = 0; s < size; s++) {
                    long[] part = Arrays.copyOfRange(all, s * k, s * k + k);
                    expect(Arrays.equals(part, values(s, k)), "allgather of " + k + " longs, block of rank " + s);
                }
            }
            case 6 -> {
                int k = 1 + r.nextInt(r.nextBoolean() ? 8 : 20_000);
                long[] out = new long[k * size];
                for (int d = 0; d < size; d++) {
                    System.arraycopy(values(rank * size + d, k), 0, out, d * k, k);
                }
                long[] in = new long[k * size];
                if (r.nextBoolean()) {
                    comm.alltoall(Buf.of(out), Buf.of(in));
                } else {
                    comm.ialltoall(Buf.of(out), Buf.of(in)).waitFor(wait);
                }
                for (int s = 0; s < size; s++) {
                    long[] part = Arrays.copyOfRange(in, s * k, s * k + k);
                    expect(Arrays.equals(part, values(s * size + rank, k)), "alltoall of " + k
                            + " longs, block from rank " + s);
                }
            }
            case 7 -> {
                int n = pickSize(r, 1) / size;
                byte[] data = new byte[n];
                fill(data, 0, n, collKey(rank, 7));
                List<byte[]> all = comm.allgather(data);
                for (int s = 0; s < size; s++) {
                    expectBytes("object allgather, part of rank " + s, all.get(s), collKey(s, 7));
                }
            }
            case 8 -> {
                int n = 1 + r.nextInt(5000);
                List<long[]> got = comm.gather(values(rank, n), root);
                if (rank == root) {
                    for (int s = 0; s < size; s++) {
                        expect(Arrays.equals(got.get(s), values(s, n)), "object gather to root " + root
                                + ", part of rank " + s);
                    }
                } else {
                    expect(got == null, "object gather returns null off the root");
                }
                long[] parts = new long[n * size];
                if (rank == root) {
                    for (int d = 0; d < size; d++) {
                        System.arraycopy(values(1000 + d, n), 0, parts, d * n, n);
                    }
                }
                long[] mine = new long[n];
                comm.scatter(Buf.of(parts), Buf.of(mine), root);
                expect(Arrays.equals(mine, values(1000 + rank, n)), "scatter of " + n + " longs from root " + root);
            }
            case 9 -> {
                int n = 1 + r.nextInt(10_000);
                long[] sum = new long[n];
                comm.reduce(Buf.of(values(rank, n)), Buf.of(sum), Op.SUM, root);
                if (rank == root) {
                    long[] want = new long[n];
                    for (int s = 0; s < size; s++) {
                        long[] v = values(s, n);
                        for (int i = 0; i < n; i++) {
                            want[i] += v[i];
                        }
                    }
                    expect(Arrays.equals(sum, want), "reduce SUM of " + n + " longs to root " + root + where(sum, want));
                }
            }
            case 10 -> {
                // several nonblocking collectives in flight at once
                int n = 1 + r.nextInt(2000);
                long[] sum = new long[n];
                byte[] b = new byte[pickSize(r, 2)];
                if (rank == root) {
                    fill(b, 0, b.length, collKey(root, 10));
                }
                long[] all = new long[n * size];
                Request<Void> a = comm.iallreduce(Buf.of(values(rank, n)), Buf.of(sum), Op.SUM);
                Request<Void> c = comm.ibcast(Buf.of(b), root);
                Request<Void> g = comm.iallgather(Buf.of(values(rank + 77, n)), Buf.of(all));
                Request<Long> o = comm.iallreduce((long) rank, Op.SUM);
                for (Request<?> q : List.of(a, c, g, o)) {
                    q.waitFor(wait);
                }
                long[] want = new long[n];
                for (int s = 0; s < size; s++) {
                    long[] v = values(s, n);
                    for (int i = 0; i < n; i++) {
                        want[i] += v[i];
                    }
                    expect(Arrays.equals(Arrays.copyOfRange(all, s * n, s * n + n), values(s + 77, n)),
                            "iallgather, block of rank " + s);
                }
                expect(Arrays.equals(sum, want), "iallreduce SUM" + where(sum, want));
                expectBytes("ibcast from root " + root, b, collKey(root, 10));
                expect(o.waitFor() == (long) size * (size - 1) / 2, "object iallreduce SUM: " + o.waitFor());
            }
            default -> {
                int n = pickSize(r, 1) / (size * 4);
                List<byte[]> out = new ArrayList<>();
                for (int d = 0; d < size; d++) {
                    byte[] x = new byte[n];
                    fill(x, 0, n, collKey(rank * size + d, 11));
                    out.add(x);
                }
                List<byte[]> in = comm.alltoall(out);
                for (int s = 0; s < size; s++) {
                    expectBytes("object alltoall, part from rank " + s, in.get(s), collKey(s * size + rank, 11));
                }
            }
        }
    }

    private void expect(boolean ok, String what) {
        if (!ok) {
            findings.add("CORRUPT: " + what);
        }
    }

    private void expectBytes(String what, byte[] got, long key) {
        byte[] want = new byte[got.length];
        fill(want, 0, want.length, key);
        if (!Arrays.equals(got, want)) {
            findings.add("CORRUPT: " + what + firstDifference(got, want));
        }
    }

    private static String where(long[] got, long[] want) {
        int i = Arrays.mismatch(got, want);
        return i < 0 ? "" : " (first difference at element " + i + ": " + got[i] + ", expected " + want[i] + ")";
    }

    // ---- The schedule's choices ----

    private int pickTag(Random r) {
        if (fault != Fault.NONE) {
            return 1 + r.nextInt(2);
        }
        int p = r.nextInt(100);
        return p < 8 ? TINY_TAG : 1 + r.nextInt(8);
    }

    /** Odd tags carry objects; even tags and {@link #TINY_TAG} carry buffers. */
    private static boolean isObject(int tag) {
        return tag != TINY_TAG && tag % 2 == 1;
    }

    /** Sizes from 0 B to 1 MiB, many small, some around the 64 KiB eager limit, a few large. */
    private int pickSize(Random r, int tag) {
        if (fault != Fault.NONE) {
            return UNIFORM_SIZE;
        }
        if (tag == TINY_TAG) {
            return r.nextInt(HEADER);
        }
        int p = r.nextInt(100);
        if (p < 45) {
            return HEADER + r.nextInt(1024);
        } else if (p < 70) {
            return 1024 + r.nextInt(60 * 1024);
        } else if (p < 82) {
            return 64 * 1024 - 64 + r.nextInt(128);
        } else if (p < 96) {
            return 64 * 1024 + r.nextInt(192 * 1024);
        }
        return 256 * 1024 + r.nextInt(MAX_BYTES - 256 * 1024 + 1);
    }

    private int pickSmallSize(Random r, int tag) {
        if (fault != Fault.NONE) {
            return UNIFORM_SIZE;
        }
        return tag == TINY_TAG ? r.nextInt(HEADER) : HEADER + r.nextInt(200);
    }

    private static int key(int source, int tag) {
        return source * TAGS + tag;
    }

    private static long streamKey(int source, int dest, int comm, int tag, long seq) {
        return mix(mix(mix(mix(source * 0x9E3779B97F4A7C15L + dest) + comm * 31L + tag) + seq) + 0x5EED);
    }

    private long collKey(int who, int op) {
        return mix(mix(seed + step * 0xC2B2AE3D27D4EB4FL) + who * 131L + op);
    }

    /** The values rank (or part) {@code who} contributes to the current step's collective. */
    private long[] values(int who, int n) {
        long[] v = new long[n];
        long base = mix(seed + step * 0xC2B2AE3D27D4EB4FL + who * 0x165667B19E3779F9L);
        for (int i = 0; i < n; i++) {
            v[i] = mix(base + i) >> 8; // sums of a few ranks stay away from overflow
        }
        return v;
    }

    static void fill(byte[] a, int offset, int length, long key) {
        for (int i = 0; i < length; i += 8) {
            long x = mix(key + i);
            for (int j = 0; j < 8 && i + j < length; j++) {
                a[offset + i + j] = (byte) (x >>> (8 * j));
            }
        }
    }

    private static long crc(byte[] a, int offset, int length) {
        CRC32 c = new CRC32();
        c.update(a, offset, length);
        return c.getValue();
    }

    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
