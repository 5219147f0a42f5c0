package io.jmpi;

/** {@link BarrierTest} over the in-process transport. */
class LocalBarrierTest extends BarrierTest {
    @Override
    protected String transport() {
        return "local";
    }
}
