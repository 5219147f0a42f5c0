package io.jmpi.internal.comm;

import io.jmpi.Buf;
import io.jmpi.ErrorClass;
import io.jmpi.MPI;
import io.jmpi.MpiException;
import io.jmpi.internal.p2p.InboundMessage;
import io.jmpi.internal.p2p.MessageEngine;
import io.jmpi.internal.p2p.Operation;
import io.jmpi.internal.p2p.Payload;
import io.jmpi.internal.p2p.RecvOp;
import io.jmpi.internal.p2p.SendMode;
import io.jmpi.internal.p2p.SendOp;

/**
 * The state behind a communicator handle: its members, this rank's place among them, and the
 * two context ids that keep its point-to-point and collective traffic apart from each other and
 * from every other communicator.
 *
 * <p>Immutable but for the counter of collective calls; its methods may be called from any
 * thread.
 */
public final class CommCore {
    private final String name;
    private final MessageEngine engine;
    private final int rank;
    private final int[] worldRanks;
    private final int p2pContext;
    private final int collContext;
    private final java.util.concurrent.atomic.AtomicInteger collectiveCalls = new java.util.concurrent.atomic.AtomicInteger();

    /**
     * @param name the communicator's name ({@code COMM_WORLD} ...)
     * @param engine the rank's engine
     * @param rank this rank in the communicator
     * @param worldRanks the job rank of each member, by communicator rank
     * @param p2pContext the context id of user point-to-point traffic
     * @param collContext the context id of collective traffic
     */
    public CommCore(String name, MessageEngine engine, int rank, int[] worldRanks, int p2pContext, int collContext) {
        this.name = name;
        this.engine = engine;
        this.rank = rank;
        this.worldRanks = worldRanks.clone();
        this.p2pContext = p2pContext;
        this.collContext = collContext;
    }

    public String name() {
        return name;
    }

    public int rank() {
        return rank;
    }

    public int size() {
        return worldRanks.length;
    }

    /** The engine, for collectives written over point-to-point. */
    public MessageEngine engine() {
        return engine;
    }

    public int collContext() {
        return collContext;
    }

    /**
     * Numbers a collective call: every member numbers its collective calls on this communicator
     * in call order (blocking, nonblocking and persistent starts alike), so the n-th collective
     * of every member gets the same number, and concurrent collectives never match each other's
     * messages.
     *
     * @return 0 for the first collective call, then 1, 2 ...
     */
    public int nextCollectiveSequence() {
        return collectiveCalls.getAndIncrement();
    }

    /** The job rank of communicator rank {@code r}. */
    public int worldRank(int r) {
        return worldRanks[r];
    }

    // ---- Point-to-point on the user context ----

    /**
     * Starts a send of {@code payload} to {@code dest} (or completes at once for PROC_NULL).
     *
     * @return the operation
     */
    public SendOp isend(Payload payload, int dest, int tag, SendMode mode) {
        if (dest == MPI.PROC_NULL) {
            return engine.send(p2pContext, rank, MPI.PROC_NULL, tag, payload, mode);
        }
        return engine.send(p2pContext, rank, worldRanks[dest], tag, payload, mode);
    }

    /** Serializes an object into a payload. */
    public Payload payload(Object value) {
        return engine.objectPayload(value);
    }

    /** Posts a receive into {@code target} ({@code null} for an object). */
    public RecvOp irecv(Buf target, int source, int tag) {
        return engine.postReceive(p2pContext, source, sourceWorld(source), tag, target);
    }

    /** Looks for a matching message without receiving it; {@code null} if none. */
    public InboundMessage iprobe(int source, int tag, boolean remove) {
        if (source == MPI.PROC_NULL) {
            return null;
        }
        return engine.iprobe(p2pContext, source, tag, remove);
    }

    /** Waits for a matching message. */
    public InboundMessage probe(int source, int tag, boolean remove) {
        return engine.probe(p2pContext, source, sourceWorld(source), tag, remove);
    }

    // ---- Point-to-point on the collective context, for collective algorithms ----

    /** Sends a buffer to communicator rank {@code dest} on the collective context. */
    public void collSend(Buf buf, int dest, int tag) {
        SendOp op = engine.send(collContext, rank, worldRanks[dest], tag, Payload.of(buf), SendMode.STANDARD);
        awaitOrThrow(op);
    }

    /** Receives a buffer from communicator rank {@code source} on the collective context. */
    public void collRecv(Buf buf, int source, int tag) {
        awaitOrThrow(engine.postReceive(collContext, source, worldRanks[source], tag, buf));
    }

    /** Waits for {@code op} and throws its error, if any. */
    public void awaitOrThrow(Operation op) {
        engine.await(op, Long.MAX_VALUE);
        if (op.error() != null) {
            throw MpiException.rethrown(op.error());
        }
    }

    private int sourceWorld(int source) {
        return source >= 0 ? worldRanks[source] : -1;
    }

    /**
     * Checks a rank argument.
     *
     * @param what the argument's name ({@code dest}, {@code source})
     * @param r its value
     * @param wildcardOk whether {@link MPI#ANY_SOURCE} is allowed
     */
    public void checkRank(String what, int r, boolean wildcardOk) {
        if ((r >= 0 && r < size()) || r == MPI.PROC_NULL || (wildcardOk && r == MPI.ANY_SOURCE)) {
            return;
        }
        String allowed = "0.." + (size() - 1) + ", PROC_NULL" + (wildcardOk ? " or ANY_SOURCE" : "");
        String hint = r >= size() && r >= 0 ? "; start more ranks, e.g. jmpiexec -n " + (r + 1) : "";
        throw new MpiException(ErrorClass.ERR_RANK, what + " " + r + " is not a rank of " + name
                + " (size " + size() + "): use " + allowed + hint);
    }

    @Override
    public String toString() {
        return name + "[rank " + rank + " of " + size() + "]";
    }
}
