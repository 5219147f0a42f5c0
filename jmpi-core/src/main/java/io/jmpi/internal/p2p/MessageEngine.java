package io.jmpi.internal.p2p;

import io.jmpi.Buf;
import io.jmpi.ErrorClass;
import io.jmpi.MPI;
import io.jmpi.MpiException;
import io.jmpi.internal.progress.IdleStrategy;
import io.jmpi.internal.wire.MessageDescriptor;
import io.jmpi.internal.wire.WireFormat;
import io.jmpi.serial.ObjectSerializer;
import io.jmpi.spi.FrameListener;
import io.jmpi.spi.Transport;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One rank's point-to-point engine: encodes messages into frames for the transport, matches
 * arriving frames against posted receives, and lets callers wait for their receives.
 *
 * <p>Thread-safe ({@code MPI_THREAD_MULTIPLE}): the queues are guarded by one lock, which is
 * never held while calling the transport or user code.
 */
public final class MessageEngine implements FrameListener {
    private final int worldRank;
    private final ObjectSerializer serializer;
    private final IdleStrategy idle;
    private final AtomicLong sequence = new AtomicLong();

    private final Object lock = new Object();
    private final List<ReceiveRequest> posted = new LinkedList<>();
    private final List<InboundMessage> unexpected = new LinkedList<>();
    private final List<Integer> lostPeers = new ArrayList<>();
    private MpiException failure;

    private volatile Transport transport;

    /**
     * @param worldRank this rank in the job
     * @param serializer the object serializer
     * @param idle how waiting threads back off
     */
    public MessageEngine(int worldRank, ObjectSerializer serializer, IdleStrategy idle) {
        this.worldRank = worldRank;
        this.serializer = serializer;
        this.idle = idle;
    }

    /** Connects the engine to its transport; called once, after the transport is open. */
    public void attach(Transport transport) {
        this.transport = transport;
    }

    /** The serializer of this rank. */
    public ObjectSerializer serializer() {
        return serializer;
    }

    // ---- Sending ----

    /**
     * Sends an object eagerly.
     *
     * @param context the communicator context
     * @param source the sender's rank in the communicator
     * @param destWorld the receiver's rank in the job
     * @param tag the tag
     * @param value the object
     */
    public void sendObject(int context, int source, int destWorld, int tag, Object value) {
        byte[] bytes = serializer.serialize(value);
        ByteBuffer header = MessageDescriptor.header(MessageDescriptor.TYPE_EAGER,
                MessageDescriptor.KIND_OBJECT, context, source, tag, sequence.incrementAndGet(), bytes.length);
        sendFrame(destWorld, header, ByteBuffer.wrap(bytes));
    }

    /**
     * Sends a buffer eagerly.
     *
     * @param context the communicator context
     * @param source the sender's rank in the communicator
     * @param destWorld the receiver's rank in the job
     * @param tag the tag
     * @param buf the data
     */
    public void sendBuf(int context, int source, int destWorld, int tag, Buf buf) {
        long size = buf.getByteSize();
        if (size > Integer.MAX_VALUE - MessageDescriptor.HEADER_LENGTH) {
            throw new MpiException(ErrorClass.ERR_COUNT, "a buffer of " + size
                    + " bytes is larger than this version's eager protocol can send (2 GiB)");
        }
        ByteBuffer header = MessageDescriptor.header(MessageDescriptor.TYPE_EAGER,
                (byte) buf.getDatatype().wireCode(), context, source, tag, sequence.incrementAndGet(), size);
        ByteBuffer payload = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
        buf.pack(payload);
        sendFrame(destWorld, header, payload.flip());
    }

    private void sendFrame(int destWorld, ByteBuffer header, ByteBuffer payload) {
        checkUsable();
        if (destWorld == worldRank) {
            ByteBuffer frame = ByteBuffer.allocate(header.remaining() + payload.remaining());
            frame.put(header.duplicate()).put(payload.duplicate()).flip();
            onFrame(worldRank, frame);
            return;
        }
        synchronized (lock) {
            if (lostPeers.contains(destWorld)) {
                throw procFailed(destWorld);
            }
        }
        transport.send(destWorld, header, payload);
    }

    // ---- Receiving ----

    /**
     * Posts a receive, matching it at once against messages that already arrived.
     *
     * @param context the communicator context
     * @param source the sender's rank in the communicator, {@link MPI#ANY_SOURCE} or
     *     {@link MPI#PROC_NULL}
     * @param sourceWorld the sender's rank in the job, or -1 for wildcards
     * @param tag the tag or {@link MPI#ANY_TAG}
     * @param target the buffer to fill, or {@code null} for an object receive
     * @return the request
     */
    public ReceiveRequest postReceive(int context, int source, int sourceWorld, int tag, Buf target) {
        ReceiveRequest r = new ReceiveRequest(context, source, tag, sourceWorld, target);
        if (source == MPI.PROC_NULL) {
            r.completeNull();
            return r;
        }
        InboundMessage found = null;
        synchronized (lock) {
            checkUsableLocked();
            for (Iterator<InboundMessage> it = unexpected.iterator(); it.hasNext(); ) {
                InboundMessage m = it.next();
                if (r.accepts(m.envelope())) {
                    it.remove();
                    found = m;
                    break;
                }
            }
            if (found == null) {
                if (sourceWorld >= 0 && lostPeers.contains(sourceWorld)) {
                    throw procFailed(sourceWorld);
                }
                posted.add(r);
            }
        }
        if (found != null) {
            r.complete(found.envelope(), found.kind(), ByteBuffer.wrap(found.payload()));
        }
        return r;
    }

