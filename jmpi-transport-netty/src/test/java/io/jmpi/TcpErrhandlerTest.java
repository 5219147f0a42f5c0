package io.jmpi;

/** {@link ErrhandlerTest} over the TCP transport (loopback), at fewer sizes. */
class TcpErrhandlerTest extends ErrhandlerTest {
    @Override
    protected String transport() {
        return "tcp";
    }

    @Override
    protected int[] sizes() {
        return new int[] {1, 3};
    }
}
