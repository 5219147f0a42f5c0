package io.jmpi;

import io.jmpi.internal.comm.CommCore;
import io.jmpi.internal.p2p.InboundMessage;
import io.jmpi.internal.p2p.MessageEngine;
import io.jmpi.internal.p2p.RecvOp;

/**
 * A message taken by a matched probe ({@code mprobe}, {@code improbe}): no other receive can
 * match it any more, and exactly one {@code recv} or {@code irecv} on it receives it. This
 * removes the race between probing and receiving when several threads receive.
 *
 * <p>MPI: MPI_Message; mpi4py: {@code MPI.Message}.
 */
public final class Message {
    /** The message of a matched probe of {@link MPI#PROC_NULL}. MPI: MPI_MESSAGE_NO_PROC; mpi4py: {@code MPI.MESSAGE_NO_PROC}. */
    public static final Message NO_PROC = new Message(null, null, null);

    /** The communicator probed (its error handler handles this message's errors); null for NO_PROC. */
    private final Comm handle;
    private final CommCore comm;
    private InboundMessage message;

    Message(Comm handle, CommCore comm, InboundMessage message) {
        this.handle = handle;
        this.comm = comm;
        this.message = message;
    }

    private MpiException raise(MpiException e) {
        return handle == null ? e : handle.raise(e);
    }

    /**
     * Fills {@code status} with the message's source, tag and size.
     *
     * @param status the status
     */
    void fillStatus(Status status) {
        if (message == null) {
            status.set(MPI.PROC_NULL, MPI.ANY_TAG, 0, null, ErrorClass.SUCCESS, false);
        } else {
            MessageEngine.fillStatus(message, status);
        }
    }

    /**
     * Returns whether this is {@link #NO_PROC}.
     *
     * @return true for the message of a probe of PROC_NULL
     */
    public boolean isNoProc() {
        return comm == null;
    }

    // ---- Objects ----

    /**
     * Receives the message as an object (blocking).
     *
     * <p>MPI: MPI_Mrecv of a serialized object; mpi4py: {@code Message.recv()}.
     *
     * @param <T> the type the caller expects
     * @return the object ({@code null} for {@link #NO_PROC})
     * @throws MpiException {@code ERR_REQUEST} if already received, {@code ERR_TYPE} for a buffer message
     */
    public <T> T recv() {
        try {
            return recv((Status) null);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Receives the message as an object (blocking) and fills {@code status}.
     *
     * <p>MPI: MPI_Mrecv; mpi4py: {@code Message.recv(status)}.
     *
     * @param <T> the type the caller expects
     * @param status filled with the outcome; may be {@code null}
     * @return the object
     */
    public <T> T recv(Status status) {
        try {
            return this.<T>irecv().waitFor(status);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Starts receiving the message as an object.
     *
     * <p>MPI: MPI_Imrecv; mpi4py: {@code Message.irecv()}.
     *
     * @param <T> the type the caller expects
     * @return the request; its result is the object
     */
    public <T> Request<T> irecv() {
        try {
            return start(null);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    // ---- Buffers ----

    /**
     * Receives the message into a buffer (blocking).
     *
     * <p>MPI: MPI_Mrecv; mpi4py: {@code Message.Recv(buf, status)}.
     *
     * @param buf where the elements go
     * @return the status
     * @throws MpiException {@code ERR_TRUNCATE}, {@code ERR_TYPE}, or {@code ERR_REQUEST} if already received
     */
    public Status recv(Buf buf) {
        try {
            Comm.checkBuf(buf);
            Status st = new Status();
            irecv(buf).waitFor(st);
            return st;
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Starts receiving the message into a buffer.
     *
     * <p>MPI: MPI_Imrecv; mpi4py: {@code Message.Irecv(buf)}.
     *
     * @param buf where the elements go
     * @return the request; its result is the status
     */
    public Request<Status> irecv(Buf buf) {
        try {
            Comm.checkBuf(buf);
            return start(buf);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    private synchronized <T> Request<T> start(Buf target) {
        if (comm == null) {
            return new Request<>(null, null, RecvOp.procNull(target != null));
        }
        if (message == null) {
            throw new MpiException(ErrorClass.ERR_REQUEST, "this message has already been received");
        }
        InboundMessage m = message;
        message = null;
        RecvOp op = comm.engine().receiveMatched(m, target);
        return new Request<>(handle, comm.engine(), op);
    }

    @Override
    public String toString() {
        return comm == null ? "Message[NO_PROC]" : "Message[" + (message == null ? "received" : message.envelope()) + "]";
    }
}
