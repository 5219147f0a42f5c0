package io.jmpi.launcher;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Copies jmpiexec's stdin to the stdin of the ranks that read it (rank 0 by default, every rank
 * with {@code --stdin all}) on a daemon thread, flushing whatever arrives, and closes their stdin
 * at end of input so they see EOF. A rank that stops reading (it exited, or closed its stdin) is
 * dropped quietly; the copy stops when no rank reads any more. Being a daemon, it never keeps jmpiexec
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
     * @param to the readers' stdin streams; closed at end of input
     */
    public static void start(InputStream from, List<OutputStream> to) {
        Thread t = new Thread(() -> copy(from, new ArrayList<>(to)), "jmpiexec-stdin");
        t.setDaemon(true);
        t.start();
    }

    private static void copy(InputStream from, List<OutputStream> to) {
        byte[] buf = new byte[8192];
        try {
            int n;
            while (!to.isEmpty() && (n = from.read(buf)) >= 0) {
                for (Iterator<OutputStream> it = to.iterator(); it.hasNext(); ) {
                    OutputStream o = it.next();
                    try {
                        o.write(buf, 0, n);
                        o.flush();
                    } catch (IOException e) {
                        LOG.debug("a rank stopped reading its stdin: {}", e.toString());
                        closeQuietly(o);
                        it.remove();
                    }
                }
            }
        } catch (IOException e) {
            LOG.debug("reading jmpiexec's stdin stopped: {}", e.toString());
        } finally {
            to.forEach(StdinForwarder::closeQuietly);
        }
    }

    private static void closeQuietly(OutputStream o) {
        try {
            o.close();
        } catch (IOException e) {
            // the rank is gone: it reads no more either way
        }
    }
}
