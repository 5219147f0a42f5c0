package io.jmpi;

import io.jmpi.internal.comm.CommCore;
import io.jmpi.internal.coll.DisseminationBarrier;
import io.jmpi.internal.p2p.InboundMessage;
import io.jmpi.internal.p2p.MessageEngine;
import io.jmpi.internal.p2p.Payload;
import io.jmpi.internal.p2p.RecvOp;
import io.jmpi.internal.p2p.SendMode;

import java.util.function.Supplier;

/**
 * A communicator: a group of ranks and a private space for their messages.
 *
 * <p>Two kinds of data, as in mpi4py: objects of any class ({@code send(Object, ...)},
 * {@code recv(...)} returning the object; mpi4py's lowercase methods, which pickle) are
 * serialized with Kryo; buffers ({@link Buf}; mpi4py's uppercase methods) travel as their
 * elements, with no serialization.
 *
 * <p>Thread-safe: any thread may call any method at any time ({@code MPI_THREAD_MULTIPLE}).
 *
 * <p>MPI: MPI_Comm; mpi4py: {@code MPI.Comm}.
 */
public abstract class Comm {
    private final Supplier<CommCore> core;

    Comm(Supplier<CommCore> core) {
        this.core = core;
    }

    /** The state this handle stands for (resolved per call for COMM_WORLD and COMM_SELF). */
    final CommCore core() {
        return core.get();
    }

    // ---- Communicator ----

    /**
     * Returns the rank of the calling process in this communicator.
     *
     * <p>MPI: MPI_Comm_rank; mpi4py: {@code Comm.Get_rank()} / {@code Comm.rank}.
     *
     * @return the rank, from 0 to {@code getSize() - 1}
     */
    public int getRank() {
        return core().rank();
    }

    /**
     * Returns the number of processes in this communicator.
     *
     * <p>MPI: MPI_Comm_size; mpi4py: {@code Comm.Get_size()} / {@code Comm.size}.
     *
     * @return the size
     */
    public int getSize() {
        return core().size();
    }

    /**
     * Returns this communicator's name ({@code COMM_WORLD}, {@code COMM_SELF} ...).
     *
     * <p>MPI: MPI_Comm_get_name; mpi4py: {@code Comm.Get_name()} / {@code Comm.name}.
     *
     * @return the name
     */
    public String getName() {
        return core().name();
    }

    /**
     * Returns whether this is an intercommunicator.
     *
     * <p>MPI: MPI_Comm_test_inter; mpi4py: {@code Comm.Is_inter()} / {@code Comm.is_inter}.
     *
     * @return true for an {@link Intercomm}
     */
    public abstract boolean isInter();

    /**
     * Returns whether this is an intracommunicator.
     *
     * <p>MPI: !MPI_Comm_test_inter; mpi4py: {@code Comm.Is_intra()} / {@code Comm.is_intra}.
     *
     * @return true for an {@link Intracomm}
     */
    public boolean isIntra() {
        return !isInter();
    }

    // ---- Point-to-point: blocking, objects ----

    /**
     * Sends an object (blocking, standard mode). Returns once {@code obj} may be changed; the
     * message may still be on its way.
     *
     * <p>MPI: MPI_Send of a serialized object; mpi4py: {@code Comm.send(obj, dest, tag)}.
     *
     * @param obj the object, of any class (may be {@code null})
     * @param dest the destination rank, or {@link MPI#PROC_NULL}
     * @param tag the tag, 0 to {@link MPI#TAG_UB}
     * @throws MpiException {@code ERR_RANK} or {@code ERR_TAG} for a bad argument,
     *     {@code ERR_OTHER} if {@code obj} cannot be serialized, {@code ERR_PROC_FAILED} if
     *     {@code dest} has failed
     */
    public void send(Object obj, int dest, int tag) {
        sendObject(obj, dest, tag, SendMode.STANDARD).waitFor();
    }

