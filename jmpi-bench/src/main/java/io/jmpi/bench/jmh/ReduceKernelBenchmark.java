package io.jmpi.bench.jmh;

import io.jmpi.Datatype;
import io.jmpi.internal.coll.Combiner;
import io.jmpi.internal.coll.PredefinedOp;
import io.jmpi.internal.coll.ReduceKernels;
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

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.util.concurrent.TimeUnit;

/**
 * The kernels of the predefined reductions ({@link ReduceKernels}) combining {@code bytes} of
 * packed little-endian elements into as many, as one step of an allreduce does: SUM and MAX of
 * {@code double}, SUM of {@code int}. 8 B and 1 MiB are the sizes of the OSU-style allreduce.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ReduceKernelBenchmark {
    /** Bytes of each operand. */
    @Param({"8", "8192", "1048576"})
    public int bytes;

    private byte[] in;
    private byte[] inout;
    private Combiner sumDouble;
    private Combiner maxDouble;
    private Combiner sumInt;

    /** Builds the operands and looks the kernels up. */
    @Setup(Level.Trial)
    public void setUp() {
        in = new byte[bytes];
        inout = new byte[bytes];
        DoubleBuffer values = ByteBuffer.wrap(in).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer();
        while (values.hasRemaining()) {
            values.put(1.0);
        }
        sumDouble = ReduceKernels.of(PredefinedOp.SUM, Datatype.DOUBLE);
        maxDouble = ReduceKernels.of(PredefinedOp.MAX, Datatype.DOUBLE);
        sumInt = ReduceKernels.of(PredefinedOp.SUM, Datatype.INT);
    }

    /**
     * SUM of doubles.
     *
     * @return the combined bytes
     */
    @Benchmark
    public byte[] sumDouble() {
        sumDouble.apply(in, 0, inout, 0, bytes / 8);
        return inout;
    }

    /**
     * MAX of doubles.
     *
     * @return the combined bytes
     */
    @Benchmark
    public byte[] maxDouble() {
        maxDouble.apply(in, 0, inout, 0, bytes / 8);
        return inout;
    }

    /**
     * SUM of ints.
     *
     * @return the combined bytes
     */
    @Benchmark
    public byte[] sumInt() {
        sumInt.apply(in, 0, inout, 0, bytes / 4);
        return inout;
    }
}
