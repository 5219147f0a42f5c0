/**
 * OSU-style micro-benchmarks of jmpi, printing {@code <metric> <size_bytes> <value>} lines
 * (latency in µs as half a round trip, bandwidth in MB/s = 10^6 B/s) so they compare line by
 * line with the peers' benchmarks, and the report that turns a comparison run into
 * docs/performance.md. Run by {@code bench/compare.sh}; never by the build.
 */
package io.jmpi.bench;
