package io.jmpi.internal.coll;

/**
 * Inclusive and exclusive scan by recursive doubling (MPICH's algorithm): in round k each rank
 * exchanges the reduction of its 2^k-aligned group with the partner whose rank differs in
 * bit k; the lower partner's data is combined on the left, so non-commutative operations are
 * applied in rank order. ceil(log2 p) rounds, each with the whole value, for any p.
 */
public final class RecursiveDoublingScan {
    private RecursiveDoublingScan() {
    }

    /**
     * Runs it.
     *
     * @param c the call
     * @param values how values travel and combine
     * @param mine this rank's value
     * @param copy a copy of {@code mine} (buffers: a second array; objects: the same object)
     * @param exclusive exscan: the result leaves out this rank's own value
     * @return the combination of ranks 0..rank (inclusive) or 0..rank-1 (exclusive;
     *     {@code null} at rank 0)
     */
    public static <V> V run(Coll c, Values<V> values, V mine, V copy, boolean exclusive) {
        int p = c.size;
        int me = c.rank;
        V partial = mine;
        V result = exclusive ? null : copy;
        for (int mask = 1; mask < p; mask <<= 1) {
            int partner = me ^ mask;
            if (partner >= p) {
                continue;
            }
            V theirs = values.sendrecv(c, partial, partner, partner);
            if (partner < me) {
                partial = values.combine(theirs, partial);
                result = result == null ? theirs : values.combine(theirs, result);
            } else {
                partial = values.combine(partial, theirs);
            }
        }
        return result;
    }
}
