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
import io.jmpi.internal.stall.StallDetector;
import io.jmpi.internal.coll.CollectiveTags;

/**
 * The state behind a communicator handle: its members, this rank's place among them, and the
 * two context ids that keep its point-to-point and collective traffic apart from each other and
 * from every other communicator.
 *
 * <p>Immutable but for the counter of collective calls; its methods may be called from any
 * thread.
 */
public final class CommCore implements StallDetector.Communicator {
    private volatile String name;
    private final MessageEngine engine;
    private final int rank;
    /** Job ranks of the ranks point-to-point names: the group (intra), the remote group (inter). */
    private final int[] worldRanks;
    /** Job ranks of this rank's own group (the same array as worldRanks for an intracommunicator). */
    private final int[] localRanks;
    private final int p2pContext;
    private final int collContext;
    private final java.util.concurrent.atomic.AtomicInteger collectiveCalls = new java.util.concurrent.atomic.AtomicInteger();
    /** When non-negative, the sequence number of every collective (a shadow for an agreement). */
    private final int fixedSequence;
    private final ContextIdAllocator allocator;
    /** The context pairs this communicator took from the allocator (none for predefined ones). */
    private final int[] pairs;
    /** An intercommunicator's own group as an intracommunicator (for its collectives); else null. */
    private final CommCore localComm;
    private final java.util.concurrent.atomic.AtomicBoolean freed = new java.util.concurrent.atomic.AtomicBoolean();
    private final java.util.Map<Object, Object> attributes = java.util.Collections.synchronizedMap(new java.util.LinkedHashMap<>());
    private volatile Object topology;
    private volatile Object info;
    /** The error handler set on this communicator or inherited from its parent; null for the initial one. */
    private volatile Object errhandler;
    private final boolean predefined;

    /**
     * A predefined intracommunicator ({@code COMM_WORLD}, {@code COMM_SELF}).
     *
     * @param name the communicator's name ({@code COMM_WORLD} ...)
     * @param engine the rank's engine
     * @param rank this rank in the communicator
     * @param worldRanks the job rank of each member, by communicator rank
     * @param p2pContext the context id of user point-to-point traffic
     * @param collContext the context id of collective traffic
     * @param allocator the rank's context ids, shared by the communicators derived from this one
     */
    public CommCore(String name, MessageEngine engine, int rank, int[] worldRanks, int p2pContext, int collContext,
            ContextIdAllocator allocator) {
        this(name, engine, rank, worldRanks.clone(), null, p2pContext, collContext, -1, allocator, new int[0], null, true);
        named();
    }

    /** Names this communicator's contexts in the engine's stall reports. */
    private CommCore named() {
        engine.stalls().register(p2pContext, this, false);
        engine.stalls().register(collContext, this, true);
        return this;
    }

    private CommCore(String name, MessageEngine engine, int rank, int[] localRanks, int[] remoteRanks, int p2pContext,
            int collContext, int fixedSequence, ContextIdAllocator allocator, int[] pairs, CommCore localComm) {
        this(name, engine, rank, localRanks, remoteRanks, p2pContext, collContext, fixedSequence, allocator, pairs,
                localComm, false);
    }

    private CommCore(String name, MessageEngine engine, int rank, int[] localRanks, int[] remoteRanks, int p2pContext,
            int collContext, int fixedSequence, ContextIdAllocator allocator, int[] pairs, CommCore localComm,
            boolean predefined) {
        this.predefined = predefined;
        this.name = name;
        this.engine = engine;
        this.rank = rank;
        this.localRanks = localRanks;
        this.worldRanks = remoteRanks != null ? remoteRanks : localRanks;
        this.p2pContext = p2pContext;
        this.collContext = collContext;
        this.fixedSequence = fixedSequence;
        this.allocator = allocator;
        this.pairs = pairs;
        this.localComm = localComm;
    }

