package io.jmpi.internal.bootstrap;

import io.jmpi.ErrorClass;
import io.jmpi.MpiException;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;

/**
 * Reads who this rank is from its launcher's environment: jmpi's own launcher variables, then
 * Open MPI's {@code OMPI_COMM_WORLD_*}; none of them means a singleton world.
 */
public final class LaunchEnvironment {
    /** The coordinator's {@code host:port}, set by jmpiexec. */
    public static final String COORDINATOR = "JMPI_COORDINATOR";
    /** The job's id, set by jmpiexec. */
    public static final String JOB_ID = "JMPI_JOB_ID";
    /** The job's secret in hex, set by jmpiexec. */
    public static final String SECRET = "JMPI_SECRET";
    /** The transport to use ({@code tcp}); also the system property {@code jmpi.transport}. */
    public static final String TRANSPORT = "JMPI_TRANSPORT";
    /** Start-up timeout in seconds; also the system property {@code jmpi.startupTimeout}. */
    public static final String STARTUP_TIMEOUT = "JMPI_STARTUP_TIMEOUT";

    /** The job's size (Open MPI's name, also set by jmpiexec). */
    public static final String OMPI_SIZE = "OMPI_COMM_WORLD_SIZE";
    /** This rank (Open MPI's name, also set by jmpiexec). */
    public static final String OMPI_RANK = "OMPI_COMM_WORLD_RANK";
    /** This rank among the ranks on its host. */
    public static final String OMPI_LOCAL_RANK = "OMPI_COMM_WORLD_LOCAL_RANK";
    /** The number of ranks on this host. */
    public static final String OMPI_LOCAL_SIZE = "OMPI_COMM_WORLD_LOCAL_SIZE";
    /** This rank's host's index among the job's hosts. */
    public static final String OMPI_NODE_RANK = "OMPI_COMM_WORLD_NODE_RANK";
    /** The number of slots the job may use. */
    public static final String OMPI_UNIVERSE_SIZE = "OMPI_UNIVERSE_SIZE";

    private LaunchEnvironment() {
    }

    /**
     * Works out this rank's identity.
     *
     * @param env the environment (normally {@link System#getenv()})
     * @return the bootstrap information
     * @throws MpiException {@code ERR_OTHER} when a launcher says size &gt; 1 but gives no way
     *     to meet the other ranks
     */
    public static BootstrapInfo detect(Map<String, String> env) {
        String transport = System.getProperty("jmpi.transport", env.get(TRANSPORT));
        Duration timeout = Duration.ofSeconds(Long.parseLong(System.getProperty("jmpi.startupTimeout",
                env.getOrDefault(STARTUP_TIMEOUT, String.valueOf(BootstrapInfo.DEFAULT_STARTUP_TIMEOUT.toSeconds())))));
        if (env.containsKey(OMPI_SIZE) && env.containsKey(OMPI_RANK)) {
            int size = intVar(env, OMPI_SIZE, 1);
            int rank = intVar(env, OMPI_RANK, 0);
            if (size < 1 || rank < 0 || rank >= size) {
                throw new MpiException(ErrorClass.ERR_OTHER, OMPI_RANK + "=" + rank + " and " + OMPI_SIZE
                        + "=" + size + " do not describe a rank of a job");
            }
            int localRank = intVar(env, OMPI_LOCAL_RANK, rank);
            int localSize = intVar(env, OMPI_LOCAL_SIZE, size);
            String coordinator = env.get(COORDINATOR);
            boolean jmpiexec = coordinator != null;
            if (coordinator == null && size > 1) {
                throw new MpiException(ErrorClass.ERR_OTHER, "this process is rank " + rank + " of " + size
                        + " (from " + OMPI_SIZE + "), but no rendezvous address is set: start the job with"
                        + " jmpiexec, or set " + COORDINATOR + "=host:port of a coordinator");
            }
            if (coordinator == null) {
                return new BootstrapInfo(rank, size, localRank, localSize, "singleton", new byte[0], null,
                        "local", timeout, "Open MPI environment, one rank");
            }
            String jobId = env.getOrDefault(JOB_ID, "job");
            byte[] secret = env.containsKey(SECRET) ? parseSecret(env.get(SECRET)) : new byte[0];
            return new BootstrapInfo(rank, size, localRank, localSize, jobId, secret,
                    parseAddress(coordinator), transport, timeout, jmpiexec ? "jmpiexec" : "Open MPI");
        }
        return BootstrapInfo.singleton();
    }

    private static int intVar(Map<String, String> env, String name, int defaultValue) {
        String v = env.get(name);
        if (v == null || v.isBlank()) {
            return defaultValue;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new MpiException(ErrorClass.ERR_OTHER, name + "=" + v + " is not a number");
        }
    }

    private static byte[] parseSecret(String hex) {
        try {
            return HexFormat.of().parseHex(hex.trim());
        } catch (IllegalArgumentException e) {
            throw new MpiException(ErrorClass.ERR_OTHER, SECRET + " is not hexadecimal");
        }
    }

    /**
     * Parses {@code host:port} (IPv6 hosts in brackets).
     *
     * @param hostPort the address
     * @return an unresolved-if-needed socket address
     */
    public static InetSocketAddress parseAddress(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0 || colon == hostPort.length() - 1) {
            throw new MpiException(ErrorClass.ERR_OTHER, "'" + hostPort + "' is not host:port");
        }
        String host = hostPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            return new InetSocketAddress(host, Integer.parseInt(hostPort.substring(colon + 1)));
        } catch (IllegalArgumentException e) {
            throw new MpiException(ErrorClass.ERR_OTHER, "'" + hostPort + "' is not host:port");
        }
    }
}
