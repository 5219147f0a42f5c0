package io.jmpi.launcher;

import io.jmpi.Intracomm;
import io.jmpi.MPI;
import io.jmpi.Session;

/**
 * A rank program for the stall report's tests. {@code deadlock}: ranks 0 and 1 each receive from
 * the other (tags 5 and 7) and nobody sends; rank 0 ends the job with status 42 after four
 * seconds. {@code slow}: rank 0 computes for three seconds while the others wait for its
 * message, then sends it.
 */
public final class StallingRanks {
    private StallingRanks() {
    }

    /**
     * Runs the rank.
     *
     * @param args {@code deadlock} or {@code slow}
     */
    public static void main(String[] args) throws Exception {
        try (Session session = MPI.init(args)) {
            Intracomm w = MPI.COMM_WORLD;
            int rank = w.getRank();
            if (args[0].equals("deadlock")) {
                if (rank == 0) {
                    Thread end = new Thread(() -> {
                        try {
                            Thread.sleep(4000);
                        } catch (InterruptedException e) {
                            return;
                        }
                        Runtime.getRuntime().halt(42);
                    });
                    end.setDaemon(true);
                    end.start();
                }
                w.recv(1 - rank, rank == 0 ? 5 : 7);
            } else if (rank == 0) {
                Thread.sleep(3000);
                for (int r = 1; r < w.getSize(); r++) {
                    w.send("done", r, 1);
                }
            } else {
                System.out.println("rank " + rank + " got " + w.recv(0, 1));
            }
        }
    }
}
