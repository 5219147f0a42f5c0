package io.jmpi.internal.bootstrap;

import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * Who this rank is and how it meets the others.
 *
 * @param rank this rank in the job
 * @param size the job's size
 * @param localRank this rank among the ranks on its host
 * @param localSize the number of ranks on this host
 * @param jobId the job's id
 * @param secret the job's shared secret
 * @param coordinator the coordinator's address, or {@code null} for a singleton
 * @param transport the name of the transport to use, or {@code null} for the default
 * @param startupTimeout how long start-up may take
 * @param origin what set this up ({@code jmpiexec}, {@code Slurm}, {@code singleton} ...), for messages
 * @param rendezvous when rank 0 runs the coordinator (a foreign launcher), where its address
 *     came from ({@code MASTER_ADDR/MASTER_PORT}, {@code JMPI_ROOT} ...), for messages;
 *     {@code null} when a launcher or test harness runs it
 */
public record BootstrapInfo(int rank, int size, int localRank, int localSize, String jobId, byte[] secret,
                            InetSocketAddress coordinator, String transport, Duration startupTimeout,
                            String origin, String rendezvous) {

    /** The default start-up timeout. */
    public static final Duration DEFAULT_STARTUP_TIMEOUT = Duration.ofSeconds(60);

    /** Bootstrap information for a coordinator run by a launcher or a test harness. */
    public BootstrapInfo(int rank, int size, int localRank, int localSize, String jobId, byte[] secret,
                         InetSocketAddress coordinator, String transport, Duration startupTimeout, String origin) {
        this(rank, size, localRank, localSize, jobId, secret, coordinator, transport, startupTimeout, origin, null);
    }

    /** A world of one rank, with no coordinator and no sockets. */
    public static BootstrapInfo singleton() {
        return new BootstrapInfo(0, 1, 0, 1, "singleton", new byte[0], null, "local",
                DEFAULT_STARTUP_TIMEOUT, "singleton");
    }

    /** @return whether this rank starts the job's coordinator (rank 0 under a foreign launcher) */
    public boolean hostsCoordinator() {
        return rendezvous != null && rank == 0 && coordinator != null && size > 1;
    }
}
