package io.jmpi.spi;

/**
 * Creates transports of one kind; found with {@link java.util.ServiceLoader}.
 *
 * <p>Implementations are listed in {@code META-INF/services/io.jmpi.spi.TransportProvider} and
 * need a public no-argument constructor.
 */
public interface TransportProvider {

    /**
     * Returns the name by which users select this transport ({@code tcp}, {@code local}).
     *
     * @return the transport's name
     */
    String name();

    /**
     * Returns whether this transport connects separate processes (and so is a candidate for a
     * job started by a launcher).
     *
     * @return true for inter-process transports
     */
    boolean interProcess();

    /**
     * Opens a transport for one rank. It listens (if it listens) before this returns, so that
     * its {@link Transport#localAddress()} can be published.
     *
     * @param context the rank, the job and where to deliver frames
     * @return the open transport
     */
    Transport open(TransportContext context);
}
