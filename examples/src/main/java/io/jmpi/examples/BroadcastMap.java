package io.jmpi.examples;

import io.jmpi.Intracomm;
import io.jmpi.MPI;
import io.jmpi.Session;

import java.util.List;
import java.util.Map;

/**
 * Broadcasts a map from rank 0 to every rank: the mpi4py tutorial's "Broadcasting a Python
 * dictionary" ({@code comm.bcast(data, root=0)}).
 *
 * <pre>jmpiexec -n 4 java -cp examples/target/jmpi-examples.jar io.jmpi.examples.BroadcastMap</pre>
 */
public final class BroadcastMap {
    private BroadcastMap() {
    }

    /**
     * Runs it.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        try (Session session = MPI.init(args)) {
            Intracomm world = MPI.COMM_WORLD;
            int rank = world.getRank();
            Map<String, Object> data = null;
            if (rank == 0) {
                data = Map.of("key1", List.of(7, 2.72, "2+3j"), "key2", List.of("abc", "xyz"));
            }
            data = world.bcast(data, 0);
            System.out.printf("rank %d has %s%n", rank, data);
        }
    }
}