    /**
     * A new intracommunicator on an agreed pair (already reserved in {@code allocator}).
     *
     * @param name its name
     * @param rank this rank in it
     * @param members job ranks of its members, by rank
     * @param pair its context pair
     * @return the communicator
     */
    public CommCore derive(String name, int rank, int[] members, int pair) {
        return inherit(new CommCore(name, engine, rank, members.clone(), null, ContextIdAllocator.p2p(pair),
                ContextIdAllocator.coll(pair), -1, allocator, new int[] {pair}, null)).named();
    }

    /**
     * A new intercommunicator on two agreed pairs (already reserved): the first for its own
     * traffic, the second for its local group's collective phases.
     *
     * @param name its name
     * @param rank this rank in the local group
     * @param local job ranks of the local group
     * @param remote job ranks of the remote group
     * @param interPair the pair of inter-group traffic
     * @param localPair the pair of the local group's intracommunicator
     * @return the communicator
     */
    public CommCore deriveInter(String name, int rank, int[] local, int[] remote, int interPair, int localPair) {
        CommCore lc = inherit(new CommCore(name + ".local", engine, rank, local.clone(), null,
                ContextIdAllocator.p2p(localPair), ContextIdAllocator.coll(localPair), -1, allocator, new int[0], null));
        lc.named();
        return inherit(new CommCore(name, engine, rank, local.clone(), remote.clone(), ContextIdAllocator.p2p(interPair),
                ContextIdAllocator.coll(interPair), -1, allocator, new int[] {interPair, localPair}, lc)).named();
    }

    /**
     * The same communicator, with every collective numbered {@code sequence}: runs the several
     * collectives of one communicator-creating call under the one sequence number that call
     * took, so a nonblocking creation ({@code idup}) and later collectives never mix.
     *
     * @param sequence the sequence number taken from this communicator
     * @return the shadow
     */
    public CommCore shadow(int sequence) {
        return inherit(new CommCore(name, engine, rank, localRanks, worldRanks == localRanks ? null : worldRanks,
                p2pContext, collContext, sequence, allocator, new int[0], localComm));
    }

    /**
     * A temporary intracommunicator over {@code members} on the createGroup context, every
     * collective numbered {@code sequence} (derived from the user's tag).
     */
    CommCore groupShadow(int groupRank, int[] members, int sequence) {
        return inherit(new CommCore(name + ".createGroup", engine, groupRank, members.clone(), null,
                ContextIdAllocator.p2p(ContextIdAllocator.CREATE_GROUP_PAIR),
                ContextIdAllocator.coll(ContextIdAllocator.CREATE_GROUP_PAIR), sequence, allocator, new int[0], null));
    }

    /**
     * Both groups of an intercommunicator as one intracommunicator on its collective context,
     * every collective numbered with this shadow's sequence (union members rank apart from the
     * intercommunicator's own collective messages by that sequence number).
     */
    CommCore unionShadow(int unionRank, int[] members) {
        return inherit(new CommCore(name + ".union", engine, unionRank, members.clone(), null, p2pContext, collContext,
                fixedSequence, allocator, new int[0], null));
    }

    /** Gives {@code child} this communicator's error handler (MPI: new communicators inherit it). */
    private CommCore inherit(CommCore child) {
        child.errhandler = errhandler;
        return child;
    }

    /** @return the rank's context ids */
    public ContextIdAllocator allocator() {
        return allocator;
    }

    /** @return whether this is an intercommunicator */
    public boolean isInter() {
        return worldRanks != localRanks;
    }

    /** @return an intercommunicator's local group as an intracommunicator */
    public CommCore localComm() {
        return localComm;
    }

    /** @return the job ranks of this rank's group, by rank */
    public int[] localRanks() {
        return localRanks.clone();
    }

    /** @return the job ranks of the remote group (of the group, for an intracommunicator) */
    public int[] remoteRanks() {
        return worldRanks.clone();
    }

    /** @return the number of ranks point-to-point may name: the remote group's size for an intercommunicator */
    public int remoteSize() {
        return worldRanks.length;
    }

