package io.jmpi.launcher;

import io.jmpi.internal.bootstrap.LaunchEnvironment;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The environment variables jmpiexec gives each rank of a job, with Open MPI's meanings for the
 * {@code OMPI_*} ones (every rank runs on this machine, so the local and node ranks equal the
 * rank) and jmpi's own {@code JMPI_*} ones for meeting at the coordinator. They overwrite what
 * the rank would otherwise inherit; nothing else of jmpiexec's environment is changed, and no
 * {@code PMI_*} or {@code PMIX_*} variable is set.
 *
 * @param size the number of ranks in the job
 * @param coordinator the coordinator's {@code host:port}
 * @param jobId the job's id
 * @param secret the job's secret
 */
public record RankEnvironment(int size, String coordinator, String jobId, byte[] secret) {

    /**
     * Checks and copies the fields.
     *
     * @param size the number of ranks in the job
     * @param coordinator the coordinator's {@code host:port}
     * @param jobId the job's id
     * @param secret the job's secret
     */
    public RankEnvironment {
        if (size < 1) {
            throw new IllegalArgumentException("size must be >= 1, got " + size);
        }
        secret = secret.clone();
    }

    /**
     * Returns the variables for one rank.
     *
     * @param rank the rank, from 0 to {@code size - 1}
     * @return the variables, in a fixed order
     */
    public Map<String, String> forRank(int rank) {
        if (rank < 0 || rank >= size) {
            throw new IllegalArgumentException("rank must be in [0, " + size + "), got " + rank);
        }
        Map<String, String> env = new LinkedHashMap<>();
        env.put(LaunchEnvironment.OMPI_SIZE, String.valueOf(size));
        env.put(LaunchEnvironment.OMPI_RANK, String.valueOf(rank));
        env.put(LaunchEnvironment.OMPI_LOCAL_RANK, String.valueOf(rank));
        env.put(LaunchEnvironment.OMPI_LOCAL_SIZE, String.valueOf(size));
        env.put(LaunchEnvironment.OMPI_NODE_RANK, String.valueOf(rank));
        env.put(LaunchEnvironment.OMPI_UNIVERSE_SIZE, String.valueOf(size));
        env.put(LaunchEnvironment.COORDINATOR, coordinator);
        env.put(LaunchEnvironment.JOB_ID, jobId);
        env.put(LaunchEnvironment.SECRET, HexFormat.of().formatHex(secret));
        return env;
    }

    /** @return a copy of the job's secret */
    @Override
    public byte[] secret() {
        return secret.clone();
    }

    /** @return the fields, with the secret left out */
    @Override
    public String toString() {
        return "RankEnvironment[size=" + size + ", coordinator=" + coordinator + ", jobId=" + jobId + "]";
    }
}
