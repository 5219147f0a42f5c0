package io.jmpi.launcher;

/**
 * A command line or launcher setting that jmpiexec cannot accept. Its message says what is wrong
 * in words meant for the user; {@code jmpiexec} prints it with a hint and exits with
 * {@link LaunchOptions#EXIT_USAGE}.
 */
public final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what is wrong, for the user
     */
    public UsageException(String message) {
        super(message);
    }
}
