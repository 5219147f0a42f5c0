package io.jmpi.launcher;

import io.jmpi.MPI;

/** A rank program for the tests: joins the job, then sleeps (until something ends it). */
public final class SleepingJavaRank {
    private SleepingJavaRank() {
    }

    /**
     * Runs the rank.
     *
     * @param args ignored
     */
    public static void main(String[] args) throws InterruptedException {
        MPI.COMM_WORLD.barrier();
        Thread.sleep(120_000);
    }
}