    /**
     * Sends an object in synchronous mode: returns once the receiver has matched it.
     *
     * <p>MPI: MPI_Ssend of a serialized object; mpi4py: {@code Comm.ssend(obj, dest, tag)}.
     *
     * @param obj the object
     * @param dest the destination rank, or {@link MPI#PROC_NULL}
     * @param tag the tag
     * @throws MpiException as {@link #send(Object, int, int)}
     */
    public void ssend(Object obj, int dest, int tag) {
        sendObject(obj, dest, tag, SendMode.SYNCHRONOUS).waitFor();
    }

    /**
     * Sends an object in buffered mode, charging the buffer attached with
     * {@link MPI#attachBuffer}; returns at once.
     *
     * <p>MPI: MPI_Bsend of a serialized object; mpi4py: {@code Comm.bsend(obj, dest, tag)}.
     *
     * @param obj the object
     * @param dest the destination rank, or {@link MPI#PROC_NULL}
     * @param tag the tag
     * @throws MpiException {@code ERR_BUFFER} when no buffer is attached or it is too small,
     *     else as {@link #send(Object, int, int)}
     */
    public void bsend(Object obj, int dest, int tag) {
        sendObject(obj, dest, tag, SendMode.BUFFERED);
    }

    /**
     * Receives an object from any source with any tag (blocking).
     *
     * <p>MPI: MPI_Recv of a serialized object; mpi4py: {@code Comm.recv()}.
     *
     * @param <T> the type the caller expects
     * @return the object
     */
    public <T> T recv() {
        return recv(MPI.ANY_SOURCE, MPI.ANY_TAG, null);
    }

    /**
     * Receives an object (blocking).
     *
     * <p>MPI: MPI_Recv of a serialized object; mpi4py: {@code Comm.recv(source=..., tag=...)}.
     *
     * @param <T> the type the caller expects
     * @param source the source rank, {@link MPI#ANY_SOURCE} or {@link MPI#PROC_NULL}
     * @param tag the tag or {@link MPI#ANY_TAG}
     * @return the object ({@code null} from {@link MPI#PROC_NULL})
     * @throws MpiException {@code ERR_RANK} or {@code ERR_TAG} for a bad argument,
     *     {@code ERR_TYPE} if the matched message is a buffer message
     */
    public <T> T recv(int source, int tag) {
        return recv(source, tag, null);
    }

    /**
     * Receives an object (blocking) and fills {@code status}.
     *
     * <p>MPI: MPI_Recv of a serialized object; mpi4py:
     * {@code Comm.recv(source=..., tag=..., status=...)}.
     *
     * @param <T> the type the caller expects
     * @param source the source rank, {@link MPI#ANY_SOURCE} or {@link MPI#PROC_NULL}
     * @param tag the tag or {@link MPI#ANY_TAG}
     * @param status filled with the source, tag and size of the message; may be {@code null}
     * @return the object ({@code null} from {@link MPI#PROC_NULL})
     * @throws MpiException {@code ERR_RANK} or {@code ERR_TAG} for a bad argument,
     *     {@code ERR_TYPE} if the matched message is a buffer message, {@code ERR_OTHER} if it
     *     cannot be deserialized here
     */
    public <T> T recv(int source, int tag, Status status) {
        return this.<T>irecv(source, tag).waitFor(status);
    }

    /**
     * Sends an object and receives one (blocking), without deadlock when two ranks exchange.
     *
     * <p>MPI: MPI_Sendrecv of serialized objects; mpi4py:
     * {@code Comm.sendrecv(sendobj, dest, sendtag, source=..., recvtag=..., status=...)}.
     *
     * <p><b>Note:</b> the receive must match what the partner sends: mismatched tags deadlock,
     * as in MPI.
     *
     * @param <T> the type the caller expects
     * @param sendobj the object to send
     * @param dest the destination rank, or {@link MPI#PROC_NULL}
     * @param sendtag the tag of the sent message
     * @param source the source rank, {@link MPI#ANY_SOURCE} or {@link MPI#PROC_NULL}
     * @param recvtag the tag to receive, or {@link MPI#ANY_TAG}
     * @param status filled with the received message's outcome; may be {@code null}
     * @return the received object
     */
    public <T> T sendrecv(Object sendobj, int dest, int sendtag, int source, int recvtag, Status status) {
        Request<T> r = irecv(source, recvtag);
        Request<Void> s = isend(sendobj, dest, sendtag);
        s.waitFor();
        return r.waitFor(status);
    }

