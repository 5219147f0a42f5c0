package io.jmpi.launcher;

import io.jmpi.ErrorClass;
import io.jmpi.MPI;
import io.jmpi.MpiException;

/**
 * A rank program for the tests: after a barrier the last rank freezes (SIGSTOP to itself, as
 * a host that hangs or drops off the network: its sockets stay open and silent); the others
 * wait for a message from it and report how long it took to learn that it is gone.
 */
public final class FrozenRank {
    private FrozenRank() {
    }

    /**
     * Runs the rank.
     *
     * @param args ignored
     */
    public static void main(String[] args) throws Exception {
        int rank = MPI.COMM_WORLD.getRank();
        int frozen = MPI.COMM_WORLD.getSize() - 1;
        MPI.COMM_WORLD.barrier();
        if (rank == frozen) {
            new ProcessBuilder("kill", "-STOP", String.valueOf(ProcessHandle.current().pid())).start().waitFor();
            Thread.sleep(60_000);
            return;
        }
        long start = System.nanoTime();
        try {
            MPI.COMM_WORLD.recv(frozen, 0);
            System.out.println("rank " + rank + ": received?");
        } catch (MpiException e) {
            long millis = (System.nanoTime() - start) / 1_000_000;
            System.out.println("rank " + rank + ": " + e.getErrorClass() + " after " + millis + " ms: " + e.getMessage());
            if (e.getErrorClass() == ErrorClass.ERR_PROC_FAILED) {
                // Give the other survivor time to find out by itself (heartbeat ticks differ by up
                // to a second) before this exit makes jmpiexec end the job.
                Thread.sleep(2_500);
                throw e; // ends the job through jmpiexec
            }
        }
    }
}
