package io.jmpi.launcher;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Passes {@code SIGUSR1} and {@code SIGUSR2} that jmpiexec receives on to every live rank's
 * process on this machine, as {@code mpirun} does. Uses {@code sun.misc.Signal} (module
 * {@code jdk.unsupported}), the JDK's only way to catch a signal; where a signal cannot be caught
 * (not POSIX, or the JVM uses it itself) it is left alone and logged at debug level.
 */
public final class SignalForwarder {
    private static final Logger LOG = LoggerFactory.getLogger(SignalForwarder.class);
    private static final List<String> FORWARDED = List.of("USR1", "USR2");

    private SignalForwarder() {
    }

    /**
     * Starts forwarding.
     *
     * @param ranks supplies the processes of the live ranks on this machine when a signal arrives
     * @return the signals now forwarded, such as {@code [USR1, USR2]}
     */
    public static List<String> install(Supplier<List<ProcessHandle>> ranks) {
        List<String> installed = new ArrayList<>();
        for (String name : FORWARDED) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), s -> forward(name, ranks.get()));
                installed.add(name);
            } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
                LOG.debug("SIG{} cannot be forwarded: {}", name, e.toString());
            }
        }
        return installed;
    }

    private static void forward(String signal, List<ProcessHandle> ranks) {
        List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
        ranks.stream().filter(ProcessHandle::isAlive).forEach(p -> command.add(Long.toString(p.pid())));
        if (command.size() == 2) {
            return;
        }
        LOG.debug("forwarding SIG{} to {} ranks", signal.toUpperCase(Locale.ROOT), command.size() - 2);
        try {
            new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        } catch (IOException e) {
            LOG.warn("cannot forward SIG{}: {}", signal, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
