package io.jmpi.internal.progress;

import io.jmpi.spi.Transport;
import java.util.concurrent.locks.LockSupport;

/**
 * How a thread waits for an operation to complete: poll for a short spin budget (a reply on
 * another core comes back within it), then either yield between polls (when ranks outnumber
 * cores, so the peer gets the core at once) or block in short slices (so an idle rank costs no
 * CPU). A slice blocks inside the transport ({@link Transport#awaitProgress(long)}: the kernel
 * wakes the thread when bytes arrive) when the transport is driven by its callers, else it
 * parks (completing an operation unparks its waiter, so parking adds no slice of latency).
 *
 * <p>Immutable and thread-safe; each wait keeps its own state in {@link #begin()}'s result.
 */
public final class IdleStrategy {
    private final int localRanks;
    private final long spinNanos;
    private final long yieldNanos;
    private final long parkNanos;

    /**
     * @param spinNanos how long to poll with {@link Thread#onSpinWait()} before backing off
     * @param yieldNanos how long to poll with {@link Thread#yield()} after spinning
     * @param parkNanos how long each blocking slice lasts once the thread backs off fully
     */
    public IdleStrategy(long spinNanos, long yieldNanos, long parkNanos) {
        this(0, spinNanos, yieldNanos, parkNanos);
    }

    private IdleStrategy(int localRanks, long spinNanos, long yieldNanos, long parkNanos) {
        this.localRanks = localRanks;
        this.spinNanos = spinNanos;
        this.yieldNanos = yieldNanos;
        this.parkNanos = parkNanos;
    }

    /**
     * The strategy for a rank sharing its host with {@code localRanks} ranks whose transport
     * delivers on its own threads: such a rank needs two cores for spinning to pay (a waiter
     * that spins on a shared core only delays the thread that would complete it: measured, 8 B
     * ping-pong of 2 ranks on 2 cores, ~125 us with a 50 us spin, ~85 us without). See
     * {@link #forTransport(Transport)} for transports driven by their callers.
     *
     * @param localRanks ranks on this host (including this one)
     * @return the strategy
     */
    public static IdleStrategy forLocalRanks(int localRanks) {
        return of(localRanks, false);
    }

    /**
     * The strategy for this strategy's host and {@code transport}: when waiting threads drive
     * the transport themselves, a rank needs one core, so it spins whenever ranks do not
     * outnumber cores.
     *
     * @param transport the rank's transport
     * @return the strategy
     */
    public IdleStrategy forTransport(Transport transport) {
        return localRanks == 0 ? this : of(localRanks, transport.progressesInCaller());
    }

    /**
     * The budgets come from the system properties {@code jmpi.spinMicros} (default 50 when
     * there is room to spin, else 0), {@code jmpi.yieldMicros} (1000 when ranks outnumber
     * cores, else 0) and {@code jmpi.parkMicros} (1000).
     */
    private static IdleStrategy of(int localRanks, boolean callerDriven) {
        int cores = Runtime.getRuntime().availableProcessors();
        boolean oversubscribed = localRanks > cores;
        boolean roomToSpin = callerDriven ? !oversubscribed : localRanks == 1 || 2L * localRanks <= cores;
        long spin = micros("jmpi.spinMicros", roomToSpin ? 50 : 0);
        long yield = micros("jmpi.yieldMicros", oversubscribed ? 1000 : 0);
        long park = micros("jmpi.parkMicros", 1000);
        return new IdleStrategy(localRanks, spin, yield, park);
    }

    private static long micros(String property, long defaultMicros) {
        return Long.getLong(property, defaultMicros) * 1000L;
    }

    /**
     * Starts a wait.
     *
     * @return the state of this wait, to call {@link Wait#idle(Transport)} on between polls
     */
    public Wait begin() {
        return new Wait(System.nanoTime());
    }

    /** The state of one wait. Not thread-safe: one waiting thread uses it. */
    public final class Wait {
        private final long start;

        private Wait(long start) {
            this.start = start;
        }

        /**
         * Backs off once, according to how long the wait has lasted.
         *
         * @param transport the transport to block in once backed off fully, or {@code null}
         * @return how long the wait had lasted, in nanoseconds, when this pass began
         */
        public long idle(Transport transport) {
            long waited = System.nanoTime() - start;
            if (waited < spinNanos) {
                Thread.onSpinWait();
            } else if (waited < spinNanos + yieldNanos) {
                Thread.yield();
            } else if (transport == null || !transport.awaitProgress(parkNanos)) {
                LockSupport.parkNanos(this, parkNanos);
            }
            return waited;
        }
    }
}
