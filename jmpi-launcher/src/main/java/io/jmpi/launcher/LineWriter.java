package io.jmpi.launcher;

import java.io.IOException;

/**
 * Where an {@link OutputForwarder} puts a rank's output: whole lines, each call one unit that
 * must not be mixed with another call's lines.
 *
 * <p>Implementations are called by one forwarder thread each, but may share a destination with
 * other forwarders, so they must be thread-safe.
 */
public interface LineWriter {
    /**
     * Writes complete lines, each already ending with {@code '\n'}.
     *
     * @param bytes the buffer
     * @param offset where the lines start
     * @param length how many bytes to write
     * @throws IOException when the destination fails
     */
    void writeLines(byte[] bytes, int offset, int length) throws IOException;

    /**
     * Writes one line that lacks its {@code '\n'}, adding it.
     *
     * @param bytes the buffer
     * @param offset where the line starts
     * @param length the line's length
     * @throws IOException when the destination fails
     */
    void writeLine(byte[] bytes, int offset, int length) throws IOException;
}
