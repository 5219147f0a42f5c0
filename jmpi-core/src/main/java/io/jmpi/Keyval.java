package io.jmpi;

import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * A key for caching attributes on communicators ({@link Comm#setAttr}, {@link Comm#getAttr}).
 * The predefined keys {@link #TAG_UB}, {@link #HOST}, {@link #UNIVERSE_SIZE}, {@link #APPNUM}
 * and {@link #WTIME_IS_GLOBAL} read attributes every communicator has; user keys come from
 * {@link Comm#createKeyval(UnaryOperator, Consumer)}.
 *
 * <p>mpi4py's keyvals are ints ({@code comm.Get_attr(MPI.TAG_UB)}); jmpi's are objects, so a
 * keyval cannot be confused with the int value {@link MPI#TAG_UB}:
 * {@code comm.getAttr(Keyval.TAG_UB)} returns {@code MPI.TAG_UB}.
 *
 * <p>Immutable and thread-safe.
 *
 * <p>MPI: a communicator keyval ({@code int}); mpi4py: the {@code int} returned by
 * {@code Comm.Create_keyval()}, and {@code MPI.TAG_UB}, {@code MPI.HOST} ... .
 */
public final class Keyval {
    /** The largest tag ({@link MPI#TAG_UB}, an Integer). MPI: MPI_TAG_UB; mpi4py: {@code MPI.TAG_UB}. */
    public static final Keyval TAG_UB = new Keyval("TAG_UB", null, null, true);
    /** The host of this process, or {@link MPI#PROC_NULL} (always, as most MPIs). MPI: MPI_HOST; mpi4py: {@code MPI.HOST}. */
    public static final Keyval HOST = new Keyval("HOST", null, null, true);
    /** The number of processes the job may have (the world's size). MPI: MPI_UNIVERSE_SIZE; mpi4py: {@code MPI.UNIVERSE_SIZE}. */
    public static final Keyval UNIVERSE_SIZE = new Keyval("UNIVERSE_SIZE", null, null, true);
    /** The application number (0: jmpi starts one application). MPI: MPI_APPNUM; mpi4py: {@code MPI.APPNUM}. */
    public static final Keyval APPNUM = new Keyval("APPNUM", null, null, true);
    /** Whether clocks are synchronized (false). MPI: MPI_WTIME_IS_GLOBAL; mpi4py: {@code MPI.WTIME_IS_GLOBAL}. */
    public static final Keyval WTIME_IS_GLOBAL = new Keyval("WTIME_IS_GLOBAL", null, null, true);

    private final String name;
    private final UnaryOperator<Object> copyFn;
    private final Consumer<Object> deleteFn;
    private final boolean predefined;

    Keyval(String name, UnaryOperator<Object> copyFn, Consumer<Object> deleteFn, boolean predefined) {
        this.name = name;
        this.copyFn = copyFn;
        this.deleteFn = deleteFn;
        this.predefined = predefined;
    }

    /** @return whether this is one of the predefined keys */
    boolean isPredefined() {
        return predefined;
    }

    /** The value a duplicate gets, or null when it gets none. */
    Object copy(Object value) {
        return copyFn == null ? null : copyFn.apply(value);
    }

    /** Called when a value is deleted, replaced, or its communicator freed. */
    void delete(Object value) {
        if (deleteFn != null) {
            deleteFn.accept(value);
        }
    }

    @Override
    public String toString() {
        return "Keyval[" + name + "]";
    }
}
