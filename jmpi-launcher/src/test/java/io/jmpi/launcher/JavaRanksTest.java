package io.jmpi.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Java ranks as real processes under jmpiexec, over the TCP transport: the examples end to end,
 * a failing rank, and the jshell singleton.
 */
@Timeout(120)
class JavaRanksTest {
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    private static final String CLASS_PATH = System.getProperty("java.class.path");

    private static String[] javaRank(int n, String mainClass) {
        return new String[] {"-n", String.valueOf(n), JAVA, "-Xmx128m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-cp", CLASS_PATH, mainClass};
    }

    @Test
    void shouldSayHelloFromFourRanks() throws Exception {
        JmpiExecRun.Result r = JmpiExecRun.run(javaRank(4, "io.jmpi.examples.HelloWorld"));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        Pattern hello = Pattern.compile("Hello, World! I am process (\\d) of 4 on (.+)\\.");
        List<Integer> ranks = new ArrayList<>();
        for (String line : r.stdoutLines()) {
            Matcher m = hello.matcher(line);
            assertThat(m.matches()).as("line '%s'", line).isTrue();
            ranks.add(Integer.parseInt(m.group(1)));
        }
        assertThat(ranks).containsExactlyInAnyOrder(0, 1, 2, 3);
    }

    @Test
    void shouldRoundTripObjectsAndBuffersBetweenProcesses() throws Exception {
        JmpiExecRun.Result r = JmpiExecRun.run(javaRank(2, "io.jmpi.examples.Messages"));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains("Planet[name=Earth").contains("all correct");
    }

    @Test
    void shouldPassTokenAroundRingOfProcesses() throws Exception {
        JmpiExecRun.Result r = JmpiExecRun.run(javaRank(3, "io.jmpi.examples.Ring"));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains("token went around the ring: [0, 1, 2]");
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0} processes")
    @org.junit.jupiter.params.provider.ValueSource(ints = {2, 3})
    void shouldPassThePointToPointScenariosBetweenProcesses(int n) throws Exception {
        JmpiExecRun.Result r = JmpiExecRun.run(javaRank(n, PointToPointRanks.class.getName()));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        for (int rank = 0; rank < n; rank++) {
            assertThat(r.stdout()).as(r.toString()).containsPattern("rank " + rank + ": \\d+ checks passed");
        }
    }

