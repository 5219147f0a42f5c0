package io.jmpi;

/** {@link BarrierTest} over the TCP transport (loopback). */
class TcpBarrierTest extends BarrierTest {
    @Override
    protected String transport() {
        return "tcp";
    }
}
