package io.jmpi.internal.coll;

/**
 * Allreduce by recursive doubling: in round k each rank exchanges its partial result with the
 * rank whose (renumbered) rank differs in bit k and combines the two. When p is not a power of
 * two, the first 2r ranks (r = p - 2^floor(log2 p)) first fold pairwise (even into odd) and get
 * the result back at the end. floor(log2 p) + 2 rounds, each with the whole value: the choice
 * for small values.
 *
 * <p>Both partners of a round combine the same two operands in the same order (the lower
 * ranks' on the left), so every rank computes bit-identical results, and non-commutative
 * operations are applied in rank order.
 */
public final class RecursiveDoublingAllreduce {
    private RecursiveDoublingAllreduce() {
    }

    /**
     * Runs it.
     *
     * @param c the call
     * @param values how values travel and combine
     * @param mine this rank's value; may be overwritten (buffers)
     * @return the result
     */
    public static <V> V run(Coll c, Values<V> values, V mine) {
        int p = c.size;
        int me = c.rank;
        int pof2 = Integer.highestOneBit(p);
        int r = p - pof2;
        V acc = mine;
        int newRank;
        if (me < 2 * r) {
            if (me % 2 == 0) {
                c.await(values.isend(c, acc, me + 1));
                newRank = -1;
            } else {
                acc = values.combine(values.recv(c, me - 1), acc);
                newRank = me / 2;
            }
        } else {
            newRank = me - r;
        }
        if (newRank >= 0) {
            for (int mask = 1; mask < pof2; mask <<= 1) {
                int newPartner = newRank ^ mask;
                int partner = newPartner < r ? newPartner * 2 + 1 : newPartner + r;
                V theirs = values.sendrecv(c, acc, partner, partner);
                acc = partner < me ? values.combine(theirs, acc) : values.combine(acc, theirs);
            }
        }
        if (me < 2 * r) {
            if (me % 2 == 1) {
                c.await(values.isend(c, acc, me - 1));
            } else {
                acc = values.recv(c, me + 1);
            }
        }
        return acc;
    }
}