    @Test
    void shouldEndTheJobWhenOneJavaRankThrows() throws Exception {
        JmpiExecRun.Result r = JmpiExecRun.run(javaRank(3, FailingRank.class.getName()));
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.stderr()).contains("rank 1 gives up").contains("rank 1");
        assertThat(r.elapsed()).isLessThan(java.time.Duration.ofSeconds(20));
    }

    @Test
    void shouldEndTheJobWithTheCodeGivenToAbort() throws Exception {
        JmpiExecRun.Result r = JmpiExecRun.run(javaRank(3, AbortingRank.class.getName()));
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
        assertThat(r.stderr()).contains("rank 1 of 3 called abort(3) on COMM_WORLD");
        assertThat(r.elapsed()).isLessThan(java.time.Duration.ofSeconds(20));
    }

    @Test
    void shouldFailReceivesFromAFrozenRankWithinFiveSeconds() throws Exception {
        JmpiExecRun.Result r = JmpiExecRun.run(javaRank(3, FrozenRank.class.getName()));
        assertThat(r.exitCode()).as(r.toString()).isNotZero();
        Pattern report = Pattern.compile("rank ([01]): ERR_PROC_FAILED after (\\d+) ms: (.*)");
        List<Integer> told = new ArrayList<>();
        for (String line : r.stdoutLines()) {
            Matcher m = report.matcher(line);
            if (m.matches()) {
                told.add(Integer.parseInt(m.group(1)));
                assertThat(Long.parseLong(m.group(2))).as(line).isLessThan(5_000);
                assertThat(m.group(3)).as(line).contains("rank 2");
            }
        }
        assertThat(told).as(r.toString()).containsExactlyInAnyOrder(0, 1);
        assertThat(r.elapsed()).isLessThan(java.time.Duration.ofSeconds(30));
    }

    @Test
    void shouldEndTheJobWhenARankExitsWithoutFinalizing() throws Exception {
        JmpiExecRun.Result r = JmpiExecRun.run(javaRank(2, UnfinalizedRank.class.getName()));
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(1);
        assertThat(r.stderr()).contains("without finalizing");
        assertThat(r.elapsed()).isLessThan(java.time.Duration.ofSeconds(25));
    }

    @Test
    void shouldLeaveNoRankBehindWhenJmpiexecIsKilled() throws Exception {
        Path started = Files.createTempDirectory("jmpi-sleeping");
        JmpiExecRun run = JmpiExecRun.start(env -> env.put("SLEEPING_RANK_DIR", started.toString()),
                javaRank(2, SleepingJavaRank.class.getName()));
        ProcessHandle jmpiexec = run.handle();
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
        while (!(Files.exists(started.resolve("rank.0")) && Files.exists(started.resolve("rank.1")))
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        // this jmpiexec's own ranks (other builds on the machine may run the same test), past
        // start-up (each made its file after a barrier): they watch their launcher
        List<ProcessHandle> ranks = ranks(jmpiexec, SleepingJavaRank.class.getName());
        assertThat(ranks).as("ranks started").hasSize(2);
        Thread.sleep(500);
        jmpiexec.destroyForcibly(); // SIGKILL: no shutdown hook, no chance to end the ranks
        deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
        while (ranks.stream().anyMatch(ProcessHandle::isAlive) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        for (String f : new String[] {"rank.0", "rank.1"}) {
            Files.deleteIfExists(started.resolve(f));
        }
        Files.deleteIfExists(started);
        assertThat(ranks.stream().filter(ProcessHandle::isAlive)).as("ranks left running after jmpiexec was killed")
                .isEmpty();
    }

    private static List<ProcessHandle> ranks(ProcessHandle jmpiexec, String marker) {
        return jmpiexec.descendants()
                .filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
                .filter(p -> p.info().command().map(c -> c.endsWith("java")).orElse(false))
                .toList();
    }

    @Test
    void shouldBeASingletonInJshellWithNothingListening() throws Exception {
        Path jshell = Path.of(System.getProperty("java.home"), "bin", "jshell");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(jshell),
                "jshell is not in this JDK (" + jshell + "): the jshell test cannot run");
        Path script = Files.createTempFile("jmpi", ".jsh");
        Files.writeString(script, String.join("\n",
                "import io.jmpi.*;",
                "var w = MPI.COMM_WORLD;",
                "w.send(\"hi\", 0, 1);",
                "String back = w.recv(0, 1);",
                "boolean tcp = Thread.getAllStackTraces().keySet().stream()"
                        + ".anyMatch(t -> t.getName().startsWith(\"jmpi-tcp\"));",
                "System.out.println(\"rank=\" + w.getRank() + \" size=\" + w.getSize() + \" back=\" + back"
                        + " + \" tcp=\" + tcp);",
                "/exit", ""));
        String cp = String.join(java.io.File.pathSeparator, classPathEntries());
        ProcessBuilder pb = new ProcessBuilder(jshell.toString(), "-q",
                "--class-path", cp, script.toString());
        pb.environment().keySet().removeIf(k -> k.startsWith("OMPI_") || k.startsWith("JMPI_"));
        pb.redirectErrorStream(true);
        Process p = pb.start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        Files.deleteIfExists(script);
        assertThat(out).contains("rank=0 size=1 back=hi tcp=false");
    }

    /** The test class path, expanded from Surefire's manifest-only jar when it uses one (jshell does not read manifests). */
    private static List<String> classPathEntries() throws Exception {
        String[] entries = CLASS_PATH.split(java.io.File.pathSeparator);
        if (entries.length == 1 && entries[0].endsWith(".jar")) {
            try (java.util.jar.JarFile jar = new java.util.jar.JarFile(entries[0])) {
                String manifestPath = jar.getManifest().getMainAttributes().getValue("Class-Path");
                if (manifestPath != null) {
                    List<String> out = new ArrayList<>();
                    for (String url : manifestPath.trim().split("\\s+")) {
                        out.add(Path.of(new java.net.URI(url)).toString());
                    }
                    return out;
                }
            }
        }
        return List.of(entries);
    }

    @Test
    void shouldReportADeadlockWhenEveryRankWaits() throws Exception {
        JmpiExecRun.Result r = JmpiExecRun.run(job(List.of("--stall-report", "1"), 2,
                StallingRanks.class.getName(), "deadlock"));
        assertThat(r.exitCode()).as(r.toString()).isEqualTo(42);
        assertThat(r.stderrLines()).as(r.toString())
                .contains("jmpiexec: stall report: every rank of the job has been waiting in MPI calls for more than"
                        + " 1.0 s; what each waits for:")
                .anySatisfy(l -> assertThat(l).startsWith(
                        "jmpiexec:   rank 0: Comm.recv on COMM_WORLD: waits for a message from rank 1 with tag 5, for"))
                .anySatisfy(l -> assertThat(l).startsWith(
                        "jmpiexec:   rank 1: Comm.recv on COMM_WORLD: waits for a message from rank 0 with tag 7, for"))
                .contains("jmpiexec: hint: rank 0 waits for a message from rank 1 with tag 5 on COMM_WORLD; rank 1"
                        + " waits for a message from rank 0 with tag 7 on COMM_WORLD: a deadlock?");
    }

    @Test
    void shouldNotReportARankThatComputesWhileOthersWait() throws Exception {
        JmpiExecRun.Result r = JmpiExecRun.run(job(List.of("--stall-report", "1"), 3,
                StallingRanks.class.getName(), "slow"));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains("rank 1 got done").contains("rank 2 got done");
        assertThat(r.stderr()).doesNotContain("stall report");
    }

    @Test
    void shouldRunAJobOverTls() throws Exception {
        JmpiExecRun.Result r = JmpiExecRun.run(job(List.of("--tls"), 2, "io.jmpi.examples.Messages"));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains("Planet[name=Earth").contains("all correct");
    }

    /** jmpiexec's {@code options}, then {@code n} Java ranks of {@code mainClass} with {@code rankArgs}. */
    private static String[] job(List<String> options, int n, String mainClass, String... rankArgs) {
        List<String> all = new ArrayList<>(options);
        all.addAll(List.of(javaRank(n, mainClass)));
        all.addAll(List.of(rankArgs));
        return all.toArray(String[]::new);
    }

    @Test
    void shouldRunOneRankJobWithoutSockets() throws Exception {
        JmpiExecRun.Result r = JmpiExecRun.run(javaRank(1, "io.jmpi.examples.HelloWorld"));
        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).contains("I am process 0 of 1");
    }
}
