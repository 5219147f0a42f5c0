package io.jmpi.internal.p2p;

import io.jmpi.Buf;
import io.jmpi.ErrorClass;
import io.jmpi.MPI;
import io.jmpi.MpiException;
import io.jmpi.Status;
import io.jmpi.internal.progress.IdleStrategy;
import io.jmpi.internal.stall.PendingWait;
import io.jmpi.internal.stall.StallDetector;
import io.jmpi.internal.wire.MessageDescriptor;
import io.jmpi.internal.wire.WireFormat;
import io.jmpi.serial.ObjectSerializer;
import io.jmpi.spi.FrameListener;
import io.jmpi.spi.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * One rank's point-to-point engine: turns sends into frames (eager, or rendezvous above the eager
 * limit), matches arriving frames against posted receives, and lets callers wait, test, probe
 * and cancel.
 *
 * <p>Thread-safe ({@code MPI_THREAD_MULTIPLE}). The queues and maps are guarded by one lock,
 * which is never held while calling the transport, copying payloads or running user code. The
 * data of rendezvous sends is pushed by one daemon thread per rank, so that a transport thread
 * never blocks and large sends progress while the sender computes.
 */
public final class MessageEngine implements FrameListener {
    private static final Logger LOG = LoggerFactory.getLogger(MessageEngine.class);
    private static final byte NO_FLAGS = 0;

    private final int worldRank;
    private final ObjectSerializer serializer;
    private volatile IdleStrategy idle;
    private final long eagerLimit;
    private final int chunkSize;
    /** A last chunk may be this much longer than {@link #chunkSize} (see {@link #chunkLength}). */
    private final int chunkSlack;
    private final AtomicLong ids = new AtomicLong();
    private final AtomicLong tokens = new AtomicLong();

    private final Object lock = new Object();
    private final List<RecvOp> posted = new LinkedList<>();
    private final List<InboundMessage> unexpected = new LinkedList<>();
    private final Map<Long, SendOp> awaitingReply = new HashMap<>();
    private final Map<Long, RecvOp> receivingData = new HashMap<>();
    /** Sends whose data is queued for, or being pushed by, the data-pushing thread. */
    private final Set<SendOp> pushing = new HashSet<>();
    private final Set<Integer> lostPeers = new HashSet<>();
    /** Peers that said goodbye (finalized): their leaving is not a failure. */
    private final Set<Integer> finishedPeers = new HashSet<>();
    /** Peers this rank has exchanged frames with: they get a goodbye at finalize. */
    private final Set<Integer> contacted = ConcurrentHashMap.newKeySet();
    private MpiException failure;

    private final Set<Thread> probeWaiters = ConcurrentHashMap.newKeySet();
    private final BsendBuffer bsendBuffer = new BsendBuffer();
    private final StallDetector stalls;
    private volatile ExecutorService dataPusher;
    private volatile Transport transport;
    /** Wakes a thread blocked in the transport when an operation completes elsewhere. */
    private volatile Runnable waker;

    /**
     * @param worldRank this rank in the job
     * @param serializer the object serializer
     * @param idle how waiting threads back off
     * @param eagerLimit messages up to this many bytes go eagerly
     * @param chunkSize rendezvous data goes in chunks of this many bytes (a multiple of 8)
     */
    public MessageEngine(int worldRank, ObjectSerializer serializer, IdleStrategy idle, long eagerLimit, int chunkSize) {
        if (chunkSize <= 0 || chunkSize % 8 != 0) {
            throw new MpiException(ErrorClass.ERR_ARG, "jmpi.chunkBytes " + chunkSize + " must be a positive multiple of 8");
        }
        this.worldRank = worldRank;
        this.serializer = serializer;
        this.idle = idle;
        this.eagerLimit = eagerLimit;
        this.chunkSize = chunkSize;
        this.chunkSlack = Math.min(chunkSize / 8, 64 * 1024);
        this.stalls = new StallDetector(worldRank);
    }

