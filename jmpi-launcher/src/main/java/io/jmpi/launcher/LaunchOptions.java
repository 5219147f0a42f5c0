package io.jmpi.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What the user asked {@code jmpiexec} to do, parsed from its command line and environment, with
 * Open MPI's {@code mpirun} spellings.
 *
 * <p>Options come first; parsing stops at the first argument that is not an option (or after
 * {@code --}), and everything from there is the command and its arguments, even words that
 * start with {@code -}. So {@code jmpiexec -n 2 java -Xmx1g Main} passes {@code -Xmx1g} to
 * {@code java}. As with {@code mpirun}, long options may start with one dash or two
 * ({@code -np}, {@code -host}, {@code --hostfile}) and take their value as the next argument or
 * after {@code =}.
 *
 * @param action what to do
 * @param ranks the number of ranks to start, or 0 to take it from the hosts' slots or {@code -N}
 * @param command the command and its arguments (empty unless {@code action} is {@link Action#RUN})
 * @param killGrace how long ranks have between SIGTERM and SIGKILL when the job is ended
 * @param hosts the hosts from {@code --host} or a hostfile, or none for this machine alone
 * @param perNode ranks per host ({@code -N}), or 0
 * @param mapBy how ranks are laid out on hosts
 * @param oversubscribe whether hosts may run more ranks than their slots
 * @param exports variables given to every rank ({@code -x}), by name
 * @param workDir the ranks' working directory ({@code --wdir}), or null for jmpiexec's
 * @param output the output and stdin options
 * @param timeout how long the job may run ({@code --timeout}, {@code MPIEXEC_TIMEOUT}), or null
 * @param stackTraces whether Java ranks print thread dumps before a timeout ends them
 * @param launchAgent the command that starts ranks on other hosts, split into words
 * @param coordinatorHost the address remote ranks reach the coordinator at, or null to choose one
 * @param enableRecovery whether the other ranks go on when one fails ({@code --enable-recovery})
 * @param stallReport after how long with every rank blocked in MPI calls a stall report is
 *     printed ({@code --stall-report}, {@code JMPI_STALL_SECONDS}); zero for never
 * @param tls whether the ranks' TCP connections use TLS with keys made for the job ({@code --tls})
 * @param classDataSharing whether Java ranks on this machine share a class-data archive
 *     ({@link ClassDataArchive}; off with {@code --no-cds} or {@code JMPI_CDS=off})
 */
public record LaunchOptions(Action action, int ranks, List<String> command, Duration killGrace,
                            List<HostSlots> hosts, int perNode, Mapper.MapBy mapBy, boolean oversubscribe,
                            Map<String, String> exports, Path workDir, OutputOptions output, Duration timeout,
                            boolean stackTraces, List<String> launchAgent, String coordinatorHost,
                            boolean enableRecovery, Duration stallReport, boolean tls,
                            boolean classDataSharing) {
    /** Exit status for a command line jmpiexec cannot accept. */
    public static final int EXIT_USAGE = 2;
    /** Exit status when {@code --timeout} ends the job (Open MPI's too). */
    public static final int EXIT_TIMEOUT = 110;
    /** The environment variable that sets {@link #killGrace()}, in milliseconds. */
    public static final String KILL_GRACE_VARIABLE = "JMPI_KILL_GRACE_MS";
    /** The grace period when {@value #KILL_GRACE_VARIABLE} is not set. */
    public static final Duration DEFAULT_KILL_GRACE = Duration.ofSeconds(3);
    /** The environment variable that sets {@link #timeout()} when {@code --timeout} is not given. */
    public static final String TIMEOUT_VARIABLE = "MPIEXEC_TIMEOUT";
    /** The environment variable that sets {@link #launchAgent()} when {@code --launch-agent} is not given. */
    public static final String AGENT_VARIABLE = "JMPI_RSH_AGENT";
    /** The launch agent when none is given. */
    public static final String DEFAULT_AGENT = "ssh";
    /** The environment variable that sets {@link #coordinatorHost()}. */
    public static final String COORDINATOR_HOST_VARIABLE = "JMPI_COORDINATOR_HOST";
    /** The environment variable that sets {@link #stallReport()} when {@code --stall-report} is not given. */
    public static final String STALL_VARIABLE = "JMPI_STALL_SECONDS";
    /** The stall report's threshold when none is given. */
    public static final Duration DEFAULT_STALL_REPORT = Duration.ofSeconds(30);
    /** Variables naming a default hostfile, in the order they are looked at. */
    public static final List<String> HOSTFILE_VARIABLES =
            List.of("JMPI_HOSTFILE", "OMPI_MCA_orte_default_hostfile", "HYDRA_HOST_FILE");

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
            "Usage: jmpiexec [OPTIONS] COMMAND [ARGS...]",
            "",
            "Starts copies of COMMAND as the ranks of one jmpi job, on this machine or on the hosts",
            "given, runs the job's coordinator, and forwards the ranks' output (whole lines) and",
            "stdin (to rank 0). Each rank finds its place in OMPI_COMM_WORLD_RANK,",
            "OMPI_COMM_WORLD_SIZE and the other Open MPI variables, and how to meet the others in",
            "JMPI_COORDINATOR, JMPI_JOB_ID and JMPI_SECRET. When one rank fails, jmpiexec ends the",
            "others (unless --enable-recovery). Options are Open MPI's; long ones may start with -",
            "or --, values follow as the next argument or after =. Options end at the first argument",
            "that is not one, or at --.",
            "",
            "Ranks and hosts:",
            "  -n, -np, -c N           the number of ranks (default: every slot of the hosts, or",
            "                          -N times the hosts; required when no host is given)",
            "  -N, --npernode N        N ranks on every host",
            "  -H, --host H[:S],...    hosts to run on, with S slots each (default 1; repeat or",
            "                          list a host twice to add slots)",
            "  --hostfile, --machinefile FILE",
            "                          hosts from FILE: 'host slots=N max_slots=M', # comments",
            "                          (default: $JMPI_HOSTFILE, $OMPI_MCA_orte_default_hostfile or",
            "                          $HYDRA_HOST_FILE, unless --host is given)",
            "  --map-by slot|node[:OVERSUBSCRIBE]",
            "                          fill each host's slots in turn (slot, the default), or deal",
            "                          ranks to hosts one at a time (node)",
            "  --oversubscribe         allow more ranks than slots on hosts that were given (with no",
            "                          host, any -n runs on this machine); max_slots still holds",
            "  --bind-to none          accepted; jmpiexec does not bind ranks to cores",
            "",
            "Environment and directory:",
            "  -x VAR, -x VAR=VALUE    give every rank VAR (jmpiexec's value, or VALUE); remote",
            "                          ranks get only -x variables and jmpi's own",
            "  --wdir, -wd DIR         the ranks' working directory (default: jmpiexec's)",
            "",
            "Input and output:",
            "  --tag-output            prefix lines with [1,RANK]<stdout>: or [1,RANK]<stderr>:",
            "  --timestamp-output      prefix lines with the time they arrived",
            "  --output-filename DIR   also write rank N's output to DIR/1/rank.N/stdout and stderr",
            "  --merge-stderr-to-stdout  send the ranks' stderr to stdout",
            "  --stdin RANK|all|none   who reads jmpiexec's stdin (default 0); others read nothing",
            "",
            "Time limits:",
            "  --timeout S             end the job after S seconds and exit 110 (default:",
            "                          $MPIEXEC_TIMEOUT, else no limit)",
            "  --get-stack-traces      on timeout, Java ranks print their thread dumps first",
            "  --stall-report S        when every rank has waited in MPI calls for S seconds, print",
            "                          what each waits for (default: $" + STALL_VARIABLE + ", else "
                    + DEFAULT_STALL_REPORT.toSeconds() + "; 0: never);",
            "                          the job goes on",
            "",
            "Security:",
            "  --tls                   the ranks' TCP connections use TLS, with a key pair made for",
            "                          this job (only its ranks hold it)",
            "",
            "Start-up:",
            "  --no-cds                Java ranks load their classes as usual; by default jmpiexec",
            "                          keeps a class-data sharing archive per program (written by",
            "                          rank 0 of the first job, in $JMPI_CDS_DIR, else",
            "                          ~/.cache/jmpi/cds) that later ranks map (also: JMPI_CDS=off)",
            "",
            "Failures:",
            "  --enable-recovery       when a rank fails, say so and let the others go on (they get",
            "                          ERR_PROC_FAILED where they need it; see docs/errors.md); the",
            "                          exit status is still the first failing rank's (alias:",
            "                          --disable-auto-cleanup, MPICH's)",
            "",
            "Remote start:",
            "  --launch-agent CMD      the command that starts ranks on other hosts, run as",
            "                          'CMD HOST sh -c SCRIPT' (default: $JMPI_RSH_AGENT, else ssh;",
            "                          for example 'ip netns exec' or 'kubectl exec -i')",
            "  --coordinator-host ADDR the address remote ranks reach jmpiexec at (default:",
            "                          $JMPI_COORDINATOR_HOST, else this machine's address toward",
            "                          the first remote host)",
            "",
            "  -h, --help              print this help and exit",
            "  -V, --version           print the version and exit",
            "",
            "Environment:",
            "  " + KILL_GRACE_VARIABLE + "  milliseconds between SIGTERM and SIGKILL when the job is",
            "                      ended (default " + DEFAULT_KILL_GRACE.toMillis() + ")",
            "",
            "Signals: SIGINT and SIGTERM end every rank (SIGTERM, then SIGKILL after the grace);",
            "SIGUSR1 and SIGUSR2 are passed on to every local rank.",
            "",
            "Exit status: 0 when every rank exits 0; otherwise the code of the first rank that",
            "failed (128+n for a rank killed by signal n), also with --enable-recovery; 110 when",
            "--timeout ended the job; 2 for a usage error; 127 when COMMAND cannot be started.",
            "",
            "Examples:",
            "  jmpiexec -n 4 java -cp \"app.jar:$JMPI_HOME/lib/*\" Main",
            "  jmpiexec --host node1:4,node2:4 --tag-output java -cp \"$CLASSPATH\" Main");

    /**
     * Checks and copies the fields.
     *
     * @param action what to do
     * @param ranks the number of ranks, or 0
     * @param command the command and its arguments
     * @param killGrace the grace period between SIGTERM and SIGKILL
     * @param hosts the hosts, or none
     * @param perNode ranks per host, or 0
     * @param mapBy the layout
     * @param oversubscribe whether hosts may be oversubscribed
     * @param exports variables for every rank
     * @param workDir the working directory, or null
     * @param output the output options
     * @param timeout the time limit, or null
     * @param stackTraces whether to dump Java ranks' threads on timeout
     * @param launchAgent the launch agent's words
     * @param coordinatorHost the coordinator's advertised address, or null
     * @param enableRecovery whether the other ranks go on when one fails
     * @param stallReport the stall report's threshold, zero for none
     * @param tls whether the ranks use TLS
     * @param classDataSharing whether Java ranks share a class-data archive
     */
    public LaunchOptions {
        if (stallReport == null || stallReport.isNegative()) {
            throw new IllegalArgumentException("stallReport must be >= 0, got " + stallReport);
        }
        command = List.copyOf(command);
        hosts = List.copyOf(hosts);
        exports = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(exports));
        launchAgent = List.copyOf(launchAgent);
        if (action == Action.RUN && command.isEmpty()) {
            throw new IllegalArgumentException("a job needs a command");
        }
        if (ranks < 0 || perNode < 0) {
            throw new IllegalArgumentException("ranks and perNode must be >= 0, got " + ranks + " and " + perNode);
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
        int perNode = 0;
        List<String> hostValues = new ArrayList<>();
        String hostfile = null;
        Mapper.MapBy mapBy = Mapper.MapBy.SLOT;
        boolean oversubscribe = false;
        Map<String, String> exports = new LinkedHashMap<>();
        Path workDir = null;
        boolean tag = false;
        boolean timestamp = false;
        Path outputDir = null;
        boolean merge = false;
        int stdinRank = 0;
        String timeoutText = null;
        String timeoutSource = "--timeout";
        boolean stackTraces = false;
        String agent = null;
        String coordinatorHost = null;
        boolean recovery = false;
        String stallText = null;
        String stallSource = "--stall-report";
        boolean tls = false;
        boolean cds = true;
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
            String name = arg.startsWith("--") ? arg.substring(2) : arg.substring(1);
            String inline = null;
            int eq = name.indexOf('=');
            if (eq > 0 && arg.startsWith("--")) {
                inline = name.substring(eq + 1);
                name = name.substring(0, eq);
            }
            String shown = arg.startsWith("--") ? "--" + name : arg;
            Value v = new Value(args, i, shown, inline);
            switch (name) {
                case "h", "help" -> {
                    return help(Action.HELP, killGrace);
                }
                case "V", "version" -> {
                    return help(Action.VERSION, killGrace);
                }
                case "n", "np", "c" -> ranks = positive(shown, v.get("a number of ranks"), "ranks");
                case "N", "npernode" -> perNode = positive(shown, v.get("a number of ranks per host"), "ranks per host");
                case "H", "host" -> hostValues.add(v.get("a list of hosts"));
                case "hostfile", "machinefile" -> {
                    if (hostfile != null) {
                        throw new UsageException("only one " + shown + " may be given");
                    }
                    hostfile = v.get("a file name");
                }
                case "map-by" -> {
                    String value = v.get("slot or node");
                    String[] parts = value.split(":");
                    mapBy = Mapper.MapBy.parse(parts[0]);
                    for (int p = 1; p < parts.length; p++) {
                        switch (parts[p].toUpperCase(Locale.ROOT)) {
                            case "OVERSUBSCRIBE" -> oversubscribe = true;
                            case "NOOVERSUBSCRIBE" -> oversubscribe = false;
                            default -> throw new UsageException("--map-by '" + value + "': unknown modifier '"
                                    + parts[p] + "' (jmpiexec knows OVERSUBSCRIBE)");
                        }
                    }
                }
                case "oversubscribe" -> oversubscribe = v.flag();
                case "bind-to" -> {
                    String value = v.get("none");
                    if (!value.equalsIgnoreCase("none")) {
                        throw new UsageException("--bind-to '" + value + "' is not supported: jmpiexec does not"
                                + " bind ranks to cores; only --bind-to none is accepted");
                    }
                }
                case "x" -> {
                    String value = v.get("VAR or VAR=VALUE");
                    int e = value.indexOf('=');
                    String var = e < 0 ? value : value.substring(0, e);
                    if (!var.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                        throw new UsageException("-x '" + value + "': '" + var + "' is not a variable name");
                    }
                    if (e >= 0) {
                        exports.put(var, value.substring(e + 1));
                    } else if (env.containsKey(var)) {
                        exports.put(var, env.get(var));
                    } else {
                        throw new UsageException("-x " + var + ": " + var + " is not set in jmpiexec's environment");
                    }
                }
                case "wdir", "wd" -> workDir = Path.of(v.get("a directory"));
                case "tag-output" -> tag = v.flag();
                case "timestamp-output" -> timestamp = v.flag();
                case "output-filename" -> outputDir = Path.of(v.get("a directory"));
                case "merge-stderr-to-stdout" -> merge = v.flag();
                case "stdin" -> stdinRank = OutputOptions.parseStdin(v.get("a rank, all or none"));
                case "timeout" -> timeoutText = v.get("a number of seconds");
                case "get-stack-traces" -> stackTraces = v.flag();
                case "launch-agent" -> agent = v.get("a command");
                case "coordinator-host" -> coordinatorHost = v.get("an address");
                case "enable-recovery", "disable-auto-cleanup" -> recovery = v.flag();
                case "stall-report" -> stallText = v.get("a number of seconds");
                case "tls" -> tls = v.flag();
                case "no-cds" -> cds = !v.flag();
                default -> throw new UsageException("unknown option '" + arg + "'" + suggestion(name));
            }
            i = v.next();
        }
        if (i >= args.size()) {
            throw new UsageException(ranks == 0 && hostValues.isEmpty() && hostfile == null && perNode == 0
                    ? "missing the number of ranks (-n N) and the command to run" : "missing the command to run");
        }
        if (!hostValues.isEmpty() && hostfile != null) {
            throw new UsageException("give hosts with --host or with --hostfile, not both");
        }
        List<HostSlots> hosts;
        if (!hostValues.isEmpty()) {
            hosts = HostList.parse(hostValues);
        } else if (hostfile != null) {
            hosts = Hostfile.read(Path.of(hostfile));
        } else {
            hosts = defaultHostfile(env);
        }
        if (hosts.isEmpty() && ranks == 0 && perNode == 0) {
            throw new UsageException("missing the number of ranks (-n N)");
        }
        if (timeoutText == null && env.get(TIMEOUT_VARIABLE) != null && !env.get(TIMEOUT_VARIABLE).isBlank()) {
            timeoutText = env.get(TIMEOUT_VARIABLE);
            timeoutSource = TIMEOUT_VARIABLE;
        }
        Duration timeout = timeoutText == null ? null : parseTimeout(timeoutSource, timeoutText);
        if (agent == null) {
            agent = env.getOrDefault(AGENT_VARIABLE, DEFAULT_AGENT);
        }
        List<String> agentWords = List.of(agent.trim().split("\\s+"));
        if (agent.isBlank()) {
            throw new UsageException("the launch agent is empty");
        }
        if (coordinatorHost == null) {
            coordinatorHost = env.get(COORDINATOR_HOST_VARIABLE);
        }
        if (stallText == null && env.get(STALL_VARIABLE) != null && !env.get(STALL_VARIABLE).isBlank()) {
            stallText = env.get(STALL_VARIABLE);
            stallSource = STALL_VARIABLE;
        }
        Duration stall = stallText == null ? DEFAULT_STALL_REPORT : parseStall(stallSource, stallText);
        OutputOptions output = new OutputOptions(tag, timestamp, outputDir, merge, stdinRank);
        return new LaunchOptions(Action.RUN, ranks, args.subList(i, args.size()), killGrace, hosts, perNode, mapBy,
                oversubscribe, exports, workDir, output, timeout, stackTraces, agentWords,
                coordinatorHost == null || coordinatorHost.isBlank() ? null : coordinatorHost.trim(), recovery, stall,
                tls, cds);
    }

    /** One option's value: the next argument, or the text after {@code =}. */
    private static final class Value {
        private final List<String> args;
        private final int index;
        private final String option;
        private final String inline;
        private int next;

        Value(List<String> args, int index, String option, String inline) {
            this.args = args;
            this.index = index;
            this.option = option;
            this.inline = inline;
            this.next = index + 1;
        }

        String get(String what) {
            if (inline != null) {
                return inline;
            }
            if (index + 1 >= args.size()) {
                throw new UsageException("option " + option + " needs " + what);
            }
            next = index + 2;
            return args.get(index + 1);
        }

        boolean flag() {
            if (inline != null) {
                throw new UsageException("option " + option + " takes no value");
            }
            return true;
        }

        int next() {
            return next;
        }
    }

    private static final List<String> KNOWN = List.of("np", "npernode", "host", "hostfile", "machinefile", "map-by",
            "oversubscribe", "bind-to", "wdir", "tag-output", "timestamp-output", "output-filename",
            "merge-stderr-to-stdout", "stdin", "timeout", "get-stack-traces", "launch-agent", "coordinator-host",
            "enable-recovery", "stall-report", "tls", "help", "version");

    /** A hint for a mistyped option: the known option it is closest to, if any is close. */
    private static String suggestion(String name) {
        String best = null;
        int bestDistance = 3;
        for (String k : KNOWN) {
            int d = distance(name.toLowerCase(Locale.ROOT), k);
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        return best == null ? "" : " (did you mean --" + best + "?)";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private static LaunchOptions help(Action action, Duration killGrace) {
        return new LaunchOptions(action, 0, List.of(), killGrace, List.of(), 0, Mapper.MapBy.SLOT, false, Map.of(),
                null, OutputOptions.DEFAULT, null, false, List.of(DEFAULT_AGENT), null, false, Duration.ZERO, false,
                false);
    }

    private static List<HostSlots> defaultHostfile(Map<String, String> env) {
        for (String variable : HOSTFILE_VARIABLES) {
            String file = env.get(variable);
            if (file != null && !file.isBlank()) {
                try {
                    return Hostfile.read(Path.of(file.trim()));
                } catch (UsageException e) {
                    throw new UsageException(e.getMessage() + " (from " + variable + ")");
                }
            }
        }
        return List.of();
    }

    private static int positive(String option, String value, String what) {
        int n;
        try {
            n = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new UsageException("option " + option + " needs a positive number of " + what + ", got '" + value + "'");
        }
        if (n < 1) {
            throw new UsageException("option " + option + " needs a positive number of " + what + ", got " + n);
        }
        return n;
    }

    private static Duration parseTimeout(String source, String value) {
        try {
            double seconds = Double.parseDouble(value.trim());
            if (seconds > 0 && seconds < 1e9) {
                return Duration.ofMillis(Math.round(seconds * 1000));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException(source + " needs a positive number of seconds, got '" + value + "'");
    }

    private static Duration parseStall(String source, String value) {
        try {
            double seconds = Double.parseDouble(value.trim());
            if (seconds >= 0 && seconds < 1e9) {
                return Duration.ofMillis(Math.round(seconds * 1000));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException(source + " needs a number of seconds >= 0 (0: no stall reports), got '" + value + "'");
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
