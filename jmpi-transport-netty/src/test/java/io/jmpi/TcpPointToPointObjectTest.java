package io.jmpi;

/** {@link PointToPointObjectTest} over the TCP transport (loopback). */
class TcpPointToPointObjectTest extends PointToPointObjectTest {
    @Override
    protected String transport() {
        return "tcp";
    }
}
