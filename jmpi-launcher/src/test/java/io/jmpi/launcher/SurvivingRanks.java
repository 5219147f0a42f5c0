package io.jmpi.launcher;

import io.jmpi.Errhandler;
import io.jmpi.Intracomm;
import io.jmpi.MPI;
import io.jmpi.MpiException;
import io.jmpi.Session;

/**
 * A rank program for the tests, on 4 ranks: COMM_WORLD is split into {0, 1} and {2, 3}, then
 * rank 3 dies (halts with status 3, no finalize) while rank 2 waits for a message from it.
 *
 * <p>With the argument {@code return}, every rank sets {@code ERRORS_RETURN} on its
 * communicators: rank 2 catches the {@code ERR_PROC_FAILED} naming rank 3, tells rank 0, and
 * finalizes; ranks 0 and 1, once rank 0 has heard it, exchange messages on their pair and
 * finalize. With {@code uncaught}, nothing is set or caught: rank 2's error ends its
 * {@code main}; ranks 0 and 1 do their exchange on their own.
 */
public final class SurvivingRanks {
    /** Messages each survivor of the pair sends (and receives) after the failure. */
    static final int EXCHANGES = 1000;

    private SurvivingRanks() {
    }

    /**
     * Runs the rank.
     *
     * @param args {@code return} or {@code uncaught}
     */
    public static void main(String[] args) {
        boolean catching = args.length > 0 && args[0].equals("return");
        int me;
        try (Session session = MPI.init(args)) {
            Intracomm world = MPI.COMM_WORLD;
            me = world.getRank();
            if (catching) {
                world.setErrhandler(Errhandler.ERRORS_RETURN);
            }
            Intracomm pair = world.split(me / 2, me);
            if (catching) {
                pair.setErrhandler(Errhandler.ERRORS_RETURN);
            }
            pair.barrier(); // 2 and 3 are connected: 3's death is seen at once
            if (me == 3) {
                System.out.println("rank 3: dying at " + System.currentTimeMillis());
                System.out.flush();
                Runtime.getRuntime().halt(3); // no finalize, no shutdown hook
            }
            if (me == 2) {
                if (!catching) {
                    pair.recv(1, 0); // throws out of main
                }
                try {
                    Object got = pair.recv(1, 0);
                    System.out.println("rank 2: unexpected " + got);
                } catch (MpiException e) {
                    System.out.println("rank 2: caught " + e.getMessage());
                    world.send("rank 3 is gone", 0, 5);
                }
            } else {
                if (catching && me == 0) {
                    System.out.println("rank 0: heard '" + world.recv(2, 5) + "'");
                }
                if (catching) {
                    pair.barrier(); // rank 1 goes on once rank 0 has heard of the failure
                }
                int other = 1 - me;
                int ok = 0;
                for (int i = 0; i < EXCHANGES; i++) {
                    int got = pair.sendrecv(i * 2 + me, other, 1, other, 1);
                    if (got == i * 2 + other) {
                        ok++;
                    }
                }
                int sum = pair.allreduce(me + 1, io.jmpi.Op.SUM);
                System.out.println("rank " + me + ": exchanged " + ok + " messages with rank " + other
                        + " after rank 3 failed; allreduce " + sum);
            }
        }
        System.out.println("rank " + me + ": finalized");
    }
}
