package io.jmpi;

/** {@link PointToPointObjectTest} over the in-process transport. */
class LocalPointToPointObjectTest extends PointToPointObjectTest {
    @Override
    protected String transport() {
        return "local";
    }
}
