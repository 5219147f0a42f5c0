package io.jmpi.internal.coll;

import io.jmpi.internal.p2p.Operation;

import java.util.ArrayList;
import java.util.List;

/**
 * Broadcast down a binomial tree rooted at the root: a rank receives from its parent (its
 * relative rank without its lowest set bit), then sends to its children, farthest first.
 * ceil(log2 p) rounds; p - 1 messages of the whole value, each rank receiving it once.
 * Chosen for small values and for objects.
 */
public final class BinomialTreeBcast {
    private BinomialTreeBcast() {
    }

    /**
     * Broadcasts.
     *
     * @param c the call
     * @param values how values travel
     * @param mine the value (significant at the root)
     * @param root the root
     * @return the root's value, on every rank
     */
    public static <V> V run(Coll c, Values<V> values, V mine, int root) {
        int p = c.size;
        int rel = (c.rank - root + p) % p;
        V v = mine;
        int mask = 1;
        while (mask < p) {
            if ((rel & mask) != 0) {
                v = values.recv(c, (rel - mask + root) % p);
                break;
            }
            mask <<= 1;
        }
        List<Operation> sends = new ArrayList<>();
        for (mask >>= 1; mask > 0; mask >>= 1) {
            if (rel + mask < p) {
                sends.add(values.isend(c, v, (rel + mask + root) % p));
            }
        }
        for (Operation s : sends) {
            c.await(s);
        }
        return v;
    }
}
