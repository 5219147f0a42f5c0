package io.jmpi;

/** {@link IntercommTest} over the in-process transport. */
class LocalIntercommTest extends IntercommTest {
    @Override
    protected String transport() {
        return "local";
    }
}