    /** Connects the engine to its transport; called once, after the transport is open. */
    public void attach(Transport transport) {
        this.idle = idle.forTransport(transport);
        this.waker = transport::wakeup;
        this.transport = transport;
    }

    /** @return this rank's record of long waits, for stall reports */
    public StallDetector stalls() {
        return stalls;
    }

    /** @return the attached buffer of buffered-mode sends */
    public BsendBuffer bsendBuffer() {
        return bsendBuffer;
    }

    // ---- Sending ----

    /**
     * Serializes an object into a payload.
     *
     * @param value the object
     * @return its payload
     */
    public Payload objectPayload(Object value) {
        return Payload.of(MessageDescriptor.KIND_OBJECT, serializer.serializeBlocks(value, chunkSize));
    }

    /**
     * Copies a buffer's elements into a payload that no longer reads the buffer.
     *
     * @param buf the buffer
     * @return the copy
     */
    public Payload copyOf(Buf buf) {
        return Payload.of(buf).detached(chunkSize);
    }

    /**
     * Starts a send.
     *
     * @param context the communicator context
     * @param source the sender's rank in the communicator
     * @param destWorld the receiver's job rank
     * @param tag the tag
     * @param payload the data
     * @param mode the send mode
     * @return the operation; done at once for small standard and buffered sends
     */
    public SendOp send(int context, int source, int destWorld, int tag, Payload payload, SendMode mode) {
        if (destWorld == MPI.PROC_NULL) {
            return SendOp.completed();
        }
        checkUsable();
        long length = payload.length();
        long reserved = 0;
        boolean eager = length <= eagerLimit || destWorld == worldRank;
        if (mode == SendMode.BUFFERED) {
            reserved = bsendBuffer.reserve(length);
            if (!eager) {
                payload = payload.detached(chunkSize);
            }
        }
        long id = ids.incrementAndGet();
        SendOp op = new SendOp(destWorld, context, tag, id, payload, eager ? 0 : reserved);
        boolean sync = mode == SendMode.SYNCHRONOUS;
        try {
            if (eager) {
                if (sync) {
                    register(op);
                }
                ByteBuffer header = MessageDescriptor.header(MessageDescriptor.TYPE_EAGER, payload.kind(),
                        sync ? MessageDescriptor.FLAG_SYNC : NO_FLAGS, context, source, tag, id, length, 0);
                ByteBuffer[] body = payload.whole();
                ByteBuffer[] parts = new ByteBuffer[body.length + 1];
                parts[0] = header;
                System.arraycopy(body, 0, parts, 1, body.length);
                sendFrame(destWorld, parts);
                if (!sync) {
                    op.complete();
                }
            } else {
                register(op);
                sendFrame(destWorld, MessageDescriptor.header(MessageDescriptor.TYPE_RTS, payload.kind(), NO_FLAGS,
                        context, source, tag, id, 0, length));
            }
        } catch (MpiException e) {
            unregister(op);
            finishSend(op, e);
        } finally {
            if (eager && reserved > 0) {
                bsendBuffer.release(reserved);
            }
        }
        if (op.isDone() && op.error() != null) {
            throw MpiException.rethrown(op.error());
        }
        return op;
    }

    private void register(SendOp op) {
        synchronized (lock) {
            if (op.destWorld != worldRank) {
                checkPeerLocked(op.destWorld);
            }
            awaitingReply.put(op.id, op);
        }
    }

    private void checkPeerLocked(int peer) {
        if (finishedPeers.contains(peer)) {
            throw finished(peer);
        }
        if (lostPeers.contains(peer)) {
            throw procFailed(peer);
        }
    }

    private void unregister(SendOp op) {
        synchronized (lock) {
            awaitingReply.remove(op.id);
        }
    }

    private void sendFrame(int destWorld, ByteBuffer... parts) {
        if (destWorld == worldRank) {
            onFrame(worldRank, WireFormat.concat(parts));
            return;
        }
        synchronized (lock) {
            checkPeerLocked(destWorld);
        }
        contacted.add(destWorld);
        transport.send(destWorld, parts);
    }