    /**
     * Sends an object and receives one (blocking): {@code sendrecv(..., null)}.
     *
     * <p>MPI: MPI_Sendrecv; mpi4py: {@code Comm.sendrecv(sendobj, dest, sendtag, source, recvtag)}.
     *
     * @param <T> the type the caller expects
     * @param sendobj the object to send
     * @param dest the destination rank
     * @param sendtag the tag of the sent message
     * @param source the source rank
     * @param recvtag the tag to receive
     * @return the received object
     */
    public <T> T sendrecv(Object sendobj, int dest, int sendtag, int source, int recvtag) {
        return sendrecv(sendobj, dest, sendtag, source, recvtag, null);
    }

    // ---- Point-to-point: nonblocking, objects ----

    /**
     * Starts a standard-mode send of an object; the object is serialized before this returns,
     * so it may be changed at once.
     *
     * <p>MPI: MPI_Isend of a serialized object; mpi4py: {@code Comm.isend(obj, dest, tag)}.
     *
     * @param obj the object
     * @param dest the destination rank, or {@link MPI#PROC_NULL}
     * @param tag the tag
     * @return the request
     */
    public Request<Void> isend(Object obj, int dest, int tag) {
        return sendObject(obj, dest, tag, SendMode.STANDARD);
    }

    /**
     * Starts a synchronous-mode send of an object: completes once the receiver has matched it.
     *
     * <p>MPI: MPI_Issend; mpi4py: {@code Comm.issend(obj, dest, tag)}.
     *
     * @param obj the object
     * @param dest the destination rank, or {@link MPI#PROC_NULL}
     * @param tag the tag
     * @return the request
     */
    public Request<Void> issend(Object obj, int dest, int tag) {
        return sendObject(obj, dest, tag, SendMode.SYNCHRONOUS);
    }

    /**
     * Starts a buffered-mode send of an object (see {@link #bsend(Object, int, int)}).
     *
     * <p>MPI: MPI_Ibsend; mpi4py: {@code Comm.ibsend(obj, dest, tag)}.
     *
     * @param obj the object
     * @param dest the destination rank, or {@link MPI#PROC_NULL}
     * @param tag the tag
     * @return the request
     */
    public Request<Void> ibsend(Object obj, int dest, int tag) {
        return sendObject(obj, dest, tag, SendMode.BUFFERED);
    }

    /**
     * Starts receiving an object from any source with any tag. No size guess is needed: the
     * request takes a message of any size.
     *
     * <p>MPI: MPI_Irecv of a serialized object; mpi4py: {@code Comm.irecv()}.
     *
     * @param <T> the type the caller expects
     * @return the request; its result is the object
     */
    public <T> Request<T> irecv() {
        return irecv(MPI.ANY_SOURCE, MPI.ANY_TAG);
    }

    /**
     * Starts receiving an object.
     *
     * <p>MPI: MPI_Irecv of a serialized object; mpi4py: {@code Comm.irecv(source=..., tag=...)}.
     *
     * @param <T> the type the caller expects
     * @param source the source rank, {@link MPI#ANY_SOURCE} or {@link MPI#PROC_NULL}
     * @param tag the tag or {@link MPI#ANY_TAG}
     * @return the request; its result is the object
     */
    public <T> Request<T> irecv(int source, int tag) {
        CommCore c = core();
        c.checkRank("source", source, true);
        checkRecvTag(tag);
        return new Request<>(c.engine(), c.irecv(null, source, tag));
    }

    private Request<Void> sendObject(Object obj, int dest, int tag, SendMode mode) {
        CommCore c = core();
        c.checkRank("dest", dest, false);
        checkSendTag(tag);
        if (dest == MPI.PROC_NULL) {
            return new Request<>(c.engine(), c.isend(null, dest, tag, mode));
        }
        return new Request<>(c.engine(), c.isend(c.payload(obj), dest, tag, mode));
    }

    // ---- Point-to-point: blocking, buffers ----

