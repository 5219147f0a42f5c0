/**
 * {@code jmpiexec}, jmpi's launcher: it places the ranks of a job on this machine or on the hosts
 * given, starts them (remote ones through a launch agent), runs the job's coordinator, forwards
 * the ranks' output line by line and stdin, and ends the whole job when one rank fails or the
 * time limit passes, as Open MPI's {@code mpirun} does.
 *
 * <p>{@link io.jmpi.launcher.JmpiExec} is the command line; {@link io.jmpi.launcher.Job} runs
 * one job. The other classes are the job's parts: {@link io.jmpi.launcher.LaunchOptions}
 * (what the user asked for), {@link io.jmpi.launcher.HostList} and
 * {@link io.jmpi.launcher.Hostfile} (hosts and slots), {@link io.jmpi.launcher.Mapper} and
 * {@link io.jmpi.launcher.RankPlacement} (which rank runs where), {@link io.jmpi.launcher.LocalHost},
 * {@link io.jmpi.launcher.RemoteCommand} (the launch agent's command line),
 * {@link io.jmpi.launcher.RankEnvironment} (the variables each rank reads),
 * {@link io.jmpi.launcher.RankProcess} (one started rank), {@link io.jmpi.launcher.OutputForwarder},
 * {@link io.jmpi.launcher.LineSink} and {@link io.jmpi.launcher.RankOutput} (whole-line output,
 * tags, time stamps, files), {@link io.jmpi.launcher.StdinForwarder},
 * {@link io.jmpi.launcher.SignalForwarder}, {@link io.jmpi.launcher.ThreadDumps}, and
 * {@link io.jmpi.launcher.ProcessTreeTerminator} (SIGTERM, grace, SIGKILL, descendants too).
 */
package io.jmpi.launcher;
