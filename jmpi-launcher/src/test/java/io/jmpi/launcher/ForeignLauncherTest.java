package io.jmpi.launcher;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Java ranks as real processes started by launchers other than jmpiexec: Slurm-style and
 * torchrun-style variables set by this test (rank 0 runs the coordinator at the rendezvous
 * address), and Open MPI's real {@code mpirun} when it is installed.
 */
@Timeout(120)
class ForeignLauncherTest {
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final String CLASS_PATH = System.getProperty("java.class.path");
    private static final Pattern HELLO = Pattern.compile("Hello, World! I am process (\\d+) of (\\d+) on (.+)\\.");
    /** Variables of every launcher jmpi reads, removed from what the children inherit. */
    private static final List<String> LAUNCHER_PREFIXES = List.of("OMPI_", "PMIX_", "JMPI_", "SLURM_", "PMI_");
    private static final List<String> LAUNCHER_NAMES = List.of("RANK", "WORLD_SIZE", "LOCAL_RANK",
            "LOCAL_WORLD_SIZE", "MASTER_ADDR", "MASTER_PORT", "MPI_LOCALRANKID", "MPI_LOCALNRANKS");

    /** What one rank process did. */
    private record Rank(int exitCode, String stdout, String stderr) {
    }

    private static List<String> javaCommand(String mainClass, String... jvmOptions) {
        List<String> command = new ArrayList<>(List.of(JAVA, "-Xmx64m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1"));
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", CLASS_PATH, mainClass));
        return command;
    }

    private static void cleanEnvironment(Map<String, String> env) {
        env.keySet().removeIf(k -> LAUNCHER_NAMES.contains(k) || LAUNCHER_PREFIXES.stream().anyMatch(k::startsWith));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Starts one process per rank with its variables, waits for all, and kills all on failure. */
    private static List<Rank> runRanks(int n, IntFunction<Map<String, String>> vars, String... jvmOptions)
            throws Exception {
        List<Process> processes = new ArrayList<>();
        List<CompletableFuture<String>> outs = new ArrayList<>();
        List<CompletableFuture<String>> errs = new ArrayList<>();
        try {
            for (int r = 0; r < n; r++) {
                ProcessBuilder pb = new ProcessBuilder(javaCommand("io.jmpi.examples.HelloWorld", jvmOptions));
                cleanEnvironment(pb.environment());
                pb.environment().putAll(vars.apply(r));
                Process p = pb.start();
                p.getOutputStream().close();
                processes.add(p);
                outs.add(readAll(p.getInputStream()));
                errs.add(readAll(p.getErrorStream()));
            }
            List<Rank> ranks = new ArrayList<>();
            for (int r = 0; r < n; r++) {
                Process p = processes.get(r);
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    throw new AssertionError("rank " + r + " did not exit within 60 s; stderr so far is lost");
                }
                ranks.add(new Rank(p.exitValue(), outs.get(r).get(10, TimeUnit.SECONDS),
                        errs.get(r).get(10, TimeUnit.SECONDS)));
            }
            return ranks;
        } finally {
            processes.forEach(Process::destroyForcibly);
        }
    }

