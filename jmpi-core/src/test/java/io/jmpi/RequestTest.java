package io.jmpi;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Nonblocking point-to-point and requests (mpi4py's {@code test_request} and the nonblocking
 * parts of {@code test_p2p_obj}/{@code test_p2p_buf}), for any transport.
 */
@Timeout(90)
public abstract class RequestTest extends MultiRankTest {

    @ParameterizedTest(name = "{0} ranks")
    @ValueSource(ints = {1, 2, 3, 4, 8})
    void shouldExchangeObjectsAroundRingNonblocking(int size) {
        run(size, world -> {
            int rank = world.getRank();
            int next = (rank + 1) % size;
            int prev = (rank - 1 + size) % size;
            Request<String> r = world.irecv(prev, 3);
            Request<Void> s = world.isend("from " + rank, next, 3);
            List<Object> results = Request.waitall(s, r);
            assertThat(results.get(0)).isNull();
            assertThat(results.get(1)).isEqualTo("from " + prev);
        });
    }

    @ParameterizedTest(name = "{0} elements")
    @ValueSource(ints = {0, 1, 8_000, 8_192, 1_000_000})
    void shouldSendBuffersOfAnySizeNonblocking(int n) {
        run(2, world -> {
            int other = 1 - world.getRank();
            double[] out = new double[n];
            Arrays.setAll(out, i -> world.getRank() * 1e6 + i);
            double[] in = new double[n];
            Request<Status> r = world.irecv(Buf.of(in), other, 0);
            Request<Void> s = world.isend(Buf.of(out), other, 0);
            s.waitFor();
            Status st = r.waitFor();
            assertThat(st.getCount(Datatype.DOUBLE)).isEqualTo(n);
            for (int i = 0; i < n; i += Math.max(1, n / 97)) {
                assertThat(in[i]).isEqualTo(other * 1e6 + i);
            }
        });
    }

    @Test
    void shouldReceiveLargeObjectWithoutSizeGuess() {
        run(2, world -> {
            if (world.getRank() == 0) {
                double[] big = new double[3_000_000]; // 24 MB: rendezvous, many chunks
                Arrays.setAll(big, i -> i * 0.25);
                world.isend(big, 1, 0).waitFor();
            } else {
                Request<double[]> r = world.irecv(0, 0);
                double[] got = r.waitFor();
                assertThat(got).hasSize(3_000_000);
                assertThat(got[2_999_999]).isEqualTo(2_999_999 * 0.25);
            }
        });
    }

    @ParameterizedTest(name = "{0} bytes")
    @ValueSource(ints = {16, 4_000_000})
    void shouldCompleteSynchronousSendOnlyAfterReceiveStarts(int bytes) {
        run(2, world -> {
            if (world.getRank() == 0) {
                Request<Void> r = world.issend(Buf.of(new byte[bytes]), 1, 1);
                Thread.sleep(200);
                assertThat(r.test()).as("issend completed before the receive was posted").isFalse();
                world.send("go", 1, 2);
                r.waitFor();
                world.ssend("object", 1, 3);
            } else {
                assertThat((String) world.recv(0, 2)).isEqualTo("go");
                world.recv(Buf.of(new byte[bytes]), 0, 1);
                assertThat((String) world.recv(0, 3)).isEqualTo("object");
            }
        });
    }

    @Test
    void shouldUseAttachedBufferForBufferedSends() {
        run(2, world -> {
            if (world.getRank() == 0) {
                assertThatThrownBy(() -> world.bsend(Buf.of(new int[10]), 1, 0))
                        .isInstanceOf(MpiException.class)
                        .hasMessageContaining("attachBuffer")
                        .satisfies(e -> assertThat(((MpiException) e).getErrorClass()).isEqualTo(ErrorClass.ERR_BUFFER));
                MPI.attachBuffer(java.nio.ByteBuffer.allocate(3 * (400_000 + MPI.BSEND_OVERHEAD)));
                int[] data = new int[100_000];
                Arrays.fill(data, 7);
                world.bsend(Buf.of(data), 1, 0);      // above the eager limit: copied, sent later
                Arrays.fill(data, -1);                 // may be reused at once
                world.ibsend(Buf.of(new int[] {1, 2, 3}), 1, 1).waitFor();
                world.bsend("an object", 1, 2);
                assertThatThrownBy(() -> world.bsend(Buf.of(new int[1_000_000]), 1, 3))
                        .isInstanceOf(MpiException.class)
                        .hasMessageContaining("free");
                assertThat(MPI.detachBuffer()).isNotNull();
            } else {
                int[] data = new int[100_000];
                world.recv(Buf.of(data), 0, 0);
                assertThat(data).containsOnly(7);
                int[] small = new int[3];
                world.recv(Buf.of(small), 0, 1);
                assertThat(small).containsExactly(1, 2, 3);
                assertThat((String) world.recv(0, 2)).isEqualTo("an object");
            }
        });
    }

