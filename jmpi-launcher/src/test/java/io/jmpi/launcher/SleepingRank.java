package io.jmpi.launcher;

/**
 * A rank program for the tests: says it is ready, then sleeps far longer than any test, in a
 * method whose name shows up in a thread dump.
 */
public final class SleepingRank {
    private SleepingRank() {
    }

    /**
     * Runs the rank.
     *
     * @param args ignored
     * @throws InterruptedException never, in practice
     */
    public static void main(String[] args) throws InterruptedException {
        System.out.println("sleeping " + System.getenv("OMPI_COMM_WORLD_RANK"));
        sleepInAThreadDump();
    }

    private static void sleepInAThreadDump() throws InterruptedException {
        Thread.sleep(3_600_000);
    }
}
