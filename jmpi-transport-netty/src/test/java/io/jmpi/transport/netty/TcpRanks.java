package io.jmpi.transport.netty;

import io.jmpi.spi.Transport;
import io.jmpi.spi.TransportContext;
import io.jmpi.spi.TransportProvider;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;

/**
 * N TCP transports of one job in this JVM, found through the {@link TransportProvider}
 * service, with a directory filled from their {@code localAddress()}: a job without a
 * coordinator, for tests.
 */
final class TcpRanks implements AutoCloseable {
    static final String JOB = "job-test";
    static final byte[] SECRET = "s3cret-of-the-test-job".getBytes(StandardCharsets.UTF_8);

    final Map<Integer, String> directory = new ConcurrentHashMap<>();
    final Transport[] transports;
    final CollectingListener[] listeners;

    TcpRanks(int size) {
        this(size, Map.of());
    }

    TcpRanks(int size, Map<String, String> config) {
        TransportProvider provider = provider();
        transports = new Transport[size];
        listeners = new CollectingListener[size];
        Map<String, String> cfg = new HashMap<>(config);
        try {
            for (int r = 0; r < size; r++) {
                listeners[r] = new CollectingListener();
                transports[r] = provider.open(new TransportContext(r, size, JOB, SECRET, listeners[r],
                        this::lookup, Map.copyOf(cfg)));
                directory.put(r, transports[r].localAddress());
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    static TransportProvider provider() {
        for (TransportProvider p : ServiceLoader.load(TransportProvider.class)) {
            if (p.name().equals("tcp")) {
                return p;
            }
        }
        throw new AssertionError("no TransportProvider named tcp on the class path");
    }

    private String lookup(int peer) {
        String address = directory.get(peer);
        if (address == null) {
            throw new AssertionError("rank " + peer + " has not published an address");
        }
        return address;
    }

    Transport get(int rank) {
        return transports[rank];
    }

    NettyTransport netty(int rank) {
        return (NettyTransport) transports[rank];
    }

    CollectingListener listener(int rank) {
        return listeners[rank];
    }

    /** host and port at which {@code rank} listens. */
    String host(int rank) {
        String a = directory.get(rank);
        return a.substring(0, a.lastIndexOf(':'));
    }

    int port(int rank) {
        String a = directory.get(rank);
        return Integer.parseInt(a.substring(a.lastIndexOf(':') + 1));
    }

    @Override
    public void close() {
        for (Transport t : transports) {
            if (t != null) {
                t.close();
            }
        }
    }
}
