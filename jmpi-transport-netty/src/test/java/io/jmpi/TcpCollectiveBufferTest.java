package io.jmpi;

/** {@link CollectiveBufferTest} over the TCP transport (loopback), at fewer sizes. */
class TcpCollectiveBufferTest extends CollectiveBufferTest {
    @Override
    protected String transport() {
        return "tcp";
    }

    @Override
    protected int[] sizes() {
        return new int[] {1, 2, 3, 5};
    }
}
