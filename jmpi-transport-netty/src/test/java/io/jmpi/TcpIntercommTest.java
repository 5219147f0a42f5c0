package io.jmpi;

/** {@link IntercommTest} over the TCP transport (loopback), at fewer sizes. */
class TcpIntercommTest extends IntercommTest {
    @Override
    protected String transport() {
        return "tcp";
    }

    @Override
    protected int[] sizes() {
        return new int[] {2, 3, 5};
    }
}
