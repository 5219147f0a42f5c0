package io.jmpi;

/** {@link SerializationTest} over the in-process transport. */
class LocalSerializationTest extends SerializationTest {
    @Override
    protected String transport() {
        return "local";
    }
}
