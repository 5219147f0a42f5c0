package io.jmpi.internal.progress;

import java.util.concurrent.locks.LockSupport;

/**
 * How a thread waits for an operation to complete: poll for a short spin budget (a reply on
 * another core comes back within it), then either yield between polls (when ranks outnumber
 * cores, so the peer gets the core at once) or park in short slices (so an idle rank costs no
 * CPU). Completing an operation unparks its waiter, so parking does not add a slice of latency.
 *
 * <p>Immutable and thread-safe; each wait keeps its own state in {@link #begin()}'s result.
 */
public final class IdleStrategy {
    private final long spinNanos;
    private final long yieldNanos;
    private final long parkNanos;

    /**
     * @param spinNanos how long to poll with {@link Thread#onSpinWait()} before backing off
     * @param yieldNanos how long to poll with {@link Thread#yield()} after spinning
     * @param parkNanos how long each park lasts once the thread backs off fully
     */
    public IdleStrategy(long spinNanos, long yieldNanos, long parkNanos) {
        this.spinNanos = spinNanos;
        this.yieldNanos = yieldNanos;
        this.parkNanos = parkNanos;
    }

    /**
     * The strategy for a rank sharing its host with {@code localRanks} ranks: spin briefly when
     * every rank has two cores (one for its transport's thread), park at once when not, and
     * yield between polls when ranks outnumber cores. The budgets come from the system
     * properties {@code jmpi.spinMicros}, {@code jmpi.yieldMicros} and {@code jmpi.parkMicros}.
     *
     * @param localRanks ranks on this host (including this one)
     * @return the strategy
     */
    public static IdleStrategy forLocalRanks(int localRanks) {
        int cores = Runtime.getRuntime().availableProcessors();
        boolean oversubscribed = localRanks > cores;
        // Today's transports deliver on their own threads (an event loop per rank), so a rank
        // needs two cores for spinning to pay: a waiter that spins on a shared core only delays
        // the thread that would complete it (measured: 8 B ping-pong, 2 ranks on 2 cores,
        // ~125 us with a 50 us spin, ~85 us without).
        boolean roomToSpin = localRanks == 1 || 2L * localRanks <= cores;
        long spin = micros("jmpi.spinMicros", roomToSpin ? 50 : 0);
        long yield = micros("jmpi.yieldMicros", oversubscribed ? 1000 : 0);
        long park = micros("jmpi.parkMicros", 1000);
        return new IdleStrategy(spin, yield, park);
    }

    private static long micros(String property, long defaultMicros) {
        return Long.getLong(property, defaultMicros) * 1000L;
    }

    /**
     * Starts a wait.
     *
     * @return the state of this wait, to call {@link Wait#idle()} on between polls
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
         * @return how long the wait had lasted, in nanoseconds, when this pass began
         */
        public long idle() {
            long waited = System.nanoTime() - start;
            if (waited < spinNanos) {
                Thread.onSpinWait();
            } else if (waited < spinNanos + yieldNanos) {
                Thread.yield();
            } else {
                LockSupport.parkNanos(this, parkNanos);
            }
            return waited;
        }
    }
}
