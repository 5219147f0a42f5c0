package io.jmpi;

/** {@link GraphcommTest} over the TCP transport (loopback), at fewer sizes. */
class TcpGraphcommTest extends GraphcommTest {
    @Override
    protected String transport() {
        return "tcp";
    }

    @Override
    protected int[] sizes() {
        return new int[] {1, 2, 4};
    }
}
