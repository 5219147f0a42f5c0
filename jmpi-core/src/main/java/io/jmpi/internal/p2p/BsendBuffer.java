package io.jmpi.internal.p2p;

import io.jmpi.ErrorClass;
import io.jmpi.MpiException;

import java.nio.ByteBuffer;

/**
 * The space attached for buffered-mode sends. jmpi copies a buffered message into its own
 * memory, so the attached buffer is a budget: a buffered send reserves its length plus
 * {@link #OVERHEAD} until its data has left, and fails with {@code ERR_BUFFER} when the budget
 * is short, as MPI requires.
 */
public final class BsendBuffer {
    /** Bytes of bookkeeping charged per buffered message. MPI: MPI_BSEND_OVERHEAD. */
    public static final int OVERHEAD = 96;

    private ByteBuffer attached;
    private long capacity;
    private long used;

    /**
     * Attaches a buffer.
     *
     * @param buffer the buffer; its remaining bytes are the budget
     */
    public synchronized void attach(ByteBuffer buffer) {
        if (attached != null) {
            throw new MpiException(ErrorClass.ERR_BUFFER, "a buffer of " + capacity
                    + " bytes is already attached: detach it first");
        }
        attached = buffer;
        capacity = buffer.remaining();
    }

    /**
     * Detaches the buffer, waiting until every buffered message has left.
     *
     * @return the buffer that was attached, or {@code null}
     */
    public synchronized ByteBuffer detach() {
        while (used > 0) {
            try {
                wait(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MpiException(ErrorClass.ERR_OTHER, "interrupted while detaching the buffer");
            }
        }
        ByteBuffer b = attached;
        attached = null;
        capacity = 0;
        return b;
    }

    synchronized long reserve(long length) {
        long need = length + OVERHEAD;
        if (attached == null) {
            throw new MpiException(ErrorClass.ERR_BUFFER, "a buffered send of " + length
                    + " bytes needs an attached buffer: call MPI.attachBuffer(ByteBuffer.allocate(size)) first"
                    + " (size at least the message plus MPI.BSEND_OVERHEAD = " + OVERHEAD + ")");
        }
        if (used + need > capacity) {
            throw new MpiException(ErrorClass.ERR_BUFFER, "a buffered send of " + length + " bytes needs "
                    + need + " bytes of the attached buffer, but only " + (capacity - used) + " of "
                    + capacity + " are free");
        }
        used += need;
        return need;
    }

    synchronized void release(long reserved) {
        used -= reserved;
        notifyAll();
    }
}
