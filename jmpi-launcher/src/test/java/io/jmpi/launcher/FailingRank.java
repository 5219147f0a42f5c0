package io.jmpi.launcher;

import io.jmpi.MPI;
import io.jmpi.Session;

/**
 * A rank program for the tests: rank 1 throws from {@code main} while the other ranks wait for
 * a message from it that never comes.
 */
public final class FailingRank {
    private FailingRank() {
    }

    /**
     * Runs the rank.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        try (Session session = MPI.init(args)) {
            if (MPI.COMM_WORLD.getRank() == 1) {
                throw new IllegalStateException("rank 1 gives up");
            }
            MPI.COMM_WORLD.recv(1, 0);
        }
    }
}
