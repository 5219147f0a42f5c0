package io.jmpi;

/** {@link PointToPointBufferTest} over the in-process transport. */
class LocalPointToPointBufferTest extends PointToPointBufferTest {
    @Override
    protected String transport() {
        return "local";
    }
}
