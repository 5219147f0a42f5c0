package io.jmpi.launcher;

import io.jmpi.Intracomm;
import io.jmpi.MPI;
import io.jmpi.Session;

import java.util.ArrayList;
import java.util.List;

/**
 * A rank program for the multi-host tests: a barrier, a token passed around the ring of ranks,
 * and another barrier; every rank says where it ran.
 */
public final class RingAndBarrierRank {
    private RingAndBarrierRank() {
    }

    /**
     * Runs the rank.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        try (Session session = MPI.init(args)) {
            Intracomm world = MPI.COMM_WORLD;
            int rank = world.getRank();
            int size = world.getSize();
            world.barrier();
            if (rank == 0) {
                world.send(new ArrayList<>(List.of(0)), 1 % size, 0);
                List<Integer> back = world.recv(size - 1, 0);
                System.out.println("ring " + back);
            } else {
                List<Integer> token = world.recv(rank - 1, 0);
                token.add(rank);
                world.send(token, (rank + 1) % size, 0);
            }
            world.barrier();
            System.out.println("rank " + rank + " passed the barrier on " + System.getenv("JMPI_HOST"));
        }
    }
}
