package io.jmpi.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * jmpiexec's Open MPI options with real processes: environment and directory, output, stdin,
 * time limits, hosts through a launch agent, and signals. The ranks are POSIX shell commands
 * (and one Java rank), hence not on Windows.
 */
@Timeout(60)
@DisabledOnOs(OS.WINDOWS)
class MpirunOptionsTest {
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @Test
    void shouldPassDashXVariablesAndTheWorkingDirectory(@TempDir Path dir) throws Exception {
        JmpiExecRun.Result r = JmpiExecRun.run(env -> env.put("FROM_LAUNCHER", "kept"), "",
                "-n", "2", "-x", "GREETING=hello world", "-x", "FROM_LAUNCHER", "--wdir", dir.toString(),
                "sh", "-c", "echo \"$OMPI_COMM_WORLD_RANK $GREETING $FROM_LAUNCHER $(pwd -P)\"");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        String real = dir.toRealPath().toString();
        assertThat(r.stdoutLines()).containsExactlyInAnyOrder("0 hello world kept " + real, "1 hello world kept " + real);
    }

    @Test
    void shouldRefuseAWorkingDirectoryThatDoesNotExist() throws Exception {
        JmpiExecRun.Result r = JmpiExecRun.run("-n", "1", "--wdir", "/no/such/dir/for/jmpiexec", "true");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.stderr()).contains("jmpiexec: --wdir /no/such/dir/for/jmpiexec: no such directory");
    }

    @Test
    void shouldTagAndTimestampEachLine() throws Exception {
        JmpiExecRun.Result r = JmpiExecRun.run("-n", "2", "--tag-output", "--timestamp-output", "sh", "-c",
                "echo out $OMPI_COMM_WORLD_RANK; echo more; echo err $OMPI_COMM_WORLD_RANK >&2");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        String time = "\\[\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}]";
        assertThat(r.stdoutLines()).hasSize(4).allMatch(l -> l.matches(time + "\\[1,[01]]<stdout>:.*"));
        assertThat(r.stdoutLines()).anyMatch(l -> l.endsWith("[1,0]<stdout>:out 0"))
                .anyMatch(l -> l.endsWith("[1,1]<stdout>:out 1")).anyMatch(l -> l.endsWith("[1,1]<stdout>:more"));
        assertThat(r.stderrLines()).hasSize(2).allMatch(l -> l.matches(time + "\\[1,([01])]<stderr>:err \\1"));
    }

    @Test
    void shouldWriteOneFilePerRankAndMergeStderr(@TempDir Path dir) throws Exception {
        JmpiExecRun.Result r = JmpiExecRun.run("-n", "2", "--output-filename", dir.toString(),
                "--merge-stderr-to-stdout", "--tag-output", "sh", "-c",
                "echo out $OMPI_COMM_WORLD_RANK; echo err $OMPI_COMM_WORLD_RANK >&2");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stderr()).isEmpty();
        assertThat(r.stdoutLines()).containsExactlyInAnyOrder("[1,0]<stdout>:out 0", "[1,0]<stdout>:err 0",
                "[1,1]<stdout>:out 1", "[1,1]<stdout>:err 1");
        for (int rank = 0; rank < 2; rank++) {
            Path out = dir.resolve("1").resolve("rank." + rank).resolve("stdout");
            assertThat(Files.readAllLines(out)).containsExactlyInAnyOrder("out " + rank, "err " + rank);
        }
    }

    @Test
    void shouldWriteStdoutAndStderrFilesSeparately(@TempDir Path dir) throws Exception {
        JmpiExecRun.Result r = JmpiExecRun.run("-n", "1", "--output-filename", dir.toString(), "sh", "-c",
                "echo out; echo err >&2");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdoutLines()).containsExactly("out");
        assertThat(Files.readAllLines(dir.resolve("1/rank.0/stdout"))).containsExactly("out");
        assertThat(Files.readAllLines(dir.resolve("1/rank.0/stderr"))).containsExactly("err");
    }

    @Test
    void shouldGiveStdinToTheChosenRanks() throws Exception {
        String script = "echo \"$OMPI_COMM_WORLD_RANK:$(cat | tr '\\n' ' ')\"";
        JmpiExecRun.Result all = JmpiExecRun.run(env -> { }, "a\nb\n", "-n", "3", "--stdin", "all", "sh", "-c", script);
        JmpiExecRun.Result one = JmpiExecRun.run(env -> { }, "a\nb\n", "-n", "3", "--stdin", "2", "sh", "-c", script);
        JmpiExecRun.Result none = JmpiExecRun.run(env -> { }, "a\nb\n", "-n", "2", "--stdin", "none", "sh", "-c", script);

        assertThat(all.stdoutLines()).as(all.toString()).containsExactlyInAnyOrder("0:a b ", "1:a b ", "2:a b ");
        assertThat(one.stdoutLines()).as(one.toString()).containsExactlyInAnyOrder("0:", "1:", "2:a b ");
        assertThat(none.stdoutLines()).as(none.toString()).containsExactlyInAnyOrder("0:", "1:");
    }

    @Test
    void shouldEndTheJobAtTheTimeLimitWith110() throws Exception {
        String marker = "sleep " + (4_000_000 + System.nanoTime() % 1_000_000);
        JmpiExecRun.Result r = JmpiExecRun.run("-n", "2", "--timeout", "1", "sh", "-c", marker);
        JmpiExecRun.Result env = JmpiExecRun.run(e -> e.put("MPIEXEC_TIMEOUT", "1"), "", "-n", "1", "sh", "-c", marker);

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(110);
        assertThat(r.stderr()).contains("jmpiexec: the job reached its time limit of 1 second (--timeout); ending 2 ranks");
        assertThat(r.elapsed()).isLessThan(Duration.ofSeconds(10));
        assertThat(env.exitCode()).as(env.toString()).isEqualTo(110);
        assertThat(ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains(marker)))
                .isEmpty();
    }

    @Test
    void shouldPrintJavaThreadDumpsBeforeATimeoutEndsTheJob() throws Exception {
        JmpiExecRun.Result r = JmpiExecRun.run("-n", "2", "--timeout", "3", "--get-stack-traces", JAVA,
                "-Xmx32m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                SleepingRank.class.getName());

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(110);
        assertThat(r.stderr()).contains("asked 2 Java processes for thread dumps");
        assertThat(r.stdout()).contains("sleeping 0").contains("sleeping 1").contains("Full thread dump");
        assertThat(r.stdout().split("SleepingRank.sleepInAThreadDump", -1)).hasSize(3);
    }

    @Test
    void shouldStartRanksOnOtherHostsThroughTheLaunchAgent(@TempDir Path dir) throws Exception {
        Path agent = dir.resolve("agent.sh");
        // a test agent: "runs on" the host by recording it, then runs the words it was given
        Files.writeString(agent, "#!/bin/sh\nexport AGENT_HOST=\"$1\"\nshift\nexec \"$@\"\n");
        assertThat(agent.toFile().setExecutable(true)).isTrue();
        String script = "echo rank=$OMPI_COMM_WORLD_RANK via=${AGENT_HOST:-none} host=$JMPI_HOST"
                + " local=$OMPI_COMM_WORLD_LOCAL_RANK/$OMPI_COMM_WORLD_LOCAL_SIZE node=$OMPI_COMM_WORLD_NODE_RANK"
                + " universe=$OMPI_UNIVERSE_SIZE x=$X dir=$(pwd -P)";
        JmpiExecRun.Result r = JmpiExecRun.run(env -> env.put("JMPI_RSH_AGENT", agent.toString()), "",
                "--host", "far1:2,localhost,far2", "--map-by", "slot", "-x", "X=1", "--wdir", dir.toString(),
                "sh", "-c", script);

        assertThat(r.exitCode()).as(r.toString()).isZero();
        String d = dir.toRealPath().toString();
        assertThat(r.stdoutLines()).containsExactlyInAnyOrder(
                "rank=0 via=far1 host=far1 local=0/2 node=0 universe=4 x=1 dir=" + d,
                "rank=1 via=far1 host=far1 local=1/2 node=1 universe=4 x=1 dir=" + d,
                "rank=2 via=none host=localhost local=0/1 node=0 universe=4 x=1 dir=" + d,
                "rank=3 via=far2 host=far2 local=0/1 node=0 universe=4 x=1 dir=" + d);
    }

    @Test
    void shouldNameTheHostOfAFailingRemoteRankAndExitWithItsCode(@TempDir Path dir) throws Exception {
        Path agent = dir.resolve("agent.sh");
        Files.writeString(agent, "#!/bin/sh\nshift\nexec \"$@\"\n");
        assertThat(agent.toFile().setExecutable(true)).isTrue();
        JmpiExecRun.Result r = JmpiExecRun.run("--host", "nodeA,nodeB", "--launch-agent", agent.toString(),
                "sh", "-c", "if [ $OMPI_COMM_WORLD_RANK = 1 ]; then exit 7; fi; sleep 30");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(7);
        assertThat(r.stderr()).containsPattern("jmpiexec: rank 1 on nodeB \\(pid \\d+, launch agent\\) exited with code 7");
        assertThat(r.elapsed()).isLessThan(Duration.ofSeconds(15));
    }

    @Test
    void shouldRefuseMoreRanksThanSlotsUnlessOversubscribing(@TempDir Path dir) throws Exception {
        Path hostfile = dir.resolve("hosts");
        Files.writeString(hostfile, "# two local slots\nlocalhost slots=2\n");
        JmpiExecRun.Result refused = JmpiExecRun.run("-n", "3", "--hostfile", hostfile.toString(), "true");
        JmpiExecRun.Result allowed = JmpiExecRun.run(env -> env.put("JMPI_HOSTFILE", hostfile.toString()), "",
                "-n", "3", "--oversubscribe", "sh", "-c", "echo $OMPI_COMM_WORLD_LOCAL_SIZE");
        JmpiExecRun.Result local = JmpiExecRun.run("-n", "5", "true");

        assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(2);
        assertThat(refused.stderr()).contains("not enough slots for 3 ranks").contains("--oversubscribe")
                .contains("try jmpiexec --help");
        assertThat(allowed.exitCode()).as(allowed.toString()).isZero();
        assertThat(allowed.stdoutLines()).containsExactly("3", "3", "3");
        assertThat(local.exitCode()).as(local.toString()).isZero();
    }

    @Test
    void shouldForwardSigusr1AndSigusr2ToTheRanks() throws Exception {
        JmpiExecRun run = JmpiExecRun.start(env -> { }, "-n", "2", "sh", "-c",
                "trap 'echo usr1 $OMPI_COMM_WORLD_RANK' USR1; trap 'echo usr2 $OMPI_COMM_WORLD_RANK; exit 0' USR2;"
                        + " echo ready; while :; do sleep 1 & wait $!; done");
        run.stdin().close();
        awaitRanksReady(run);

        signal("USR1", run.handle().pid());
        Thread.sleep(500);
        signal("USR2", run.handle().pid());
        JmpiExecRun.Result r = run.await(JmpiExecRun.LIMIT);

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdoutLines()).contains("usr1 0", "usr1 1", "usr2 0", "usr2 1");
    }

    /** Waits until both ranks' shells run (their traps set), seen as their sleep children. */
    private static void awaitRanksReady(JmpiExecRun run) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (run.handle().children().filter(c -> c.children().findAny().isPresent()).count() < 2) {
            assertThat(System.nanoTime() - deadline).as("ranks started").isNegative();
            Thread.sleep(20);
        }
    }

    private static void signal(String name, long pid) throws Exception {
        assertThat(new ProcessBuilder(List.of("kill", "-" + name, Long.toString(pid))).start().waitFor()).isZero();
    }
}