    /**
     * Sends the elements of a buffer (blocking, standard mode). Returns once the buffer may be
     * changed: at once for small messages, once the receiver has taken the data for large
     * ones (above {@code jmpi.eagerLimit}).
     *
     * <p>MPI: MPI_Send; mpi4py: {@code Comm.Send(buf, dest, tag)}.
     *
     * @param buf the data
     * @param dest the destination rank, or {@link MPI#PROC_NULL}
     * @param tag the tag, 0 to {@link MPI#TAG_UB}
     * @throws MpiException {@code ERR_BUFFER} for a null buffer, {@code ERR_RANK} or
     *     {@code ERR_TAG} for a bad argument, {@code ERR_PROC_FAILED} if {@code dest} failed
     */
    public void send(Buf buf, int dest, int tag) {
        sendBuf(buf, dest, tag, SendMode.STANDARD).waitFor();
    }

    /**
     * Sends a buffer in synchronous mode: returns once the receiver has matched it.
     *
     * <p>MPI: MPI_Ssend; mpi4py: {@code Comm.Ssend(buf, dest, tag)}.
     *
     * @param buf the data
     * @param dest the destination rank, or {@link MPI#PROC_NULL}
     * @param tag the tag
     */
    public void ssend(Buf buf, int dest, int tag) {
        sendBuf(buf, dest, tag, SendMode.SYNCHRONOUS).waitFor();
    }

    /**
     * Sends a buffer in buffered mode: the data is copied, charging the buffer attached with
     * {@link MPI#attachBuffer}, and this returns at once.
     *
     * <p>MPI: MPI_Bsend; mpi4py: {@code Comm.Bsend(buf, dest, tag)}.
     *
     * @param buf the data
     * @param dest the destination rank, or {@link MPI#PROC_NULL}
     * @param tag the tag
     * @throws MpiException {@code ERR_BUFFER} when no buffer is attached or it is too small
     */
    public void bsend(Buf buf, int dest, int tag) {
        sendBuf(buf, dest, tag, SendMode.BUFFERED);
    }

    /**
     * Sends a buffer in ready mode (the receive is known to be posted); jmpi sends it as a
     * standard-mode send, which is always correct.
     *
     * <p>MPI: MPI_Rsend; mpi4py: {@code Comm.Rsend(buf, dest, tag)}.
     *
     * @param buf the data
     * @param dest the destination rank, or {@link MPI#PROC_NULL}
     * @param tag the tag
     */
    public void rsend(Buf buf, int dest, int tag) {
        sendBuf(buf, dest, tag, SendMode.READY).waitFor();
    }

    /**
     * Receives into a buffer (blocking).
     *
     * <p>MPI: MPI_Recv; mpi4py: {@code Comm.Recv(buf, source, tag)}.
     *
     * @param buf where the elements go; the message may be shorter than the buffer
     * @param source the source rank, {@link MPI#ANY_SOURCE} or {@link MPI#PROC_NULL}
     * @param tag the tag or {@link MPI#ANY_TAG}
     * @return the status: source, tag and size of the message
     * @throws MpiException {@code ERR_TRUNCATE} if the message is longer than the buffer (the
     *     message is consumed), {@code ERR_TYPE} if its datatype differs or it is an object
     *     message, {@code ERR_RANK}/{@code ERR_TAG}/{@code ERR_BUFFER} for a bad argument
     */
    public Status recv(Buf buf, int source, int tag) {
        return recv(buf, source, tag, null);
    }

    /**
     * Receives into a buffer (blocking) and fills {@code status}.
     *
     * <p>MPI: MPI_Recv; mpi4py: {@code Comm.Recv(buf, source, tag, status)}.
     *
     * @param buf where the elements go
     * @param source the source rank, {@link MPI#ANY_SOURCE} or {@link MPI#PROC_NULL}
     * @param tag the tag or {@link MPI#ANY_TAG}
     * @param status the status to fill, or {@code null} for a new one
     * @return the status
     * @throws MpiException as {@link #recv(Buf, int, int)}
     */
    public Status recv(Buf buf, int source, int tag, Status status) {
        Status st = status != null ? status : new Status();
        irecv(buf, source, tag).waitFor(st);
        return st;
    }

