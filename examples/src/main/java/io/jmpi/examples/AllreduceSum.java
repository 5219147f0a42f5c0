package io.jmpi.examples;

import io.jmpi.Buf;
import io.jmpi.Intracomm;
import io.jmpi.MPI;
import io.jmpi.Op;
import io.jmpi.Session;

/**
 * Sums over all ranks, so every rank has the total: an object allreduce (mpi4py's
 * {@code comm.allreduce(x, op=MPI.SUM)}) and a buffer allreduce (mpi4py's
 * {@code comm.Allreduce(sendbuf, recvbuf, op=MPI.SUM)}).
 *
 * <pre>jmpiexec -n 4 java -cp examples/target/jmpi-examples.jar io.jmpi.examples.AllreduceSum</pre>
 */
public final class AllreduceSum {
    private AllreduceSum() {
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

            int total = world.allreduce(rank, Op.SUM);

            double[] mine = {rank, rank * rank};
            double[] sums = new double[2];
            world.allreduce(Buf.of(mine), Buf.of(sums), Op.SUM);

            System.out.printf("rank %d: sum of ranks %d, of squares %.0f (expected %d and %d)%n",
                    rank, total, sums[1], size * (size - 1) / 2, (size - 1) * size * (2 * size - 1) / 6);
        }
    }
}
