package io.jmpi.launcher;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Copies jmpiexec's stdin to rank 0's stdin on a daemon thread, flushing whatever arrives, and
 * closes rank 0's stdin at end of input so the rank sees EOF. When rank 0 stops reading (it
 * exited, or closed its stdin) the copy stops quietly. Being a daemon, it never keeps jmpiexec
 * alive while it waits for input.
 */
public final class StdinForwarder {
    private static final Logger LOG = LoggerFactory.getLogger(StdinForwarder.class);

    private StdinForwarder() {
    }

    /**
     * Starts copying.
     *
     * @param from jmpiexec's stdin
     * @param to rank 0's stdin; closed at end of input
     */
    public static void start(InputStream from, OutputStream to) {
        Thread t = new Thread(() -> copy(from, to), "jmpiexec-stdin");
        t.setDaemon(true);
        t.start();
    }

    private static void copy(InputStream from, OutputStream to) {
        byte[] buf = new byte[8192];
        try (to) {
            int n;
            while ((n = from.read(buf)) >= 0) {
                to.write(buf, 0, n);
                to.flush();
            }
        } catch (IOException e) {
            LOG.debug("stdin forwarding to rank 0 stopped: {}", e.toString());
        }
    }
}