    private void sendControl(int peer, byte type, byte flags, long id, long aux) {
        sendFrame(peer, MessageDescriptor.header(type, (byte) 0, flags, 0, 0, 0, id, 0, aux));
    }

    private void finishSend(SendOp op, MpiException error) {
        synchronized (lock) {
            pushing.remove(op);
        }
        if (op.settle() && op.reserved > 0) {
            bsendBuffer.release(op.reserved);
        }
        op.finish(error);
    }

    /** Sends a rendezvous message's data, on the data-pushing thread (or inline, see onClearToSend). */
    private void pushData(SendOp op, long token) {
        try {
            long length = op.payload.length();
            for (long off = 0; off < length; ) {
                int n = chunkLength(length - off);
                ByteBuffer[] data = op.payload.chunk(off, n);
                ByteBuffer[] parts = new ByteBuffer[data.length + 1];
                parts[0] = MessageDescriptor.header(MessageDescriptor.TYPE_DATA, op.payload.kind(),
                        NO_FLAGS, 0, 0, 0, token, n, off);
                System.arraycopy(data, 0, parts, 1, data.length);
                sendFrame(op.destWorld, parts);
                off += n;
            }
            finishSend(op, null);
        } catch (MpiException e) {
            finishSend(op, e);
            if (e.getErrorClass() == ErrorClass.ERR_TIMEOUT) {
                // part of the message may be out: nothing more to this peer can be trusted
                onPeerLost(op.destWorld, e);
            }
        } catch (Throwable e) {
            finishSend(op, new MpiException(ErrorClass.ERR_OTHER, "sending " + op.payload.length()
                    + " bytes to rank " + op.destWorld + " failed: " + e, e));
        }
    }

    /**
     * The length of the next rendezvous chunk when {@code remaining} bytes are left: the chunk
     * size, or all that is left when that exceeds the chunk size by little (an object of 1 MiB
     * and a few bytes of class names goes in one frame, not a second tiny one).
     */
    private int chunkLength(long remaining) {
        return remaining <= (long) chunkSize + chunkSlack ? (int) remaining : chunkSize;
    }

    private ExecutorService dataPusher() {
        ExecutorService e = dataPusher;
        if (e == null) {
            synchronized (lock) {
                e = dataPusher;
                if (e == null) {
                    e = Executors.newSingleThreadExecutor(r -> {
                        Thread t = new Thread(r, "jmpi-rendezvous-" + worldRank);
                        t.setDaemon(true);
                        return t;
                    });
                    dataPusher = e;
                }
            }
        }
        return e;
    }

    // ---- Receiving ----

    /**
     * Posts a receive, matching it at once against messages that already arrived.
     *
     * @param context the communicator context
     * @param source the sender's rank in the communicator, {@link MPI#ANY_SOURCE} or
     *     {@link MPI#PROC_NULL}
     * @param sourceWorld the sender's job rank, or -1 for wildcards
     * @param tag the tag or {@link MPI#ANY_TAG}
     * @param target the buffer to fill, or {@code null} for an object receive
     * @return the operation
     */
    public RecvOp postReceive(int context, int source, int sourceWorld, int tag, Buf target) {
        RecvOp op = new RecvOp(context, source, tag, sourceWorld, target, serializer);
        if (source == MPI.PROC_NULL) {
            op.completeNull();
            return op;
        }
        InboundMessage found = null;
        synchronized (lock) {
            checkUsableLocked();
            for (Iterator<InboundMessage> it = unexpected.iterator(); it.hasNext(); ) {
                InboundMessage m = it.next();
                if (op.accepts(m.envelope())) {
                    it.remove();
                    found = m;
                    break;
                }
            }
            if (found == null) {
                if (sourceWorld >= 0 && sourceWorld != worldRank) {
                    checkPeerLocked(sourceWorld);
                }
                posted.add(op);
            }
        }
        if (found != null) {
            deliver(op, found);
        }
        return op;
    }

