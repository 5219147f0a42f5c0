package io.jmpi;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Bad input gets a clear error (mpi4py's {@code test_exceptions} in spirit): one case per row of
 * docs/errors.md. Each case runs on rank 0 of a two-rank world (rank 1 may play a part first),
 * checks the error class and that the message names the argument and its value, and then checks
 * that the ranks can still exchange a message: an error loses or breaks nothing else.
 */
@Timeout(120)
class ErrorsTest {

    /** What rank 1 does before rank 0 makes its mistake. */
    @FunctionalInterface
    interface Part {
        void run(Intracomm world) throws Exception;
    }

    record Case(String name, ErrorClass expected, String fragment, Part partner, Part mistake) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Case c(String name, ErrorClass expected, String fragment, Part mistake) {
        return new Case(name, expected, fragment, null, mistake);
    }

    private static Case c(String name, ErrorClass expected, String fragment, Part partner, Part mistake) {
        return new Case(name, expected, fragment, partner, mistake);
    }

    static List<Case> cases() {
        return List.of(
                // ranks
                c("send to a rank beyond the size", ErrorClass.ERR_RANK, "dest 2 is not a rank of COMM_WORLD (size 2)",
                        w -> w.send("x", 2, 0)),
                c("send to a negative rank", ErrorClass.ERR_RANK, "dest -5", w -> w.send("x", -5, 0)),
                c("send to ANY_SOURCE", ErrorClass.ERR_RANK, "dest -1", w -> w.send("x", MPI.ANY_SOURCE, 0)),
                c("receive from a rank beyond the size", ErrorClass.ERR_RANK, "source 7", w -> w.recv(7, 0)),
                c("buffer send to a rank beyond the size hints at jmpiexec", ErrorClass.ERR_RANK, "jmpiexec -n 4",
                        w -> w.send(Buf.of(new int[1]), 3, 0)),
                c("isend to a bad rank", ErrorClass.ERR_RANK, "dest 9", w -> w.isend("x", 9, 0)),
                c("probe a bad rank", ErrorClass.ERR_RANK, "source 4", w -> w.probe(4, 0)),
                // tags
                c("send with a negative tag", ErrorClass.ERR_TAG, "tag -3", w -> w.send("x", 1, -3)),
                c("send with ANY_TAG", ErrorClass.ERR_TAG, "ANY_TAG is for receives only",
                        w -> w.send(Buf.of(new int[1]), 1, MPI.ANY_TAG)),
                c("receive with a negative tag", ErrorClass.ERR_TAG, "tag -9", w -> w.recv(1, -9)),
                c("irecv with a negative tag", ErrorClass.ERR_TAG, "tag -2",
                        w -> w.irecv(Buf.of(new int[1]), 1, -2)),
                // buffers, counts, offsets
                c("send a null Buf", ErrorClass.ERR_BUFFER, "buf is null", w -> w.send((Buf) null, 1, 0)),
                c("receive into a null Buf", ErrorClass.ERR_BUFFER, "buf is null", w -> w.recv((Buf) null, 1, 0)),
                c("Buf of a null array", ErrorClass.ERR_BUFFER, "int[]", w -> Buf.of((int[]) null)),
                c("Buf slice beyond the array", ErrorClass.ERR_COUNT, "offset 3 and count 4",
                        w -> Buf.of(new double[5], 3, 4)),
                c("Buf with a negative count", ErrorClass.ERR_COUNT, "count -1", w -> Buf.of(new long[5], 0, -1)),
                c("Buf with a negative offset", ErrorClass.ERR_COUNT, "offset -2", w -> Buf.of(new byte[5], -2, 1)),
                c("ByteBuffer not a whole number of elements", ErrorClass.ERR_COUNT, "not a whole number",
                        w -> Buf.of(ByteBuffer.allocate(7), Datatype.INT)),
                c("IN_PLACE in point-to-point", ErrorClass.ERR_BUFFER, "IN_PLACE",
                        w -> w.send(MPI.IN_PLACE, 1, 0)),
                // messages that do not fit
                c("message longer than the receive buffer", ErrorClass.ERR_TRUNCATE, "is longer than the receive buffer",
                        w -> w.send(Buf.of(new int[8]), 0, 1), w -> w.recv(Buf.of(new int[2]), 1, 1)),
                c("int elements received as double", ErrorClass.ERR_TYPE, "INT",
                        w -> w.send(Buf.of(new int[2]), 0, 1), w -> w.recv(Buf.of(new double[2]), 1, 1)),
                c("object received into a buffer", ErrorClass.ERR_TYPE, "object message",
                        w -> w.send("an object", 0, 1), w -> w.recv(Buf.of(new byte[64]), 1, 1)),
                c("buffer received as an object", ErrorClass.ERR_TYPE, "cannot be received as an object",
                        w -> w.send(Buf.of(new float[1]), 0, 1), w -> w.recv(1, 1)),
                c("object that cannot be serialized", ErrorClass.ERR_OTHER, "java.lang.Thread",
                        w -> w.send(new Thread(), 1, 0)),
                c("received object declaring more elements than arrived", ErrorClass.ERR_OTHER,
                        "declares 2147483646 elements of long[] (at least 2147483646 bytes) but only",
                        w -> SerializationTest.sendRaw(SerializationTest.hugeLongArrayInTenBytes(), 0, 1),
                        w -> w.recv(1, 1)),
                c("register a class after init", ErrorClass.ERR_OTHER, "registerClass comes before MPI.init",
                        w -> MPI.registerClass(String.class)),
                c("register a null class", ErrorClass.ERR_ARG, "classes[1] is null",
                        w -> MPI.registerClass(String.class, null)),
                // collectives
                c("bcast with a root beyond the size", ErrorClass.ERR_ROOT, "root 5",
                        w -> w.bcast(Buf.of(new int[1]), 5)),
                c("reduce with a negative root", ErrorClass.ERR_ROOT, "root -3",
                        w -> w.reduce(Buf.of(new int[1]), Buf.of(new int[1]), Op.SUM, -3)),
                c("object bcast with a bad root", ErrorClass.ERR_ROOT, "root 2", w -> w.bcast("x", 2)),
                c("BAND on doubles", ErrorClass.ERR_OP, "BAND",
                        w -> w.allreduce(Buf.of(new double[1]), Buf.of(new double[1]), Op.BAND)),
                c("MAXLOC on plain ints", ErrorClass.ERR_OP, "MAXLOC",
                        w -> w.allreduce(Buf.of(new int[2]), Buf.of(new int[2]), Op.MAXLOC)),
                c("allreduce of ints into doubles", ErrorClass.ERR_TYPE, "",
                        w -> w.allreduce(Buf.of(new int[1]), Buf.of(new double[1]), Op.SUM)),
                c("allgatherv with counts of the wrong length", ErrorClass.ERR_COUNT, "counts",
                        w -> w.allgatherv(Buf.of(new int[1]), Buf.of(new int[3]), new int[] {1, 1, 1}, null)),
                c("reduceLocal of different types", ErrorClass.ERR_TYPE, "",
                        w -> Op.SUM.reduceLocal(Buf.of(new int[1]), Buf.of(new long[1]))),
                c("bcast of a null Buf", ErrorClass.ERR_BUFFER, "", w -> w.bcast((Buf) null, 0)),
                // buffered sends
                c("bsend without an attached buffer", ErrorClass.ERR_BUFFER, "attachBuffer",
                        w -> w.bsend(Buf.of(new int[4]), 1, 0)),
                c("bsend larger than the attached buffer", ErrorClass.ERR_BUFFER, "free", w -> {
                    MPI.attachBuffer(ByteBuffer.allocate(200));
                    try {
                        w.bsend(Buf.of(new int[100]), 1, 0);
                    } finally {
                        MPI.detachBuffer();
                    }
                }),
                c("attach a buffer twice", ErrorClass.ERR_BUFFER, "already attached", w -> {
                    MPI.attachBuffer(ByteBuffer.allocate(200));
                    try {
                        MPI.attachBuffer(ByteBuffer.allocate(200));
                    } finally {
                        MPI.detachBuffer();
                    }
                }),
                // requests
                c("start a persistent request that is still active", ErrorClass.ERR_REQUEST, "still active", w -> {
                    Prequest p = w.recvInit(Buf.of(new int[1]), 1, 77);
                    p.start();
                    try {
                        p.start();
                    } finally {
                        p.cancel();
                    }
                }),
                c("receive a matched message twice", ErrorClass.ERR_REQUEST, "already been received",
                        w -> w.send("once", 0, 1), w -> {
                            Message m = w.mprobe(1, 1);
                            m.recv();
                            m.recv();
                        }),
                c("use a freed request", ErrorClass.ERR_REQUEST, "freed", w -> {
                    Request<Object> r = w.irecv(1, 55);
                    r.cancel();
                    r.free();
                    r.test();
                }),
                c("wait longer than a time limit", ErrorClass.ERR_TIMEOUT, "did not complete within 20 ms", w -> {
                    Request<Object> r = w.irecv(1, 56);
                    try {
                        r.waitFor(Duration.ofMillis(20));
                    } finally {
                        r.cancel();
                    }
                }),
                // groups
                c("group incl of a rank beyond the group", ErrorClass.ERR_RANK, "ranks[1] = 2",
                        w -> new Group(new int[] {0, 1}, 0).incl(0, 2)),
                c("group incl of a rank twice", ErrorClass.ERR_RANK, "twice",
                        w -> new Group(new int[] {0, 1}, 0).incl(1, 1)),
                c("group range with stride 0", ErrorClass.ERR_ARG, "stride",
                        w -> new Group(new int[] {0, 1}, 0).rangeIncl(new int[] {0, 1, 0})),
                // sessions
                c("an in-process world of no ranks", ErrorClass.ERR_ARG, "size 0",
                        w -> LocalWorld.run(0, x -> { })));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void shouldRaiseAClearErrorAndLoseNothing(Case c) {
        AtomicReference<Throwable> seen = new AtomicReference<>();
        LocalWorld.of(2).timeout(Duration.ofSeconds(30)).run(world -> {
            if (world.getRank() == 1 && c.partner() != null) {
                c.partner().run(world);
            }
            if (world.getRank() == 0) {
                assertThatThrownBy(() -> c.mistake().run(world))
                        .isInstanceOf(MpiException.class)
                        .satisfies(e -> seen.set(e))
                        .satisfies(e -> assertThat(((MpiException) e).getErrorClass()).isEqualTo(c.expected()))
                        .hasMessageContaining(c.fragment());
            }
            // nothing else is lost: the ranks still talk, in order
            int other = 1 - world.getRank();
            world.send("after " + world.getRank(), other, 999);
            assertThat((String) world.recv(other, 999)).isEqualTo("after " + other);
        });
        assertThat(seen.get()).isNotNull();
    }

    @org.junit.jupiter.api.Test
    void shouldListAtLeastFortyCases() {
        assertThat(cases()).hasSizeGreaterThanOrEqualTo(40);
    }
}
