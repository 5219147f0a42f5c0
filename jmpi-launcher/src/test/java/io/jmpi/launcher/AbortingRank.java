package io.jmpi.launcher;

import io.jmpi.MPI;
import io.jmpi.Session;

/** A rank program for the tests: rank 1 calls {@code abort(3)} while the others wait for it. */
public final class AbortingRank {
    private AbortingRank() {
    }

    /**
     * Runs the rank.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        try (Session session = MPI.init(args)) {
            if (MPI.COMM_WORLD.getRank() == 1) {
                MPI.COMM_WORLD.abort(3);
            }
            MPI.COMM_WORLD.recv(1, 0);
        }
    }
}
