package io.jmpi.internal.bootstrap;

import io.jmpi.ErrorClass;
import io.jmpi.MpiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;

/**
 * Reads who this rank is from its launcher's environment, in this order: explicit
 * configuration (system properties {@code jmpi.rank}, {@code jmpi.size}); jmpiexec
 * ({@code JMPI_COORDINATOR} with Open MPI's variables); Open MPI's {@code mpirun}
 * ({@code OMPI_COMM_WORLD_*}); MPICH's Hydra ({@code PMI_RANK}, {@code PMI_SIZE}); Slurm's
 * {@code srun} ({@code SLURM_PROCID}, {@code SLURM_NTASKS}); torchrun-style variables
 * ({@code RANK}, {@code WORLD_SIZE}); none of them means a singleton world.
 *
 * <p>Under jmpiexec the ranks meet at jmpiexec's coordinator. Under any other launcher rank 0
 * runs the coordinator at the <em>rendezvous address</em>, found in this order:
 * {@code -Djmpi.root=host:port}; {@code JMPI_ROOT=host:port}; {@code MASTER_ADDR} with
 * {@code MASTER_PORT}; under Slurm, the first host of {@code SLURM_STEP_NODELIST} (else
 * {@code SLURM_JOB_NODELIST}) with the port from {@code JMPI_ROOT_PORT}, else
 * {@code MASTER_PORT}, else {@link #slurmPort derived} from the job and step ids. A launcher
 * that says size &gt; 1 without a rendezvous address is an error at start-up, never N
 * singletons.
 *
 * <p>Foreign launchers share no secret with the ranks: the job id is {@code JMPI_JOB_ID}, or
 * derived from the Slurm job and step, or from the rendezvous address, and the secret is
 * {@code JMPI_SECRET} (hex) when set, else empty. Such a job is authenticated only by
 * {@code JMPI_SECRET}.
 */
public final class LaunchEnvironment {
    private static final Logger LOG = LoggerFactory.getLogger(LaunchEnvironment.class);

    /** The coordinator's {@code host:port}, set by jmpiexec. */
    public static final String COORDINATOR = "JMPI_COORDINATOR";
    /** The job's id, set by jmpiexec; under other launchers optional. */
    public static final String JOB_ID = "JMPI_JOB_ID";
    /** The job's secret in hex, set by jmpiexec; under other launchers optional. */
    public static final String SECRET = "JMPI_SECRET";
    /** The transport to use ({@code tcp}); also the system property {@code jmpi.transport}. */
    public static final String TRANSPORT = "JMPI_TRANSPORT";
    /** Start-up timeout in seconds; also the system property {@code jmpi.startupTimeout}. */
    public static final String STARTUP_TIMEOUT = "JMPI_STARTUP_TIMEOUT";
    /** The rendezvous address {@code host:port} under a foreign launcher; also {@code -Djmpi.root}. */
    public static final String ROOT = "JMPI_ROOT";
    /** The rendezvous port under Slurm (the host is the first of the step's nodes). */
    public static final String ROOT_PORT = "JMPI_ROOT_PORT";

    /** Explicit configuration: this rank. */
    public static final String RANK_PROPERTY = "jmpi.rank";
    /** Explicit configuration: the job's size. */
    public static final String SIZE_PROPERTY = "jmpi.size";
    /** Explicit configuration: this rank among the ranks on its host. */
    public static final String LOCAL_RANK_PROPERTY = "jmpi.localRank";
    /** Explicit configuration: the number of ranks on this host. */
    public static final String LOCAL_SIZE_PROPERTY = "jmpi.localSize";
    /** Explicit configuration: the rendezvous address {@code host:port}. */
    public static final String ROOT_PROPERTY = "jmpi.root";

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