    /**
     * Receives a message taken with {@link #improbe}.
     *
     * @param message the message
     * @param target the buffer, or {@code null} for an object
     * @return the operation
     */
    public RecvOp receiveMatched(InboundMessage message, Buf target) {
        Envelope e = message.envelope();
        RecvOp op = new RecvOp(e.context(), e.source(), e.tag(), message.peer(), target, serializer);
        deliver(op, message);
        return op;
    }

    private void deliver(RecvOp op, InboundMessage m) {
        matched(op, m.envelope(), m.peer(), m.kind(), m.flags(), m.id(), m.length(),
                m.payload() == null ? null : ByteBuffer.wrap(m.payload()));
    }

    /** A receive met its message: take the eager data, or answer the rendezvous request. */
    private void matched(RecvOp op, Envelope e, int peer, byte kind, byte flags, long id, long length,
                         ByteBuffer eagerPayload) {
        MpiException error = op.match(e, peer, kind, length);
        // Answer the sender before completing the receive: once completed, the receiving rank
        // may go on to finalize, and its goodbye must not overtake the answer.
        if (eagerPayload != null) {
            if (error == null) {
                op.write(0, eagerPayload);
            }
            if ((flags & MessageDescriptor.FLAG_SYNC) != 0) {
                replyQuietly(peer, MessageDescriptor.TYPE_ACK, NO_FLAGS, id, 0);
            }
            op.complete(error);
            return;
        }
        if (error != null || length == 0) {
            replyQuietly(peer, MessageDescriptor.TYPE_CTS, MessageDescriptor.FLAG_DISCARD, id, 0);
            op.complete(error);
            return;
        }
        long token = tokens.incrementAndGet();
        MpiException gone = null;
        synchronized (lock) {
            if (finishedPeers.contains(peer)) {
                gone = finished(peer);
            } else if (lostPeers.contains(peer)) {
                gone = procFailed(peer);
            } else {
                receivingData.put(token, op);
            }
        }
        if (gone != null) {
            // the sender left before its data moved: the data will never come
            op.complete(gone);
            return;
        }
        try {
            sendControl(peer, MessageDescriptor.TYPE_CTS, NO_FLAGS, id, token);
        } catch (MpiException failed) {
            synchronized (lock) {
                receivingData.remove(token);
            }
            op.complete(failed);
        }
    }

    private void replyQuietly(int peer, byte type, byte flags, long id, long aux) {
        try {
            sendControl(peer, type, flags, id, aux);
        } catch (MpiException e) {
            LOG.debug("could not answer rank {}: {}", peer, e.toString());
        }
    }

    /**
     * Cancels a receive that has not matched yet.
     *
     * @param op the receive
     * @return whether it was cancelled (false if it had matched already)
     */
    public boolean cancel(RecvOp op) {
        boolean removed;
        synchronized (lock) {
            removed = posted.remove(op);
        }
        if (removed) {
            op.cancel();
        }
        return removed;
    }

    // ---- Probing ----

    /**
     * Looks for a message that a receive would match, without receiving it.
     *
     * @param context the communicator context
     * @param source the source or {@link MPI#ANY_SOURCE}
     * @param tag the tag or {@link MPI#ANY_TAG}
     * @param remove whether to take the message (matched probe)
     * @return the message, or {@code null} if none has arrived
     */
    public InboundMessage iprobe(int context, int source, int tag, boolean remove) {
        Transport t = transport;
        if (t != null) {
            t.poll();
        }
        synchronized (lock) {
            checkUsableLocked();
            for (Iterator<InboundMessage> it = unexpected.iterator(); it.hasNext(); ) {
                InboundMessage m = it.next();
                if (m.envelope().matches(context, source, tag)) {
                    if (remove) {
                        it.remove();
                    }
                    return m;
                }
            }
        }
        return null;
    }

