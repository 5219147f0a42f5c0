package io.jmpi;

import io.jmpi.internal.comm.CartTopology;
import io.jmpi.internal.comm.CommCore;
import io.jmpi.internal.comm.CommFactory;

import java.util.function.Supplier;

/**
 * An intracommunicator with a Cartesian grid: rank {@code r} sits at {@link #getCoords(int)},
 * laid out in row-major order (the last dimension varies fastest). Created by
 * {@link Intracomm#createCart(int[], boolean[], boolean)}.
 *
 * <p>Neighbour collectives exchange with the 2 x ndims grid neighbours in MPI's order: for each
 * dimension, the -1 neighbour then the +1 neighbour; {@link MPI#PROC_NULL} neighbours (edges of
 * non-periodic dimensions) send nothing and leave their receive block untouched. The neighbour
 * collectives are {@link Topocomm}'s.
 *
 * <p>MPI: an MPI_Comm with MPI_CART topology; mpi4py: {@code MPI.Cartcomm}.
 */
public final class Cartcomm extends Topocomm {

    /**
     * A Cartesian communicator's layout and this rank's place in it.
     *
     * @param dims the extent of each dimension
     * @param periods whether each dimension wraps around
     * @param coords this rank's coordinates
     */
    public record Topo(int[] dims, boolean[] periods, int[] coords) {
    }

    Cartcomm(Supplier<CommCore> core) {
        super(core);
    }

    @Override
    Cartcomm wrap(CommCore c) {
        return new Cartcomm(fixed(c));
    }

    private CartTopology topo(CommCore c) {
        return (CartTopology) c.topology();
    }

    /**
     * Duplicates this communicator with its grid. Collective.
     *
     * <p>MPI: MPI_Comm_dup; mpi4py: {@code Cartcomm.Dup()}.
     *
     * @return the duplicate
     */
    @Override
    public Cartcomm dup() {
        return (Cartcomm) super.dup(); // raised through the handler there
    }

