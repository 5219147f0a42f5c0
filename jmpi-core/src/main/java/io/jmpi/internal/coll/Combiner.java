package io.jmpi.internal.coll;

/**
 * A reduction applied to packed elements (little-endian wire order) of one datatype:
 * {@code inout[i] = in[i] op inout[i]}, where {@code in} holds the data of lower ranks (MPI's
 * convention for user functions, so non-commutative operations see their operands in rank
 * order).
 *
 * <p>Implementations are stateless and thread-safe.
 */
@FunctionalInterface
public interface Combiner {
    /**
     * Combines {@code count} elements.
     *
     * @param in the left operands' bytes
     * @param inOffset the byte offset of the first left operand
     * @param inout the right operands' bytes, replaced by the results
     * @param inoutOffset the byte offset of the first right operand
     * @param count the number of elements
     */
    void apply(byte[] in, int inOffset, byte[] inout, int inoutOffset, int count);
}
