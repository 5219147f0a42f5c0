/**
 * The TCP transport, on Netty 4.2, selected by the name {@code tcp}. No Netty type leaves
 * this package: the public types are {@link io.jmpi.transport.netty.NettyTransportProvider}
 * and {@link io.jmpi.transport.netty.NettyTransport}, seen through the {@link io.jmpi.spi} SPI.
 *
 * <h2>Wire</h2>
 * Every frame is a little-endian {@code int} length followed by that many bytes. The first
 * frame on a connection is the connecting rank's {@link io.jmpi.spi.Handshake}; the accepting
 * rank answers with a one-byte frame ({@code 1} accepted, {@code 2} duplicate) or closes the
 * connection. Before the handshake is accepted a frame may not declare more than
 * {@link io.jmpi.spi.Handshake#MAX_LENGTH} bytes; afterwards up to {@code jmpi.tcp.maxFrameBytes}.
 *
 * <h2>Connections</h2>
 * One connection per pair of ranks, opened by the first send in either direction (a ring of
 * p ranks opens p connections, an all-pairs exchange p(p-1)/2); when both
 * ranks open one at the same time, the lower rank's connection is kept. Connections carry
 * the job's secret; a connection that does not present it is closed and logged at WARN.
 *
 * <h2>Configuration</h2>
 * <table>
 * <caption>Settings (system properties {@code -D...} or the launcher's {@code JMPI_*})</caption>
 * <tr><th>key</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code jmpi.tcp.io}</td><td>{@code auto}</td><td>{@code epoll} (Linux native),
 *     {@code nio}, or {@code auto}: epoll when it loads, else NIO</td></tr>
 * <tr><td>{@code jmpi.tcp.interface}</td><td>the address that reaches the coordinator</td><td>the
 *     address to listen on and to publish (an interface's own address, not a wildcard); also
 *     {@code JMPI_TCP_INTERFACE}. Unless the user sets it, core chooses it at start-up: the
 *     local address of the rank's connection to the job's coordinator (on a loopback route in
 *     a job that spans hosts, the host's first non-loopback address). Without a value this
 *     transport listens on {@code 127.0.0.1}</td></tr>
 * <tr><td>{@code jmpi.tcp.ioThreads}</td><td>1</td><td>event-loop threads (daemon threads named
 *     {@code jmpi-tcp-*})</td></tr>
 * <tr><td>{@code jmpi.tcp.maxFrameBytes}</td><td>2 GiB - 5</td><td>the largest frame sent or
 *     accepted</td></tr>
 * <tr><td>{@code jmpi.tcp.connectTimeoutMs}</td><td>30000</td><td>how long a first send waits
 *     for its connection to be accepted</td></tr>
 * <tr><td>{@code jmpi.tcp.handshakeTimeoutMs}</td><td>10000</td><td>how long an accepted
 *     connection may stay silent before its handshake</td></tr>
 * <tr><td>{@code jmpi.tcp.sendTimeoutMs}</td><td>60000</td><td>how long a send waits for a
 *     congested connection to drain</td></tr>
 * </table>
 */
package io.jmpi.transport.netty;