    /** @return this rank's job rank */
    public int myWorldRank() {
        return localRanks[rank];
    }

    public int p2pContext() {
        return p2pContext;
    }

    /** @return the context pairs this communicator holds (empty for predefined ones) */
    public int[] pairs() {
        return pairs.clone();
    }

    /** @return whether this communicator was created (and may be freed); false for COMM_WORLD, COMM_SELF */
    public boolean isPredefined() {
        return predefined;
    }

    /** Renames the communicator. */
    public void setName(String name) {
        this.name = name;
    }

    /** @return the attributes cached on this communicator, by keyval (synchronize on it to iterate) */
    public java.util.Map<Object, Object> attributes() {
        return attributes;
    }

    /** @return the topology (a {@link CartTopology} ...), or null */
    public Object topology() {
        return topology;
    }

    /** Sets the topology, once, right after creation. */
    public void topology(Object t) {
        this.topology = t;
    }

    /** @return the info hints given at creation, or null */
    public Object info() {
        return info;
    }

    /** Sets the info hints. */
    public void info(Object i) {
        this.info = i;
    }

    /** @return the error handler set on or inherited by this communicator, or null for the initial one */
    public Object errhandler() {
        return errhandler;
    }

    /** Sets the error handler (an {@code io.jmpi.Errhandler}). */
    public void errhandler(Object h) {
        this.errhandler = h;
    }

    /** @return whether {@link #markFreed()} was called */
    public boolean isFreed() {
        return freed.get();
    }

    /**
     * Marks the communicator freed and returns its context ids to the pool.
     *
     * @return false if it was already freed
     */
    public boolean markFreed() {
        if (!freed.compareAndSet(false, true)) {
            return false;
        }
        engine.stalls().unregister(p2pContext, this);
        engine.stalls().unregister(collContext, this);
        if (localComm != null) {
            engine.stalls().unregister(localComm.p2pContext, localComm);
            engine.stalls().unregister(localComm.collContext, localComm);
        }
        for (int p : pairs) {
            allocator.release(p);
        }
        return true;
    }

    /**
     * Throws {@code ERR_COMM} if this communicator was freed.
     *
     * @return this
     */
    public CommCore checkUsable() {
        if (freed.get()) {
            throw new MpiException(ErrorClass.ERR_COMM, "communicator " + name + " has been freed: it cannot be used"
                    + " after free()");
        }
        return this;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public int rankOf(int worldRank) {
        for (int r = 0; r < worldRanks.length; r++) {
            if (worldRanks[r] == worldRank) {
                return r;
            }
        }
        for (int r = 0; r < localRanks.length; r++) {
            if (localRanks[r] == worldRank) {
                return r;
            }
        }
        return -1;
    }

    @Override
    public String collectiveOperation(int tag) {
        return CollectiveTags.operationName(tag);
    }

    @Override
    public int collectiveSequence(int tag) {
        return CollectiveTags.sequence(tag);
    }

    public int rank() {
        return rank;
    }

    public int size() {
        return localRanks.length;
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
        if (fixedSequence >= 0) {
            return fixedSequence;
        }
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
        int n = remoteSize();
        if ((r >= 0 && r < n) || r == MPI.PROC_NULL || (wildcardOk && r == MPI.ANY_SOURCE)) {
            return;
        }
        String allowed = "0.." + (n - 1) + ", PROC_NULL" + (wildcardOk ? " or ANY_SOURCE" : "");
        String hint = r >= n && r >= 0 && !isInter() && p2pContext == 0
                ? "; start more ranks, e.g. jmpiexec -n " + (r + 1) : "";
        throw new MpiException(ErrorClass.ERR_RANK, what + " " + r + " is not a rank of " + (isInter() ? "the remote group of " : "")
                + name + " (size " + n + "): use " + allowed + hint);
    }

    @Override
    public String toString() {
        return name + "[rank " + rank + " of " + size() + (isInter() ? ", remote size " + remoteSize() : "") + "]";
    }
}
