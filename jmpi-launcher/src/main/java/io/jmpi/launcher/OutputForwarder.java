package io.jmpi.launcher;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * Copies one output stream of a rank (its stdout or stderr) to one of jmpiexec's
 * {@link LineWriter}s (a {@link LineSink}, or a {@link RankOutput} around one), whole lines at a time, on its own daemon thread.
 *
 * <p>Bytes are read as they come; every complete line read so far goes to the sink in one
 * write, and the unfinished rest waits for its newline. A last line without a newline is
 * forwarded with one when the stream ends. A line longer than {@link #MAX_LINE} bytes is cut
 * into lines of that length, so memory stays bounded. Bytes are not decoded, so any encoding
 * passes unchanged.
 */
public final class OutputForwarder {
    /** The longest line kept whole; longer lines are cut into lines of this many bytes. */
    public static final int MAX_LINE = 1 << 20;

    private static final Logger LOG = LoggerFactory.getLogger(OutputForwarder.class);
    private static final int READ_SIZE = 64 * 1024;

    private final InputStream in;
    private final LineWriter sink;
    private final Thread thread;

    private OutputForwarder(InputStream in, LineWriter sink, String name) {
        this.in = in;
        this.sink = sink;
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
    }

    /**
     * Starts forwarding a stream.
     *
     * @param in the rank's stream; closed by the forwarder when done
     * @param sink where its lines go
     * @param name the thread's name, such as {@code jmpiexec-rank-1-stdout}
     * @return the running forwarder
     */
    public static OutputForwarder start(InputStream in, LineWriter sink, String name) {
        OutputForwarder f = new OutputForwarder(in, sink, name);
        f.thread.start();
        return f;
    }

    /**
     * Waits until the stream has ended and every line has been written, or a deadline passes.
     *
     * @param deadlineNanos the deadline, in {@link System#nanoTime()} terms
     * @return true when forwarding is done
     * @throws InterruptedException when interrupted while waiting
     */
    public boolean awaitDone(long deadlineNanos) throws InterruptedException {
        long left = deadlineNanos - System.nanoTime();
        if (left > 0) {
            TimeUnit.NANOSECONDS.timedJoin(thread, left);
        }
        return !thread.isAlive();
    }

    private void run() {
        try (in) {
            forward();
        } catch (IOException e) {
            // A rank's pipe failing, or our own destination gone: either way this stream is over.
            // Closing our end (try-with-resources) makes the rank see a closed pipe.
            LOG.debug("{}: forwarding stopped: {}", thread.getName(), e.toString());
        }
    }

    private void forward() throws IOException {
        byte[] buf = new byte[READ_SIZE];
        int length = 0;
        int n;
        while ((n = in.read(buf, length, buf.length - length)) >= 0) {
            int scanned = length;
            length += n;
            int end = lastNewline(buf, scanned, length);
            if (end >= 0) {
                sink.writeLines(buf, 0, end + 1);
                length -= end + 1;
                System.arraycopy(buf, end + 1, buf, 0, length);
            } else if (length == buf.length) {
                if (buf.length < MAX_LINE) {
                    buf = Arrays.copyOf(buf, Math.min(MAX_LINE, buf.length * 2));
                } else {
                    sink.writeLine(buf, 0, length);
                    length = 0;
                }
            }
        }
        if (length > 0) {
            sink.writeLine(buf, 0, length);
        }
    }

    private static int lastNewline(byte[] buf, int from, int to) {
        for (int i = to - 1; i >= from; i--) {
            if (buf[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
