package io.jmpi;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Error handlers (mpi4py's {@code test_errhandler}): the default throws, set/get, inheritance by
 * new communicators, user handlers called once per error with the communicator and the error
 * (from argument checks, from requests, from collectives, from calls made inside other calls),
 * {@code callErrhandler}, the fatal handlers ending the world, and survivors going on with a
 * communicator that does not include a rank that has left.
 */
@Timeout(120)
public abstract class ErrhandlerTest extends MultiRankTest {

    @Override
    protected int[] sizes() {
        return new int[] {1, 2, 3, 4};
    }

    /** A user handler that records what it was called with. */
    static final class Recorder {
        final List<Comm> comms = new ArrayList<>();
        final List<MpiException> errors = new ArrayList<>();
        final Errhandler handler = Errhandler.create((comm, error) -> {
            comms.add(comm);
            errors.add(error);
        });

        int calls() {
            return errors.size();
        }
    }

    @Test
    void shouldThrowToTheCallerByDefault() {
        forEachSize(world -> {
            assertThat(world.getErrhandler()).isSameAs(Errhandler.ERRORS_RETURN).isSameAs(MPI.ERRORS_RETURN);
            assertThat(MPI.COMM_SELF.getErrhandler()).isSameAs(Errhandler.ERRORS_RETURN);
            int p = world.getSize();
            assertThatThrownBy(() -> world.send("x", p, 0)).isInstanceOf(MpiException.class)
                    .hasMessageContaining("dest " + p);
            world.barrier(); // the world goes on
        });
    }

    @Test
    void shouldSetAndGetTheHandler() {
        run(2, world -> {
            Intracomm dup = world.dup();
            for (Errhandler h : List.of(Errhandler.ERRORS_ARE_FATAL, Errhandler.ERRORS_ABORT,
                    Errhandler.create((c, e) -> { }), Errhandler.ERRORS_RETURN)) {
                dup.setErrhandler(h);
                assertThat(dup.getErrhandler()).isSameAs(h);
            }
            assertThat(world.getErrhandler()).as("the parent keeps its own").isSameAs(Errhandler.ERRORS_RETURN);
            assertThatThrownBy(() -> dup.setErrhandler(null)).isInstanceOf(MpiException.class)
                    .hasMessageContaining("errhandler is null")
                    .satisfies(e -> assertThat(((MpiException) e).getErrorClass()).isEqualTo(ErrorClass.ERR_ARG));
            Errhandler freed = Errhandler.create((c, e) -> { });
            dup.setErrhandler(freed);
            freed.free();
            assertThat(dup.getErrhandler()).as("a freed handler stays where it is set").isSameAs(freed);
            assertThatThrownBy(() -> world.setErrhandler(freed)).hasMessageContaining("has been freed");
            Errhandler.ERRORS_RETURN.free(); // a no-op on predefined handlers
            world.setErrhandler(Errhandler.ERRORS_RETURN);
            assertThat(Errhandler.ERRORS_RETURN.isPredefined()).isTrue();
            assertThat(freed.isPredefined()).isFalse();
            dup.free();
        });
    }

    @Test
    void shouldBeInheritedByNewCommunicators() {
        forEachSize(world -> {
            int p = world.getSize();
            int me = world.getRank();
            Errhandler h = Errhandler.create((c, e) -> { });
            Intracomm parent = world.dup();
            parent.setErrhandler(h);
            Intracomm dup = parent.dup();
            Intracomm split = parent.split(me % 2, me);
            Intracomm created = parent.create(parent.getGroup());
            Cartcomm cart = parent.createCart(new int[] {p}, new boolean[] {true}, false);
            Intracomm idup = parent.idup().waitFor();
            for (Comm c : List.of(dup, split, created, cart, cart.sub(true), idup, dup.dup())) {
                assertThat(c.getErrhandler()).as("%s", c).isSameAs(h);
            }
            dup.setErrhandler(Errhandler.ERRORS_RETURN);
            assertThat(dup.dup().getErrhandler()).as("the handler at creation time").isSameAs(Errhandler.ERRORS_RETURN);
            assertThat(parent.getErrhandler()).isSameAs(h);
            if (p >= 2) {
                Intracomm half = parent.split(me < p / 2 ? 0 : 1, me);
                Intercomm inter = half.createIntercomm(0, parent, me < p / 2 ? p / 2 : 0, 7);
                assertThat(inter.getErrhandler()).as("from the local communicator").isSameAs(h);
                Errhandler h2 = Errhandler.create((c, e) -> { });
                inter.setErrhandler(h2);
                assertThat(inter.merge(me >= p / 2).getErrhandler()).as("merge").isSameAs(h2);
                assertThat(inter.dup().getErrhandler()).isSameAs(h2);
            }
        });
    }

    @Test
    void shouldCallAUserHandlerOnceWithTheCommunicatorAndTheError() {
        run(2, world -> {
            Recorder r = new Recorder();
            Intracomm comm = world.dup();
            comm.setErrhandler(r.handler);
            int other = 1 - world.getRank();

            // an argument check
            MpiException e1 = catchMpi(() -> comm.send("x", 5, 0));
            assertThat(r.calls()).isEqualTo(1);
            assertThat(r.errors.get(0)).isSameAs(e1);
            assertThat(r.comms.get(0)).isSameAs(comm);
            assertThat(e1.getErrorClass()).isEqualTo(ErrorClass.ERR_RANK);

            // a blocking call whose error comes from the request it waits on (a public call inside another)
            comm.send(Buf.of(new int[8]), other, 1);
            MpiException e2 = catchMpi(() -> comm.recv(Buf.of(new int[2]), other, 1));
            assertThat(e2.getErrorClass()).isEqualTo(ErrorClass.ERR_TRUNCATE);
            assertThat(r.calls()).isEqualTo(2);
            assertThat(r.errors.get(1)).isSameAs(e2);

            // a request's error, when waited for
            comm.send(Buf.of(new int[8]), other, 2);
            Request<Status> req = comm.irecv(Buf.of(new int[2]), other, 2);
            MpiException e3 = catchMpi(req::waitFor);
            assertThat(e3.getErrorClass()).isEqualTo(ErrorClass.ERR_TRUNCATE);
            assertThat(r.calls()).isEqualTo(3);
            assertThat(r.comms.get(2)).isSameAs(comm);

            // a collective
            MpiException e4 = catchMpi(() -> comm.bcast(Buf.of(new int[1]), 7));
            assertThat(e4.getErrorClass()).isEqualTo(ErrorClass.ERR_ROOT);
            assertThat(r.calls()).isEqualTo(4);

            // a nonblocking collective's argument error and a persistent request started twice
            catchMpi(() -> comm.ibcast(Buf.of(new int[1]), 7));
            assertThat(r.calls()).isEqualTo(5);
            Prequest p = comm.recvInit(Buf.of(new int[1]), other, 3);
            p.start();
            catchMpi(p::start);
            assertThat(r.calls()).isEqualTo(6);
            comm.barrier(); // both started twice before either sends
            comm.send(Buf.of(new int[1]), other, 3);
            p.waitFor();

            // a matched message received twice
            comm.send("m", other, 4);
            Message m = comm.mprobe(other, 4);
            assertThat(m.<String>recv()).isEqualTo("m");
            catchMpi(m::recv);
            assertThat(r.calls()).isEqualTo(7);
            assertThat(r.comms.get(6)).isSameAs(comm);

            // errors on another communicator do not reach this handler
            catchMpi(() -> world.send("x", 5, 0));
            assertThat(r.calls()).isEqualTo(7);

            comm.barrier(); // and the communicator goes on
            assertThat(comm.allreduce(1, Op.SUM)).isEqualTo(2);
            comm.free();
        });
    }

    @Test
    void shouldRaiseEachRequestsErrorOnItsOwnCommunicator() {
        run(2, world -> {
            Recorder ra = new Recorder();
            Recorder rb = new Recorder();
            Intracomm a = world.dup();
            Intracomm b = world.dup();
            a.setErrhandler(ra.handler);
            b.setErrhandler(rb.handler);
            int other = 1 - world.getRank();
            a.send(Buf.of(new int[4]), other, 0);
            b.send(Buf.of(new int[4]), other, 0);
            Request<Status> fromA = a.irecv(Buf.of(new int[1]), other, 0);
            Request<Status> fromB = b.irecv(Buf.of(new int[1]), other, 0);
            MpiException first = catchMpi(() -> Request.waitall(fromA, fromB));
            assertThat(ra.calls()).isEqualTo(1);
            assertThat(rb.calls()).isEqualTo(1);
            assertThat(first).isSameAs(ra.errors.get(0));
            assertThat(rb.comms.get(0)).isSameAs(b);
            world.barrier();
        });
    }

    @Test
    void shouldLetAUserHandlerThrowItsOwnException() {
        run(1, world -> {
            Intracomm comm = world.dup();
            AtomicInteger calls = new AtomicInteger();
            comm.setErrhandler(Errhandler.create((c, e) -> {
                calls.incrementAndGet();
                throw new IllegalStateException("handled: " + e.getErrorClass(), e);
            }));
            assertThatThrownBy(() -> comm.send(Buf.of(new int[1]), 3, 0))
                    .isInstanceOf(IllegalStateException.class).hasMessage("handled: ERR_RANK");
            assertThat(calls).hasValue(1);
        });
    }

    @Test
    void shouldCallTheHandlerOnRequestAsMpiDoes() {
        run(1, world -> {
            Intracomm comm = world.dup();
            comm.callErrhandler(ErrorClass.ERR_OTHER.code()); // ERRORS_RETURN: nothing
            Recorder r = new Recorder();
            comm.setErrhandler(r.handler);
            comm.callErrhandler(ErrorClass.ERR_OTHER.code());
            comm.callErrhandler(12345);
            assertThat(r.calls()).isEqualTo(2);
            assertThat(r.comms).containsOnly(comm);
            assertThat(r.errors.get(0).getErrorClass()).isEqualTo(ErrorClass.ERR_OTHER);
            assertThat(r.errors.get(0)).hasMessageContaining("callErrhandler(16)");
            assertThat(r.errors.get(1).getErrorClass()).isEqualTo(ErrorClass.ERR_UNKNOWN);
        });
    }

    @Test
    void shouldEndTheWorldWhenAnErrorIsFatal() {
        for (Errhandler fatal : List.of(Errhandler.ERRORS_ARE_FATAL, Errhandler.ERRORS_ABORT)) {
            AtomicInteger reached = new AtomicInteger();
            assertThatThrownBy(() -> run(3, world -> {
                if (world.getRank() == 1) {
                    world.setErrhandler(fatal);
                    world.send("x", 9, 0);
                    reached.incrementAndGet(); // never: the error ends the world
                } else {
                    world.recv(1, 0); // failed by the abort
                }
            })).isInstanceOf(MpiException.class)
                    .hasMessageContaining("rank 1 of 3: ERR_RANK on COMM_WORLD (rank 1 of 3), whose error handler is "
                            + fatal)
                    .hasMessageContaining("dest 9 is not a rank of COMM_WORLD")
                    .hasMessageContaining("ending the job with exit code 6");
            assertThat(reached).hasValue(0);
        }
    }

    @Test
    void shouldEndTheWorldWhenAFatalHandlerIsCalled() {
        assertThatThrownBy(() -> run(2, world -> {
            Intracomm dup = world.dup();
            dup.setErrhandler(Errhandler.ERRORS_ARE_FATAL);
            if (world.getRank() == 0) {
                dup.callErrhandler(ErrorClass.ERR_TIMEOUT.code());
            }
            world.recv(MPI.ANY_SOURCE, 0);
        })).isInstanceOf(MpiException.class).hasMessageContaining("ERR_TIMEOUT on COMM_WORLD.dup")
                .hasMessageContaining("exit code 1"); // 1001 is not an exit code
    }

    @Test
    void shouldTakeTheDefaultFromTheJmpiErrorsProperty() {
        String old = System.getProperty("jmpi.errors");
        try {
            System.setProperty("jmpi.errors", "fatal");
            run(2, world -> {
                assertThat(world.getErrhandler()).isSameAs(Errhandler.ERRORS_ARE_FATAL);
                assertThat(MPI.COMM_SELF.getErrhandler()).isSameAs(Errhandler.ERRORS_ARE_FATAL);
                assertThat(world.dup().getErrhandler()).isSameAs(Errhandler.ERRORS_ARE_FATAL);
            });
            System.setProperty("jmpi.errors", "abort");
            run(1, world -> assertThat(world.getErrhandler()).isSameAs(Errhandler.ERRORS_ABORT));
            System.setProperty("jmpi.errors", "sometimes");
            assertThatThrownBy(() -> run(1, world -> { })).isInstanceOf(MpiException.class)
                    .hasMessageContaining("-Djmpi.errors=sometimes is not an error handler: use return, fatal or abort");
        } finally {
            if (old == null) {
                System.clearProperty("jmpi.errors");
            } else {
                System.setProperty("jmpi.errors", old);
            }
        }
    }

    @Test
    void shouldLetSurvivorsGoOnWithoutARankThatLeft() {
        run(4, world -> {
            int me = world.getRank();
            Intracomm pair = world.split(me / 2, me);
            pair.setErrhandler(Errhandler.ERRORS_RETURN);
            pair.barrier();
            if (me == 3) {
                return; // leaves: its session closes while rank 2 still waits for it
            }
            if (me == 2) {
                Recorder r = new Recorder();
                pair.setErrhandler(r.handler);
                MpiException e = catchMpi(() -> pair.recv(1, 0));
                assertThat(e.getErrorClass()).isEqualTo(ErrorClass.ERR_PROC_FAILED);
                assertThat(e).hasMessageContaining("rank 3");
                assertThat(r.errors).containsExactly(e);
                world.send("rank 3 is gone", 0, 5);
                return;
            }
            if (me == 0) {
                assertThat(world.<String>recv(2, 5)).isEqualTo("rank 3 is gone");
            }
            pair.barrier(); // rank 1 goes on after rank 0 knows
            int other = 1 - me;
            for (int i = 0; i < 100; i++) {
                assertThat(pair.<Integer>sendrecv(i * 10 + me, other, 1, other, 1)).isEqualTo(i * 10 + other);
            }
            assertThat(pair.allreduce(me + 1, Op.SUM)).isEqualTo(3);
        });
    }

    /** Runs {@code call}, which must throw an {@link MpiException}, and returns it. */
    static MpiException catchMpi(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(call);
        assertThat(t).isInstanceOf(MpiException.class);
        return (MpiException) t;
    }
}