    /**
     * Waits for a message that a receive would match.
     *
     * @param sourceWorld the source's job rank, or -1 for wildcards (to fail if it is lost)
     * @return the message
     */
    public InboundMessage probe(int context, int source, int sourceWorld, int tag, boolean remove) {
        Thread me = Thread.currentThread();
        probeWaiters.add(me);
        long stallAfter = stalls.thresholdNanos();
        StallDetector.Entry stalled = null;
        try {
            IdleStrategy.Wait wait = idle.begin();
            while (true) {
                InboundMessage m = iprobe(context, source, tag, remove);
                if (m != null) {
                    return m;
                }
                synchronized (lock) {
                    if (sourceWorld >= 0 && sourceWorld != worldRank) {
                        checkPeerLocked(sourceWorld);
                    }
                }
                long waited = wait.idle(transport);
                if (waited >= stallAfter && stalled == null) {
                    stalled = stalls.enter(stalls.describe(PendingWait.Kind.PROBE, context, source, sourceWorld, tag,
                            null, waited), waited);
                }
            }
        } finally {
            probeWaiters.remove(me);
            if (stalled != null) {
                stalls.exit(stalled);
            }
        }
    }

    /**
     * Fills {@code status} from a probed message.
     *
     * @param m the message
     * @param status the status
     */
    public static void fillStatus(InboundMessage m, Status status) {
        status.set(m.envelope().source(), m.envelope().tag(), m.length(),
                m.kind() == MessageDescriptor.KIND_OBJECT ? null : io.jmpi.Datatype.ofWireCode(m.kind()),
                ErrorClass.SUCCESS, false);
    }

    /**
     * Returns the bytes held for messages that arrived before their receive (eager payloads
     * only: rendezvous data stays with the sender). For tests and diagnostics.
     *
     * @return the bytes in the unexpected queue
     */
    public long unexpectedBytes() {
        synchronized (lock) {
            long n = 0;
            for (InboundMessage m : unexpected) {
                n += m.payload() == null ? 0 : m.payload().length;
            }
            return n;
        }
    }

    // ---- Waiting ----

    /**
     * Waits until {@code op} completes, driving the transport while waiting.
     *
     * @param op the operation
     * @param deadlineNanos a {@link System#nanoTime()} deadline, or {@code Long.MAX_VALUE}
     * @return whether it completed (false only when the deadline passed)
     */
    public boolean await(Operation op, long deadlineNanos) {
        if (op.isDone()) {
            return true;
        }
        op.setWaiter(Thread.currentThread(), waker);
        IdleStrategy.Wait wait = idle.begin();
        Transport t = transport;
        long stallAfter = stalls.thresholdNanos();
        StallDetector.Entry stalled = null;
        try {
            while (!op.isDone()) {
                if (t != null && t.poll()) {
                    continue;
                }
                if (deadlineNanos != Long.MAX_VALUE && System.nanoTime() - deadlineNanos > 0) {
                    return op.isDone();
                }
                long waited = wait.idle(transport);
                if (waited >= stallAfter && stalled == null) {
                    stalled = stalls.enter(describe(op, waited), waited);
                }
            }
            return true;
        } finally {
            if (stalled != null) {
                stalls.exit(stalled);
            }
        }
    }

    /** Describes what {@code op} waits for, for a stall report (called once a wait passed the threshold). */
    private PendingWait describe(Operation op, long waited) {
        if (op instanceof RecvOp r) {
            return stalls.describe(PendingWait.Kind.RECV, r.context, r.source, r.sourceWorld, r.tag, null, waited);
        }
        if (op instanceof SendOp s) {
            return stalls.describe(PendingWait.Kind.SEND, s.context, StallDetector.PEER_FROM_WORLD, s.destWorld, s.tag,
                    null, waited);
        }
        return stalls.describe(PendingWait.Kind.OTHER, -1, PendingWait.NONE, -1, PendingWait.NONE,
                op.waitDescription(), waited);
    }

