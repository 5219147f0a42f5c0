package io.jmpi.launcher;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Asks the Java processes among the ranks (a rank's own process or one of its descendants whose
 * executable is {@code java}) to print their thread dumps, for {@code --get-stack-traces}: each
 * gets {@code SIGQUIT}, on which a JVM prints every thread's stack to its stdout and goes on
 * running, so the dump reaches jmpiexec's output like any other line of the rank.
 *
 * <p>Only ranks on this machine are reached; POSIX only ({@code kill -QUIT}).
 */
public final class ThreadDumps {
    private static final Logger LOG = LoggerFactory.getLogger(ThreadDumps.class);

    private ThreadDumps() {
    }

    /**
     * Sends {@code SIGQUIT} to the Java processes among the given ranks' process trees.
     *
     * @param ranks the ranks' root processes
     * @return how many Java processes were asked
     */
    public static int request(Collection<ProcessHandle> ranks) {
        List<String> pids = new ArrayList<>();
        for (ProcessHandle root : ranks) {
            Stream.concat(Stream.of(root), root.descendants())
                    .filter(ProcessHandle::isAlive)
                    .filter(ThreadDumps::isJava)
                    .forEach(p -> pids.add(Long.toString(p.pid())));
        }
        if (pids.isEmpty()) {
            return 0;
        }
        List<String> command = new ArrayList<>(List.of("kill", "-QUIT"));
        command.addAll(pids);
        try {
            Process kill = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!kill.waitFor(5, TimeUnit.SECONDS)) {
                kill.destroyForcibly();
            }
        } catch (IOException e) {
            LOG.warn("cannot ask Java ranks for thread dumps: {}", e.toString());
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return pids.size();
    }

    private static boolean isJava(ProcessHandle p) {
        return p.info().command().map(c -> {
            String file = c.substring(c.lastIndexOf('/') + 1);
            return file.equals("java");
        }).orElse(false);
    }
}
