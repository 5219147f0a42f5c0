package io.jmpi;

/** {@link CartcommTest} over the TCP transport (loopback), at fewer sizes. */
class TcpCartcommTest extends CartcommTest {
    @Override
    protected String transport() {
        return "tcp";
    }

    @Override
    protected int[] sizes() {
        return new int[] {1, 2, 4};
    }
}
