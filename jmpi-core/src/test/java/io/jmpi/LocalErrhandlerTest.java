package io.jmpi;

/** {@link ErrhandlerTest} over the in-process transport. */
class LocalErrhandlerTest extends ErrhandlerTest {
    @Override
    protected String transport() {
        return "local";
    }
}
