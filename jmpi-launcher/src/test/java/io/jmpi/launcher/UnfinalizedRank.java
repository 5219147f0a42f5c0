package io.jmpi.launcher;

import io.jmpi.MPI;

/** A rank program for the tests: rank 1 uses MPI, then halts with status 0 without finalizing. */
public final class UnfinalizedRank {
    private UnfinalizedRank() {
    }

    /**
     * Runs the rank.
     *
     * @param args ignored
     */
    public static void main(String[] args) throws InterruptedException {
        MPI.COMM_WORLD.barrier();
        if (MPI.COMM_WORLD.getRank() == 1) {
            Runtime.getRuntime().halt(0); // no shutdown hook, no finalize
        }
        Thread.sleep(60_000); // ended by jmpiexec
    }
}