    /**
     * Sends a buffer and receives into another (blocking), without deadlock when two ranks
     * exchange. Messages of any size (beyond 2 GiB) go through.
     *
     * <p>MPI: MPI_Sendrecv; mpi4py: {@code Comm.Sendrecv(sendbuf, dest, sendtag, recvbuf, source, recvtag, status)}.
     *
     * @param sendbuf the data to send
     * @param dest the destination rank, or {@link MPI#PROC_NULL}
     * @param sendtag the tag of the sent message
     * @param recvbuf where the received elements go
     * @param source the source rank, {@link MPI#ANY_SOURCE} or {@link MPI#PROC_NULL}
     * @param recvtag the tag to receive, or {@link MPI#ANY_TAG}
     * @return the status of the receive
     */
    public Status sendrecv(Buf sendbuf, int dest, int sendtag, Buf recvbuf, int source, int recvtag) {
        Request<Status> r = irecv(recvbuf, source, recvtag);
        Request<Void> s = isend(sendbuf, dest, sendtag);
        s.waitFor();
        return r.waitFor();
    }

    /**
     * Sends a buffer and receives into the same buffer (blocking); the outgoing data is copied
     * first.
     *
     * <p>MPI: MPI_Sendrecv_replace; mpi4py: {@code Comm.Sendrecv_replace(buf, dest, sendtag, source, recvtag, status)}.
     *
     * @param buf the data to send, replaced by the data received
     * @param dest the destination rank, or {@link MPI#PROC_NULL}
     * @param sendtag the tag of the sent message
     * @param source the source rank, {@link MPI#ANY_SOURCE} or {@link MPI#PROC_NULL}
     * @param recvtag the tag to receive, or {@link MPI#ANY_TAG}
     * @return the status of the receive
     */
    public Status sendrecvReplace(Buf buf, int dest, int sendtag, int source, int recvtag) {
        checkBuf(buf);
        CommCore c = core();
        c.checkRank("dest", dest, false);
        checkSendTag(sendtag);
        Request<Void> s = new Request<>(c.engine(), c.isend(c.engine().copyOf(buf), dest, sendtag, SendMode.STANDARD));
        Request<Status> r = irecv(buf, source, recvtag);
        s.waitFor();
        return r.waitFor();
    }

    // ---- Point-to-point: nonblocking, buffers ----

    /**
     * Starts a standard-mode send of a buffer. The buffer must not change until the request
     * completes.
     *
     * <p>MPI: MPI_Isend; mpi4py: {@code Comm.Isend(buf, dest, tag)}.
     *
     * @param buf the data
     * @param dest the destination rank, or {@link MPI#PROC_NULL}
     * @param tag the tag
     * @return the request
     */
    public Request<Void> isend(Buf buf, int dest, int tag) {
        return sendBuf(buf, dest, tag, SendMode.STANDARD);
    }

    /**
     * Starts a synchronous-mode send of a buffer.
     *
     * <p>MPI: MPI_Issend; mpi4py: {@code Comm.Issend(buf, dest, tag)}.
     *
     * @param buf the data
     * @param dest the destination rank, or {@link MPI#PROC_NULL}
     * @param tag the tag
     * @return the request
     */
    public Request<Void> issend(Buf buf, int dest, int tag) {
        return sendBuf(buf, dest, tag, SendMode.SYNCHRONOUS);
    }

    /**
     * Starts a buffered-mode send of a buffer.
     *
     * <p>MPI: MPI_Ibsend; mpi4py: {@code Comm.Ibsend(buf, dest, tag)}.
     *
     * @param buf the data
     * @param dest the destination rank, or {@link MPI#PROC_NULL}
     * @param tag the tag
     * @return the request
     */
    public Request<Void> ibsend(Buf buf, int dest, int tag) {
        return sendBuf(buf, dest, tag, SendMode.BUFFERED);
    }