    /**
     * Makes one pass of progress and tells whether {@code op} is done.
     *
     * @param op the operation
     * @return whether it is done
     */
    public boolean test(Operation op) {
        if (!op.isDone()) {
            Transport t = transport;
            if (t != null) {
                t.poll();
            }
        }
        return op.isDone();
    }

    /**
     * Waits until any of {@code ops} (null entries ignored) completes.
     *
     * @param ops the operations
     * @param deadlineNanos a deadline, or {@code Long.MAX_VALUE}
     * @return the index of a completed one, or -1 if none is non-null or the deadline passed
     */
    public int awaitAny(List<? extends Operation> ops, long deadlineNanos) {
        Thread me = Thread.currentThread();
        boolean any = false;
        for (Operation op : ops) {
            if (op != null) {
                op.setWaiter(me, waker);
                any = true;
            }
        }
        if (!any) {
            return -1;
        }
        IdleStrategy.Wait wait = idle.begin();
        Transport t = transport;
        long stallAfter = stalls.thresholdNanos();
        StallDetector.Entry stalled = null;
        try {
            while (true) {
                for (int i = 0; i < ops.size(); i++) {
                    Operation op = ops.get(i);
                    if (op != null && op.isDone()) {
                        return i;
                    }
                }
                if (t != null && t.poll()) {
                    continue;
                }
                if (deadlineNanos != Long.MAX_VALUE && System.nanoTime() - deadlineNanos > 0) {
                    return -1;
                }
                long waited = wait.idle(transport);
                if (waited >= stallAfter && stalled == null) {
                    stalled = stalls.enter(describeAny(ops, waited), waited);
                }
            }
        } finally {
            if (stalled != null) {
                stalls.exit(stalled);
            }
        }
    }

    private PendingWait describeAny(List<? extends Operation> ops, long waited) {
        int n = 0;
        PendingWait first = null;
        for (Operation op : ops) {
            if (op != null && !op.isDone()) {
                n++;
                if (first == null) {
                    first = describe(op, waited);
                }
            }
        }
        if (n == 1) {
            return first;
        }
        String example = first == null ? "" : ", such as " + first.target() + (first.comm() == null ? "" : " on " + first.comm());
        return stalls.describe(PendingWait.Kind.OTHER, -1, PendingWait.NONE, -1, PendingWait.NONE,
                "any of " + n + " requests" + example, waited);
    }

    // ---- FrameListener ----

    @Override
    public void onFrame(int peer, ByteBuffer frame) {
        ByteBuffer f = frame.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int base = f.position();
        int available = f.remaining();
        if (available < MessageDescriptor.HEADER_LENGTH
                || f.get(base + MessageDescriptor.VERSION_OFFSET) != WireFormat.VERSION) {
            throw new MpiException(ErrorClass.ERR_OTHER, "malformed frame of " + available + " bytes from rank " + peer);
        }
        byte type = f.get(base + MessageDescriptor.TYPE_OFFSET);
        byte kind = f.get(base + MessageDescriptor.KIND_OFFSET);
        byte flags = f.get(base + MessageDescriptor.FLAGS_OFFSET);
        long id = f.getLong(base + MessageDescriptor.ID_OFFSET);
        long length = f.getLong(base + MessageDescriptor.LENGTH_OFFSET);
        long aux = f.getLong(base + MessageDescriptor.AUX_OFFSET);
        if (length != available - MessageDescriptor.HEADER_LENGTH) {
            throw new MpiException(ErrorClass.ERR_OTHER, "frame from rank " + peer + " declares " + length
                    + " payload bytes but carries " + (available - MessageDescriptor.HEADER_LENGTH));
        }
        f.position(base + MessageDescriptor.HEADER_LENGTH);
        if (peer != worldRank) {
            contacted.add(peer);
        }
        switch (type) {
            case MessageDescriptor.TYPE_EAGER, MessageDescriptor.TYPE_RTS -> onMessage(peer, f, base, type, kind, flags, id,
                    type == MessageDescriptor.TYPE_EAGER ? length : aux);
            case MessageDescriptor.TYPE_CTS -> onClearToSend(peer, id, aux, (flags & MessageDescriptor.FLAG_DISCARD) != 0);
            case MessageDescriptor.TYPE_DATA -> onData(peer, id, aux, f);
            case MessageDescriptor.TYPE_ACK -> onAck(id);
            case MessageDescriptor.TYPE_GOODBYE -> onGoodbye(peer);
            default -> throw new MpiException(ErrorClass.ERR_OTHER, "frame of unknown type " + type + " from rank " + peer);
        }
    }

