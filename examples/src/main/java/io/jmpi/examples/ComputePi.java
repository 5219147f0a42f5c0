package io.jmpi.examples;

import io.jmpi.Buf;
import io.jmpi.Intracomm;
import io.jmpi.MPI;
import io.jmpi.Op;
import io.jmpi.Session;

/**
 * Computes pi by the midpoint rule for the integral of 4/(1+x^2) over [0, 1]: each rank takes
 * every size-th interval, and a reduce sums the parts at rank 0. mpi4py's
 * {@code demo/compute-pi/cpi-cco.py}.
 *
 * <pre>jmpiexec -n 4 java -cp examples/target/jmpi-examples.jar io.jmpi.examples.ComputePi [intervals]</pre>
 */
public final class ComputePi {
    private ComputePi() {
    }

    /**
     * Runs it.
     *
     * @param args the number of intervals (default 1 000 000)
     */
    public static void main(String[] args) {
        try (Session session = MPI.init(args)) {
            Intracomm world = MPI.COMM_WORLD;
            int rank = world.getRank();
            int size = world.getSize();
            int[] n = {args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000};
            world.bcast(Buf.of(n), 0);

            double h = 1.0 / n[0];
            double s = 0;
            for (int i = rank + 1; i <= n[0]; i += size) {
                double x = h * (i - 0.5);
                s += 4.0 / (1.0 + x * x);
            }
            double[] mypi = {s * h};
            double[] pi = new double[1];
            world.reduce(Buf.of(mypi), Buf.of(pi), Op.SUM, 0);
            if (rank == 0) {
                System.out.printf("pi is approximately %.16f, error is %.16f%n", pi[0], Math.abs(pi[0] - Math.PI));
            }
        }
    }
}
