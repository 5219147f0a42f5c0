package io.jmpi.internal.coll;

/** Block layouts: byte offsets of per-rank blocks in a packed buffer. */
public final class Blocks {
    private Blocks() {
    }

    /**
     * Splits {@code count} elements into {@code p} blocks as equal as can be, the first ones one
     * element longer.
     *
     * @return the byte offset of each block, the total at index p
     */
    public static int[] split(int count, int p, int elementSize) {
        int[] displ = new int[p + 1];
        for (int i = 0; i < p; i++) {
            int n = count / p + (i < count % p ? 1 : 0);
            displ[i + 1] = displ[i] + n * elementSize;
        }
        return displ;
    }

    /**
     * Lays out blocks of the given element counts one after another.
     *
     * @return the byte offset of each block, the total at index p
     */
    public static int[] packed(int[] counts, int elementSize) {
        int[] displ = new int[counts.length + 1];
        for (int i = 0; i < counts.length; i++) {
            displ[i + 1] = Math.addExact(displ[i], Math.multiplyExact(counts[i], elementSize));
        }
        return displ;
    }

    /**
     * Equal blocks of {@code blockBytes}, one per rank.
     *
     * @return the byte offset of each block, the total at index p
     */
    public static int[] equal(int p, int blockBytes) {
        int[] displ = new int[p + 1];
        for (int i = 0; i < p; i++) {
            displ[i + 1] = Math.addExact(displ[i], blockBytes);
        }
        return displ;
    }

    /** The same layout seen from relative ranks: block r is rank (r + origin) mod p's. */
    public static int[] rotate(int[] counts, int origin) {
        int p = counts.length;
        int[] rel = new int[p];
        for (int r = 0; r < p; r++) {
            rel[r] = counts[(r + origin) % p];
        }
        return rel;
    }
}
