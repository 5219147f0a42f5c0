package io.jmpi.examples;

import io.jmpi.Buf;
import io.jmpi.Intracomm;
import io.jmpi.MPI;
import io.jmpi.Session;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Scatters and gathers, first objects, then arrays: the mpi4py tutorial's "Scattering Python
 * objects", "Gathering Python objects", "Scattering NumPy arrays" and "Gathering NumPy arrays".
 *
 * <pre>jmpiexec -n 4 java -cp examples/target/jmpi-examples.jar io.jmpi.examples.ScatterGather</pre>
 */
public final class ScatterGather {
    private ScatterGather() {
    }

    /**
     * Runs it.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        try (Session session = MPI.init(args)) {
            Intracomm world = MPI.COMM_WORLD;
            int rank = world.getRank();
            int size = world.getSize();

            // objects: comm.scatter / comm.gather
            List<Integer> squares = null;
            if (rank == 0) {
                squares = new ArrayList<>();
                for (int i = 0; i < size; i++) {
                    squares.add((i + 1) * (i + 1));
                }
            }
            int mine = world.scatter(squares, 0);
            check(mine == (rank + 1) * (rank + 1), "scatter");
            List<Integer> gathered = world.gather((rank + 1) * (rank + 1), 0);
            if (rank == 0) {
                check(gathered.equals(squares), "gather");
                System.out.println("gathered objects: " + gathered);
            }

            // arrays: comm.Scatter / comm.Gather, 100 doubles per rank
            double[] sendbuf = null;
            if (rank == 0) {
                sendbuf = new double[size * 100];
                for (int r = 0; r < size; r++) {
                    Arrays.fill(sendbuf, r * 100, (r + 1) * 100, r);
                }
            }
            double[] recvbuf = new double[100];
            world.scatter(rank == 0 ? Buf.of(sendbuf) : null, Buf.of(recvbuf), 0);
            check(Arrays.stream(recvbuf).allMatch(v -> v == rank), "Scatter");

            double[] all = rank == 0 ? new double[size * 100] : null;
            world.gather(Buf.of(recvbuf), rank == 0 ? Buf.of(all) : null, 0);
            if (rank == 0) {
                for (int r = 0; r < size; r++) {
                    int rr = r;
                    check(Arrays.stream(all, r * 100, (r + 1) * 100).allMatch(v -> v == rr), "Gather");
                }
                System.out.println("gathered " + all.length + " doubles from " + size + " ranks");
            }
        }
    }

    private static void check(boolean ok, String what) {
        if (!ok) {
            throw new AssertionError(what + " gave a wrong result");
        }
    }
}
