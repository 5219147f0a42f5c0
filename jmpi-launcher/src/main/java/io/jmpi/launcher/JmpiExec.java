package io.jmpi.launcher;

import java.io.BufferedOutputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Properties;

/**
 * The {@code jmpiexec} command: {@code jmpiexec -n N COMMAND [ARGS...]} starts N ranks of
 * COMMAND as one job, on this machine or on the hosts given, like Open MPI's {@code mpirun}. {@code jmpiexec --help}
 * describes the options, the environment and the exit status.
 */
public final class JmpiExec {
    private static final int BUFFER = 64 * 1024;

    private JmpiExec() {
    }

    /**
     * Runs jmpiexec and exits the JVM with its status.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    private static int run(String[] args) {
        LaunchOptions options;
        try {
            options = LaunchOptions.parse(Arrays.asList(args), System.getenv());
        } catch (UsageException e) {
            System.err.println("jmpiexec: " + e.getMessage() + "; try jmpiexec --help");
            return LaunchOptions.EXIT_USAGE;
        }
        switch (options.action()) {
            case HELP:
                System.out.println(LaunchOptions.USAGE);
                return 0;
            case VERSION:
                System.out.println("jmpiexec (jmpi) " + version());
                return 0;
            default:
                break;
        }
        LineSink out = new LineSink(new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), BUFFER));
        LineSink err = new LineSink(new BufferedOutputStream(new FileOutputStream(FileDescriptor.err), BUFFER));
        try {
            return new Job(options, System.in, out, err).run();
        } catch (UsageException e) {
            err.println("jmpiexec: " + e.getMessage() + "; try jmpiexec --help");
            return LaunchOptions.EXIT_USAGE;
        } catch (InterruptedException e) {
            err.println("jmpiexec: interrupted");
            return ExitCode.LAUNCHER_FAILED;
        }
    }

    private static String version() {
        try (InputStream in = JmpiExec.class.getResourceAsStream("jmpiexec.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version", "unknown");
            }
        } catch (IOException e) {
            // fall through
        }
        return "unknown";
    }
}
