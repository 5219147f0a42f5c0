/**
 * JMH micro-benchmarks of jmpi's hot paths, in one JVM and with no network: matching in the
 * point-to-point engine ({@link io.jmpi.bench.jmh.MatchingBenchmark}), frame headers and the TCP
 * transport's framing ({@link io.jmpi.bench.jmh.FrameBenchmark}), Kryo serialization of the
 * object messages that {@code OsuBench} times on the wire ({@link io.jmpi.bench.jmh.SerializationBenchmark})
 * and the kernels of the predefined reduction operations ({@link io.jmpi.bench.jmh.ReduceKernelBenchmark}).
 *
 * <p>They use internal classes ({@code io.jmpi.internal.*}) directly and are no API. The build
 * compiles them (the JMH annotation processor runs in this module only) and never runs them:
 * {@code bench/jmh.sh} does, and writes the "Micro-benchmarks" section of docs/performance.md.
 */
package io.jmpi.bench.jmh;
