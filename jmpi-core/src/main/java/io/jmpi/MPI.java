package io.jmpi;

import io.jmpi.internal.session.Sessions;
import io.jmpi.serial.ClassRegistry;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * The entry point: predefined communicators, constants, initialization and timers.
 *
 * <p>{@link #COMM_WORLD} and {@link #COMM_SELF} are handles that resolve to the calling rank's
 * session: process-wide under a launcher, per thread when ranks are threads of one JVM
 * ({@link LocalWorld}). Using them without {@link #init(String...)} initializes MPI from the
 * environment, as importing mpi4py does; with no launcher in sight that is a singleton world,
 * rank 0 of size 1, with no socket opened. A shutdown hook finalizes what the program did not.
 *
 * <p>MPI: the MPI_ namespace; mpi4py: the {@code mpi4py.MPI} module.
 */
public final class MPI {
    /** Wildcard source for receives. MPI: MPI_ANY_SOURCE; mpi4py: {@code MPI.ANY_SOURCE}. */
    public static final int ANY_SOURCE = -1;
    /** Wildcard tag for receives. MPI: MPI_ANY_TAG; mpi4py: {@code MPI.ANY_TAG}. */
    public static final int ANY_TAG = -1;
    /** The null process: sends and receives with it complete at once. MPI: MPI_PROC_NULL; mpi4py: {@code MPI.PROC_NULL}. */
    public static final int PROC_NULL = -2;
    /** The root of an intercommunicator collective. MPI: MPI_ROOT; mpi4py: {@code MPI.ROOT}. */
    public static final int ROOT = -4;
    /** An undefined value (color, count). MPI: MPI_UNDEFINED; mpi4py: {@code MPI.UNDEFINED}. */
    public static final int UNDEFINED = -32766;
    /** Groups or communicators with the same members in the same order (and context, for communicators). MPI: MPI_IDENT; mpi4py: {@code MPI.IDENT}. */
    public static final int IDENT = 0;
    /** Communicators with the same members in the same order but different contexts. MPI: MPI_CONGRUENT; mpi4py: {@code MPI.CONGRUENT}. */
    public static final int CONGRUENT = 1;
    /** Groups or communicators with the same members in another order. MPI: MPI_SIMILAR; mpi4py: {@code MPI.SIMILAR}. */
    public static final int SIMILAR = 2;
    /** Groups or communicators with different members. MPI: MPI_UNEQUAL; mpi4py: {@code MPI.UNEQUAL}. */
    public static final int UNEQUAL = 3;
    /** The group with no members. MPI: MPI_GROUP_EMPTY; mpi4py: {@code MPI.GROUP_EMPTY}. */
    public static final Group GROUP_EMPTY = Group.EMPTY;

    /** Split type of {@code splitType}: the ranks of one host. MPI: MPI_COMM_TYPE_SHARED; mpi4py: {@code MPI.COMM_TYPE_SHARED}. */
    public static final int COMM_TYPE_SHARED = 1;
    /** Topology type of a Cartesian communicator. MPI: MPI_CART; mpi4py: {@code MPI.CART}. */
    public static final int CART = 1;
    /** Topology type of a graph communicator. MPI: MPI_GRAPH; mpi4py: {@code MPI.GRAPH}. */
    public static final int GRAPH = 2;
    /** Topology type of a distributed graph communicator. MPI: MPI_DIST_GRAPH; mpi4py: {@code MPI.DIST_GRAPH}. */
    public static final int DIST_GRAPH = 3;
    /** No info hints. MPI: MPI_INFO_NULL; mpi4py: {@code MPI.INFO_NULL}. */
    public static final Info INFO_NULL = Info.NULL;

    /** Errors are thrown to the caller (the default). MPI: MPI_ERRORS_RETURN; mpi4py: {@code MPI.ERRORS_RETURN}. See {@link Errhandler}. */
    public static final Errhandler ERRORS_RETURN = Errhandler.ERRORS_RETURN;
    /** Errors are reported and end the job. MPI: MPI_ERRORS_ARE_FATAL; mpi4py: {@code MPI.ERRORS_ARE_FATAL}. */
    public static final Errhandler ERRORS_ARE_FATAL = Errhandler.ERRORS_ARE_FATAL;
    /** Errors are reported and abort (the whole job, in jmpi). MPI: MPI_ERRORS_ABORT; mpi4py: {@code MPI.ERRORS_ABORT}. */
    public static final Errhandler ERRORS_ABORT = Errhandler.ERRORS_ABORT;

    /** The largest tag. MPI: MPI_TAG_UB attribute; mpi4py: {@code MPI.TAG_UB} / {@code comm.Get_attr(MPI.TAG_UB)}. */
    public static final int TAG_UB = Integer.MAX_VALUE;

    /**
     * Stands for the receive buffer as the send buffer (or the reverse) of a collective, where
     * MPI allows it: the send buffer of {@code allreduce}, {@code allgather}, {@code alltoall},
     * {@code reduceScatter}, {@code scan} ..., and at the root the send buffer of
     * {@code gather}/{@code reduce} and the receive buffer of {@code scatter}.
     *
     * <p>MPI: MPI_IN_PLACE; mpi4py: {@code MPI.IN_PLACE}.
     */
    public static final Buf IN_PLACE = Buf.inPlace();

    /** Bytes charged per buffered message in the attached buffer. MPI: MPI_BSEND_OVERHEAD; mpi4py: {@code MPI.BSEND_OVERHEAD}. */
    public static final int BSEND_OVERHEAD = io.jmpi.internal.p2p.BsendBuffer.OVERHEAD;

    /** The world: every rank of the job. MPI: MPI_COMM_WORLD; mpi4py: {@code MPI.COMM_WORLD}. */
    public static final Intracomm COMM_WORLD = new Intracomm(() -> Sessions.current().world());
    /** This rank alone. MPI: MPI_COMM_SELF; mpi4py: {@code MPI.COMM_SELF}. */
    public static final Intracomm COMM_SELF = new Intracomm(() -> Sessions.current().self());

    private MPI() {
    }

    /**
     * Chooses balanced grid dimensions for {@code nnodes} processes: fills the zero entries of
     * {@code dims} (others are kept) so that the product is {@code nnodes} and the filled
     * extents are as close to each other as possible, in non-increasing order
     * ({@code computeDims(12, new int[2])} is {@code {4, 3}}).
     *
     * <p>MPI: MPI_Dims_create; mpi4py: {@code MPI.Compute_dims(nnodes, dims)}.
     *
     * @param nnodes the number of processes
     * @param dims the dimensions, 0 where a value is wanted (not changed)
     * @return the filled dimensions
     * @throws MpiException {@code ERR_DIMS} for nnodes &lt; 1, a negative entry, or fixed
     *     entries whose product does not divide {@code nnodes}
     */
    public static int[] computeDims(int nnodes, int[] dims) {
        return io.jmpi.internal.comm.CartTopology.computeDims(nnodes, dims);
    }

    /**
     * Chooses balanced dimensions for {@code nnodes} processes in {@code ndims} dimensions.
     *
     * <p>MPI: MPI_Dims_create with zero dims; mpi4py: {@code MPI.Compute_dims(nnodes, ndims)}.
     *
     * @param nnodes the number of processes
     * @param ndims the number of dimensions
     * @return the dimensions
     */
    public static int[] computeDims(int nnodes, int ndims) {
        if (ndims < 0) {
            throw new MpiException(ErrorClass.ERR_DIMS, "ndims " + ndims + " is negative");
        }
        return computeDims(nnodes, new int[ndims]);
    }

    /**
     * Initializes MPI for the calling rank and returns its session; {@link Session#close()}
     * finalizes. Called on a thread that is a rank of a {@link LocalWorld}, returns that rank's
     * session.
     *
     * <p>MPI: MPI_Init / MPI_Init_thread (always {@code MPI_THREAD_MULTIPLE}); mpi4py:
     * {@code MPI.Init()} / {@code MPI.Init_thread()}.
     *
     * @param args the program's arguments (accepted for symmetry with MPI_Init; not used)
     * @return the session
     * @throws MpiException {@code ERR_OTHER} if MPI was already initialized with {@code init} or
     *     has been finalized, or if start-up fails (the message says why)
     */
    public static Session init(String... args) {
        return new Session(Sessions.init());
    }

    /**
     * Registers classes for object messages, in this order (Kryo's {@code register}): they
     * travel as small ids instead of their names, and with {@code -Djmpi.serial.strict=true}
     * they, with the common JDK types, are the only classes that may travel (arrays are classes
     * of their own: register {@code Point[].class} to send a {@code Point[]}). Call it on every
     * rank, with the same classes in the same order, before {@link #init} (or the first use of
     * {@link #COMM_WORLD}); start-up compares the ranks' registrations and fails on every rank
     * if they differ. It applies to the sessions this process starts afterwards, in-process
     * worlds ({@link LocalWorld}) included.
     *
     * <p>MPI: none (MPI has no object messages); mpi4py: none (pickle needs no registration).
     *
     * @param classes the classes
     * @throws MpiException {@code ERR_ARG} if a class is {@code null}; {@code ERR_OTHER} if the
     *     calling rank's session has started
     */
    public static void registerClass(Class<?>... classes) {
        ClassRegistry.of(false, classes); // checks the arguments first
        if (Sessions.isInitialized()) {
            throw new MpiException(ErrorClass.ERR_OTHER, "registerClass comes before MPI.init: this rank's session"
                    + " has started, and the ranks compared their registrations when it did");
        }
        ClassRegistry.registerInProcess(classes);
    }

    /**
     * Attaches a buffer for buffered-mode sends ({@code bsend}, {@code ibsend}): its remaining
     * bytes are the budget that pending buffered messages (each its length plus
     * {@link #BSEND_OVERHEAD}) may use.
     *
     * <p>MPI: MPI_Buffer_attach; mpi4py: {@code MPI.Attach_buffer(buf)}.
     *
     * @param buffer the buffer
     * @throws MpiException {@code ERR_BUFFER} if a buffer is already attached
     */
    public static void attachBuffer(java.nio.ByteBuffer buffer) {
        if (buffer == null) {
            throw new MpiException(ErrorClass.ERR_BUFFER, "buffer is null");
        }
        Sessions.current().engine().bsendBuffer().attach(buffer);
    }

    /**
     * Detaches the buffer of buffered-mode sends, waiting until the messages using it have left.
     *
     * <p>MPI: MPI_Buffer_detach; mpi4py: {@code MPI.Detach_buffer()}.
     *
     * @return the buffer that was attached, or {@code null}
     */
    public static java.nio.ByteBuffer detachBuffer() {
        return Sessions.current().engine().bsendBuffer().detach();
    }

    /**
     * Returns whether MPI has been initialized for the calling rank.
     *
     * <p>MPI: MPI_Initialized; mpi4py: {@code MPI.Is_initialized()}.
     *
     * @return true once initialized (also after finalize)
     */
    public static boolean isInitialized() {
        return Sessions.isInitialized();
    }

    /**
     * Returns whether MPI has been finalized for the calling rank.
     *
     * <p>MPI: MPI_Finalized; mpi4py: {@code MPI.Is_finalized()}.
     *
     * @return true once the session is closed
     */
    public static boolean isFinalized() {
        return Sessions.isFinalized();
    }

    /**
     * Returns elapsed wall-clock time in seconds since an arbitrary point in the past
     * (monotonic; meaningful as differences).
     *
     * <p>MPI: MPI_Wtime; mpi4py: {@code MPI.Wtime()}.
     *
     * @return seconds
     */
    public static double wtime() {
        return System.nanoTime() * 1e-9;
    }

    /**
     * Returns the resolution of {@link #wtime()} in seconds.
     *
     * <p>MPI: MPI_Wtick; mpi4py: {@code MPI.Wtick()}.
     *
     * @return seconds per tick
     */
    public static double wtick() {
        return 1e-9;
    }

    /**
     * Returns the name of the host this rank runs on.
     *
     * <p>MPI: MPI_Get_processor_name; mpi4py: {@code MPI.Get_processor_name()}.
     *
     * @return the host name
     */
    public static String getProcessorName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            String env = System.getenv("HOSTNAME");
            return env != null ? env : "localhost";
        }
    }
}
