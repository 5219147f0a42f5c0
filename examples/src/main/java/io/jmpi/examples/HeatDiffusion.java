package io.jmpi.examples;

import io.jmpi.Buf;
import io.jmpi.Cartcomm;
import io.jmpi.Intracomm;
import io.jmpi.MPI;
import io.jmpi.Session;

import java.util.Arrays;
import java.util.List;

/**
 * Two-dimensional heat diffusion on a Cartesian communicator: the grid is split into blocks
 * over a {@code computeDims(size, 2)} process grid, each step exchanges halo rows and columns
 * with the four neighbours ({@code Cartcomm.shift} + {@code sendrecv}; PROC_NULL at the
 * edges), and rank 0 gathers the result and checks it against a serial run.
 *
 * <pre>jmpiexec -n 4 java -cp examples/target/jmpi-examples.jar io.jmpi.examples.HeatDiffusion [nx ny steps]</pre>
 *
 * Prints "matches the serial result" and exits 0, or exits 1 on a mismatch.
 */
public final class HeatDiffusion {
    private HeatDiffusion() {
    }

    /**
     * Runs it.
     *
     * @param args optional nx, ny, steps (default 64 48 200)
     */
    public static void main(String[] args) {
        int nx = args.length > 0 ? Integer.parseInt(args[0]) : 64;
        int ny = args.length > 1 ? Integer.parseInt(args[1]) : 48;
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        boolean ok = true;
        try (Session session = MPI.init(args)) {
            Intracomm world = MPI.COMM_WORLD;
            double[][] grid = run(world, nx, ny, steps);
            if (world.getRank() == 0) {
                double[][] serial = serial(nx, ny, steps);
                ok = Arrays.deepEquals(grid, serial);
                double total = 0;
                for (double[] row : grid) {
                    for (double v : row) {
                        total += v;
                    }
                }
                System.out.printf("heat diffusion %dx%d, %d steps on %d ranks: total heat %.6f; %s%n", nx, ny, steps,
                        world.getSize(), total, ok ? "matches the serial result" : "DIFFERS from the serial result");
            }
        }
        if (!ok) {
            System.exit(1);
        }
    }

    /** The diffusion coefficient times the time step over the grid spacing squared. */
    static final double ALPHA = 0.1;

    /** The initial temperature at global point (i, j): a hot square off the centre. */
    static double initial(int i, int j, int nx, int ny) {
        return i >= nx / 4 && i < nx / 2 && j >= ny / 3 && j < 2 * ny / 3 ? 100.0 : (i + j) % 7;
    }

    /**
     * Runs {@code steps} steps of explicit heat diffusion on an {@code nx} x {@code ny} grid with
     * zero boundaries, split over a 2-D Cartesian communicator of all ranks, exchanging halos
     * with {@code sendrecv} after each step.
     *
     * @return the whole grid on rank 0 of {@code world}; null elsewhere
     */
    public static double[][] run(Intracomm world, int nx, int ny, int steps) {
        Cartcomm cart = world.createCart(MPI.computeDims(world.getSize(), 2), new boolean[] {false, false}, false);
        int[] dims = cart.getDims();
        int[] c = cart.getCoords();
        int x0 = c[0] * nx / dims[0];
        int x1 = (c[0] + 1) * nx / dims[0];
        int y0 = c[1] * ny / dims[1];
        int y1 = (c[1] + 1) * ny / dims[1];
        int lx = x1 - x0;
        int ly = y1 - y0;
        // (lx + 2) x (ly + 2) with a ghost layer, row-major
        int w = ly + 2;
        double[] u = new double[(lx + 2) * w];
        double[] next = new double[(lx + 2) * w];
        for (int i = 0; i < lx; i++) {
            for (int j = 0; j < ly; j++) {
                u[(i + 1) * w + j + 1] = initial(x0 + i, y0 + j, nx, ny);
            }
        }
        int[] upDown = cart.shift(0, 1);
        int[] leftRight = cart.shift(1, 1);
        double[] colOut = new double[lx];
        double[] colIn = new double[lx];
        for (int s = 0; s < steps; s++) {
            // rows: last row down, top ghost from up; first row up, bottom ghost from down
            cart.sendrecv(Buf.of(u, lx * w + 1, ly), upDown[1], 0, Buf.of(u, 1, ly), upDown[0], 0);
            cart.sendrecv(Buf.of(u, w + 1, ly), upDown[0], 1, Buf.of(u, (lx + 1) * w + 1, ly), upDown[1], 1);
            // columns: packed, last column right, left ghost from left; first column left, right ghost from right
            for (int i = 0; i < lx; i++) {
                colOut[i] = u[(i + 1) * w + ly];
            }
            if (leftRight[0] != MPI.PROC_NULL || leftRight[1] != MPI.PROC_NULL) {
                cart.sendrecv(Buf.of(colOut), leftRight[1], 2, Buf.of(colIn), leftRight[0], 2);
                if (leftRight[0] != MPI.PROC_NULL) {
                    for (int i = 0; i < lx; i++) {
                        u[(i + 1) * w] = colIn[i];
                    }
                }
                for (int i = 0; i < lx; i++) {
                    colOut[i] = u[(i + 1) * w + 1];
                }
                cart.sendrecv(Buf.of(colOut), leftRight[0], 3, Buf.of(colIn), leftRight[1], 3);
                if (leftRight[1] != MPI.PROC_NULL) {
                    for (int i = 0; i < lx; i++) {
                        u[(i + 1) * w + ly + 1] = colIn[i];
                    }
                }
            }
            for (int i = 1; i <= lx; i++) {
                for (int j = 1; j <= ly; j++) {
                    int k = i * w + j;
                    next[k] = u[k] + ALPHA * (u[k - w] + u[k + w] + u[k - 1] + u[k + 1] - 4 * u[k]);
                }
            }
            double[] t = u;
            u = next;
            next = t;
        }
        double[] block = new double[4 + lx * ly];
        block[0] = x0;
        block[1] = y0;
        block[2] = lx;
        block[3] = ly;
        for (int i = 0; i < lx; i++) {
            System.arraycopy(u, (i + 1) * w + 1, block, 4 + i * ly, ly);
        }
        List<double[]> blocks = cart.gather(block, 0);
        cart.free();
        if (blocks == null) {
            return null;
        }
        double[][] grid = new double[nx][ny];
        for (double[] b : blocks) {
            for (int i = 0; i < (int) b[2]; i++) {
                System.arraycopy(b, 4 + i * (int) b[3], grid[(int) b[0] + i], (int) b[1], (int) b[3]);
            }
        }
        return grid;
    }

    /** The same computation on one grid. */
    public static double[][] serial(int nx, int ny, int steps) {
        double[][] u = new double[nx + 2][ny + 2];
        double[][] next = new double[nx + 2][ny + 2];
        for (int i = 0; i < nx; i++) {
            for (int j = 0; j < ny; j++) {
                u[i + 1][j + 1] = initial(i, j, nx, ny);
            }
        }
        for (int s = 0; s < steps; s++) {
            for (int i = 1; i <= nx; i++) {
                for (int j = 1; j <= ny; j++) {
                    next[i][j] = u[i][j] + ALPHA * (u[i - 1][j] + u[i + 1][j] + u[i][j - 1] + u[i][j + 1] - 4 * u[i][j]);
                }
            }
            double[][] t = u;
            u = next;
            next = t;
        }
        double[][] grid = new double[nx][ny];
        for (int i = 0; i < nx; i++) {
            System.arraycopy(u[i + 1], 1, grid[i], 0, ny);
        }
        return grid;
    }
}
