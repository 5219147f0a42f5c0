package io.jmpi;

/**
 * What a completed receive found: the source, the tag and the size of the message.
 *
 * <p>Pass a {@code Status} to a receive to have it filled in, as in mpi4py
 * ({@code comm.recv(source=ANY_SOURCE, status=st)}), or take the one a buffer receive returns.
 *
 * <p>MPI: MPI_Status; mpi4py: {@code MPI.Status}.
 */
public final class Status {
    private int source = MPI.ANY_SOURCE;
    private int tag = MPI.ANY_TAG;
    private long bytes;
    private Datatype datatype;
    private ErrorClass error = ErrorClass.SUCCESS;
    private boolean cancelled;

    /** Creates an empty status (source and tag ANY, count 0). MPI: MPI_Status; mpi4py: {@code MPI.Status()}. */
    public Status() {
    }

    /**
     * Returns the rank of the sender in the communicator of the receive.
     *
     * <p>MPI: status.MPI_SOURCE; mpi4py: {@code Status.Get_source()} / {@code Status.source}.
     *
     * @return the source rank, or {@link MPI#PROC_NULL}
     */
    public int getSource() {
        return source;
    }

    /**
     * Returns the tag of the message.
     *
     * <p>MPI: status.MPI_TAG; mpi4py: {@code Status.Get_tag()} / {@code Status.tag}.
     *
     * @return the tag
     */
    public int getTag() {
        return tag;
    }

    /**
     * Returns the number of elements of {@code type} the message held.
     *
     * <p>MPI: MPI_Get_count; mpi4py: {@code Status.Get_count(datatype)}.
     *
     * @param type the element type to count in
     * @return the count, or {@link MPI#UNDEFINED} if the size is not a whole number of elements
     */
    public long getCount(Datatype type) {
        long size = type.getSize();
        return bytes % size == 0 ? bytes / size : MPI.UNDEFINED;
    }

    /**
     * Returns the number of bytes the message held (for object messages, the size of its
     * serialized form).
     *
     * <p>MPI: MPI_Get_count with MPI_BYTE; mpi4py: {@code Status.Get_count()} / {@code Status.count}.
     *
     * @return the size in bytes
     */
    public long getCount() {
        return bytes;
    }

    /**
     * Returns the number of basic elements of {@code type} the message held; for jmpi's
     * datatypes (all basic) the same as {@link #getCount(Datatype)}.
     *
     * <p>MPI: MPI_Get_elements_x; mpi4py: {@code Status.Get_elements(datatype)}.
     *
     * @param type the element type to count in
     * @return the count, or {@link MPI#UNDEFINED}
     */
    public long getElements(Datatype type) {
        return getCount(type);
    }

    /**
     * Returns whether the operation was cancelled.
     *
     * <p>MPI: MPI_Test_cancelled; mpi4py: {@code Status.Is_cancelled()} / {@code Status.cancelled}.
     *
     * @return true if cancelled
     */
    public boolean isCancelled() {
        return cancelled;
    }

    /**
     * Returns the datatype of a buffer message, or {@code null} for an object message.
     *
     * @return the sender's datatype, or {@code null}
     */
    public Datatype getDatatype() {
        return datatype;
    }

    /**
     * Returns the error class of the operation this status belongs to.
     *
     * <p>MPI: status.MPI_ERROR; mpi4py: {@code Status.Get_error()} / {@code Status.error}.
     *
     * @return the error class, {@link ErrorClass#SUCCESS} normally
     */
    public ErrorClass getError() {
        return error;
    }

    /**
     * Fills this status in. Used by the engine; not part of the MPI API.
     *
     * @param source the source rank
     * @param tag the tag
     * @param bytes the size in bytes
     * @param datatype the datatype, or {@code null} for an object message
     * @param error the error class
     * @param cancelled whether the operation was cancelled
     * @return this status
     */
    public Status set(int source, int tag, long bytes, Datatype datatype, ErrorClass error, boolean cancelled) {
        this.source = source;
        this.tag = tag;
        this.bytes = bytes;
        this.datatype = datatype;
        this.error = error;
        this.cancelled = cancelled;
        return this;
    }

    @Override
    public String toString() {
        return "Status[source=" + source + ", tag=" + tag + ", bytes=" + bytes
                + (datatype != null ? ", datatype=" + datatype : "") + ", error=" + error
                + (cancelled ? ", cancelled" : "") + "]";
    }
}
