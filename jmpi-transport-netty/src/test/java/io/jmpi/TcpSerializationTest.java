package io.jmpi;

/** {@link SerializationTest} over the TCP transport (loopback), with a real coordinator at start-up. */
class TcpSerializationTest extends SerializationTest {
    @Override
    protected String transport() {
        return "tcp";
    }
}
