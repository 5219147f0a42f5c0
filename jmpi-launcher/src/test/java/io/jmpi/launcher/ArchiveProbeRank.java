package io.jmpi.launcher;

/**
 * A rank program for the class-data sharing tests: prints one line and exits 0 (it does not
 * join the job, so it runs as any command does).
 */
public final class ArchiveProbeRank {
    private ArchiveProbeRank() {
    }

    /**
     * Runs the rank.
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        System.out.println("probe rank " + System.getenv("OMPI_COMM_WORLD_RANK"));
    }
}
