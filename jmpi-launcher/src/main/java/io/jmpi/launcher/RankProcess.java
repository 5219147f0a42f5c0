package io.jmpi.launcher;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One started rank: its operating-system process and the forwarders of its stdout and stderr.
 *
 * <p>The process inherits jmpiexec's environment with the given variables laid over it. For a
 * rank on another host the process is the launch agent ({@link RemoteCommand}). Its stdin is a
 * pipe: fed by a {@link StdinForwarder} for the ranks that read jmpiexec's stdin, closed at once
 * for the others, so they read end of input.
 */
public final class RankProcess {
    private final int rank;
    private final RankPlacement placement;
    private final Process process;
    private final OutputForwarder stdout;
    private final OutputForwarder stderr;

    private RankProcess(RankPlacement placement, Process process, OutputForwarder stdout, OutputForwarder stderr) {
        this.rank = placement.rank();
        this.placement = placement;
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /**
     * Starts a rank and the forwarding of its output.
     *
     * @param placement where the rank runs
     * @param command the words to start: the rank's command, or its launch agent's command line
     * @param variables variables laid over jmpiexec's environment for the started process
     * @param directory the working directory of the started process, or null for jmpiexec's
     * @param mergeStderr whether the rank's stderr goes into its stdout
     * @param out where the rank's stdout lines go
     * @param err where the rank's stderr lines go
     * @return the running rank
     * @throws IOException when the command cannot be started
     */
    public static RankProcess start(RankPlacement placement, List<String> command, Map<String, String> variables,
                                    File directory, boolean mergeStderr, LineWriter out, LineWriter err)
            throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(variables);
        pb.directory(directory);
        pb.redirectErrorStream(mergeStderr);
        Process p = pb.start();
        int rank = placement.rank();
        OutputForwarder o = OutputForwarder.start(p.getInputStream(), out, "jmpiexec-rank-" + rank + "-stdout");
        OutputForwarder e = OutputForwarder.start(p.getErrorStream(), err, "jmpiexec-rank-" + rank + "-stderr");
        return new RankProcess(placement, p, o, e);
    }

    /** @return the rank */
    public int rank() {
        return rank;
    }

    /** @return where the rank runs */
    public RankPlacement placement() {
        return placement;
    }

    /** @return the process id (of the launch agent, for a rank on another host) */
    public long pid() {
        return process.pid();
    }

    /** @return the handle of the rank's process, for ending it and its descendants */
    public ProcessHandle handle() {
        return process.toHandle();
    }

    /** @return whether the process is still running */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** @return the rank's stdin; the caller closes it */
    public OutputStream stdin() {
        return process.getOutputStream();
    }

    /**
     * Closes the rank's stdin, so it reads end of input.
     */
    public void closeStdin() {
        try {
            process.getOutputStream().close();
        } catch (IOException e) {
            // already closed, or the rank is gone: either way it reads no more
        }
    }

    /** @return a future completed with this rank when its process has exited */
    public CompletableFuture<RankProcess> onExit() {
        return process.onExit().thenApply(p -> this);
    }

    /**
     * Returns the exit code; on POSIX, {@code 128 + n} for a process killed by signal {@code n}.
     *
     * @return the exit code
     * @throws IllegalThreadStateException when the process has not exited yet
     */
    public int exitValue() {
        return process.exitValue();
    }

    /**
     * Waits until both output streams have been forwarded to the end, or a deadline passes.
     *
     * @param deadlineNanos the deadline, in {@link System#nanoTime()} terms
     * @return true when all output has been forwarded
     * @throws InterruptedException when interrupted while waiting
     */
    public boolean awaitOutput(long deadlineNanos) throws InterruptedException {
        boolean outDone = stdout.awaitDone(deadlineNanos);
        return stderr.awaitDone(deadlineNanos) && outDone;
    }

    /** @return {@code rank N on HOST (pid P)}, as jmpiexec's messages name a rank */
    @Override
    public String toString() {
        return "rank " + rank + " on " + placement.host() + " (pid " + pid() + (placement.local() ? "" : ", launch agent")
                + ")";
    }
}