    /**
     * Starts a ready-mode send of a buffer (sent as standard mode).
     *
     * <p>MPI: MPI_Irsend; mpi4py: {@code Comm.Irsend(buf, dest, tag)}.
     *
     * @param buf the data
     * @param dest the destination rank, or {@link MPI#PROC_NULL}
     * @param tag the tag
     * @return the request
     */
    public Request<Void> irsend(Buf buf, int dest, int tag) {
        return sendBuf(buf, dest, tag, SendMode.READY);
    }

    /**
     * Starts a receive into a buffer.
     *
     * <p>MPI: MPI_Irecv; mpi4py: {@code Comm.Irecv(buf, source, tag)}.
     *
     * @param buf where the elements go
     * @param source the source rank, {@link MPI#ANY_SOURCE} or {@link MPI#PROC_NULL}
     * @param tag the tag or {@link MPI#ANY_TAG}
     * @return the request; its result is the status
     */
    public Request<Status> irecv(Buf buf, int source, int tag) {
        checkBuf(buf);
        CommCore c = core();
        c.checkRank("source", source, true);
        checkRecvTag(tag);
        if (source == MPI.PROC_NULL) {
            return new Request<>(c.engine(), RecvOp.procNull(true));
        }
        return new Request<>(c.engine(), c.irecv(buf, source, tag));
    }

    private Request<Void> sendBuf(Buf buf, int dest, int tag, SendMode mode) {
        checkBuf(buf);
        CommCore c = core();
        c.checkRank("dest", dest, false);
        checkSendTag(tag);
        return new Request<>(c.engine(), c.isend(Payload.of(buf), dest, tag, mode));
    }

    // ---- Point-to-point: persistent ----

    /**
     * Creates a persistent standard-mode send; each {@link Prequest#start()} sends the
     * buffer's current contents.
     *
     * <p>MPI: MPI_Send_init; mpi4py: {@code Comm.Send_init(buf, dest, tag)}.
     *
     * @param buf the data
     * @param dest the destination rank, or {@link MPI#PROC_NULL}
     * @param tag the tag
     * @return the inactive request
     */
    public Prequest sendInit(Buf buf, int dest, int tag) {
        return sendInit(buf, dest, tag, SendMode.STANDARD);
    }

    /**
     * Creates a persistent synchronous-mode send.
     *
     * <p>MPI: MPI_Ssend_init; mpi4py: {@code Comm.Ssend_init(buf, dest, tag)}.
     *
     * @param buf the data
     * @param dest the destination rank, or {@link MPI#PROC_NULL}
     * @param tag the tag
     * @return the inactive request
     */
    public Prequest ssendInit(Buf buf, int dest, int tag) {
        return sendInit(buf, dest, tag, SendMode.SYNCHRONOUS);
    }

    /**
     * Creates a persistent buffered-mode send.
     *
     * <p>MPI: MPI_Bsend_init; mpi4py: {@code Comm.Bsend_init(buf, dest, tag)}.
     *
     * @param buf the data
     * @param dest the destination rank, or {@link MPI#PROC_NULL}
     * @param tag the tag
     * @return the inactive request
     */
    public Prequest bsendInit(Buf buf, int dest, int tag) {
        return sendInit(buf, dest, tag, SendMode.BUFFERED);
    }

    /**
     * Creates a persistent ready-mode send.
     *
     * <p>MPI: MPI_Rsend_init; mpi4py: {@code Comm.Rsend_init(buf, dest, tag)}.
     *
     * @param buf the data
     * @param dest the destination rank, or {@link MPI#PROC_NULL}
     * @param tag the tag
     * @return the inactive request
     */
    public Prequest rsendInit(Buf buf, int dest, int tag) {
        return sendInit(buf, dest, tag, SendMode.READY);
    }

    /**
     * Creates a persistent receive.
     *
     * <p>MPI: MPI_Recv_init; mpi4py: {@code Comm.Recv_init(buf, source, tag)}.
     *
     * @param buf where the elements go
     * @param source the source rank, {@link MPI#ANY_SOURCE} or {@link MPI#PROC_NULL}
     * @param tag the tag or {@link MPI#ANY_TAG}
     * @return the inactive request
     */
    public Prequest recvInit(Buf buf, int source, int tag) {
        checkBuf(buf);
        CommCore c = core();
        c.checkRank("source", source, true);
        checkRecvTag(tag);
        return new Prequest(c.engine(), () -> source == MPI.PROC_NULL
                ? RecvOp.procNull(true) : c.irecv(buf, source, tag));
    }

