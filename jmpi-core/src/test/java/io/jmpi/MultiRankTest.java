package io.jmpi;

import java.time.Duration;

/**
 * Base of the multi-rank test suites: each suite runs its ranks as threads of the test JVM over
 * the transport a subclass names, so one suite covers every transport (a thin subclass each).
 */
public abstract class MultiRankTest {
    /** The time limit of one world; the JUnit {@code @Timeout} of each test is above it. */
    protected static final Duration WORLD_TIMEOUT = Duration.ofSeconds(30);

    /**
     * Returns the transport the suite runs over ({@code local}, {@code tcp}).
     *
     * @return the transport's name
     */
    protected abstract String transport();

    /**
     * Runs {@code main} on {@code size} ranks and fails if any rank fails or time runs out.
     *
     * @param size the number of ranks
     * @param main the code of each rank
     */
    protected void run(int size, LocalWorld.RankMain main) {
        LocalWorld.of(size).transport(transport()).timeout(WORLD_TIMEOUT).run(main);
    }

    /**
     * Returns the world sizes {@link #forEachSize} runs at; a subclass for a slower transport
     * may choose fewer.
     *
     * @return the sizes
     */
    protected int[] sizes() {
        return new int[] {1, 2, 3, 4, 5, 8};
    }

    /**
     * Runs {@code main} at every size of {@link #sizes()}.
     *
     * @param main the code of each rank
     */
    protected void forEachSize(LocalWorld.RankMain main) {
        for (int size : sizes()) {
            run(size, main);
        }
    }
}
