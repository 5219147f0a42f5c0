package io.jmpi.launcher;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What the user asked {@code jmpiexec} to do, parsed from its command line and environment.
 *
 * <p>Options come first; parsing stops at the first argument that is not an option (or after
 * {@code --}), and everything from there is the command and its arguments, even words that
 * start with {@code -}. So {@code jmpiexec -n 2 java -Xmx1g Main} passes {@code -Xmx1g} to
 * {@code java}.
 *
 * @param action what to do
 * @param ranks the number of ranks to start ({@code 0} unless {@code action} is {@link Action#RUN})
 * @param command the command and its arguments (empty unless {@code action} is {@link Action#RUN})
 * @param killGrace how long ranks have between SIGTERM and SIGKILL when the job is ended
 */
public record LaunchOptions(Action action, int ranks, List<String> command, Duration killGrace) {
    /** Exit status for a command line jmpiexec cannot accept. */
    public static final int EXIT_USAGE = 2;
    /** The environment variable that sets {@link #killGrace()}, in milliseconds. */
    public static final String KILL_GRACE_VARIABLE = "JMPI_KILL_GRACE_MS";
    /** The grace period when {@value #KILL_GRACE_VARIABLE} is not set. */
    public static final Duration DEFAULT_KILL_GRACE = Duration.ofSeconds(3);

    /** What jmpiexec has been asked to do. */
    public enum Action {
        /** Start the ranks and run the job. */
        RUN,
        /** Print the usage and exit 0. */
        HELP,
        /** Print the version and exit 0. */
        VERSION
    }

    /** The text {@code jmpiexec --help} prints. */
    public static final String USAGE = String.join(System.lineSeparator(),
            "Usage: jmpiexec -n N COMMAND [ARGS...]",
            "",
            "Starts N copies of COMMAND on this machine as the ranks of one jmpi job, runs the",
            "job's coordinator, and forwards the ranks' output (whole lines) and stdin (to rank 0).",
            "Each rank finds its place in OMPI_COMM_WORLD_RANK, OMPI_COMM_WORLD_SIZE and the other",
            "Open MPI variables, and how to meet the others in JMPI_COORDINATOR, JMPI_JOB_ID and",
            "JMPI_SECRET. When one rank fails, jmpiexec ends the others.",
            "",
            "Options (they end at the first argument that is not an option, or after --):",
            "  -n, -np, -c N   the number of ranks to start (required)",
            "  -h, --help      print this help and exit",
            "  -V, --version   print the version and exit",
            "",
            "Environment:",
            "  " + KILL_GRACE_VARIABLE + "  milliseconds between SIGTERM and SIGKILL when the job is",
            "                      ended (default " + DEFAULT_KILL_GRACE.toMillis() + ")",
            "",
            "Exit status: 0 when every rank exits 0; otherwise the code of the first rank that",
            "failed (128+n for a rank killed by signal n); 2 for a usage error; 127 when COMMAND",
            "cannot be started.",
            "",
            "Example:",
            "  jmpiexec -n 4 java -cp \"app.jar:$JMPI_HOME/lib/*\" Main");

    /**
     * Checks and copies the fields.
     *
     * @param action what to do
     * @param ranks the number of ranks
     * @param command the command and its arguments
     * @param killGrace the grace period between SIGTERM and SIGKILL
     */
    public LaunchOptions {
        command = List.copyOf(command);
        if (action == Action.RUN && (ranks < 1 || command.isEmpty())) {
            throw new IllegalArgumentException("a job needs ranks >= 1 and a command, got " + ranks + " and " + command);
        }
        if (killGrace.isNegative()) {
            throw new IllegalArgumentException("killGrace must not be negative, got " + killGrace);
        }
    }

    /**
     * Parses jmpiexec's command line and the launcher's environment variables.
     *
     * @param args the command line, without the program name
     * @param env the environment (normally {@link System#getenv()})
     * @return the options
     * @throws UsageException when the command line or a variable cannot be accepted
     */
    public static LaunchOptions parse(List<String> args, Map<String, String> env) {
        Duration killGrace = parseKillGrace(env.get(KILL_GRACE_VARIABLE));
        int ranks = 0;
        int i = 0;
        while (i < args.size()) {
            String arg = args.get(i);
            if (arg.equals("--")) {
                i++;
                break;
            }
            if (!arg.startsWith("-") || arg.equals("-")) {
                break;
            }
            switch (arg) {
                case "-h", "--help" -> {
                    return new LaunchOptions(Action.HELP, 0, List.of(), killGrace);
                }
                case "-V", "--version" -> {
                    return new LaunchOptions(Action.VERSION, 0, List.of(), killGrace);
                }
                case "-n", "-np", "-c", "--n", "--np" -> {
                    if (i + 1 >= args.size()) {
                        throw new UsageException("option " + arg + " needs a number of ranks");
                    }
                    ranks = parseRanks(arg, args.get(i + 1));
                    i += 2;
                }
                default -> throw new UsageException("unknown option '" + arg + "'");
            }
        }
        if (ranks == 0) {
            throw new UsageException("missing the number of ranks (-n N)");
        }
        if (i >= args.size()) {
            throw new UsageException("missing the command to run");
        }
        return new LaunchOptions(Action.RUN, ranks, args.subList(i, args.size()), killGrace);
    }

    private static int parseRanks(String option, String value) {
        int n;
        try {
            n = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new UsageException("option " + option + " needs a positive number of ranks, got '" + value + "'");
        }
        if (n < 1) {
            throw new UsageException("option " + option + " needs a positive number of ranks, got " + n);
        }
        return n;
    }

    private static Duration parseKillGrace(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_KILL_GRACE;
        }
        try {
            long ms = Long.parseLong(value.trim());
            if (ms >= 0) {
                return Duration.ofMillis(ms);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException(KILL_GRACE_VARIABLE + " must be a number of milliseconds >= 0, got '" + value + "'");
    }
}