    @Test
    void shouldSendInReadyMode() {
        run(2, world -> {
            if (world.getRank() == 1) {
                Request<Status> r = world.irecv(Buf.of(new long[2]), 0, 0);
                world.send("posted", 0, 9);
                assertThat(r.waitFor().getCount(Datatype.LONG)).isEqualTo(2);
            } else {
                world.recv(1, 9);
                world.rsend(Buf.of(new long[] {4, 5}), 1, 0);
                world.irsend(Buf.of(new long[0]), MPI.PROC_NULL, 0).waitFor();
            }
        });
    }

    @ParameterizedTest(name = "{0} ranks")
    @ValueSource(ints = {1, 2, 3, 4})
    void shouldShiftWithSendrecv(int size) {
        run(size, world -> {
            int rank = world.getRank();
            int right = rank + 1 < size ? rank + 1 : MPI.PROC_NULL;
            int left = rank > 0 ? rank - 1 : MPI.PROC_NULL;
            Status st = new Status();
            Integer got = world.sendrecv(rank, right, 0, left, 0, st);
            if (left == MPI.PROC_NULL) {
                assertThat(got).isNull();
                assertThat(st.getSource()).isEqualTo(MPI.PROC_NULL);
            } else {
                assertThat(got).isEqualTo(left);
            }
            int n = 300_000; // above the eager limit
            int[] out = new int[n];
            Arrays.fill(out, rank);
            int[] in = new int[n];
            int next = (rank + 1) % size;
            int prev = (rank - 1 + size) % size;
            world.sendrecv(Buf.of(out), next, 1, Buf.of(in), prev, 1);
            assertThat(in[0]).isEqualTo(prev);
            assertThat(in[n - 1]).isEqualTo(prev);
            world.sendrecvReplace(Buf.of(out), next, 2, prev, 2);
            assertThat(out[n / 2]).isEqualTo(prev);
        });
    }

    @Test
    void shouldProbeWithoutReceiving() {
        run(2, world -> {
            if (world.getRank() == 0) {
                world.send(Buf.of(new short[5]), 1, 4);
                world.send(Buf.of(new short[200_000]), 1, 5); // rendezvous: probed before data moves
            } else {
                assertThat(world.iprobe(0, 77)).isFalse();
                Status st = world.probe(0, 4);
                assertThat(st.getSource()).isZero();
                assertThat(st.getTag()).isEqualTo(4);
                assertThat(st.getCount(Datatype.SHORT)).isEqualTo(5);
                assertThat(st.getDatatype()).isEqualTo(Datatype.SHORT);
                Status st2 = new Status();
                while (!world.iprobe(MPI.ANY_SOURCE, 5, st2)) {
                    Thread.onSpinWait();
                }
                assertThat(st2.getCount(Datatype.SHORT)).isEqualTo(200_000);
                world.recv(Buf.of(new short[5]), 0, 4);
                short[] big = new short[(int) st2.getCount(Datatype.SHORT)];
                world.recv(Buf.of(big), 0, 5);
                assertThat(world.probe(MPI.PROC_NULL, 0).getSource()).isEqualTo(MPI.PROC_NULL);
            }
        });
    }

    @Test
    void shouldReceiveOnlyThroughMatchedProbe() {
        run(2, world -> {
            if (world.getRank() == 0) {
                world.send("first", 1, 1);
                world.send(Buf.of(new float[] {1.5f}), 1, 2);
                world.send(new ArrayList<>(List.of(1, 2)), 1, 3);
            } else {
                Status st = new Status();
                Message m = world.mprobe(0, 1, st);
                assertThat(st.getTag()).isEqualTo(1);
                assertThat(world.iprobe(0, 1)).as("a matched message is no longer visible").isFalse();
                assertThat((String) m.recv()).isEqualTo("first");
                assertThatThrownBy(m::recv).isInstanceOf(MpiException.class)
                        .satisfies(e -> assertThat(((MpiException) e).getErrorClass()).isEqualTo(ErrorClass.ERR_REQUEST));
                Message m2;
                do {
                    m2 = world.improbe(0, 2);
                } while (m2 == null);
                float[] f = new float[1];
                m2.irecv(Buf.of(f)).waitFor();
                assertThat(f[0]).isEqualTo(1.5f);
                List<Integer> l = world.mprobe(MPI.ANY_SOURCE, MPI.ANY_TAG).<List<Integer>>irecv().waitFor();
                assertThat(l).containsExactly(1, 2);
                Message none = world.mprobe(MPI.PROC_NULL, 0);
                assertThat(none.isNoProc()).isTrue();
                assertThat((Object) none.recv()).isNull();
            }
        });
    }

