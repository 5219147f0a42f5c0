package io.jmpi.internal.coll;

import io.jmpi.Buf;
import io.jmpi.ErrorClass;
import io.jmpi.MpiException;
import io.jmpi.Status;
import io.jmpi.internal.comm.CommCore;
import io.jmpi.internal.p2p.MessageEngine;
import io.jmpi.internal.p2p.Operation;
import io.jmpi.internal.p2p.Payload;
import io.jmpi.internal.p2p.RecvOp;
import io.jmpi.internal.p2p.SendMode;

/**
 * One collective call in progress on one rank: its communicator, its tag on the collective
 * context, and the point-to-point steps the algorithms are written with. Ranks are communicator
 * ranks.
 *
 * <p>Buffer collectives exchange packed little-endian bytes, and every receive checks that
 * exactly the expected number of bytes arrived: a longer message fails with
 * {@code ERR_TRUNCATE}, a shorter one with {@code ERR_COUNT}, so counts that differ across
 * ranks give an error, never garbage.
 *
 * <p>Used by one thread: the caller of a blocking collective, or the thread that runs a
 * nonblocking one.
 */
public final class Coll {
    private final CommCore comm;
    private final MessageEngine engine;
    private final int tag;
    private final int opcode;
    /** The number of ranks. */
    public final int size;
    /** This rank. */
    public final int rank;

    private Coll(CommCore comm, int opcode) {
        this.comm = comm;
        this.engine = comm.engine();
        this.opcode = opcode;
        this.tag = CollectiveTags.tag(comm.nextCollectiveSequence(), opcode);
        this.size = comm.size();
        this.rank = comm.rank();
    }

    /**
     * Begins a collective call: takes the communicator's next sequence number. Called in call
     * order, on the calling thread.
     *
     * @param comm the communicator
     * @param opcode the operation ({@link CollectiveTags})
     * @return the call
     */
    public static Coll begin(CommCore comm, int opcode) {
        return new Coll(comm, opcode);
    }

    /** @return the communicator */
    public CommCore comm() {
        return comm;
    }

    /** @return the tag of this call's messages */
    public int tag() {
        return tag;
    }

    // ---- Bytes ----

    /** Starts sending {@code length} bytes of {@code b} from {@code offset} to {@code dest}. */
    public Operation isend(byte[] b, int offset, int length, int dest) {
        return isend(Buf.of(b, offset, length), dest);
    }

    /** Starts a receive of exactly {@code length} bytes (checked by {@link #awaitRecv}). */
    public RecvOp irecv(byte[] b, int offset, int length, int source) {
        return irecv(Buf.of(b, offset, length), source);
    }

    /** Sends bytes and waits until the buffer may be reused. */
    public void send(byte[] b, int offset, int length, int dest) {
        await(isend(b, offset, length, dest));
    }

    /** Receives exactly {@code length} bytes. */
    public void recv(byte[] b, int offset, int length, int source) {
        awaitRecv(irecv(b, offset, length, source), (long) length, source);
    }

    /** Sends to {@code dest} and receives exactly {@code rlength} bytes from {@code source}, at once. */
    public void sendrecv(byte[] sb, int soffset, int slength, int dest, byte[] rb, int roffset, int rlength, int source) {
        RecvOp r = irecv(rb, roffset, rlength, source);
        Operation s = isend(sb, soffset, slength, dest);
        awaitRecv(r, rlength, source);
        await(s);
    }

    // ---- Typed buffers (alltoallw) ----

    /** Starts sending a buffer's elements. */
    public Operation isend(Buf buf, int dest) {
        return engine.send(comm.collContext(), rank, comm.worldRank(dest), tag, Payload.of(buf), SendMode.STANDARD);
    }

    /** Starts a receive into a buffer. */
    public RecvOp irecv(Buf buf, int source) {
        return engine.postReceive(comm.collContext(), source, comm.worldRank(source), tag, buf);
    }

    // ---- Objects ----

    /** Serializes an object once, to send it to several ranks. */
    public Payload payload(Object value) {
        return engine.objectPayload(value);
    }

    /** Starts sending a serialized object. */
    public Operation isend(Payload object, int dest) {
        return engine.send(comm.collContext(), rank, comm.worldRank(dest), tag, object, SendMode.STANDARD);
    }

    /** Starts receiving an object; its result is the object. */
    public RecvOp irecvObject(int source) {
        return engine.postReceive(comm.collContext(), source, comm.worldRank(source), tag, null);
    }

    /** Receives an object. */
    public Object recvObject(int source) {
        RecvOp r = engine.postReceive(comm.collContext(), source, comm.worldRank(source), tag, null);
        await(r);
        return r.result();
    }

    // ---- Waiting ----

    /** Waits for an operation and throws its error. */
    public void await(Operation op) {
        comm.awaitOrThrow(op);
    }

    /**
     * Waits for a receive and checks it brought exactly {@code expected} bytes.
     *
     * @throws MpiException {@code ERR_TRUNCATE} (longer) or {@code ERR_COUNT} (shorter) when the
     *     ranks' counts do not match
     */
    public void awaitRecv(RecvOp r, long expected, int source) {
        await(r);
        Status st = new Status();
        r.fillStatus(st);
        if (st.getCount() != expected) {
            throw new MpiException(ErrorClass.ERR_COUNT, name() + " on " + comm + ": expected " + expected
                    + " bytes from rank " + source + " but " + st.getCount()
                    + " came: the counts (or datatypes) given by the ranks do not match");
        }
    }

    private String name() {
        return CollectiveSelector.operationName(opcode);
    }

    /** @return this call for reports: {@code bcast (collective call 3) on COMM_WORLD} */
    public String describe() {
        return name() + " (collective call " + CollectiveTags.sequence(tag) + ") on " + comm.name();
    }
}
