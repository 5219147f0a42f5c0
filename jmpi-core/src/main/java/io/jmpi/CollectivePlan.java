package io.jmpi;

import io.jmpi.internal.coll.Coll;
import io.jmpi.internal.coll.CollectiveExecutor;
import io.jmpi.internal.coll.CollectiveOp;
import io.jmpi.internal.comm.CommCore;

import java.util.function.Function;

/**
 * A collective call whose arguments have been checked, ready to run blocking ({@link #run()}),
 * nonblocking ({@link #start()}) or as a persistent request ({@link #init()}): the three forms
 * of every collective share their checks and their schedule.
 *
 * @param <T> the result (the object of object collectives, {@code null} for buffers)
 */
final class CollectivePlan<T> {
    private final CommCore comm;
    private final int opcode;
    private final Function<Coll, T> schedule;

    CollectivePlan(CommCore comm, int opcode, Function<Coll, T> schedule) {
        this.comm = comm;
        this.opcode = opcode;
        this.schedule = schedule;
    }

    /** Runs on the calling thread. */
    T run() {
        return schedule.apply(Coll.begin(comm, opcode));
    }

    /**
     * Starts on a thread of its own (inline on an intracommunicator of one rank: on an
     * intercommunicator, a group of one still waits for the other group).
     *
     * @param handle the communicator the call was made on (its error handler handles the request's error)
     */
    Request<T> start(Comm handle) {
        return new Request<>(handle, comm.engine(), operation());
    }

    /**
     * A persistent request: each start is a new call, numbered when it starts.
     *
     * @param handle the communicator the call was made on
     */
    Prequest init(Comm handle) {
        return new Prequest(handle, comm.engine(), this::operation);
    }

    @SuppressWarnings("unchecked")
    private CollectiveOp operation() {
        Coll call = Coll.begin(comm, opcode);
        if (comm.size() == 1 && !comm.isInter()) {
            CollectiveOp op = new CollectiveOp();
            try {
                op.complete(schedule.apply(call));
            } catch (MpiException e) {
                op.fail(e);
            }
            return op;
        }
        return CollectiveExecutor.start(call, (Function<Coll, Object>) (Function<Coll, ?>) schedule);
    }
}
