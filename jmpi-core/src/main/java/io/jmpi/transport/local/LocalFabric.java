package io.jmpi.transport.local;

import io.jmpi.ErrorClass;
import io.jmpi.MpiException;
import io.jmpi.spi.FrameListener;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The ranks of one in-process world, by rank. Every rank registers its listener before any
 * rank sends; a send to a rank that has closed fails with {@code ERR_PROC_FAILED}.
 */
public final class LocalFabric {
    private final AtomicReferenceArray<FrameListener> listeners;

    /**
     * @param size the number of ranks
     */
    public LocalFabric(int size) {
        this.listeners = new AtomicReferenceArray<>(size);
    }

    /** @return the number of ranks */
    public int size() {
        return listeners.length();
    }

    /**
     * Opens the transport of {@code rank}.
     *
     * @param rank the rank
     * @param listener where its inbound frames go
     * @return its transport
     */
    public LocalTransport open(int rank, FrameListener listener) {
        if (!listeners.compareAndSet(rank, null, listener)) {
            throw new MpiException(ErrorClass.ERR_INTERN, "rank " + rank + " of the in-process world is already open");
        }
        return new LocalTransport(this, rank);
    }

    FrameListener listener(int peer) {
        FrameListener l = listeners.get(peer);
        if (l == null) {
            throw new MpiException(ErrorClass.ERR_PROC_FAILED, "rank " + peer + " of the in-process world is not running");
        }
        return l;
    }

    void close(int rank) {
        listeners.set(rank, null);
    }
}
