package io.jmpi;

import java.util.Objects;

/**
 * The one exception jmpi throws: unchecked, carrying an MPI {@link ErrorClass}.
 *
 * <p>Messages name the argument, its value and the valid range, so that the error explains
 * itself ("dest 4 is not a rank of COMM_WORLD (size 4): use 0..3 or PROC_NULL").
 *
 * <p>MPI: error codes returned by every call; mpi4py: {@code MPI.Exception}.
 */
public class MpiException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The MPI error class. */
    private final ErrorClass errorClass;
    /** The message without the error-class prefix. */
    private final String reason;
    /** Whether this exception has passed through a communicator's error handler ({@link Errhandler}). */
    transient boolean raised;

    /**
     * Creates an exception of the given error class.
     *
     * @param errorClass the MPI error class
     * @param message what went wrong, naming the argument and its value
     */
    public MpiException(ErrorClass errorClass, String message) {
        this(errorClass, message, null);
    }

    /**
     * Creates an exception of the given error class with a cause.
     *
     * @param errorClass the MPI error class
     * @param message what went wrong, naming the argument and its value
     * @param cause the underlying failure, or {@code null}
     */
    public MpiException(ErrorClass errorClass, String message, Throwable cause) {
        super(errorClass + ": " + message, cause);
        this.errorClass = Objects.requireNonNull(errorClass, "errorClass");
        this.reason = message;
    }

    /**
     * Returns an exception of the same class and message whose cause is {@code other}: used to
     * raise, in the calling thread, an error that another thread detected, keeping both stacks.
     *
     * @param other the error detected elsewhere
     * @return a new exception to throw here
     */
    public static MpiException rethrown(MpiException other) {
        return new MpiException(other.errorClass, other.reason, other);
    }

    /** @return the message without the error-class prefix */
    String reason() {
        return reason;
    }

    /**
     * Returns the MPI error class.
     *
     * <p>MPI: MPI_Error_class; mpi4py: {@code Exception.Get_error_class()}.
     *
     * @return the error class
     */
    public ErrorClass getErrorClass() {
        return errorClass;
    }

    /**
     * Returns the numeric MPI error code (the error class's number).
     *
     * <p>MPI: the returned error code; mpi4py: {@code Exception.Get_error_code()}.
     *
     * @return the error code
     */
    public int getErrorCode() {
        return errorClass.code();
    }
}