    static final String ORIGIN_EXPLICIT = "explicit configuration";
    /** The origin of ranks started by jmpiexec. */
    public static final String ORIGIN_JMPIEXEC = "jmpiexec";
    static final String ORIGIN_OPEN_MPI = "Open MPI mpirun";
    static final String ORIGIN_HYDRA = "MPICH Hydra";
    static final String ORIGIN_SLURM = "Slurm";
    static final String ORIGIN_TORCHRUN = "torchrun-style";

    /** Who a launcher says this rank is, before the rendezvous is worked out. */
    private record Identity(String origin, String variables, int rank, int size, int localRank, int localSize) {
    }

    /** Where rank 0 runs the coordinator, and which settings said so. */
    private record Root(String host, int port, String source) {
    }

    private LaunchEnvironment() {
    }

    /**
     * Works out this rank's identity from the environment and the system properties.
     *
     * @param env the environment (normally {@link System#getenv()})
     * @return the bootstrap information
     * @throws MpiException {@code ERR_OTHER} when a launcher says size &gt; 1 but gives no way
     *     to meet the other ranks, naming the launcher and what to set
     */
    public static BootstrapInfo detect(Map<String, String> env) {
        return detect(env, System.getProperties());
    }

    /**
     * Works out this rank's identity.
     *
     * @param env the environment
     * @param props the system properties (explicit configuration)
     * @return the bootstrap information
     */
    static BootstrapInfo detect(Map<String, String> env, Properties props) {
        String transport = props.getProperty("jmpi.transport", env.get(TRANSPORT));
        Duration timeout = startupTimeout(env, props);
        Identity id = identity(env, props);
        if (id == null) {
            return new BootstrapInfo(0, 1, 0, 1, "singleton", new byte[0], null, "local", timeout, "singleton");
        }
        if (id.size() < 1 || id.rank() < 0 || id.rank() >= id.size()) {
            throw new MpiException(ErrorClass.ERR_OTHER, id.variables() + " say rank " + id.rank() + " of "
                    + id.size() + ", which is not a rank of a job (" + id.origin() + ")");
        }
        int localSize = Math.max(1, id.localSize());
        int localRank = id.localRank() >= 0 && id.localRank() < localSize ? id.localRank() : 0;
        byte[] secret = env.containsKey(SECRET) ? parseSecret(env.get(SECRET)) : new byte[0];
        if (id.origin().equals(ORIGIN_JMPIEXEC)) {
            return new BootstrapInfo(id.rank(), id.size(), localRank, localSize, env.getOrDefault(JOB_ID, "job"),
                    secret, parseAddress(env.get(COORDINATOR)), transport, timeout, ORIGIN_JMPIEXEC);
        }
        if (id.size() == 1) {
            return new BootstrapInfo(0, 1, 0, 1, "singleton", new byte[0], null, "local", timeout,
                    id.origin() + ", one rank");
        }
        Root root = root(env, props, id);
        if (root == null) {
            throw new MpiException(ErrorClass.ERR_OTHER, missingRendezvous(id));
        }
        String jobId = env.get(JOB_ID);
        if (jobId == null || jobId.isBlank()) {
            jobId = id.origin().equals(ORIGIN_SLURM)
                    ? "slurm-" + env.getOrDefault("SLURM_JOB_ID", "?") + "." + slurmStep(env)
                    : "root-" + root.host() + ":" + root.port();
        }
        return new BootstrapInfo(id.rank(), id.size(), localRank, localSize, jobId, secret,
                InetSocketAddress.createUnresolved(root.host(), root.port()), transport, timeout, id.origin(),
                root.source());
    }

    // ---- Identity, in order of precedence ----

