package io.jmpi;

import io.jmpi.internal.comm.CommCore;

import java.util.function.BinaryOperator;
import java.util.function.Supplier;

/**
 * An intracommunicator: one group of ranks talking among themselves. {@link MPI#COMM_WORLD}
 * and {@link MPI#COMM_SELF} are intracommunicators.
 *
 * <p>MPI: an MPI_Comm for which MPI_Comm_test_inter is false; mpi4py: {@code MPI.Intracomm}.
 */
public class Intracomm extends Comm {

    Intracomm(Supplier<CommCore> core) {
        super(core);
    }

    /**
     * Returns false: this is an intracommunicator.
     *
     * <p>MPI: MPI_Comm_test_inter; mpi4py: {@code Comm.Is_inter()}.
     *
     * @return false
     */
    @Override
    public boolean isInter() {
        return false;
    }

    // ---- Collectives: prefix reductions (on Intracomm, as in mpi4py) ----

    /**
     * Inclusive prefix reduction: rank i gets {@code x0 op x1 op ... op xi}, element by element.
     *
     * <p>MPI: MPI_Scan; mpi4py: {@code Intracomm.Scan(sendbuf, recvbuf, op)}.
     *
     * @param sendbuf this rank's elements, or {@link MPI#IN_PLACE} (they are then in {@code recvbuf})
     * @param recvbuf room for the result
     * @param op the operation
     * @throws MpiException {@code ERR_OP} when {@code op} does not apply to the type,
     *     {@code ERR_COUNT}/{@code ERR_TRUNCATE} when the counts differ across ranks
     */
    public void scan(Buf sendbuf, Buf recvbuf, Op op) {
        Collectives.scan(core(), sendbuf, recvbuf, op, false).run();
    }

    /**
     * Exclusive prefix reduction: rank i &gt; 0 gets {@code x0 op ... op x(i-1)}; rank 0's
     * {@code recvbuf} is left unchanged.
     *
     * <p>MPI: MPI_Exscan; mpi4py: {@code Intracomm.Exscan(sendbuf, recvbuf, op)}.
     *
     * @param sendbuf this rank's elements, or {@link MPI#IN_PLACE}
     * @param recvbuf room for the result
     * @param op the operation
     * @throws MpiException as {@link #scan(Buf, Buf, Op)}
     */
    public void exscan(Buf sendbuf, Buf recvbuf, Op op) {
        Collectives.scan(core(), sendbuf, recvbuf, op, true).run();
    }

    /**
     * Inclusive prefix reduction of objects.
     *
     * <p>MPI: MPI_Scan of serialized objects; mpi4py: {@code Intracomm.scan(sendobj, op)}.
     *
     * @param <T> the objects' type
     * @param sendobj this rank's object
     * @param op the operation
     * @return the combination of ranks 0 to this one
     */
    public <T> T scan(T sendobj, Op op) {
        return Collectives.scan(core(), sendobj, Collectives.objectOp(op), false).run();
    }

    /**
     * Inclusive prefix reduction of objects with a function.
     *
     * <p>MPI: MPI_Scan with a user operation; mpi4py: {@code Intracomm.scan(sendobj, op=callable)}.
     *
     * @param <T> the objects' type
     * @param sendobj this rank's object
     * @param op {@code op.apply(lower, higher)}
     * @return the combination of ranks 0 to this one
     */
    public <T> T scan(T sendobj, BinaryOperator<T> op) {
        return Collectives.scan(core(), sendobj, Collectives.objectOp(op), false).run();
    }

    /**
     * Exclusive prefix reduction of objects.
     *
     * <p>MPI: MPI_Exscan of serialized objects; mpi4py: {@code Intracomm.exscan(sendobj, op)}.
     *
     * @param <T> the objects' type
     * @param sendobj this rank's object
     * @param op the operation
     * @return the combination of ranks 0 to this one's predecessor; {@code null} on rank 0
     */
    public <T> T exscan(T sendobj, Op op) {
        return Collectives.scan(core(), sendobj, Collectives.objectOp(op), true).run();
    }

    /**
     * Exclusive prefix reduction of objects with a function.
     *
     * <p>MPI: MPI_Exscan with a user operation; mpi4py: {@code Intracomm.exscan(sendobj, op=callable)}.
     *
     * @param <T> the objects' type
     * @param sendobj this rank's object
     * @param op {@code op.apply(lower, higher)}
     * @return the combination of ranks 0 to this one's predecessor; {@code null} on rank 0
     */
    public <T> T exscan(T sendobj, BinaryOperator<T> op) {
        return Collectives.scan(core(), sendobj, Collectives.objectOp(op), true).run();
    }

