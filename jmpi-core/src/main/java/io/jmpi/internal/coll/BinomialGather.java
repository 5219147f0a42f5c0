package io.jmpi.internal.coll;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Gather up a binomial tree: each rank collects its subtree's blocks from its children, then
 * sends them to its parent in one message. ceil(log2 p) rounds, p - 1 messages; the root
 * receives (p - 1)/p of the data. Blocks are in relative-rank order and may differ in size.
 */
public final class BinomialGather {
    private BinomialGather() {
    }

    /**
     * Gathers bytes.
     *
     * @param c the call
     * @param buf holds this rank's block at {@code displ[rel] - base} and receives its
     *     subtree's blocks after it
     * @param base the whole's byte offset of {@code buf[0]}
     * @param displ the byte offset of each relative rank's block, and the total at index p
     * @param root the root
     */
    public static void run(Coll c, byte[] buf, int base, int[] displ, int root) {
        int p = c.size;
        int rel = (c.rank - root + p) % p;
        for (int mask = 1; mask < p; mask <<= 1) {
            if ((rel & mask) != 0) {
                int end = Math.min(rel + mask, p);
                c.send(buf, displ[rel] - base, displ[end] - displ[rel], (rel - mask + root) % p);
                return;
            }
            int child = rel + mask;
            if (child < p) {
                int end = Math.min(child + mask, p);
                c.recv(buf, displ[child] - base, displ[end] - displ[child], (child + root) % p);
            }
        }
    }

    /**
     * Gathers objects.
     *
     * @param c the call
     * @param mine this rank's object
     * @param root the root
     * @return the objects in rank order at the root, {@code null} elsewhere
     */
    public static List<Object> objects(Coll c, Object mine, int root) {
        int p = c.size;
        int rel = (c.rank - root + p) % p;
        ArrayList<Object> subtree = new ArrayList<>();
        subtree.add(mine);
        for (int mask = 1; mask < p; mask <<= 1) {
            if ((rel & mask) != 0) {
                c.await(c.isend(c.payload(subtree), (rel - mask + root) % p));
                return null;
            }
            if (rel + mask < p) {
                subtree.addAll((List<?>) c.recvObject((rel + mask + root) % p));
            }
        }
        Object[] byRank = new Object[p];
        for (int i = 0; i < p; i++) {
            byRank[(i + root) % p] = subtree.get(i);
        }
        return new ArrayList<>(Arrays.asList(byRank));
    }
}
