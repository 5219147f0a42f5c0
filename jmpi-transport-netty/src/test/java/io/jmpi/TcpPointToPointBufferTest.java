package io.jmpi;

/** {@link PointToPointBufferTest} over the TCP transport (loopback). */
class TcpPointToPointBufferTest extends PointToPointBufferTest {
    @Override
    protected String transport() {
        return "tcp";
    }
}
