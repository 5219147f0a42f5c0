package io.jmpi.transport.netty;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Keeps a few large direct buffers of one connection for reuse. Netty's allocators do not
 * recycle buffers of a megabyte well: each rendezvous chunk would get fresh, zeroed memory
 * (measured: most of a 4 MiB ping-pong's time). A buffer handed out here carries an extra
 * reference held by the recycler; once everyone else has released it (its reference count is
 * back to one), the next request of that size reuses it.
 *
 * <p>Thread-safe. {@link #close()} drops the recycler's references.
 */
final class BufferRecycler {
    /** Frames below this size come from the pooled allocator, which caches them well. */
    static final int MIN_RECYCLED = 64 * 1024;
    /** Larger buffers are not kept (a rare huge frame must not pin its memory). */
    private static final int MAX_RECYCLED = 4 * 1024 * 1024 + 1024;

    private final ByteBuf[] spares;
    private boolean closed;

    /**
     * @param slots how many buffers to keep
     */
    BufferRecycler(int slots) {
        this.spares = new ByteBuf[slots];
    }

    /**
     * Returns an empty direct buffer of at least {@code capacity} bytes, owned by the caller
     * (who releases it once, as any buffer).
     *
     * @param alloc the allocator for buffers that are not recycled
     * @param capacity the bytes needed
     * @return the buffer
     */
    ByteBuf take(ByteBufAllocator alloc, int capacity) {
        if (capacity < MIN_RECYCLED || capacity > MAX_RECYCLED) {
            return alloc.directBuffer(capacity);
        }
        synchronized (this) {
            int free = -1;
            for (int i = 0; i < spares.length; i++) {
                ByteBuf b = spares[i];
                if (b == null) {
                    free = free < 0 ? i : free;
                } else if (b.refCnt() == 1) {
                    if (b.capacity() >= capacity) {
                        return b.clear().retain();
                    }
                    free = free < 0 ? i : free;
                }
            }
            ByteBuf fresh = alloc.directBuffer(capacity);
            if (free >= 0 && !closed) {
                if (spares[free] != null) {
                    spares[free].release();
                }
                spares[free] = fresh.retain();
            }
            return fresh;
        }
    }

    /**
     * Tells whether {@code buf} is one of the kept buffers (which then has a reference of the
     * recycler's beside its users').
     *
     * @param buf a buffer
     * @return whether this recycler keeps it
     */
    synchronized boolean holds(ByteBuf buf) {
        for (ByteBuf b : spares) {
            if (b == buf) {
                return true;
            }
        }
        return false;
    }

    /** Releases the kept buffers (those still in use are freed by their last user). */
    synchronized void close() {
        closed = true;
        for (int i = 0; i < spares.length; i++) {
            if (spares[i] != null) {
                spares[i].release();
                spares[i] = null;
            }
        }
    }
}