    private static Identity identity(Map<String, String> env, Properties props) {
        String rank = props.getProperty(RANK_PROPERTY);
        String size = props.getProperty(SIZE_PROPERTY);
        if (rank != null || size != null) {
            if (rank == null || size == null) {
                throw new MpiException(ErrorClass.ERR_ARG, "-D" + RANK_PROPERTY + " and -D" + SIZE_PROPERTY
                        + " go together: set both or neither");
            }
            int r = number(RANK_PROPERTY, rank);
            int s = number(SIZE_PROPERTY, size);
            String lr = props.getProperty(LOCAL_RANK_PROPERTY);
            String ls = props.getProperty(LOCAL_SIZE_PROPERTY);
            return new Identity(ORIGIN_EXPLICIT, "-D" + RANK_PROPERTY + "/-D" + SIZE_PROPERTY, r, s,
                    lr == null ? r : number(LOCAL_RANK_PROPERTY, lr), ls == null ? s : number(LOCAL_SIZE_PROPERTY, ls));
        }
        if (env.containsKey(COORDINATOR)) {
            if (!env.containsKey(OMPI_RANK) || !env.containsKey(OMPI_SIZE)) {
                throw new MpiException(ErrorClass.ERR_OTHER, COORDINATOR + " is set but " + OMPI_RANK + " and "
                        + OMPI_SIZE + " are not: jmpiexec sets all three; start the job with jmpiexec");
            }
            return ompi(env, ORIGIN_JMPIEXEC);
        }
        if (env.containsKey(OMPI_RANK) && env.containsKey(OMPI_SIZE)) {
            return ompi(env, ORIGIN_OPEN_MPI);
        }
        if (env.containsKey("PMI_RANK") && env.containsKey("PMI_SIZE")) {
            int r = intVar(env, "PMI_RANK", 0);
            int s = intVar(env, "PMI_SIZE", 1);
            return new Identity(ORIGIN_HYDRA, "PMI_RANK/PMI_SIZE", r, s,
                    intVar(env, "MPI_LOCALRANKID", r), intVar(env, "MPI_LOCALNRANKS", s));
        }
        Identity slurm = slurm(env);
        if (slurm != null) {
            return slurm;
        }
        if (env.containsKey("RANK") && env.containsKey("WORLD_SIZE")) {
            int r = intVar(env, "RANK", 0);
            int s = intVar(env, "WORLD_SIZE", 1);
            return new Identity(ORIGIN_TORCHRUN, "RANK/WORLD_SIZE", r, s,
                    intVar(env, "LOCAL_RANK", r), intVar(env, "LOCAL_WORLD_SIZE", s));
        }
        return null;
    }

    private static Identity ompi(Map<String, String> env, String origin) {
        int r = intVar(env, OMPI_RANK, 0);
        int s = intVar(env, OMPI_SIZE, 1);
        return new Identity(origin, OMPI_RANK + "/" + OMPI_SIZE, r, s,
                intVar(env, OMPI_LOCAL_RANK, r), intVar(env, OMPI_LOCAL_SIZE, s));
    }

    private static Identity slurm(Map<String, String> env) {
        if (!env.containsKey("SLURM_PROCID")) {
            return null;
        }
        String sizeVar = env.containsKey("SLURM_STEP_NUM_TASKS") ? "SLURM_STEP_NUM_TASKS" : "SLURM_NTASKS";
        if (!env.containsKey(sizeVar)) {
            return null;
        }
        boolean step = env.containsKey("SLURM_STEP_ID") || env.containsKey("SLURM_STEPID")
                || env.containsKey("SLURM_STEP_NODELIST") || env.containsKey("SLURM_STEP_NUM_TASKS");
        if (!step) {
            // A batch script or an salloc shell: one process, whatever the allocation's size.
            LOG.info("Slurm allocation of {} tasks, but this process was not started by srun (no SLURM_STEP_*):"
                    + " it runs as a singleton; start the ranks with srun", env.get(sizeVar));
            return null;
        }
        int r = intVar(env, "SLURM_PROCID", 0);
        int s = intVar(env, sizeVar, 1);
        return new Identity(ORIGIN_SLURM, "SLURM_PROCID/" + sizeVar, r, s, intVar(env, "SLURM_LOCALID", r),
                slurmLocalSize(env, s));
    }

