package io.jmpi.internal.coll;

/**
 * Allreduce for large vectors and commutative operations: ring reduce-scatter, then ring
 * allgather of the reduced blocks (Patarasuk and Yuan's bandwidth-optimal allreduce). 2(p - 1)
 * steps; each rank sends and receives 2(p - 1)/p of the vector, whatever p. Each block is reduced
 * by exactly one rank and then copied to the others, so every rank gets bit-identical results.
 */
public final class RingAllreduce {
    private RingAllreduce() {
    }

    /**
     * Runs it.
     *
     * @param c the call
     * @param data this rank's contribution; replaced by the result
     * @param count the number of elements
     * @param elementSize bytes per element
     * @param combiner the reduction
     */
    public static void run(Coll c, byte[] data, int count, int elementSize, Combiner combiner) {
        int[] displ = Blocks.split(count, c.size, elementSize);
        RingReduceScatter.run(c, data, displ, elementSize, combiner, 0);
        RingAllgather.run(c, data, displ, 0);
    }
}