    /**
     * Waits until {@code r} completes, driving the transport while waiting.
     *
     * @param r the request
     * @param deadlineNanos a {@link System#nanoTime()} deadline, or {@code Long.MAX_VALUE}
     * @throws MpiException {@code ERR_TIMEOUT} when the deadline passes first
     */
    public void await(ReceiveRequest r, long deadlineNanos) {
        if (r.isDone()) {
            return;
        }
        r.setWaiter(Thread.currentThread());
        IdleStrategy.Wait wait = idle.begin();
        Transport t = transport;
        while (!r.isDone()) {
            if (t != null && t.poll()) {
                continue;
            }
            if (deadlineNanos != Long.MAX_VALUE && System.nanoTime() - deadlineNanos > 0) {
                throw new MpiException(ErrorClass.ERR_TIMEOUT, "receive from source "
                        + r.source + " with tag " + r.tag + " did not complete in time");
            }
            wait.idle();
        }
    }

    /**
     * Posts a receive and waits for it.
     *
     * @return the completed request
     */
    public ReceiveRequest receive(int context, int source, int sourceWorld, int tag, Buf target) {
        ReceiveRequest r = postReceive(context, source, sourceWorld, tag, target);
        await(r, Long.MAX_VALUE);
        return r;
    }

    // ---- FrameListener ----

    @Override
    public void onFrame(int peer, ByteBuffer frame) {
        ByteBuffer f = frame.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        int base = f.position();
        if (f.remaining() < MessageDescriptor.HEADER_LENGTH
                || f.get(base + MessageDescriptor.VERSION_OFFSET) != WireFormat.VERSION) {
            throw new MpiException(ErrorClass.ERR_OTHER, "malformed frame of " + f.remaining()
                    + " bytes from rank " + peer);
        }
        byte kind = f.get(base + MessageDescriptor.KIND_OFFSET);
        Envelope e = new Envelope(f.getInt(base + MessageDescriptor.CONTEXT_OFFSET),
                f.getInt(base + MessageDescriptor.SOURCE_OFFSET), f.getInt(base + MessageDescriptor.TAG_OFFSET));
        long length = f.getLong(base + MessageDescriptor.LENGTH_OFFSET);
        if (length != f.remaining() - MessageDescriptor.HEADER_LENGTH) {
            throw new MpiException(ErrorClass.ERR_OTHER, "frame from rank " + peer + " declares "
                    + length + " payload bytes but carries " + (f.remaining() - MessageDescriptor.HEADER_LENGTH));
        }
        f.position(base + MessageDescriptor.HEADER_LENGTH);
        ReceiveRequest match = null;
        synchronized (lock) {
            for (Iterator<ReceiveRequest> it = posted.iterator(); it.hasNext(); ) {
                ReceiveRequest r = it.next();
                if (r.accepts(e)) {
                    it.remove();
                    match = r;
                    break;
                }
            }
            if (match == null) {
                byte[] copy = new byte[f.remaining()];
                f.get(copy);
                unexpected.add(new InboundMessage(e, peer, kind, copy));
            }
        }
        if (match != null) {
            match.complete(e, kind, f);
        }
    }

    @Override
    public void onPeerLost(int peer, Throwable cause) {
        List<ReceiveRequest> failed = new ArrayList<>();
        synchronized (lock) {
            if (!lostPeers.contains(peer)) {
                lostPeers.add(peer);
            }
            for (Iterator<ReceiveRequest> it = posted.iterator(); it.hasNext(); ) {
                ReceiveRequest r = it.next();
                if (r.sourceWorld == peer || r.sourceWorld < 0) {
                    it.remove();
                    failed.add(r);
                }
            }
        }
        MpiException ex = procFailed(peer);
        ex.initCause(cause);
        failed.forEach(r -> r.fail(ex));
    }

    /**
     * Fails every pending and later operation with {@code cause}: the rank is being torn down.
     *
     * @param cause why
     */
    public void abort(MpiException cause) {
        List<ReceiveRequest> failed;
        synchronized (lock) {
            if (failure == null) {
                failure = cause;
            }
            failed = new ArrayList<>(posted);
            posted.clear();
        }
        failed.forEach(r -> r.fail(cause));
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

    private static MpiException procFailed(int peer) {
        return new MpiException(ErrorClass.ERR_PROC_FAILED, "rank " + peer + " of the job has failed or left");
    }
}
