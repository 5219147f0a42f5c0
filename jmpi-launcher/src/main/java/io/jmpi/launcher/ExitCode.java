package io.jmpi.launcher;

import java.io.File;
import java.util.Map;

/**
 * Exit codes as jmpiexec reports them. On POSIX, Java gives {@code 128 + n} for a child killed
 * by signal {@code n}; jmpiexec names the signal, though it cannot tell such a death from a
 * process that chose to exit with that code.
 */
public final class ExitCode {
    /** Exit status when a command cannot be started, as a shell says "not found". */
    public static final int CANNOT_START = 127;
    /** Exit status when jmpiexec itself fails (its coordinator cannot start, for instance). */
    public static final int LAUNCHER_FAILED = 1;

    private static final boolean POSIX = File.separatorChar == '/';
    private static final Map<Integer, String> SIGNALS = Map.ofEntries(
            Map.entry(1, "SIGHUP"), Map.entry(2, "SIGINT"), Map.entry(3, "SIGQUIT"),
            Map.entry(4, "SIGILL"), Map.entry(5, "SIGTRAP"), Map.entry(6, "SIGABRT"),
            Map.entry(8, "SIGFPE"), Map.entry(9, "SIGKILL"), Map.entry(11, "SIGSEGV"),
            Map.entry(13, "SIGPIPE"), Map.entry(14, "SIGALRM"), Map.entry(15, "SIGTERM"));

    private ExitCode() {
    }

    /**
     * Describes an exit code for a message: {@code code 5}, or {@code code 137 (signal 9,
     * SIGKILL)} on POSIX for codes above 128.
     *
     * @param code the exit code
     * @return the description
     */
    public static String describe(int code) {
        if (!POSIX || code <= 128 || code >= 128 + 65) {
            return "code " + code;
        }
        int signal = code - 128;
        String name = SIGNALS.get(signal);
        return "code " + code + " (signal " + signal + (name == null ? "" : ", " + name) + ")";
    }
}
