package io.jmpi;

/** {@link CollectiveNonblockingTest} over the TCP transport (loopback), at fewer sizes. */
class TcpCollectiveNonblockingTest extends CollectiveNonblockingTest {
    @Override
    protected String transport() {
        return "tcp";
    }

    @Override
    protected int[] sizes() {
        return new int[] {1, 2, 3, 5};
    }
}
