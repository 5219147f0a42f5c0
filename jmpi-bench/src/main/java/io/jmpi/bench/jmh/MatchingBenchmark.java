package io.jmpi.bench.jmh;

import io.jmpi.Buf;
import io.jmpi.ErrorClass;
import io.jmpi.MpiException;
import io.jmpi.internal.p2p.MessageEngine;
import io.jmpi.internal.p2p.Payload;
import io.jmpi.internal.p2p.RecvOp;
import io.jmpi.internal.p2p.SendMode;
import io.jmpi.internal.progress.IdleStrategy;
import io.jmpi.serial.ObjectSerializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * One eager 8-byte buffer message from rank 0 to rank 1 through two {@link MessageEngine}s joined
 * by a {@link LoopbackTransport}: header encoding, the payload's packing and copy, the frame's
 * decoding, the search of the posted or unexpected queue, and the copy into the receive buffer.
 * With {@code queued} &gt; 0 both queues of the receiver hold that many entries that do not
 * match (another tag), which every search walks past, as when many receives are pending.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MatchingBenchmark {
    private static final int CONTEXT = 0;
    private static final int TAG = 1;
    private static final int OTHER_TAG_POSTED = 2;
    private static final int OTHER_TAG_UNEXPECTED = 3;
    private static final long EAGER_LIMIT = 64 * 1024;
    private static final int CHUNK = 1 << 20;

    /** Non-matching entries in each of the receiver's queues. */
    @Param({"0", "64"})
    public int queued;

    private MessageEngine sender;
    private MessageEngine receiver;
    private final byte[] out = new byte[8];
    private final byte[] in = new byte[8];
    private Buf outBuf;
    private Buf inBuf;

    /** Builds the two engines and fills the receiver's queues. */
    @Setup(Level.Trial)
    public void setUp() {
        ObjectSerializer serializer = new ObjectSerializer();
        IdleStrategy idle = new IdleStrategy(0, 0, 1_000_000);
        sender = new MessageEngine(0, serializer, idle, EAGER_LIMIT, CHUNK);
        receiver = new MessageEngine(1, serializer, idle, EAGER_LIMIT, CHUNK);
        sender.attach(new LoopbackTransport(0, receiver));
        receiver.attach(new LoopbackTransport(1, sender));
        outBuf = Buf.of(out);
        inBuf = Buf.of(in);
        for (int i = 0; i < queued; i++) {
            receiver.postReceive(CONTEXT, 0, 0, OTHER_TAG_POSTED, Buf.of(new byte[8]));
            sender.send(CONTEXT, 0, 1, OTHER_TAG_UNEXPECTED, Payload.of(outBuf), SendMode.STANDARD);
        }
        check(postedThenArrives());
        check(arrivesThenPosted());
    }

    private static void check(RecvOp op) {
        if (!op.isDone() || op.error() != null) {
            throw new MpiException(ErrorClass.ERR_INTERN, "the benchmark's message was not received: " + op.error());
        }
    }

    /**
     * The receive is posted first; the arriving message finds it in the posted queue.
     *
     * @return the completed receive
     */
    @Benchmark
    public RecvOp postedThenArrives() {
        RecvOp r = receiver.postReceive(CONTEXT, 0, 0, TAG, inBuf);
        sender.send(CONTEXT, 0, 1, TAG, Payload.of(outBuf), SendMode.STANDARD);
        return r;
    }

    /**
     * The message arrives first and waits in the unexpected queue, where the receive finds it.
     *
     * @return the completed receive
     */
    @Benchmark
    public RecvOp arrivesThenPosted() {
        sender.send(CONTEXT, 0, 1, TAG, Payload.of(outBuf), SendMode.STANDARD);
        return receiver.postReceive(CONTEXT, 0, 0, TAG, inBuf);
    }
}
