package io.jmpi.examples;

import io.jmpi.Buf;
import io.jmpi.Intracomm;
import io.jmpi.MPI;
import io.jmpi.Session;
import io.jmpi.Status;

import java.util.Arrays;
import java.util.Map;

/**
 * Objects and buffers between two ranks, as in mpi4py's tutorial ("Point-to-Point
 * Communication"): a dictionary and a record go as objects (lowercase {@code send}), an array
 * of doubles goes as a buffer (uppercase {@code Send}). Rank 1 checks what arrived and prints it.
 *
 * <pre>jmpiexec -n 2 java -cp examples/target/jmpi-examples.jar io.jmpi.examples.Messages</pre>
 */
public final class Messages {
    private Messages() {
    }

    /** A user's message type: any class can be sent as an object. @param name name @param mass mass */
    public record Planet(String name, double mass) {
    }

    /**
     * Runs the exchange on ranks 0 and 1 (other ranks only take part in finalize).
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        try (Session session = MPI.init(args)) {
            Intracomm comm = MPI.COMM_WORLD;
            if (comm.getSize() < 2) {
                System.err.println("Messages needs 2 ranks: jmpiexec -n 2 ...");
                return;
            }
            Map<String, Object> data = Map.of("a", 7, "b", 3.14);
            Planet planet = new Planet("Earth", 5.97e24);
            double[] values = new double[1000];
            Arrays.setAll(values, i -> i * 0.5);
            if (comm.getRank() == 0) {
                comm.send(data, 1, 11);
                comm.send(planet, 1, 12);
                comm.send(values, 1, 13);          // a double[] as an object
                comm.send(Buf.of(values), 1, 14);  // a double[] as a buffer
            } else if (comm.getRank() == 1) {
                Map<String, Object> d = comm.recv(0, 11);
                Planet p = comm.recv(0, 12);
                double[] asObject = comm.recv(0, 13);
                double[] asBuffer = new double[1000];
                Status st = comm.recv(Buf.of(asBuffer), 0, 14);
                boolean ok = d.equals(data) && p.equals(planet) && Arrays.equals(asObject, values)
                        && Arrays.equals(asBuffer, values) && st.getCount() == 8000;
                System.out.println("rank 1 received " + d + ", " + p + ", " + asObject.length
                        + " doubles as an object and " + st.getCount() + " bytes as a buffer: "
                        + (ok ? "all correct" : "MISMATCH"));
                if (!ok) {
                    System.exit(1);
                }
            }
        }
    }
}
