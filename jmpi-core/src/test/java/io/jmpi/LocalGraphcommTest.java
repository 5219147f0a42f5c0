package io.jmpi;

/** {@link GraphcommTest} over the in-process transport. */
class LocalGraphcommTest extends GraphcommTest {
    @Override
    protected String transport() {
        return "local";
    }
}
