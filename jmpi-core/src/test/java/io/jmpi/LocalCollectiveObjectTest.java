package io.jmpi;

/** {@link CollectiveObjectTest} over the in-process transport. */
class LocalCollectiveObjectTest extends CollectiveObjectTest {
    @Override
    protected String transport() {
        return "local";
    }
}
