package io.jmpi.launcher;

import io.jmpi.MPI;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A rank program for the tests: joins the job, then sleeps (until something ends it). When
 * {@code SLEEPING_RANK_DIR} is set, it first creates the file {@code rank.N} there, so a test
 * knows its start-up is over (it then watches its launcher).
 */
public final class SleepingJavaRank {
    private SleepingJavaRank() {
    }

    /**
     * Runs the rank.
     *
     * @param args optionally the directory where to say that the rank has joined
     */
    public static void main(String[] args) throws InterruptedException, IOException {
        MPI.COMM_WORLD.barrier();
        String dir = System.getenv("SLEEPING_RANK_DIR");
        if (dir != null) {
            Files.createFile(Path.of(dir, "rank." + MPI.COMM_WORLD.getRank()));
        }
        Thread.sleep(120_000);
    }
}
