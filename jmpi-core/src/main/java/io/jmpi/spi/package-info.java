/**
 * The transport SPI: how the engine hands bytes to a transport and learns what arrived.
 *
 * <p>A transport moves <em>frames</em> (opaque byte sequences whose boundaries it preserves)
 * between the ranks of one job, and reports peers it has lost. It knows nothing of tags,
 * communicators, matching or serialization; all of that is the engine's. Implementations are
 * found with {@link java.util.ServiceLoader} through {@link io.jmpi.spi.TransportProvider}.
 */
package io.jmpi.spi;