    /**
     * The number of tasks on this node: {@code SLURM_STEP_TASKS_PER_NODE} (or
     * {@code SLURM_TASKS_PER_NODE}), in Slurm's compressed form {@code 2(x3),1}, at
     * {@code SLURM_NODEID}; else {@code SLURM_NTASKS_PER_NODE}; else the job's size.
     */
    static int slurmLocalSize(Map<String, String> env, int size) {
        String perNode = env.getOrDefault("SLURM_STEP_TASKS_PER_NODE", env.get("SLURM_TASKS_PER_NODE"));
        if (perNode != null && !perNode.isBlank()) {
            int node = intVar(env, "SLURM_NODEID", 0);
            int index = 0;
            for (String part : perNode.split(",")) {
                String p = part.trim();
                int x = p.indexOf("(x");
                try {
                    int tasks = Integer.parseInt(x < 0 ? p : p.substring(0, x));
                    int repeat = x < 0 ? 1 : Integer.parseInt(p.substring(x + 2, p.length() - 1));
                    if (node < index + repeat) {
                        return tasks;
                    }
                    index += repeat;
                } catch (NumberFormatException | IndexOutOfBoundsException e) {
                    break; // fall back below
                }
            }
        }
        return intVar(env, "SLURM_NTASKS_PER_NODE", size);
    }

    // ---- Rendezvous ----

    private static Root root(Map<String, String> env, Properties props, Identity id) {
        String explicit = props.getProperty(ROOT_PROPERTY);
        if (explicit != null && !explicit.isBlank()) {
            return hostPort(explicit.trim(), "-D" + ROOT_PROPERTY);
        }
        String root = env.get(ROOT);
        if (root != null && !root.isBlank()) {
            return hostPort(root.trim(), ROOT);
        }
        boolean slurm = id.origin().equals(ORIGIN_SLURM);
        String addr = env.get("MASTER_ADDR");
        if (addr != null && !addr.isBlank()) {
            String portVar = firstSet(env, "MASTER_PORT", ROOT_PORT);
            if (portVar != null) {
                return new Root(addr.trim(), portNumber(portVar, env.get(portVar)), "MASTER_ADDR/" + portVar);
            }
            if (slurm) {
                return new Root(addr.trim(), slurmPort(env), "MASTER_ADDR, port from SLURM_JOB_ID");
            }
            throw new MpiException(ErrorClass.ERR_OTHER, "MASTER_ADDR is set but MASTER_PORT is not:"
                    + " set MASTER_PORT to a free port on " + addr.trim() + " (rank " + id.rank() + " of "
                    + id.size() + ", " + id.origin() + ")");
        }
        if (slurm) {
            String listVar = firstSet(env, "SLURM_STEP_NODELIST", "SLURM_JOB_NODELIST", "SLURM_NODELIST");
            if (listVar == null) {
                return null;
            }
            String host = SlurmHostlist.first(env.get(listVar));
            String port = firstSet(env, ROOT_PORT, "MASTER_PORT");
            return port != null
                    ? new Root(host, portNumber(port, env.get(port)), "the first host of " + listVar + ", port " + port)
                    : new Root(host, slurmPort(env), "the first host of " + listVar + ", port from SLURM_JOB_ID");
        }
        return null;
    }

    /**
     * The rendezvous port under Slurm when none is given:
     * {@code 20000 + (SLURM_JOB_ID * 16 + SLURM_STEP_ID) % 20000}, so concurrent jobs and
     * steps on a node rarely collide (set {@code JMPI_ROOT_PORT} when they do).
     *
     * @param env the environment
     * @return a port in 20000..39999
     */
    static int slurmPort(Map<String, String> env) {
        String job = env.getOrDefault("SLURM_JOB_ID", env.getOrDefault("SLURM_JOBID", "0")).trim();
        long jobId;
        try {
            jobId = Long.parseLong(job);
        } catch (NumberFormatException e) {
            jobId = job.hashCode() & 0x7fffffffL;
        }
        long step;
        try {
            step = Long.parseLong(slurmStep(env));
        } catch (NumberFormatException e) {
            step = 0;
        }
        return (int) (20000 + Math.floorMod(jobId * 16 + step, 20000L));
    }

