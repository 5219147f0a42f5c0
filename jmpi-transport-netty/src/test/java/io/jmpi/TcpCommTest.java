package io.jmpi;

/** {@link CommTest} over the TCP transport (loopback), at fewer sizes. */
class TcpCommTest extends CommTest {
    @Override
    protected String transport() {
        return "tcp";
    }

    @Override
    protected int[] sizes() {
        return new int[] {1, 2, 3, 5};
    }

    @Override
    void shouldRunTenThousandDupFreeCyclesInBoundedMemory() {
        // in-process only: the cycle count makes it a test of the allocator, not of TCP
    }
}
