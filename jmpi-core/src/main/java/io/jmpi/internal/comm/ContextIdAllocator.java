package io.jmpi.internal.comm;

import io.jmpi.ErrorClass;
import io.jmpi.MpiException;

/**
 * One rank's context ids: which are in use on this rank. Ids come in pairs: pair {@code i} is
 * the point-to-point context {@code 2i} and the collective context {@code 2i + 1}. Pairs 0 and 1
 * are {@code COMM_WORLD} and {@code COMM_SELF}, pair 2 carries the agreement of
 * {@code createGroup} (which is collective over a group, not over a communicator); new
 * communicators take pairs from {@link #FIRST_FREE_PAIR} up to {@link #PAIRS} - 1.
 *
 * <p>A new communicator's pair is agreed by its members (see {@link CommFactory}): each
 * contributes {@link #usedMask()}, the masks are or-ed by an allreduce, and every member takes
 * the lowest pair clear in the result, so the pair is free on all of them. A freed
 * communicator's pair returns here at once, so creating and freeing communicators in a loop
 * reuses the same few ids and memory stays bounded.
 *
 * <p>Thread-safe: communicators may be created and freed concurrently by several threads of a
 * rank; {@link #tryReserve} fails (and the agreement is retried) when another thread took the
 * agreed pair in between.
 */
public final class ContextIdAllocator {
    /** The number of context id pairs: at most this many communicators exist at once per rank. */
    public static final int PAIRS = 4096;
    /** The pair of the createGroup agreement traffic. */
    public static final int CREATE_GROUP_PAIR = 2;
    /** The first pair a new communicator may take. */
    public static final int FIRST_FREE_PAIR = 3;
    /** Words of a mask. */
    public static final int WORDS = PAIRS / 64;

    private final long[] used = new long[WORDS];
    private int inUse;

    /** A fresh allocator: the predefined pairs are in use. */
    public ContextIdAllocator() {
        for (int p = 0; p < FIRST_FREE_PAIR; p++) {
            used[p >>> 6] |= 1L << p;
        }
    }

    /** @return a copy of the mask of pairs in use on this rank (bit i of word i/64: pair i) */
    public synchronized long[] usedMask() {
        return used.clone();
    }

    /**
     * Takes {@code pairs} if they are all free on this rank.
     *
     * @param pairs the pairs
     * @return whether they were taken (all of them, or none)
     */
    public synchronized boolean tryReserve(int... pairs) {
        for (int p : pairs) {
            if ((used[p >>> 6] & (1L << p)) != 0) {
                return false;
            }
        }
        for (int p : pairs) {
            used[p >>> 6] |= 1L << p;
            inUse++;
        }
        return true;
    }

    /**
     * Returns a pair to the pool.
     *
     * @param pair the pair, taken before with {@link #tryReserve}
     */
    public synchronized void release(int pair) {
        if (pair < FIRST_FREE_PAIR || (used[pair >>> 6] & (1L << pair)) == 0) {
            throw new MpiException(ErrorClass.ERR_INTERN, "context pair " + pair + " is not in use");
        }
        used[pair >>> 6] &= ~(1L << pair);
        inUse--;
    }

    /** @return the number of pairs taken by communicators created (and not freed) on this rank */
    public synchronized int inUse() {
        return inUse;
    }

    /**
     * Finds the {@code n} lowest pairs clear in an agreed mask.
     *
     * @param mask the or of the members' masks
     * @param n how many pairs
     * @return the pairs
     * @throws MpiException {@code ERR_OTHER} when fewer than {@code n} are free
     */
    public static int[] lowestFree(long[] mask, int n) {
        int[] pairs = new int[n];
        int found = 0;
        for (int p = FIRST_FREE_PAIR; p < PAIRS && found < n; p++) {
            if ((mask[p >>> 6] & (1L << p)) == 0) {
                pairs[found++] = p;
            }
        }
        if (found < n) {
            throw new MpiException(ErrorClass.ERR_OTHER, "out of context ids: " + (PAIRS - FIRST_FREE_PAIR)
                    + " communicators exist at once among these ranks; free communicators no longer used");
        }
        return pairs;
    }

    /** @return the point-to-point context id of a pair */
    public static int p2p(int pair) {
        return 2 * pair;
    }

    /** @return the collective context id of a pair */
    public static int coll(int pair) {
        return 2 * pair + 1;
    }
}
