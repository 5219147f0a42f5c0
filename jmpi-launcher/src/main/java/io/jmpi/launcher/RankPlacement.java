package io.jmpi.launcher;

/**
 * Where one rank runs and its place among the ranks on that host, as Open MPI's
 * {@code OMPI_COMM_WORLD_LOCAL_RANK}, {@code OMPI_COMM_WORLD_LOCAL_SIZE} and
 * {@code OMPI_COMM_WORLD_NODE_RANK} (for one job the node rank equals the local rank) describe it.
 *
 * @param rank the rank in the job
 * @param host the host's name as given by {@code --host} or a hostfile, or this machine's name
 * @param hostIndex the host's index among the hosts that run ranks, in host-list order
 * @param localRank this rank among the job's ranks on the host, in rank order
 * @param localSize the number of the job's ranks on the host
 * @param local whether the host is this machine (the rank is started without a launch agent)
 */
public record RankPlacement(int rank, String host, int hostIndex, int localRank, int localSize, boolean local) {
}
