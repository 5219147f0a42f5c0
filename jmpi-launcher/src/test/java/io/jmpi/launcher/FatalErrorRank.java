package io.jmpi.launcher;

import io.jmpi.MPI;
import io.jmpi.Session;

/**
 * A rank program for the tests, run with {@code -Djmpi.errors=fatal}: after a barrier, rank 1
 * sends to a rank that does not exist while the others sleep; the fatal error handler must end
 * the whole job.
 */
public final class FatalErrorRank {
    private FatalErrorRank() {
    }

    /**
     * Runs the rank.
     *
     * @param args ignored
     */
    public static void main(String[] args) throws InterruptedException {
        try (Session session = MPI.init(args)) {
            MPI.COMM_WORLD.barrier();
            if (MPI.COMM_WORLD.getRank() == 1) {
                System.out.println("rank 1: erring at " + System.currentTimeMillis());
                System.out.flush();
                MPI.COMM_WORLD.send("lost", 99, 0);
                System.out.println("rank 1: still running after the error");
            }
            Thread.sleep(60_000); // ended by jmpiexec
        }
    }
}