    @Test
    void shouldCancelUnmatchedReceive() {
        run(2, world -> {
            Request<Status> r = world.irecv(Buf.of(new int[1]), MPI.ANY_SOURCE, 1234);
            r.cancel();
            Status st = new Status();
            r.waitFor(st);
            assertThat(st.isCancelled()).isTrue();
            assertThat(r.isCancelled()).isTrue();
            Request<Object> o = world.irecv(MPI.ANY_SOURCE, 99);
            assertThat(o.cancel(true)).isTrue();
            assertThat(o.toCompletableFuture().isCancelled()).isTrue();
            world.barrier();
            // a message sent after the cancel goes to the next receive
            world.send("after", world.getRank(), 1234);
            assertThat((String) world.recv(world.getRank(), 1234)).isEqualTo("after");
        });
    }

    @Test
    void shouldRestartPersistentRequestsThousandTimes() {
        run(2, world -> {
            int other = 1 - world.getRank();
            long[] out = new long[4];
            long[] in = new long[4];
            Prequest send = world.sendInit(Buf.of(out), other, 6);
            Prequest recv = world.recvInit(Buf.of(in), other, 6);
            assertThat(recv.waitFor()).as("inactive request completes at once").isNull();
            for (int i = 0; i < 1000; i++) {
                Arrays.fill(out, i * 10L + world.getRank());
                Prequest.startall(recv, send);
                Request.waitall(send, recv);
                assertThat(in).containsOnly(i * 10L + other);
            }
            Prequest never = world.recvInit(Buf.of(in), MPI.ANY_SOURCE, 4242);
            never.start();
            assertThatThrownBy(never::start)
                    .isInstanceOf(MpiException.class)
                    .satisfies(e -> assertThat(((MpiException) e).getErrorClass()).isEqualTo(ErrorClass.ERR_REQUEST));
            never.cancel();
            never.waitFor();
        });
    }

    @Test
    void shouldWaitAndTestAnySome() {
        run(3, world -> {
            if (world.getRank() == 0) {
                Request<Integer> a = world.irecv(1, 0);
                Request<Integer> b = world.irecv(2, 0);
                Request<?>[] both = {a, b};
                int first = Request.waitany(both);
                assertThat(first).isIn(0, 1);
                int[] some = Request.waitsome(both);
                assertThat(some).isNotEmpty();
                Request.waitall(both);
                assertThat(Request.testall(both)).isTrue();
                assertThat(Request.testany(both)).isIn(0, 1);
                assertThat(Request.testsome(both)).containsExactly(0, 1);
                assertThat(a.waitFor()).isEqualTo(1);
                assertThat(b.waitFor()).isEqualTo(2);
                assertThat(Request.waitany(new Request<?>[] {null})).isEqualTo(MPI.UNDEFINED);
            } else {
                world.send(world.getRank(), 0, 0);
            }
        });
    }

    @Test
    void shouldComposeAsCompletableFutures() {
        run(3, world -> {
            if (world.getRank() == 0) {
                CompletableFuture<Integer> one = world.<Integer>irecv(1, 0).toCompletableFuture();
                CompletableFuture<Integer> two = world.<Integer>irecv(2, 0).toCompletableFuture();
                int sum = one.thenCombine(two, Integer::sum).orTimeout(20, TimeUnit.SECONDS).join();
                assertThat(sum).isEqualTo(30);
                CompletableFuture<String> never = world.<String>irecv(0, 555).toCompletableFuture()
                        .completeOnTimeout("timeout", 50, TimeUnit.MILLISECONDS);
                assertThat(never.join()).isEqualTo("timeout");
                Request<Object> late = world.irecv(0, 556); // from itself: never sent
                assertThatThrownBy(() -> late.waitFor(Duration.ofMillis(50)))
                        .isInstanceOf(MpiException.class)
                        .satisfies(e -> assertThat(((MpiException) e).getErrorClass()).isEqualTo(ErrorClass.ERR_TIMEOUT));
                late.cancel();
            } else {
                world.send(world.getRank() * 10, 0, 0);
            }
        });
    }