    private void onMessage(int peer, ByteBuffer f, int base, byte type, byte kind, byte flags, long id, long length) {
        Envelope e = new Envelope(f.getInt(base + MessageDescriptor.CONTEXT_OFFSET),
                f.getInt(base + MessageDescriptor.SOURCE_OFFSET), f.getInt(base + MessageDescriptor.TAG_OFFSET));
        boolean eager = type == MessageDescriptor.TYPE_EAGER;
        RecvOp match = null;
        synchronized (lock) {
            for (Iterator<RecvOp> it = posted.iterator(); it.hasNext(); ) {
                RecvOp r = it.next();
                if (r.accepts(e)) {
                    it.remove();
                    match = r;
                    break;
                }
            }
            if (match == null) {
                byte[] copy = null;
                if (eager) {
                    copy = new byte[f.remaining()];
                    f.get(copy);
                }
                unexpected.add(new InboundMessage(e, peer, kind, flags, id, length, copy));
            }
        }
        if (match != null) {
            matched(match, e, peer, kind, flags, id, length, eager ? f : null);
        } else {
            probeWaiters.forEach(LockSupport::unpark);
        }
    }

    private void onClearToSend(int peer, long id, long token, boolean discard) {
        SendOp op;
        synchronized (lock) {
            op = awaitingReply.remove(id);
        }
        if (op == null) {
            LOG.warn("clear-to-send from rank {} for unknown message {}", peer, id);
            return;
        }
        if (discard) {
            finishSend(op, null);
            return;
        }
        boolean inline;
        synchronized (lock) {
            // A message of one chunk goes out at once from this thread when the connection can
            // take it without waiting (no hand-off to the pushing thread), also beside messages
            // the pushing thread is sending (the receiver places chunks by their offset, so
            // they need no order); the rest queue there.
            inline = op.payload.length() == chunkLength(op.payload.length());
            pushing.add(op);
        }
        Transport t = transport;
        if (inline && t != null && t.writable(op.destWorld)) {
            pushData(op, token);
            return;
        }
        try {
            dataPusher().execute(() -> pushData(op, token));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            finishSend(op, new MpiException(ErrorClass.ERR_OTHER, "MPI is finalized on rank " + worldRank));
        }
    }

    private void onData(int peer, long token, long offset, ByteBuffer chunk) {
        RecvOp op;
        synchronized (lock) {
            op = receivingData.get(token);
        }
        if (op == null) {
            LOG.warn("data from rank {} for unknown receive {}", peer, token);
            return;
        }
        if (op.write(offset, chunk)) {
            synchronized (lock) {
                receivingData.remove(token);
            }
            op.complete(null);
        }
    }

    private void onAck(long id) {
        SendOp op;
        synchronized (lock) {
            op = awaitingReply.remove(id);
        }
        if (op != null) {
            finishSend(op, null);
        }
    }

    /** The peer finalized: fail what waits on it alone; ANY_SOURCE receives wait on for others. */
    private void onGoodbye(int peer) {
        List<Operation> failed = new ArrayList<>();
        synchronized (lock) {
            finishedPeers.add(peer);
            collectPending(peer, false, failed);
        }
        failAll(failed, finished(peer));
        probeWaiters.forEach(LockSupport::unpark);
    }

