package io.jmpi.bench.jmh;

import io.jmpi.bench.OsuBench;
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

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Kryo serialization as the engine does it for an object message
 * ({@link ObjectSerializer#serializeBlocks} into 1 MiB blocks, the default chunk size, and
 * {@link ObjectSerializer#deserialize(List, long)}), of the objects {@code OsuBench} sends:
 * a 6-entry map, a list of 1,000 doubles, and a record holding a 1 MiB {@code double[]}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SerializationBenchmark {
    private static final int BLOCK = 1 << 20;

    /** The object: {@code map6}, {@code list1000} or {@code record1MiB}. */
    @Param({"map6", "list1000", "record1MiB"})
    public String object;

    private final ObjectSerializer serializer = new ObjectSerializer();
    private Object value;
    private List<byte[]> blocks;
    private long length;

    /** Builds the object and its serialized form. */
    @Setup(Level.Trial)
    public void setUp() {
        value = OsuBench.sampleObject(object);
        blocks = serializer.serializeBlocks(value, BLOCK);
        length = blocks.stream().mapToLong(b -> b.length).sum();
        if (!equal(serializer.deserialize(blocks, length), value)) {
            throw new IllegalStateException(object + " does not round-trip");
        }
    }

    private static boolean equal(Object a, Object b) {
        if (a instanceof OsuBench.Sample x && b instanceof OsuBench.Sample y) {
            return x.label().equals(y.label()) && java.util.Arrays.equals(x.values(), y.values());
        }
        return a.equals(b);
    }

    /**
     * Serializes the object.
     *
     * @return its blocks
     */
    @Benchmark
    public List<byte[]> serialize() {
        return serializer.serializeBlocks(value, BLOCK);
    }

    /**
     * Deserializes the object.
     *
     * @return the object
     */
    @Benchmark
    public Object deserialize() {
        return serializer.deserialize(blocks, length);
    }
}
