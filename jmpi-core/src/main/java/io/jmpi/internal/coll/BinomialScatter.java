package io.jmpi.internal.coll;

import io.jmpi.internal.p2p.Operation;

import java.util.ArrayList;
import java.util.List;

/**
 * Scatter down a binomial tree: the root sends each child the blocks of the child's whole
 * subtree in one message, and so on down. ceil(log2 p) rounds, p - 1 messages; the root sends
 * (p - 1)/p of the data, and a block travels at most log2 p hops. Blocks are in relative-rank
 * order (relative rank = (rank - root) mod p) and may differ in size.
 */
public final class BinomialScatter {
    private BinomialScatter() {
    }

    /**
     * The number of relative ranks in the subtree of {@code rel}: itself and its descendants.
     */
    static int subtree(int rel, int p) {
        return rel == 0 ? p : Math.min(Integer.lowestOneBit(rel), p - rel);
    }

    /**
     * Scatters bytes.
     *
     * @param c the call
     * @param buf holds (at the root) or receives this rank's subtree's blocks; its byte 0 is
     *     byte {@code base} of the whole
     * @param base the whole's byte offset of {@code buf[0]}: {@code displ[rel]}, or 0 when every
     *     rank passes a buffer as long as the whole
     * @param displ the byte offset of each relative rank's block in the whole, and the total at
     *     index p
     * @param root the root
     */
    public static void run(Coll c, byte[] buf, int base, int[] displ, int root) {
        int p = c.size;
        int rel = (c.rank - root + p) % p;
        int mask = 1;
        while (mask < p) {
            if ((rel & mask) != 0) {
                int end = Math.min(rel + mask, p);
                c.recv(buf, displ[rel] - base, displ[end] - displ[rel], (rel - mask + root) % p);
                break;
            }
            mask <<= 1;
        }
        List<Operation> sends = new ArrayList<>();
        for (mask >>= 1; mask > 0; mask >>= 1) {
            int child = rel + mask;
            if (child < p) {
                int end = Math.min(child + mask, p);
                sends.add(c.isend(buf, displ[child] - base, displ[end] - displ[child], (child + root) % p));
            }
        }
        for (Operation s : sends) {
            c.await(s);
        }
    }

    /**
     * Scatters objects.
     *
     * @param c the call
     * @param all one object per rank, in rank order (significant at the root)
     * @param root the root
     * @return this rank's object
     */
    public static Object objects(Coll c, List<?> all, int root) {
        int p = c.size;
        int rel = (c.rank - root + p) % p;
        List<Object> mine; // the objects of this subtree, in relative order
        int mask = 1;
        if (rel == 0) {
            mine = new ArrayList<>(p);
            for (int i = 0; i < p; i++) {
                mine.add(all.get((i + root) % p));
            }
            while (mask < p) {
                mask <<= 1;
            }
        } else {
            while ((rel & mask) == 0) {
                mask <<= 1;
            }
            @SuppressWarnings("unchecked")
            List<Object> got = (List<Object>) c.recvObject((rel - mask + root) % p);
            mine = got;
        }
        List<Operation> sends = new ArrayList<>();
        for (mask >>= 1; mask > 0; mask >>= 1) {
            int child = rel + mask;
            if (child < p) {
                int end = Math.min(child + mask, p);
                ArrayList<Object> part = new ArrayList<>(mine.subList(child - rel, end - rel));
                sends.add(c.isend(c.payload(part), (child + root) % p));
            }
        }
        for (Operation s : sends) {
            c.await(s);
        }
        return mine.get(0);
    }
}