    /**
     * Returns the number of dimensions.
     *
     * <p>MPI: MPI_Cartdim_get; mpi4py: {@code Cartcomm.Get_dim()} / {@code Cartcomm.ndim}.
     *
     * @return the number of dimensions
     */
    public int getDim() {
        try {
            return topo(core()).ndims();
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Returns the grid and this rank's coordinates.
     *
     * <p>MPI: MPI_Cart_get; mpi4py: {@code Cartcomm.Get_topo()} / {@code Cartcomm.topo}.
     *
     * @return dims, periods and coords
     */
    public Topo getTopo() {
        try {
            CommCore c = core();
            CartTopology t = topo(c);
            return new Topo(t.dims(), t.periods(), t.coords(c.rank()));
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Returns the extent of each dimension.
     *
     * <p>MPI: MPI_Cart_get; mpi4py: {@code Cartcomm.dims}.
     *
     * @return the dims
     */
    public int[] getDims() {
        try {
            return topo(core()).dims();
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Returns whether each dimension is periodic.
     *
     * <p>MPI: MPI_Cart_get; mpi4py: {@code Cartcomm.periods}.
     *
     * @return the periods
     */
    public boolean[] getPeriods() {
        try {
            return topo(core()).periods();
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Returns this rank's coordinates.
     *
     * <p>MPI: MPI_Cart_coords of the own rank; mpi4py: {@code Cartcomm.coords}.
     *
     * @return the coordinates
     */
    public int[] getCoords() {
        try {
            CommCore c = core();
            return topo(c).coords(c.rank());
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Returns the coordinates of a rank.
     *
     * <p>MPI: MPI_Cart_coords; mpi4py: {@code Cartcomm.Get_coords(rank)}.
     *
     * @param rank a rank of this communicator
     * @return its coordinates
     * @throws MpiException {@code ERR_RANK} for a rank outside the communicator
     */
    public int[] getCoords(int rank) {
        try {
            CommCore c = core();
            if (rank < 0 || rank >= c.size()) {
                throw new MpiException(ErrorClass.ERR_RANK, "rank " + rank + " is not a rank of " + c.name() + " (size "
                        + c.size() + ")");
            }
            return topo(c).coords(rank);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Returns the rank at some coordinates; periodic dimensions wrap around.
     *
     * <p>MPI: MPI_Cart_rank; mpi4py: {@code Cartcomm.Get_cart_rank(coords)}.
     *
     * @param coords one coordinate per dimension
     * @return the rank
     * @throws MpiException {@code ERR_ARG} for the wrong number of coordinates or one out of
     *     range in a non-periodic dimension
     */
    public int getCartRank(int... coords) {
        try {
            return topo(core()).rank(coords, false);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Returns the ranks a shift along a dimension exchanges with: {@code {source, dest}}, the
     * ranks {@code disp} steps down and up; {@link MPI#PROC_NULL} past the edge of a
     * non-periodic dimension. Use them with {@code sendrecv(..., dest, ..., source, ...)}.
     *
     * <p>MPI: MPI_Cart_shift; mpi4py: {@code Cartcomm.Shift(direction, disp)}.
     *
     * @param direction the dimension, 0 to {@code getDim() - 1}
     * @param disp the displacement (may be negative)
     * @return {source, dest}
     * @throws MpiException {@code ERR_ARG} for a bad direction
     */
    public int[] shift(int direction, int disp) {
        try {
            CommCore c = core();
            return topo(c).shift(c.rank(), direction, disp);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Returns the neighbours in the order of neighbour collectives: for each dimension, the -1
     * then the +1 neighbour ({@link MPI#PROC_NULL} past a non-periodic edge).
     *
     * <p>MPI: MPI_Cart_shift(d, 1) for each d; mpi4py: {@code Topocomm.inedges} /
     * {@code Topocomm.outedges} (the same list for a Cartesian communicator).
     *
     * @return the 2 x ndims neighbours
     */
    public int[] getNeighbors() {
        try {
            CommCore c = core();
            return topo(c).neighbors(c.rank());
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Splits the grid into sub-grids that keep the dimensions where {@code remainDims} is
     * true; each rank gets the sub-grid through it. Collective.
     *
     * <p>MPI: MPI_Cart_sub; mpi4py: {@code Cartcomm.Sub(remain_dims)}.
     *
     * @param remainDims for each dimension, whether it is kept
     * @return this rank's sub-grid (of 0 dimensions and size 1 when none is kept)
     * @throws MpiException {@code ERR_ARG} for the wrong number of entries
     */
    public Cartcomm sub(boolean... remainDims) {
        try {
            CommCore c = core();
            CartTopology t = topo(c);
            if (remainDims == null || remainDims.length != t.ndims()) {
                throw new MpiException(ErrorClass.ERR_ARG, "remainDims must have " + t.ndims() + " entries (one per dimension)");
            }
            int[] coords = t.coords(c.rank());
            int[] dims = t.dims();
            boolean[] periods = t.periods();
            int color = 0;
            int kept = 0;
            for (int d = 0; d < dims.length; d++) {
                if (remainDims[d]) {
                    kept++;
                } else {
                    color = color * dims[d] + coords[d];
                }
            }
            int[] subDims = new int[kept];
            boolean[] subPeriods = new boolean[kept];
            for (int d = 0, k = 0; d < dims.length; d++) {
                if (remainDims[d]) {
                    subDims[k] = dims[d];
                    subPeriods[k++] = periods[d];
                }
            }
            CommCore n = CommFactory.split(c.shadow(c.nextCollectiveSequence()), color, c.rank(), c.name() + ".sub");
            n.topology(new CartTopology(subDims, subPeriods));
            return new Cartcomm(fixed(n));
        } catch (MpiException e) {
            throw raise(e);
        }
    }
}
