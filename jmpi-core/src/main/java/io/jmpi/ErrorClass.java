package io.jmpi;

/**
 * The MPI error class carried by every {@link MpiException}.
 *
 * <p>The constants and their codes follow the MPI standard's error classes (Open MPI's
 * numbering); {@link #code()} is what {@code MPI_Error_class} would return.
 *
 * <p>MPI: error classes ({@code MPI_ERR_*}); mpi4py: {@code MPI.ERR_*} and
 * {@code Exception.Get_error_class()}.
 */
public enum ErrorClass {
    /** No error. MPI: MPI_SUCCESS. */
    SUCCESS(0),
    /** Invalid buffer (null, or too small for the count). MPI: MPI_ERR_BUFFER. */
    ERR_BUFFER(1),
    /** Invalid count or offset. MPI: MPI_ERR_COUNT. */
    ERR_COUNT(2),
    /** Invalid or mismatched datatype. MPI: MPI_ERR_TYPE. */
    ERR_TYPE(3),
    /** Invalid tag. MPI: MPI_ERR_TAG. */
    ERR_TAG(4),
    /** Invalid or freed communicator. MPI: MPI_ERR_COMM. */
    ERR_COMM(5),
    /** Invalid rank. MPI: MPI_ERR_RANK. */
    ERR_RANK(6),
    /** Invalid request. MPI: MPI_ERR_REQUEST. */
    ERR_REQUEST(7),
    /** Invalid root. MPI: MPI_ERR_ROOT. */
    ERR_ROOT(8),
    /** Invalid group. MPI: MPI_ERR_GROUP. */
    ERR_GROUP(9),
    /** Invalid operation, or an operation that does not apply to a datatype. MPI: MPI_ERR_OP. */
    ERR_OP(10),
    /** Invalid topology. MPI: MPI_ERR_TOPOLOGY. */
    ERR_TOPOLOGY(11),
    /** Invalid dimensions. MPI: MPI_ERR_DIMS. */
    ERR_DIMS(12),
    /** Invalid argument of another kind. MPI: MPI_ERR_ARG. */
    ERR_ARG(13),
    /** Unknown error. MPI: MPI_ERR_UNKNOWN. */
    ERR_UNKNOWN(14),
    /** Message longer than the receive buffer. MPI: MPI_ERR_TRUNCATE. */
    ERR_TRUNCATE(15),
    /** Known error not in this list (including serialization failures). MPI: MPI_ERR_OTHER. */
    ERR_OTHER(16),
    /** Internal error: a bug in jmpi. MPI: MPI_ERR_INTERN. */
    ERR_INTERN(17),
    /** Error code is in the status. MPI: MPI_ERR_IN_STATUS. */
    ERR_IN_STATUS(18),
    /** Pending request. MPI: MPI_ERR_PENDING. */
    ERR_PENDING(19),
    /** A process this operation needs has failed. MPI: MPI_ERR_PROC_FAILED (ULFM, MPI-4). */
    ERR_PROC_FAILED(75),
    /** An operation did not complete within its time limit. jmpi's own class (no MPI equivalent). */
    ERR_TIMEOUT(1001);

    private final int code;

    ErrorClass(int code) {
        this.code = code;
    }

    /**
     * Returns the numeric error class.
     *
     * <p>MPI: MPI_Error_class; mpi4py: {@code Exception.Get_error_class()}.
     *
     * @return the MPI error class number
     */
    public int code() {
        return code;
    }
}
