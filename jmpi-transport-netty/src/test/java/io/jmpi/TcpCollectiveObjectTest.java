package io.jmpi;

/** {@link CollectiveObjectTest} over the TCP transport (loopback), at fewer sizes. */
class TcpCollectiveObjectTest extends CollectiveObjectTest {
    @Override
    protected String transport() {
        return "tcp";
    }

    @Override
    protected int[] sizes() {
        return new int[] {1, 2, 3, 5};
    }
}
