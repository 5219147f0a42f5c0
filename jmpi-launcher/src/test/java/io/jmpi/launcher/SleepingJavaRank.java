package io.jmpi.launcher;

import io.jmpi.MPI;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A rank program for the tests: joins the job, then sleeps (until something ends it). With an
 * argument DIR, it creates {@code DIR/rank-R.joined} once every rank has joined.
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
        if (args.length > 0) {
            Files.createFile(Path.of(args[0], "rank-" + MPI.COMM_WORLD.getRank() + ".joined"));
        }
        Thread.sleep(120_000);
    }
}
