package io.jmpi.examples;

import io.jmpi.Intracomm;
import io.jmpi.MPI;
import io.jmpi.Session;

import java.util.ArrayList;
import java.util.List;

/**
 * Passes a token around all ranks: rank 0 starts it, each rank appends its rank and passes it
 * on, and rank 0 prints the trip when it comes back.
 *
 * <pre>jmpiexec -n 4 java -cp examples/target/jmpi-examples.jar io.jmpi.examples.Ring</pre>
 */
public final class Ring {
    private Ring() {
    }

    /**
     * Runs the ring.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        try (Session session = MPI.init(args)) {
            Intracomm world = MPI.COMM_WORLD;
            int rank = world.getRank();
            int size = world.getSize();
            int next = (rank + 1) % size;
            int prev = (rank - 1 + size) % size;
            if (rank == 0) {
                List<Integer> token = new ArrayList<>(List.of(0));
                world.send(token, next, 0);
                List<Integer> back = world.recv(prev, 0);
                System.out.println("token went around the ring: " + back);
            } else {
                List<Integer> token = world.recv(prev, 0);
                token.add(rank);
                world.send(token, next, 0);
            }
        }
    }
}
