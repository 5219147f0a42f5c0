package io.jmpi;

/** {@link RequestTest} over the in-process transport. */
class LocalRequestTest extends RequestTest {
    @Override
    protected String transport() {
        return "local";
    }
}
