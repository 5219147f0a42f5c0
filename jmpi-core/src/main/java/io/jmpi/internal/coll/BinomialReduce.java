package io.jmpi.internal.coll;

/**
 * Reduce up a binomial tree: each rank combines its children's partial results into its own,
 * then sends it to its parent. ceil(log2 p) rounds, p - 1 messages of the whole value.
 *
 * <p>A subtree holds consecutive relative ranks and a rank combines its own (lower) partial
 * result on the left of a child's, so with root 0 the operands are combined in rank order. For
 * a non-commutative operation and another root, the tree is rooted at 0 and rank 0 sends the
 * result on to the root (one more message).
 */
public final class BinomialReduce {
    private BinomialReduce() {
    }

    /**
     * Reduces.
     *
     * @param c the call
     * @param values how values travel and combine
     * @param mine this rank's value; may be overwritten (buffers)
     * @param root the root
     * @param commutative whether the operation is commutative
     * @return the result at the root, {@code null} elsewhere
     */
    public static <V> V run(Coll c, Values<V> values, V mine, int root, boolean commutative) {
        int p = c.size;
        int treeRoot = commutative ? root : 0;
        int rel = (c.rank - treeRoot + p) % p;
        V acc = mine;
        for (int mask = 1; mask < p; mask <<= 1) {
            if ((rel & mask) != 0) {
                c.await(values.isend(c, acc, (rel - mask + treeRoot) % p));
                acc = null;
                break;
            }
            if (rel + mask < p) {
                acc = values.combine(acc, values.recv(c, (rel + mask + treeRoot) % p));
            }
        }
        if (treeRoot != root) {
            if (c.rank == treeRoot) {
                c.await(values.isend(c, acc, root));
                return null;
            }
            if (c.rank == root) {
                return values.recv(c, treeRoot);
            }
        }
        return acc;
    }
}