    @Test
    void shouldKeepOrderPerSenderWithManyThreads() {
        int threads = 4;
        int perThread = 500;
        run(2, world -> {
            List<Thread> ts = new ArrayList<>();
            List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
            for (int t = 0; t < threads; t++) {
                int tag = t;
                ts.add(new Thread(() -> {
                    try {
                        if (world.getRank() == 0) {
                            for (int i = 0; i < perThread; i++) {
                                long[] msg = {tag, i, tag * 31L + i};
                                if (i % 2 == 0) {
                                    world.send(Buf.of(msg), 1, tag);
                                } else {
                                    world.isend(msg, 1, tag).waitFor();
                                }
                            }
                        } else {
                            for (int i = 0; i < perThread; i++) {
                                long[] msg;
                                if (i % 2 == 0) {
                                    msg = new long[3];
                                    world.recv(Buf.of(msg), 0, tag);
                                } else {
                                    msg = world.recv(0, tag);
                                }
                                assertThat(msg).containsExactly(tag, i, tag * 31L + i);
                            }
                        }
                    } catch (Throwable e) {
                        errors.add(e);
                    }
                }));
            }
            ts.forEach(Thread::start);
            for (Thread t : ts) {
                t.join();
            }
            assertThat(errors).isEmpty();
        });
    }

    @Test
    void shouldExchangeWindowsOfLargeMessagesBothWays() {
        run(2, world -> {
            int other = 1 - world.getRank();
            int window = 32;
            byte[] out = new byte[4 << 20];
            byte[] in = new byte[4 << 20];
            out[out.length - 1] = (byte) (world.getRank() + 1);
            for (int round = 0; round < 2; round++) {
                Request<?>[] reqs = new Request<?>[2 * window];
                for (int w = 0; w < window; w++) {
                    reqs[w] = world.irecv(Buf.of(in), other, 100);
                }
                for (int w = 0; w < window; w++) {
                    reqs[window + w] = world.isend(Buf.of(out), other, 100);
                }
                Request.waitall(reqs);
                assertThat(in[in.length - 1]).isEqualTo((byte) (other + 1));
            }
        });
    }

    @Test
    void shouldFailRatherThanHangWhenTheSenderOfALargeMessageHasLeft() {
        run(2, world -> {
            if (world.getRank() == 1) {
                world.isend(Buf.of(new byte[200_000]), 0, 5); // announced, data never taken
                world.send("bye", 0, 6);
                return; // finalizes with the data still here
            }
            assertThat((String) world.recv(1, 6)).isEqualTo("bye");
            Thread.sleep(500); // rank 1 has closed its session by now
            assertThatThrownBy(() -> world.recv(Buf.of(new byte[200_000]), 1, 5))
                    .isInstanceOf(MpiException.class)
                    .satisfies(e -> assertThat(((MpiException) e).getErrorClass()).isEqualTo(ErrorClass.ERR_PROC_FAILED));
        });
    }

    @Test
    void shouldTruncateLargeMessageAndLoseNothing() {
        run(2, world -> {
            if (world.getRank() == 0) {
                world.isend(Buf.of(new int[500_000]), 1, 0);
                world.send(Buf.of(new int[] {42}), 1, 0);
            } else {
                assertThatThrownBy(() -> world.recv(Buf.of(new int[10]), 0, 0))
                        .isInstanceOf(MpiException.class)
                        .hasMessageContaining("2000000 bytes")
                        .satisfies(e -> assertThat(((MpiException) e).getErrorClass()).isEqualTo(ErrorClass.ERR_TRUNCATE));
                int[] r = new int[1];
                world.recv(Buf.of(r), 0, 0);
                assertThat(r[0]).isEqualTo(42);
            }
        });
    }

    @Test
    void shouldCompleteProcNullRequestsAtOnce() {
        run(1, world -> {
            assertThat(world.isend("x", MPI.PROC_NULL, 0).test()).isTrue();
            Status st = new Status();
            assertThat(world.irecv(Buf.of(new int[1]), MPI.PROC_NULL, 0).waitFor(st).getSource()).isEqualTo(MPI.PROC_NULL);
            assertThat(world.iprobe(MPI.PROC_NULL, MPI.ANY_TAG)).isTrue();
            assertThat((Object) world.irecv(MPI.PROC_NULL, 3).waitFor()).isNull();
        });
    }
}
