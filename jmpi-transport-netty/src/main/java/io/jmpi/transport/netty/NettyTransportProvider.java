package io.jmpi.transport.netty;

import io.jmpi.spi.Transport;
import io.jmpi.spi.TransportContext;
import io.jmpi.spi.TransportProvider;

/**
 * Creates {@link NettyTransport}s, the TCP transport, under the name {@code tcp}.
 *
 * <p>Found with {@link java.util.ServiceLoader}; stateless and safe to use from any thread.
 */
public final class NettyTransportProvider implements TransportProvider {

    /** The name by which users select this transport. */
    public static final String NAME = "tcp";

    /** Creates the provider; called by {@link java.util.ServiceLoader}. */
    public NettyTransportProvider() {
    }

    /**
     * Returns {@code tcp}.
     *
     * @return the transport's name
     */
    @Override
    public String name() {
        return NAME;
    }

    /**
     * Returns {@code true}: TCP connects separate processes and machines.
     *
     * @return true
     */
    @Override
    public boolean interProcess() {
        return true;
    }

    /**
     * Opens a TCP transport for one rank; it listens before this returns. Blocks the calling
     * thread until the listening socket is bound.
     *
     * @param context the rank, the job and where to deliver frames
     * @return the open transport
     * @throws io.jmpi.MpiException {@code ERR_ARG} for a bad {@code jmpi.tcp.*} setting,
     *     {@code ERR_OTHER} when it cannot listen
     */
    @Override
    public Transport open(TransportContext context) {
        return NettyTransport.open(context);
    }
}
