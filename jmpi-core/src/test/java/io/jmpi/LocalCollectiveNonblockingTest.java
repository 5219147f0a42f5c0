package io.jmpi;

/** {@link CollectiveNonblockingTest} over the in-process transport. */
class LocalCollectiveNonblockingTest extends CollectiveNonblockingTest {
    @Override
    protected String transport() {
        return "local";
    }
}