    private Prequest sendInit(Buf buf, int dest, int tag, SendMode mode) {
        checkBuf(buf);
        CommCore c = core();
        c.checkRank("dest", dest, false);
        checkSendTag(tag);
        return new Prequest(c.engine(), () -> c.isend(Payload.of(buf), dest, tag, mode));
    }

    // ---- Point-to-point: probes ----

    /**
     * Waits until a message from any source with any tag can be received, without receiving it.
     *
     * <p>MPI: MPI_Probe; mpi4py: {@code Comm.probe()} / {@code Comm.Probe()}.
     *
     * @return the message's source, tag and size
     */
    public Status probe() {
        return probe(MPI.ANY_SOURCE, MPI.ANY_TAG);
    }

    /**
     * Waits until a matching message can be received, without receiving it.
     *
     * <p>MPI: MPI_Probe; mpi4py: {@code Comm.probe(source, tag, status)} / {@code Comm.Probe}.
     *
     * @param source the source rank, {@link MPI#ANY_SOURCE} or {@link MPI#PROC_NULL}
     * @param tag the tag or {@link MPI#ANY_TAG}
     * @return the message's source, tag and size
     */
    public Status probe(int source, int tag) {
        CommCore c = core();
        c.checkRank("source", source, true);
        checkRecvTag(tag);
        Status st = new Status();
        if (source == MPI.PROC_NULL) {
            Message.NO_PROC.fillStatus(st);
            return st;
        }
        MessageEngine.fillStatus(c.probe(source, tag, false), st);
        return st;
    }

    /**
     * Tells whether a matching message can be received now, without receiving it.
     *
     * <p>MPI: MPI_Iprobe; mpi4py: {@code Comm.iprobe(source, tag)} / {@code Comm.Iprobe}.
     *
     * @param source the source rank, {@link MPI#ANY_SOURCE} or {@link MPI#PROC_NULL}
     * @param tag the tag or {@link MPI#ANY_TAG}
     * @return whether one has arrived
     */
    public boolean iprobe(int source, int tag) {
        return iprobe(source, tag, null);
    }

    /**
     * Tells whether a matching message can be received now and, if so, fills {@code status}.
     *
     * <p>MPI: MPI_Iprobe; mpi4py: {@code Comm.iprobe(source, tag, status)}.
     *
     * @param source the source rank, {@link MPI#ANY_SOURCE} or {@link MPI#PROC_NULL}
     * @param tag the tag or {@link MPI#ANY_TAG}
     * @param status filled when a message is there; may be {@code null}
     * @return whether one has arrived
     */
    public boolean iprobe(int source, int tag, Status status) {
        CommCore c = core();
        c.checkRank("source", source, true);
        checkRecvTag(tag);
        if (source == MPI.PROC_NULL) {
            if (status != null) {
                Message.NO_PROC.fillStatus(status);
            }
            return true;
        }
        InboundMessage m = c.iprobe(source, tag, false);
        if (m != null && status != null) {
            MessageEngine.fillStatus(m, status);
        }
        return m != null;
    }

    /**
     * Waits for a matching message and takes it: only the returned {@link Message} can
     * receive it.
     *
     * <p>MPI: MPI_Mprobe; mpi4py: {@code Comm.mprobe(source, tag, status)}.
     *
     * @param source the source rank, {@link MPI#ANY_SOURCE} or {@link MPI#PROC_NULL}
     * @param tag the tag or {@link MPI#ANY_TAG}
     * @param status filled with the message's source, tag and size; may be {@code null}
     * @return the message ({@link Message#NO_PROC} for {@link MPI#PROC_NULL})
     */
    public Message mprobe(int source, int tag, Status status) {
        CommCore c = core();
        c.checkRank("source", source, true);
        checkRecvTag(tag);
        Message m = source == MPI.PROC_NULL ? Message.NO_PROC : new Message(c, c.probe(source, tag, true));
        if (status != null) {
            m.fillStatus(status);
        }
        return m;
    }