    private static CompletableFuture<String> readAll(InputStream in) {
        CompletableFuture<String> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try (in) {
                f.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                f.completeExceptionally(e);
            }
        }, "test-rank-output");
        t.setDaemon(true);
        t.start();
        return f;
    }

    /** Asserts that the ranks formed one world of {@code n}: every rank says hello once, as r of n. */
    private static void assertOneWorld(int n, List<String> outputs, String context) {
        List<Integer> ranks = new ArrayList<>();
        for (String out : outputs) {
            for (String line : out.lines().toList()) {
                Matcher m = HELLO.matcher(line);
                assertThat(m.matches()).as("line '%s' of %s", line, context).isTrue();
                assertThat(Integer.parseInt(m.group(2))).as(context).isEqualTo(n);
                ranks.add(Integer.parseInt(m.group(1)));
            }
        }
        assertThat(ranks).as(context).containsExactlyInAnyOrderElementsOf(
                java.util.stream.IntStream.range(0, n).boxed().toList());
    }

    private static String describe(List<Rank> ranks) {
        StringBuilder s = new StringBuilder();
        for (int r = 0; r < ranks.size(); r++) {
            s.append("\n--- rank ").append(r).append(": exit ").append(ranks.get(r).exitCode())
                    .append("\nstdout: ").append(ranks.get(r).stdout()).append("stderr: ").append(ranks.get(r).stderr());
        }
        return s.toString();
    }

    @Test
    void shouldFormOneWorldFromSlurmStyleVariables() throws Exception {
        int port = freePort();
        List<Rank> ranks = runRanks(3, r -> Map.of(
                "SLURM_PROCID", String.valueOf(r), "SLURM_NTASKS", "3", "SLURM_LOCALID", String.valueOf(r),
                "SLURM_NODEID", "0", "SLURM_STEP_TASKS_PER_NODE", "3", "SLURM_JOB_ID", "4242",
                "SLURM_STEP_ID", "0", "SLURM_STEP_NODELIST", "localhost", "SLURM_JOB_NODELIST", "localhost",
                "JMPI_ROOT_PORT", String.valueOf(port)));
        String context = describe(ranks);
        assertThat(ranks).as(context).allMatch(r -> r.exitCode() == 0);
        assertOneWorld(3, ranks.stream().map(Rank::stdout).toList(), context);
    }

    @Test
    void shouldFormOneWorldFromTorchrunStyleVariables() throws Exception {
        int port = freePort();
        List<Rank> ranks = runRanks(3, r -> Map.of(
                "RANK", String.valueOf(r), "WORLD_SIZE", "3", "LOCAL_RANK", String.valueOf(r),
                "LOCAL_WORLD_SIZE", "3", "MASTER_ADDR", "127.0.0.1", "MASTER_PORT", String.valueOf(port)));
        String context = describe(ranks);
        assertThat(ranks).as(context).allMatch(r -> r.exitCode() == 0);
        assertOneWorld(3, ranks.stream().map(Rank::stdout).toList(), context);
    }

    @Test
    void shouldNameTheRanksThatNeverArrived() throws Exception {
        int port = freePort();
        // ranks 0 and 1 of 3 start; rank 2 never does
        List<Rank> ranks = runRanks(2, r -> Map.of(
                "RANK", String.valueOf(r), "WORLD_SIZE", "3", "MASTER_ADDR", "127.0.0.1",
                "MASTER_PORT", String.valueOf(port)), "-Djmpi.startupTimeout=3");
        String context = describe(ranks);
        assertThat(ranks).as(context).allMatch(r -> r.exitCode() != 0);
        assertThat(ranks.get(0).stderr()).as(context).contains("ranks 2 never arrived");
    }

    @Test
    void shouldNameRankZeroWhenItNeverArrives() throws Exception {
        int port = freePort();
        List<Rank> ranks = runRanks(1, r -> Map.of(
                "RANK", "1", "WORLD_SIZE", "2", "MASTER_ADDR", "127.0.0.1",
                "MASTER_PORT", String.valueOf(port)), "-Djmpi.startupTimeout=2");
        String context = describe(ranks);
        assertThat(ranks.get(0).exitCode()).as(context).isNotZero();
        assertThat(ranks.get(0).stderr()).as(context).contains("rank 0 never arrived")
                .contains("127.0.0.1:" + port).contains("MASTER_ADDR/MASTER_PORT");
    }

    @Test
    void shouldFailAtStartupWithoutRendezvousInsteadOfStartingSingletons() throws Exception {
        List<Rank> ranks = runRanks(1, r -> Map.of("RANK", "0", "WORLD_SIZE", "2"));
        String context = describe(ranks);
        assertThat(ranks.get(0).exitCode()).as(context).isNotZero();
        assertThat(ranks.get(0).stdout()).as(context).doesNotContain("Hello");
        assertThat(ranks.get(0).stderr()).as(context).contains("rank 0 of 2").contains("MASTER_ADDR")
                .contains("JMPI_ROOT");
    }

    @Test
    void shouldFormOneWorldUnderOpenMpisMpirun(@TempDir Path dir) throws Exception {
        String mpirun = onPath("mpirun");
        Assumptions.assumeTrue(mpirun != null, "mpirun is not on PATH: install Open MPI (Debian: apt-get install"
                + " openmpi-bin; .ci/run does) to run jmpi ranks under Open MPI's real mpirun");
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(mpirun, "--allow-run-as-root", "--oversubscribe",
                "--bind-to", "none", "-n", "4", "--output-filename", dir.toString(),
                "-x", "MASTER_ADDR=127.0.0.1", "-x", "MASTER_PORT=" + port));
        command.addAll(javaCommand("io.jmpi.examples.HelloWorld"));
        ProcessBuilder pb = new ProcessBuilder(command);
        cleanEnvironment(pb.environment());
        pb.environment().put("OMPI_ALLOW_RUN_AS_ROOT", "1");
        pb.environment().put("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        p.getOutputStream().close();
        CompletableFuture<String> out = readAll(p.getInputStream());
        try {
            assertThat(p.waitFor(90, TimeUnit.SECONDS)).as("mpirun exits within 90 s").isTrue();
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        String mpirunOutput = out.get(10, TimeUnit.SECONDS);
        // Open MPI forwards each rank's output in chunks that may interleave: read it per rank
        List<String> perRank = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().equals("stdout")).toList()) {
                perRank.add(Files.readString(f));
            }
        }
        String context = "mpirun exit " + p.exitValue() + "\n" + mpirunOutput + "\nper-rank output: " + perRank;
        assertThat(p.exitValue()).as(context).isZero();
        assertThat(perRank).as(context).hasSize(4);
        assertOneWorld(4, perRank, context);
    }

    private static String onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String d : path.split(File.pathSeparator)) {
            Path p = Path.of(d, program);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }
}
