package io.jmpi.transport.netty;

import io.jmpi.spi.Transport;
import io.jmpi.spi.TransportContext;
import io.jmpi.spi.TransportProvider;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The TCP transport under the name {@value #NAME}, for tests that run ranks as threads
 * ({@code LocalWorld.of(n).transport(ObservedTcpProvider.NAME)}) and need to reach a rank's
 * listening socket from outside: every transport it opens is announced in {@link #OPENED}
 * with its context. Its handshake time limit is {@value #HANDSHAKE_TIMEOUT_MILLIS} ms. It says it
 * is not inter-process, so that it is never chosen in place of {@code tcp}.
 */
public final class ObservedTcpProvider implements TransportProvider {
    static final String NAME = "tcp-observed";
    static final long HANDSHAKE_TIMEOUT_MILLIS = 1000;

    /** A transport opened by this provider, and what it was told. */
    record Opened(NettyTransport transport, TransportContext context) {
    }

    /** Every transport opened, in order; tests take from it. */
    static final BlockingQueue<Opened> OPENED = new LinkedBlockingQueue<>();

    /** Called by {@link java.util.ServiceLoader}. */
    public ObservedTcpProvider() {
    }

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
        Map<String, String> config = new HashMap<>(context.config());
        config.put(TcpConfig.HANDSHAKE_TIMEOUT, String.valueOf(HANDSHAKE_TIMEOUT_MILLIS));
        TransportContext observed = new TransportContext(context.rank(), context.size(), context.jobId(),
                context.secret(), context.listener(), context.directory(), Map.copyOf(config));
        NettyTransport t = NettyTransport.open(observed);
        OPENED.add(new Opened(t, observed));
        return t;
    }
}