    @Override
    public void onPeerLost(int peer, Throwable cause) {
        List<Operation> failed = new ArrayList<>();
        synchronized (lock) {
            if (finishedPeers.contains(peer)) {
                return; // it said goodbye first: the closed connection is its departure
            }
            lostPeers.add(peer);
            collectPending(peer, true, failed);
        }
        String why = cause == null ? null
                : cause instanceof MpiException m ? m.getMessage() : cause.toString();
        failAll(failed, procFailed(peer, why, cause));
        probeWaiters.forEach(LockSupport::unpark);
    }

    /**
     * Removes the operations that wait on {@code peer}; if it failed ({@code anySourceToo}),
     * also receives from any source and sends whose data is being pushed to it.
     */
    private void collectPending(int peer, boolean anySourceToo, List<Operation> failed) {
        for (Iterator<RecvOp> it = posted.iterator(); it.hasNext(); ) {
            RecvOp r = it.next();
            if (r.sourceWorld == peer || (anySourceToo && r.sourceWorld < 0)) {
                it.remove();
                failed.add(r);
            }
        }
        receivingData.values().removeIf(r -> {
            if (r.matchedPeer() == peer) {
                failed.add(r);
                return true;
            }
            return false;
        });
        awaitingReply.values().removeIf(s -> {
            if (s.destWorld == peer) {
                failed.add(s);
                return true;
            }
            return false;
        });
        if (anySourceToo) {
            // a peer that failed takes no more data; one that said goodbye took all it matched,
            // and the push in progress finishes (or fails) on its own
            for (SendOp s : pushing) {
                if (s.destWorld == peer) {
                    failed.add(s);
                }
            }
        }
    }

    private void failAll(List<Operation> failed, MpiException ex) {
        for (Operation op : failed) {
            if (op instanceof SendOp s) {
                finishSend(s, ex);
            } else {
                ((RecvOp) op).complete(ex);
            }
        }
    }

    /**
     * Tells every peer this rank has exchanged frames with that it has finalized. Called once,
     * at finalize, before the transport closes.
     */
    public void sayGoodbye() {
        for (int peer : contacted) {
            try {
                sendControl(peer, MessageDescriptor.TYPE_GOODBYE, NO_FLAGS, 0, 0);
            } catch (MpiException e) {
                LOG.debug("no goodbye to rank {}: {}", peer, e.toString());
            }
        }
    }

    /**
     * Fails every pending and later operation with {@code cause}: the rank is being torn down.
     *
     * @param cause why
     */
    public void abort(MpiException cause) {
        List<Operation> failed = new ArrayList<>();
        synchronized (lock) {
            if (failure == null) {
                failure = cause;
            }
            failed.addAll(posted);
            posted.clear();
            failed.addAll(receivingData.values());
            receivingData.clear();
            failed.addAll(awaitingReply.values());
            awaitingReply.clear();
            failed.addAll(pushing);
        }
        failAll(failed, cause);
        probeWaiters.forEach(LockSupport::unpark);
    }

    /** Stops the data-pushing thread; called at finalize. */
    public void shutdown() {
        ExecutorService e = dataPusher;
        if (e != null) {
            e.shutdownNow();
        }
    }

    private void checkUsable() {
        synchronized (lock) {
            checkUsableLocked();
        }
    }

    private void checkUsableLocked() {
        if (failure != null) {
            throw MpiException.rethrown(failure);
        }
    }

    private static MpiException finished(int peer) {
        return new MpiException(ErrorClass.ERR_PROC_FAILED, "rank " + peer
                + " of the job has finalized (closed its session): nothing more can come from it or reach it");
    }

    private static MpiException procFailed(int peer) {
        return procFailed(peer, null, null);
    }

    private static MpiException procFailed(int peer, String why, Throwable cause) {
        return new MpiException(ErrorClass.ERR_PROC_FAILED, "rank " + peer + " of the job has failed or left"
                + (why == null ? "" : " (" + why + ")"), cause);
    }
}
