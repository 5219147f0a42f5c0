package io.jmpi.launcher;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;

/**
 * One of jmpiexec's own output streams (stdout or stderr), shared by the forwarders of every
 * rank and by jmpiexec's messages. Each call writes whole lines under one lock and flushes, so
 * lines of different ranks never mix and appear as soon as they are complete.
 *
 * <p>Thread-safe. Once a write has failed (the reader went away, as {@code head} does), the
 * sink is broken: later writes fail at once, so forwarders stop and the ranks see a closed pipe,
 * as in a shell pipeline.
 */
public final class LineSink implements LineWriter {
    private final OutputStream out;
    private final Object lock = new Object();
    private boolean broken;

    /**
     * Creates a sink over a stream.
     *
     * @param out the destination; written only by this sink from now on
     */
    public LineSink(OutputStream out) {
        this.out = out;
    }

    /**
     * Writes complete lines, each already ending with {@code '\n'}, and flushes.
     *
     * @param bytes the buffer
     * @param offset where the lines start
     * @param length how many bytes to write
     * @throws IOException when the destination fails (now or before)
     */
    @Override
    public void writeLines(byte[] bytes, int offset, int length) throws IOException {
        synchronized (lock) {
            checkNotBroken();
            try {
                out.write(bytes, offset, length);
                out.flush();
            } catch (IOException e) {
                broken = true;
                throw e;
            }
        }
    }

    /**
     * Writes one line that lacks its {@code '\n'}, adds it, and flushes.
     *
     * @param bytes the buffer
     * @param offset where the line starts
     * @param length the line's length
     * @throws IOException when the destination fails (now or before)
     */
    @Override
    public void writeLine(byte[] bytes, int offset, int length) throws IOException {
        synchronized (lock) {
            checkNotBroken();
            try {
                out.write(bytes, offset, length);
                out.write('\n');
                out.flush();
            } catch (IOException e) {
                broken = true;
                throw e;
            }
        }
    }

    /**
     * Writes one of jmpiexec's own messages as a line, ignoring a broken destination: there is
     * nowhere else to say it.
     *
     * @param message the text, without a line end
     */
    public void println(String message) {
        byte[] bytes = message.getBytes(Charset.defaultCharset());
        try {
            writeLine(bytes, 0, bytes.length);
        } catch (IOException e) {
            // the destination is gone; so is the reader of this message
        }
    }

    private void checkNotBroken() throws IOException {
        if (broken) {
            throw new IOException("an earlier write to this stream failed");
        }
    }

    /**
     * Flushes and closes the destination; for sinks that own a file.
     *
     * @throws IOException when closing fails
     */
    public void close() throws IOException {
        synchronized (lock) {
            broken = true;
            out.close();
        }
    }
}
