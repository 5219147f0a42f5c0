package io.jmpi.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Runs {@code io.jmpi.launcher.JmpiExec} in a child JVM on the test class path, with its stdout
 * and stderr captured through pipes, as the tests' one way to run jmpiexec (it calls
 * {@code System.exit}, so never in the test JVM).
 */
final class JmpiExecRun {
    /** How long one jmpiexec run may take before the test gives up and kills it. */
    static final Duration LIMIT = Duration.ofSeconds(30);

    private final Process process;
    private final CompletableFuture<String> stdout;
    private final CompletableFuture<String> stderr;
    private final long startNanos = System.nanoTime();

    private JmpiExecRun(Process process) {
        this.process = process;
        this.stdout = readAll(process.getInputStream(), "stdout");
        this.stderr = readAll(process.getErrorStream(), "stderr");
    }

    /** What a finished jmpiexec did. */
    record Result(int exitCode, String stdout, String stderr, Duration elapsed) {
        List<String> stdoutLines() {
            return stdout.lines().toList();
        }

        List<String> stderrLines() {
            return stderr.lines().toList();
        }

        @Override
        public String toString() {
            return "exit " + exitCode + " after " + elapsed.toMillis() + " ms\n--- stdout\n" + abbreviate(stdout)
                    + "--- stderr\n" + abbreviate(stderr);
        }

        private static String abbreviate(String s) {
            return s.length() > 2000 ? s.substring(0, 2000) + "...\n" : s;
        }
    }

    /**
     * Starts jmpiexec with the given arguments and its stdin open.
     *
     * @param env changes to the child's environment
     * @param args jmpiexec's arguments
     * @return the running jmpiexec
     */
    static JmpiExecRun start(Consumer<Map<String, String>> env, String... args) throws IOException {
        return start(List.of(), env, args);
    }

    /**
     * Starts jmpiexec under a wrapper command (such as {@code ip netns exec NS}) with its stdin open.
     *
     * @param wrapper words before jmpiexec's {@code java} command
     * @param env changes to the child's environment
     * @param args jmpiexec's arguments
     * @return the running jmpiexec
     */
    static JmpiExecRun start(List<String> wrapper, Consumer<Map<String, String>> env, String... args)
            throws IOException {
        List<String> command = new ArrayList<>(wrapper);
        command.addAll(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx64m",
                "-cp", System.getProperty("java.class.path"),
                JmpiExec.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        env.accept(pb.environment());
        return new JmpiExecRun(pb.start());
    }

    /** Runs jmpiexec with an empty stdin and waits for it. */
    static Result run(String... args) throws Exception {
        return run(env -> { }, "", args);
    }

    /** Runs jmpiexec with the given environment changes and stdin, and waits for it. */
    static Result run(Consumer<Map<String, String>> env, String input, String... args) throws Exception {
        JmpiExecRun r = start(env, args);
        try (OutputStream in = r.stdin()) {
            in.write(input.getBytes(StandardCharsets.UTF_8));
        }
        return r.await(LIMIT);
    }

    OutputStream stdin() {
        return process.getOutputStream();
    }

    ProcessHandle handle() {
        return process.toHandle();
    }

    /** Waits for jmpiexec to exit; on timeout kills it and everything it started, and fails. */
    Result await(Duration limit) throws InterruptedException, ExecutionException, TimeoutException {
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError("jmpiexec did not exit within " + limit);
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
        return new Result(process.exitValue(), stdout.get(10, TimeUnit.SECONDS), stderr.get(10, TimeUnit.SECONDS),
                elapsed);
    }

    private static CompletableFuture<String> readAll(InputStream in, String name) {
        CompletableFuture<String> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try (in) {
                f.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                f.completeExceptionally(e);
            }
        }, "test-jmpiexec-" + name);
        t.setDaemon(true);
        t.start();
        return f;
    }
}
