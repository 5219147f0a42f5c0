package io.jmpi;

/** {@link RequestTest} over the TCP transport (loopback). */
class TcpRequestTest extends RequestTest {
    @Override
    protected String transport() {
        return "tcp";
    }
}
