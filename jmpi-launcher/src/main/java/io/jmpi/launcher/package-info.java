/**
 * {@code jmpiexec}, jmpi's launcher: it starts the ranks of a job on this machine, runs the
 * job's coordinator, forwards the ranks' output line by line and stdin to rank 0, and ends
 * the whole job when one rank fails, as Open MPI's {@code mpirun} does.
 *
 * <p>{@link io.jmpi.launcher.JmpiExec} is the command line; {@link io.jmpi.launcher.Job} runs
 * one job. The other classes are the job's parts: {@link io.jmpi.launcher.LaunchOptions}
 * (what the user asked for), {@link io.jmpi.launcher.RankEnvironment} (the variables each rank
 * reads), {@link io.jmpi.launcher.RankProcess} (one started rank),
 * {@link io.jmpi.launcher.OutputForwarder} and {@link io.jmpi.launcher.LineSink} (whole-line
 * output), {@link io.jmpi.launcher.StdinForwarder}, and
 * {@link io.jmpi.launcher.ProcessTreeTerminator} (SIGTERM, grace, SIGKILL, descendants too).
 */
package io.jmpi.launcher;
