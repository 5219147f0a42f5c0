package io.jmpi;

/** {@link CollectiveBufferTest} over the in-process transport. */
class LocalCollectiveBufferTest extends CollectiveBufferTest {
    @Override
    protected String transport() {
        return "local";
    }
}