    private static String slurmStep(Map<String, String> env) {
        return env.getOrDefault("SLURM_STEP_ID", env.getOrDefault("SLURM_STEPID", "0")).trim();
    }

    private static String missingRendezvous(Identity id) {
        String how = switch (id.origin()) {
            case ORIGIN_OPEN_MPI -> "pass a rendezvous address to the ranks, e.g. mpirun -x MASTER_ADDR=<host of rank 0>"
                    + " -x MASTER_PORT=<free port> ..., or -x JMPI_ROOT=<host>:<port>";
            case ORIGIN_HYDRA -> "pass a rendezvous address to the ranks, e.g. mpiexec -genv MASTER_ADDR <host of rank 0>"
                    + " -genv MASTER_PORT <free port> ..., or -genv JMPI_ROOT <host>:<port>";
            case ORIGIN_SLURM -> "set JMPI_ROOT=<host>:<port>, or MASTER_ADDR and MASTER_PORT"
                    + " (srun sets SLURM_STEP_NODELIST, which names rank 0's host, but it is missing here)";
            case ORIGIN_EXPLICIT -> "set -D" + ROOT_PROPERTY + "=<host of rank 0>:<port>, or JMPI_ROOT, or MASTER_ADDR"
                    + " and MASTER_PORT";
            default -> "set MASTER_ADDR and MASTER_PORT (the host of rank 0 and a free port there),"
                    + " or JMPI_ROOT=<host>:<port>";
        };
        return "this process is rank " + id.rank() + " of " + id.size() + " according to " + id.origin() + " ("
                + id.variables() + "), but no rendezvous address is set, so the ranks cannot meet: " + how
                + "; or start the job with jmpiexec. jmpi never starts " + id.size() + " separate singletons.";
    }

    private static Root hostPort(String hostPort, String source) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0 || colon == hostPort.length() - 1) {
            throw new MpiException(ErrorClass.ERR_OTHER, source + "='" + hostPort + "' is not host:port");
        }
        String host = hostPort.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new Root(host, portNumber(source, hostPort.substring(colon + 1)), source);
    }

    private static int portNumber(String name, String value) {
        int p;
        try {
            p = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new MpiException(ErrorClass.ERR_OTHER, name + "=" + value + " is not a port number");
        }
        if (p < 1 || p > 65535) {
            throw new MpiException(ErrorClass.ERR_OTHER, name + "=" + value + " is not a port number (1..65535)");
        }
        return p;
    }

    private static String firstSet(Map<String, String> env, String... names) {
        for (String n : names) {
            String v = env.get(n);
            if (v != null && !v.isBlank()) {
                return n;
            }
        }
        return null;
    }

    // ---- Values ----

    private static Duration startupTimeout(Map<String, String> env, Properties props) {
        String text = props.getProperty("jmpi.startupTimeout", env.get(STARTUP_TIMEOUT));
        if (text == null || text.isBlank()) {
            return BootstrapInfo.DEFAULT_STARTUP_TIMEOUT;
        }
        try {
            long seconds = Long.parseLong(text.trim());
            if (seconds > 0) {
                return Duration.ofSeconds(seconds);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new MpiException(ErrorClass.ERR_ARG, "the start-up timeout (-Djmpi.startupTimeout or "
                + STARTUP_TIMEOUT + ") is '" + text + "'; valid: a positive number of seconds");
    }

    private static int number(String name, String v) {
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new MpiException(ErrorClass.ERR_ARG, "-D" + name + "=" + v + " is not a number");
        }
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
