package io.jmpi;

/** {@link CartcommTest} over the in-process transport. */
class LocalCartcommTest extends CartcommTest {
    @Override
    protected String transport() {
        return "local";
    }
}