    /**
     * Starts an inclusive prefix reduction (see {@link #scan(Buf, Buf, Op)}).
     *
     * <p>MPI: MPI_Iscan; mpi4py: {@code Intracomm.Iscan(sendbuf, recvbuf, op)}.
     *
     * @param sendbuf this rank's elements, or {@link MPI#IN_PLACE}
     * @param recvbuf room for the result
     * @param op the operation
     * @return the request
     */
    public Request<Void> iscan(Buf sendbuf, Buf recvbuf, Op op) {
        return Collectives.scan(core(), sendbuf, recvbuf, op, false).start();
    }

    /**
     * Starts an exclusive prefix reduction (see {@link #exscan(Buf, Buf, Op)}).
     *
     * <p>MPI: MPI_Iexscan; mpi4py: {@code Intracomm.Iexscan(sendbuf, recvbuf, op)}.
     *
     * @param sendbuf this rank's elements, or {@link MPI#IN_PLACE}
     * @param recvbuf room for the result
     * @param op the operation
     * @return the request
     */
    public Request<Void> iexscan(Buf sendbuf, Buf recvbuf, Op op) {
        return Collectives.scan(core(), sendbuf, recvbuf, op, true).start();
    }

    /**
     * Starts an inclusive prefix reduction of objects.
     *
     * <p>MPI: MPI_Iscan of serialized objects; mpi4py: {@code Intracomm.iscan(sendobj, op)}
     * (jmpi's; mpi4py has no object iscan).
     *
     * @param <T> the objects' type
     * @param sendobj this rank's object
     * @param op the operation
     * @return the request; its result is the combination of ranks 0 to this one
     */
    public <T> Request<T> iscan(T sendobj, Op op) {
        return Collectives.scan(core(), sendobj, Collectives.objectOp(op), false).start();
    }

    /**
     * Starts an inclusive prefix reduction of objects with a function.
     *
     * <p>MPI: MPI_Iscan with a user operation; mpi4py: none.
     *
     * @param <T> the objects' type
     * @param sendobj this rank's object
     * @param op {@code op.apply(lower, higher)}
     * @return the request
     */
    public <T> Request<T> iscan(T sendobj, BinaryOperator<T> op) {
        return Collectives.scan(core(), sendobj, Collectives.objectOp(op), false).start();
    }

    /**
     * Starts an exclusive prefix reduction of objects.
     *
     * <p>MPI: MPI_Iexscan of serialized objects; mpi4py: none.
     *
     * @param <T> the objects' type
     * @param sendobj this rank's object
     * @param op the operation
     * @return the request; its result is {@code null} on rank 0
     */
    public <T> Request<T> iexscan(T sendobj, Op op) {
        return Collectives.scan(core(), sendobj, Collectives.objectOp(op), true).start();
    }

    /**
     * Starts an exclusive prefix reduction of objects with a function.
     *
     * <p>MPI: MPI_Iexscan with a user operation; mpi4py: none.
     *
     * @param <T> the objects' type
     * @param sendobj this rank's object
     * @param op {@code op.apply(lower, higher)}
     * @return the request
     */
    public <T> Request<T> iexscan(T sendobj, BinaryOperator<T> op) {
        return Collectives.scan(core(), sendobj, Collectives.objectOp(op), true).start();
    }

    /**
     * Creates a persistent inclusive prefix reduction.
     *
     * <p>MPI: MPI_Scan_init; mpi4py: {@code Intracomm.Scan_init(sendbuf, recvbuf, op)}.
     *
     * @param sendbuf this rank's elements, or {@link MPI#IN_PLACE}
     * @param recvbuf room for the result
     * @param op the operation
     * @return the inactive request
     */
    public Prequest scanInit(Buf sendbuf, Buf recvbuf, Op op) {
        return Collectives.scan(core(), sendbuf, recvbuf, op, false).init();
    }

    /**
     * Creates a persistent exclusive prefix reduction.
     *
     * <p>MPI: MPI_Exscan_init; mpi4py: {@code Intracomm.Exscan_init(sendbuf, recvbuf, op)}.
     *
     * @param sendbuf this rank's elements, or {@link MPI#IN_PLACE}
     * @param recvbuf room for the result
     * @param op the operation
     * @return the inactive request
     */
    public Prequest exscanInit(Buf sendbuf, Buf recvbuf, Op op) {
        return Collectives.scan(core(), sendbuf, recvbuf, op, true).init();
    }
}
