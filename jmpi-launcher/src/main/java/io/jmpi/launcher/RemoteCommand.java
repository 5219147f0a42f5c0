package io.jmpi.launcher;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The command line that starts a rank on another host through a launch agent:
 * {@code AGENT... HOST sh -c SCRIPT}, where {@code SCRIPT} is
 * {@code cd WDIR && exec env VAR=VALUE... COMMAND ARGS...} with every word quoted for a POSIX
 * shell.
 *
 * <p>Agents that run a command given as words ({@code ip netns exec}, {@code kubectl exec POD --},
 * a test script that ends in {@code exec "$@"}) get {@code sh}, {@code -c} and the script as
 * three arguments. {@code ssh} and {@code rsh} instead join their arguments into one line that
 * the remote login shell parses, so for them (an agent whose first word's file name is
 * {@code ssh} or {@code rsh}) the whole {@code sh -c SCRIPT} is one argument, quoted once more.
 *
 * <p>The working directory is {@code --wdir} when given (the rank fails if it does not exist
 * there) or else jmpiexec's own, falling back to the remote home directory when that does not
 * exist, as Open MPI does.
 */
public final class RemoteCommand {
    private static final Set<String> LINE_AGENTS = Set.of("ssh", "rsh");

    private RemoteCommand() {
    }

    /**
     * Builds the agent's command line.
     *
     * @param agent the agent's words, such as {@code [ssh]} or {@code [ip, netns, exec]}
     * @param host the host (for {@code ip netns exec}, the namespace)
     * @param workDir the working directory
     * @param workDirGiven whether the user asked for it ({@code --wdir}): then it must exist
     * @param variables the variables the rank gets
     * @param command the rank's command and arguments
     * @return the words to start
     */
    public static List<String> build(List<String> agent, String host, Path workDir, boolean workDirGiven,
                                     Map<String, String> variables, List<String> command) {
        StringBuilder script = new StringBuilder();
        script.append("cd ").append(quote(workDir.toString()));
        script.append(workDirGiven ? " && " : " 2>/dev/null || cd; ");
        script.append("exec env");
        variables.forEach((k, v) -> script.append(' ').append(quote(k + "=" + v)));
        for (String word : command) {
            script.append(' ').append(quote(word));
        }
        List<String> argv = new ArrayList<>(agent);
        argv.add(host);
        if (isLineAgent(agent)) {
            argv.add("sh -c " + quote(script.toString()));
        } else {
            argv.add("sh");
            argv.add("-c");
            argv.add(script.toString());
        }
        return argv;
    }

    /**
     * Whether the agent joins its arguments into one remote command line, as {@code ssh} does.
     *
     * @param agent the agent's words
     * @return true for {@code ssh} and {@code rsh}
     */
    static boolean isLineAgent(List<String> agent) {
        String first = agent.get(0);
        String file = first.substring(first.lastIndexOf('/') + 1);
        return LINE_AGENTS.contains(file);
    }

    /**
     * Quotes a word for a POSIX shell: in single quotes, each {@code '} written as {@code '\''}.
     * Words of only safe characters are left as they are.
     *
     * @param word the word
     * @return the quoted word
     */
    public static String quote(String word) {
        if (!word.isEmpty() && word.matches("[A-Za-z0-9_@%+=:,./-]+")) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
