package io.jmpi;

/** {@link CommTest} over the in-process transport. */
class LocalCommTest extends CommTest {
    @Override
    protected String transport() {
        return "local";
    }
}
