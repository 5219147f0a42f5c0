package io.jmpi.transport.local;

import io.jmpi.ErrorClass;
import io.jmpi.MpiException;
import io.jmpi.spi.Transport;
import io.jmpi.spi.TransportContext;
import io.jmpi.spi.TransportProvider;

/**
 * Provides the in-process transport ({@code local}) for worlds of one rank. Worlds of several
 * threads are built by {@link io.jmpi.LocalWorld}, which shares one {@link LocalFabric}.
 */
public final class LocalTransportProvider implements TransportProvider {
    /** The name of this transport. */
    public static final String NAME = "local";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean interProcess() {
        return false;
    }

    @Override
    public Transport open(TransportContext context) {
        if (context.size() != 1) {
            throw new MpiException(ErrorClass.ERR_OTHER, "the local transport connects the threads of one JVM;"
                    + " a job of " + context.size() + " processes needs an inter-process transport such as tcp"
                    + " (add jmpi-transport-netty to the class path)");
        }
        return new LocalFabric(1).open(0, context.listener());
    }
}