    /**
     * Waits for a matching message and takes it.
     *
     * <p>MPI: MPI_Mprobe; mpi4py: {@code Comm.mprobe(source, tag)}.
     *
     * @param source the source rank, {@link MPI#ANY_SOURCE} or {@link MPI#PROC_NULL}
     * @param tag the tag or {@link MPI#ANY_TAG}
     * @return the message
     */
    public Message mprobe(int source, int tag) {
        return mprobe(source, tag, null);
    }

    /**
     * Takes a matching message if one has arrived.
     *
     * <p>MPI: MPI_Improbe; mpi4py: {@code Comm.improbe(source, tag, status)}.
     *
     * @param source the source rank, {@link MPI#ANY_SOURCE} or {@link MPI#PROC_NULL}
     * @param tag the tag or {@link MPI#ANY_TAG}
     * @param status filled when a message is taken; may be {@code null}
     * @return the message, or {@code null} if none has arrived
     */
    public Message improbe(int source, int tag, Status status) {
        CommCore c = core();
        c.checkRank("source", source, true);
        checkRecvTag(tag);
        Message m;
        if (source == MPI.PROC_NULL) {
            m = Message.NO_PROC;
        } else {
            InboundMessage in = c.iprobe(source, tag, true);
            if (in == null) {
                return null;
            }
            m = new Message(c, in);
        }
        if (status != null) {
            m.fillStatus(status);
        }
        return m;
    }

    /**
     * Takes a matching message if one has arrived.
     *
     * <p>MPI: MPI_Improbe; mpi4py: {@code Comm.improbe(source, tag)}.
     *
     * @param source the source rank, {@link MPI#ANY_SOURCE} or {@link MPI#PROC_NULL}
     * @param tag the tag or {@link MPI#ANY_TAG}
     * @return the message, or {@code null} if none has arrived
     */
    public Message improbe(int source, int tag) {
        return improbe(source, tag, null);
    }

    // ---- Collectives ----

    /**
     * Blocks until every rank of this communicator has called it.
     *
     * <p>MPI: MPI_Barrier; mpi4py: {@code Comm.Barrier()} / {@code Comm.barrier()}.
     */
    public void barrier() {
        DisseminationBarrier.run(core());
    }

    // ---- Environment ----

    /**
     * Ends every rank of the job with {@code errorcode}. In a process started by a launcher,
     * this rank reports the call on stderr and exits at once with {@code errorcode}; the
     * launcher ends the other ranks and exits with the same code. Among ranks that are threads
     * of one JVM ({@link LocalWorld}), every rank's pending and later operations fail and the
     * world ends with an {@link MpiException} naming the rank and the code.
     *
     * <p>MPI: MPI_Abort; mpi4py: {@code Comm.Abort(errorcode)}.
     *
     * @param errorcode the exit code of the job
     */
    public void abort(int errorcode) {
        io.jmpi.internal.session.Sessions.current().abortJob(errorcode, getName());
    }

    // ---- Argument checks ----

    static void checkSendTag(int tag) {
        if (tag < 0) {
            throw new MpiException(ErrorClass.ERR_TAG, "tag " + tag + " is invalid for a send: use 0.."
                    + MPI.TAG_UB + (tag == MPI.ANY_TAG ? " (ANY_TAG is for receives only)" : ""));
        }
    }

    static void checkRecvTag(int tag) {
        if (tag < 0 && tag != MPI.ANY_TAG) {
            throw new MpiException(ErrorClass.ERR_TAG, "tag " + tag + " is invalid for a receive: use 0.."
                    + MPI.TAG_UB + " or ANY_TAG");
        }
    }

    static void checkBuf(Buf buf) {
        if (buf == null) {
            throw new MpiException(ErrorClass.ERR_BUFFER, "buf is null: pass a Buf such as Buf.of(array)");
        }
    }

    @Override
    public String toString() {
        try {
            return core().toString();
        } catch (MpiException e) {
            return getClass().getSimpleName() + "[" + e.getMessage() + "]";
        }
    }
}
