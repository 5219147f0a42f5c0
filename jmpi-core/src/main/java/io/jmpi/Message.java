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
    public static final Message NO_PROC = new Message(null, null);

    private final CommCore comm;
    private InboundMessage message;

    Message(CommCore comm, InboundMessage message) {
        this.comm = comm;
        this.message = message;
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
        return recv((Status) null);
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
        return this.<T>irecv().waitFor(status);
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
        return start(null);
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
        Comm.checkBuf(buf);
        Status st = new Status();
        irecv(buf).waitFor(st);
        return st;
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
        Comm.checkBuf(buf);
        return start(buf);
    }

    private synchronized <T> Request<T> start(Buf target) {
        if (comm == null) {
            return new Request<>(null, RecvOp.procNull(target != null));
        }
        if (message == null) {
            throw new MpiException(ErrorClass.ERR_REQUEST, "this message has already been received");
        }
        InboundMessage m = message;
        message = null;
        RecvOp op = comm.engine().receiveMatched(m, target);
        return new Request<>(comm.engine(), op);
    }

    @Override
    public String toString() {
        return comm == null ? "Message[NO_PROC]" : "Message[" + (message == null ? "received" : message.envelope()) + "]";
    }
}
