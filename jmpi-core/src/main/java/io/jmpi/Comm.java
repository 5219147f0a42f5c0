package io.jmpi;

import io.jmpi.internal.comm.CommCore;
import io.jmpi.internal.coll.DisseminationBarrier;

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
     *     {@code ERR_OTHER} if {@code obj} cannot be serialized
     */
    public void send(Object obj, int dest, int tag) {
        CommCore c = core();
        c.checkRank("dest", dest, false);
        checkSendTag(tag);
        c.send(obj, dest, tag);
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
    @SuppressWarnings("unchecked")
    public <T> T recv(int source, int tag, Status status) {
        CommCore c = core();
        c.checkRank("source", source, true);
        checkRecvTag(tag);
        return (T) c.recv(source, tag, status);
    }

    // ---- Point-to-point: blocking, buffers ----

    /**
     * Sends the elements of a buffer (blocking, standard mode). Returns once the buffer may be
     * changed.
     *
     * <p>MPI: MPI_Send; mpi4py: {@code Comm.Send(buf, dest, tag)}.
     *
     * @param buf the data
     * @param dest the destination rank, or {@link MPI#PROC_NULL}
     * @param tag the tag, 0 to {@link MPI#TAG_UB}
     * @throws MpiException {@code ERR_BUFFER} for a null buffer, {@code ERR_RANK} or
     *     {@code ERR_TAG} for a bad argument
     */
    public void send(Buf buf, int dest, int tag) {
        checkBuf(buf);
        CommCore c = core();
        c.checkRank("dest", dest, false);
        checkSendTag(tag);
        c.send(buf, dest, tag);
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
        checkBuf(buf);
        CommCore c = core();
        c.checkRank("source", source, true);
        checkRecvTag(tag);
        return c.recv(buf, source, tag, status);
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
