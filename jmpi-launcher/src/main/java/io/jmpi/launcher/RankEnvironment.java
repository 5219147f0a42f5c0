package io.jmpi.launcher;

import io.jmpi.internal.bootstrap.LaunchEnvironment;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environment variables jmpiexec gives each rank of a job, with Open MPI's meanings for the
 * {@code OMPI_*} ones and jmpi's own {@code JMPI_*} ones for meeting at the coordinator. They
 * overwrite what the rank would otherwise inherit; no {@code PMI_*} or {@code PMIX_*} variable is
 * set.
 *
 * @param size the number of ranks in the job
 * @param universeSize the number of slots the job may use
 * @param coordinator the coordinator's {@code host:port}
 * @param jobId the job's id
 * @param secret the job's secret
 * @param extra more variables every rank gets (the stall report's threshold, the job's TLS keys)
 */
public record RankEnvironment(int size, int universeSize, String coordinator, String jobId, byte[] secret,
                              Map<String, String> extra) {
    /** The name of the host a rank was placed on, as given by {@code --host} or a hostfile. */
    public static final String HOST = "JMPI_HOST";
    /** The index of that host among the job's hosts. */
    public static final String HOST_INDEX = "JMPI_HOST_INDEX";

    /**
     * Checks and copies the fields.
     *
     * @param size the number of ranks in the job
     * @param universeSize the number of slots the job may use
     * @param coordinator the coordinator's {@code host:port}
     * @param jobId the job's id
     * @param secret the job's secret
     * @param extra more variables every rank gets
     */
    public RankEnvironment {
        if (size < 1) {
            throw new IllegalArgumentException("size must be >= 1, got " + size);
        }
        secret = secret.clone();
        extra = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(extra));
    }

    /**
     * The variables of a job without extra ones.
     *
     * @param size the number of ranks in the job
     * @param universeSize the number of slots the job may use
     * @param coordinator the coordinator's {@code host:port}
     * @param jobId the job's id
     * @param secret the job's secret
     */
    public RankEnvironment(int size, int universeSize, String coordinator, String jobId, byte[] secret) {
        this(size, universeSize, coordinator, jobId, secret, Map.of());
    }

    /**
     * Returns the variables for one rank.
     *
     * @param p the rank's placement
     * @return the variables, in a fixed order
     */
    public Map<String, String> forRank(RankPlacement p) {
        if (p.rank() < 0 || p.rank() >= size) {
            throw new IllegalArgumentException("rank must be in [0, " + size + "), got " + p.rank());
        }
        Map<String, String> env = new LinkedHashMap<>();
        env.put(LaunchEnvironment.OMPI_SIZE, String.valueOf(size));
        env.put(LaunchEnvironment.OMPI_RANK, String.valueOf(p.rank()));
        env.put(LaunchEnvironment.OMPI_LOCAL_RANK, String.valueOf(p.localRank()));
        env.put(LaunchEnvironment.OMPI_LOCAL_SIZE, String.valueOf(p.localSize()));
        env.put(LaunchEnvironment.OMPI_NODE_RANK, String.valueOf(p.localRank()));
        env.put(LaunchEnvironment.OMPI_UNIVERSE_SIZE, String.valueOf(universeSize));
        env.put(LaunchEnvironment.COORDINATOR, coordinator);
        env.put(LaunchEnvironment.JOB_ID, jobId);
        env.put(LaunchEnvironment.SECRET, HexFormat.of().formatHex(secret));
        env.put(HOST, p.host());
        env.put(HOST_INDEX, String.valueOf(p.hostIndex()));
        env.putAll(extra);
        return env;
    }

    /** @return a copy of the job's secret */
    @Override
    public byte[] secret() {
        return secret.clone();
    }

    /** @return the fields, with the secret and the extra variables' values left out */
    @Override
    public String toString() {
        return "RankEnvironment[size=" + size + ", universeSize=" + universeSize + ", coordinator=" + coordinator
                + ", jobId=" + jobId + ", extra=" + extra.keySet() + "]";
    }
}
