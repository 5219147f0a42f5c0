package io.jmpi.internal.coll;

/**
 * Broadcast of large buffers (van de Geijn): the root scatters the value in p blocks down a
 * binomial tree, then a ring allgather completes it everywhere. log2 p + p - 1 steps, but each
 * rank sends and receives only about 2(p - 1)/p of the value instead of log2 p times all of it
 * (binomial) on the busiest path. Chosen above {@code jmpi.coll.bcast.largeBytes} when p > 2.
 */
public final class ScatterAllgatherBcast {
    private ScatterAllgatherBcast() {
    }

    /**
     * Broadcasts.
     *
     * @param c the call
     * @param data the value (at the root) or room for it (elsewhere)
     * @param count the number of elements
     * @param elementSize bytes per element
     * @param root the root
     */
    public static void run(Coll c, byte[] data, int count, int elementSize, int root) {
        int[] displ = Blocks.split(count, c.size, elementSize);
        BinomialScatter.run(c, data, 0, displ, root);
        RingAllgather.run(c, data, displ, root);
    }
}
