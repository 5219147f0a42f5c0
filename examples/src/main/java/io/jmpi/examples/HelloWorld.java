package io.jmpi.examples;

import io.jmpi.Intracomm;
import io.jmpi.MPI;
import io.jmpi.Session;

/**
 * Every rank says hello: mpi4py's {@code demo/helloworld.py}.
 *
 * <pre>jmpiexec -n 4 java -cp examples/target/jmpi-examples.jar io.jmpi.examples.HelloWorld</pre>
 */
public final class HelloWorld {
    private HelloWorld() {
    }

    /**
     * Prints {@code Hello, World! I am process R of N on HOST.}
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        try (Session session = MPI.init(args)) {
            Intracomm world = MPI.COMM_WORLD;
            // one call, one whole line: launchers that forward output in chunks keep it whole
            System.out.println(String.format("Hello, World! I am process %d of %d on %s.",
                    world.getRank(), world.getSize(), MPI.getProcessorName()));
        }
    }
}
