package io.jmpi.internal.comm;

import io.jmpi.ErrorClass;
import io.jmpi.MPI;
import io.jmpi.MpiException;

import java.util.Arrays;

/**
 * A Cartesian grid: ranks laid out in row-major order (the last dimension varies fastest), as
 * MPI lays them out. Immutable.
 */
public final class CartTopology implements NeighborTopology {
    private final int[] dims;
    private final boolean[] periods;

    /**
     * @param dims the extent of each dimension (all &gt; 0)
     * @param periods whether each dimension wraps around
     */
    public CartTopology(int[] dims, boolean[] periods) {
        this.dims = dims.clone();
        this.periods = periods.clone();
    }

    public int ndims() {
        return dims.length;
    }

    public int[] dims() {
        return dims.clone();
    }

    public boolean[] periods() {
        return periods.clone();
    }

    /** @return the number of grid points */
    public int size() {
        int n = 1;
        for (int d : dims) {
            n *= d;
        }
        return n;
    }

    /** @return the coordinates of {@code rank} */
    public int[] coords(int rank) {
        int[] c = new int[dims.length];
        for (int i = dims.length - 1; i >= 0; i--) {
            c[i] = rank % dims[i];
            rank /= dims[i];
        }
        return c;
    }

    /**
     * @return the rank at {@code coords}, wrapping periodic dimensions; {@link MPI#PROC_NULL}
     *     when a non-periodic coordinate is out of range and {@code lenient}
     * @throws MpiException {@code ERR_ARG} when not lenient and a non-periodic coordinate is
     *     out of range
     */
    public int rank(int[] coords, boolean lenient) {
        if (coords == null || coords.length != dims.length) {
            throw new MpiException(ErrorClass.ERR_ARG, "coords " + (coords == null ? "null" : Arrays.toString(coords))
                    + " must have " + dims.length + " entries (one per dimension)");
        }
        int r = 0;
        for (int i = 0; i < dims.length; i++) {
            int c = coords[i];
            if (c < 0 || c >= dims[i]) {
                if (periods[i]) {
                    c = Math.floorMod(c, dims[i]);
                } else if (lenient) {
                    return MPI.PROC_NULL;
                } else {
                    throw new MpiException(ErrorClass.ERR_ARG, "coords " + Arrays.toString(coords) + ": coordinate "
                            + coords[i] + " of dimension " + i + " is outside 0.." + (dims[i] - 1)
                            + " and the dimension is not periodic");
                }
            }
            r = r * dims[i] + c;
        }
        return r;
    }

    /** @return {source, dest} of a shift of {@code rank} by {@code disp} along {@code direction} */
    public int[] shift(int rank, int direction, int disp) {
        if (direction < 0 || direction >= dims.length) {
            throw new MpiException(ErrorClass.ERR_ARG, "direction " + direction + " is not a dimension: use 0.."
                    + (dims.length - 1));
        }
        int[] c = coords(rank);
        int[] s = c.clone();
        s[direction] -= disp;
        int[] d = c.clone();
        d[direction] += disp;
        return new int[] {rank(s, true), rank(d, true)};
    }

    /** @return the 2 x ndims neighbours of {@code rank}: for each dimension, -1 then +1 */
    public int[] neighbors(int rank) {
        int[] n = new int[2 * dims.length];
        for (int d = 0; d < dims.length; d++) {
            int[] sd = shift(rank, d, 1);
            n[2 * d] = sd[0];
            n[2 * d + 1] = sd[1];
        }
        return n;
    }

    @Override
    public int[] sources(int rank) {
        return neighbors(rank);
    }

    @Override
    public int[] destinations(int rank) {
        return neighbors(rank);
    }

    /**
     * For each dimension the +1 neighbour before the -1 neighbour: when both are the same rank
     * (extent 1 or 2, periodic), its first receive from this rank is for its -1 side, which is
     * this rank's +1 side.
     */
    @Override
    public int[] sendOrder(int rank) {
        int[] o = new int[2 * dims.length];
        for (int d = 0; d < dims.length; d++) {
            o[2 * d] = 2 * d + 1;
            o[2 * d + 1] = 2 * d;
        }
        return o;
    }

    /**
     * Balanced dimensions for {@code nnodes} processes (MPI_Dims_create): fills the zero
     * entries of {@code dims} so that the product is {@code nnodes}, the filled entries as close
     * to each other as possible, in non-increasing order.
     *
     * @param nnodes the number of processes
     * @param dims the dimensions; 0 entries are filled
     * @return the filled dimensions
     */
    public static int[] computeDims(int nnodes, int[] dims) {
        if (nnodes < 1) {
            throw new MpiException(ErrorClass.ERR_DIMS, "nnodes " + nnodes + " is invalid: use at least 1");
        }
        if (dims == null) {
            throw new MpiException(ErrorClass.ERR_DIMS, "dims is null: pass an int[ndims], 0 where a value is wanted");
        }
        int fixed = 1;
        int free = 0;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] < 0) {
                throw new MpiException(ErrorClass.ERR_DIMS, "dims[" + i + "] = " + dims[i] + " is negative: use 0 (to be"
                        + " computed) or a positive extent");
            }
            if (dims[i] == 0) {
                free++;
            } else {
                fixed *= dims[i];
            }
        }
        if (nnodes % fixed != 0) {
            throw new MpiException(ErrorClass.ERR_DIMS, "dims " + Arrays.toString(dims) + ": the fixed extents' product "
                    + fixed + " does not divide nnodes " + nnodes);
        }
        int[] out = dims.clone();
        if (free == 0) {
            if (fixed != nnodes) {
                throw new MpiException(ErrorClass.ERR_DIMS, "dims " + Arrays.toString(dims) + " has product " + fixed
                        + ", not nnodes " + nnodes);
            }
            return out;
        }
        int[] best = new int[free];
        int[] cur = new int[free];
        long[] bestScore = {Long.MAX_VALUE};
        search(nnodes / fixed, 0, nnodes / fixed, cur, best, bestScore);
        int k = 0;
        for (int i = 0; i < out.length; i++) {
            if (out[i] == 0) {
                out[i] = best[k++];
            }
        }
        return out;
    }

    /** Factorizations into non-increasing factors, keeping the one with the smallest spread. */
    private static void search(int left, int at, int maxFactor, int[] cur, int[] best, long[] bestScore) {
        if (at == cur.length - 1) {
            if (left > maxFactor) {
                return;
            }
            cur[at] = left;
            long score = (long) cur[0] - cur[at];
            if (score < bestScore[0]) {
                bestScore[0] = score;
                System.arraycopy(cur, 0, best, 0, cur.length);
            }
            return;
        }
        for (int f = Math.min(left, maxFactor); f >= 1; f--) {
            if (left % f != 0) {
                continue;
            }
            // the remaining factors are at most f: prune when they cannot reach the rest
            long reach = 1;
            for (int i = at + 1; i < cur.length && reach < left / f; i++) {
                reach *= f;
            }
            if (reach < left / f) {
                break;
            }
            cur[at] = f;
            search(left / f, at + 1, f, cur, best, bestScore);
        }
    }
}
