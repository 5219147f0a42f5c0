package io.jmpi.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * jmpiexec as a user sees it: real processes, started by jmpiexec in a child JVM. The ranks are
 * POSIX shell commands ({@code sh}, {@code awk}, {@code sleep}), hence not on Windows.
 */
@Timeout(60)
@DisabledOnOs(OS.WINDOWS)
class JmpiExecTest {

    @Test
    void shouldGiveEachRankItsRankAndSize() throws Exception {
        JmpiExecRun.Result r = JmpiExecRun.run("-n", "3", "sh", "-c", "echo $OMPI_COMM_WORLD_RANK/$OMPI_COMM_WORLD_SIZE");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdoutLines()).containsExactlyInAnyOrder("0/3", "1/3", "2/3");
        assertThat(r.stderr()).isEmpty();
    }

    @Test
    void shouldSetOpenMpiAndJmpiVariablesAndNoPmiVariables() throws Exception {
        String script = "echo rank=$OMPI_COMM_WORLD_RANK size=$OMPI_COMM_WORLD_SIZE"
                + " localRank=$OMPI_COMM_WORLD_LOCAL_RANK localSize=$OMPI_COMM_WORLD_LOCAL_SIZE"
                + " nodeRank=$OMPI_COMM_WORLD_NODE_RANK universe=$OMPI_UNIVERSE_SIZE"
                + " coordinator=$JMPI_COORDINATOR job=$JMPI_JOB_ID secret=$JMPI_SECRET"
                + " kept=$KEPT_BY_JMPIEXEC pmi=$(env | grep -c -e '^PMI_' -e '^PMIX_')";
        JmpiExecRun.Result r = JmpiExecRun.run(env -> {
            env.keySet().removeIf(k -> k.startsWith("PMI_") || k.startsWith("PMIX_"));
            env.put("OMPI_COMM_WORLD_RANK", "99");
            env.put("JMPI_JOB_ID", "inherited");
            env.put("KEPT_BY_JMPIEXEC", "yes");
        }, "", "-n", "2", "sh", "-c", script);

        assertThat(r.exitCode()).as(r.toString()).isZero();
        List<Map<String, String>> ranks = r.stdoutLines().stream().map(JmpiExecTest::fields).toList();
        assertThat(ranks).hasSize(2);
        for (Map<String, String> rank : ranks) {
            String n = rank.get("rank");
            assertThat(n).isIn("0", "1");
            assertThat(rank).containsEntry("size", "2").containsEntry("localRank", n)
                    .containsEntry("localSize", "2").containsEntry("nodeRank", n)
                    .containsEntry("universe", "2").containsEntry("kept", "yes").containsEntry("pmi", "0");
            assertThat(rank.get("coordinator")).matches("127\\.0\\.0\\.1:[1-9][0-9]*|\\[?::1]?:[1-9][0-9]*");
            assertThat(rank.get("job")).isNotEmpty().isNotEqualTo("inherited");
            assertThat(rank.get("secret")).matches("([0-9a-f]{2}){16,}");
        }
        assertThat(ranks).extracting(m -> m.get("rank")).containsExactlyInAnyOrder("0", "1");
        for (String shared : List.of("coordinator", "job", "secret")) {
            assertThat(ranks.get(0).get(shared)).as(shared).isEqualTo(ranks.get(1).get(shared));
        }
    }

    @Test
    void shouldExitWithTheFailingRanksCode() throws Exception {
        JmpiExecRun.Result r = JmpiExecRun.run("-n", "2", "sh", "-c", "exit 3");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(3);
        assertThat(r.stderr()).containsPattern("jmpiexec: rank [01] on \\S+ \\(pid \\d+\\) exited with code 3");
    }

    @Test
    void shouldEndTheOtherRanksAndTheirChildrenWhenOneFails() throws Exception {
        String marker = uniqueSleep();
        JmpiExecRun.Result r = JmpiExecRun.run("-n", "2", "sh", "-c",
                "if [ $OMPI_COMM_WORLD_RANK = 0 ]; then sleep 0.3; exit 5; else " + marker + "; echo not reached; fi");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(5);
        assertThat(r.elapsed()).isLessThan(Duration.ofSeconds(10));
        assertThat(r.stderr()).contains("jmpiexec: rank 0 on ").contains("exited with code 5; ending the job");
        assertThat(r.stdout()).doesNotContain("not reached");
        assertNoProcessLeft(marker);
    }

    @Test
    void shouldKillRanksThatIgnoreSigtermAfterTheGracePeriod() throws Exception {
        String marker = uniqueSleep();
        JmpiExecRun.Result r = JmpiExecRun.run(env -> env.put("JMPI_KILL_GRACE_MS", "300"), "",
                "-n", "3", "sh", "-c",
                "if [ $OMPI_COMM_WORLD_RANK = 2 ]; then sleep 0.3; exit 4; else trap '' TERM; " + marker + "; fi");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(4);
        assertThat(r.elapsed()).isLessThan(Duration.ofSeconds(10));
        assertNoProcessLeft(marker);
    }

    @Test
    void shouldEndEveryRankWhenJmpiexecIsTerminated() throws Exception {
        String marker = uniqueSleep();
        JmpiExecRun run = JmpiExecRun.start(env -> { }, "-n", "2", "sh", "-c", marker);
        run.stdin().close();
        awaitProcesses(marker, 2);

        run.handle().destroy();
        JmpiExecRun.Result r = run.await(JmpiExecRun.LIMIT);

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(143);
        assertThat(r.stderr()).contains("jmpiexec: stopped; ending 2 ranks");
        assertNoProcessLeft(marker);
    }

    @Test
    void shouldReportASignalDeathAs128PlusTheSignal() throws Exception {
        JmpiExecRun.Result r = JmpiExecRun.run("-n", "1", "sh", "-c", "kill -9 $$");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(137);
        assertThat(r.stderr()).contains("exited with code 137 (signal 9, SIGKILL)");
    }

    @Test
    void shouldNeverInterleaveLinesOfDifferentRanks() throws Exception {
        int lines = 2000;
        int width = 500;
        String awk = "awk -v r=$OMPI_COMM_WORLD_RANK 'BEGIN { c = sprintf(\"%c\", 65 + r); s = \"\";"
                + " for (i = 0; i < " + width + "; i++) s = s c; for (i = 0; i < " + lines + "; i++) print s }'";
        JmpiExecRun.Result r = JmpiExecRun.run("-n", "4", "sh", "-c", awk);

        assertThat(r.exitCode()).as(r.toString()).isZero();
        Map<Character, Long> counts = new HashMap<>();
        for (String line : r.stdoutLines()) {
            assertThat(line).hasSize(width);
            char c = line.charAt(0);
            assertThat(line.chars().allMatch(x -> x == c)).as("a line of one rank only: %s", line).isTrue();
            counts.merge(c, 1L, Long::sum);
        }
        assertThat(counts).containsOnlyKeys('A', 'B', 'C', 'D').allSatisfy((c, n) -> assertThat(n).isEqualTo(lines));
    }

    @Test
    void shouldForwardStderrAndEndALastLineWithoutNewline() throws Exception {
        JmpiExecRun.Result r = JmpiExecRun.run("-n", "2", "sh", "-c",
                "printf 'err %s' $OMPI_COMM_WORLD_RANK >&2; printf 'out %s' $OMPI_COMM_WORLD_RANK");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).endsWith("\n");
        assertThat(r.stdoutLines()).containsExactlyInAnyOrder("out 0", "out 1");
        assertThat(r.stderrLines()).containsExactlyInAnyOrder("err 0", "err 1");
    }

    @Test
    void shouldGiveStdinToRankZeroOnly() throws Exception {
        JmpiExecRun.Result r = JmpiExecRun.run(env -> { }, "hello\nworld\n",
                "-n", "3", "sh", "-c", "echo \"$OMPI_COMM_WORLD_RANK:$(cat | tr '\\n' ' ')\"");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdoutLines()).containsExactlyInAnyOrder("0:hello world ", "1:", "2:");
    }

    @Test
    void shouldPassOptionsAfterTheCommandToTheCommand() throws Exception {
        JmpiExecRun.Result r = JmpiExecRun.run("-np", "1", "echo", "-n", "--help");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdoutLines()).containsExactly("--help");
    }

    @Test
    void shouldRejectAnUnknownOptionWithAHint() throws Exception {
        JmpiExecRun.Result r = JmpiExecRun.run("--frobnicate", "-n", "2", "true");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(2);
        assertThat(r.stderr()).contains("'--frobnicate'").contains("try jmpiexec --help");
        assertThat(r.stdout()).isEmpty();
    }

    @Test
    void shouldRejectAMissingOrInvalidRankCount() throws Exception {
        JmpiExecRun.Result missing = JmpiExecRun.run("true");
        JmpiExecRun.Result invalid = JmpiExecRun.run("-n", "zero", "true");

        assertThat(missing.exitCode()).as(missing.toString()).isEqualTo(2);
        assertThat(missing.stderr()).contains("-n N").contains("try jmpiexec --help");
        assertThat(invalid.exitCode()).as(invalid.toString()).isEqualTo(2);
        assertThat(invalid.stderr()).contains("'zero'").contains("try jmpiexec --help");
    }

    @Test
    void shouldExit127WhenTheCommandCannotBeStarted() throws Exception {
        JmpiExecRun.Result r = JmpiExecRun.run("-n", "2", "no-such-command-for-jmpiexec");

        assertThat(r.exitCode()).as(r.toString()).isEqualTo(127);
        assertThat(r.stderr()).contains("jmpiexec: cannot start 'no-such-command-for-jmpiexec': ");
    }

    @Test
    void shouldPrintHelp() throws Exception {
        JmpiExecRun.Result r = JmpiExecRun.run("--help");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).startsWith("Usage: jmpiexec [OPTIONS] COMMAND [ARGS...]").contains("JMPI_KILL_GRACE_MS");
    }

    @Test
    void shouldPrintVersion() throws Exception {
        JmpiExecRun.Result r = JmpiExecRun.run("--version");

        assertThat(r.exitCode()).as(r.toString()).isZero();
        assertThat(r.stdout()).matches("jmpiexec \\(jmpi\\) \\d+\\.\\d+\\.\\d+\\S*\\R");
    }

    // ---- helpers ----

    /** A {@code sleep} whose command line no other process has, to find it later. */
    private static String uniqueSleep() {
        return "sleep " + (3_600_000 + ThreadLocalRandom.current().nextInt(1_000_000));
    }

    /** Live processes whose command line contains the text (the sleeps and the shells around them). */
    private static List<ProcessHandle> processesRunning(String commandLine) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains(commandLine)).orElse(false))
                .collect(Collectors.toList());
    }

    /** Waits until {@code count} processes run the {@code sleep} command given. */
    private static void awaitProcesses(String sleep, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (processesRunning(sleep).stream()
                .filter(p -> p.info().command().map(c -> c.endsWith("/sleep")).orElse(false)).count() < count) {
            assertThat(System.nanoTime() - deadline).as("%d processes '%s' started", count, sleep).isNegative();
            Thread.sleep(50);
        }
    }

    private static void assertNoProcessLeft(String commandLine) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        List<ProcessHandle> left = processesRunning(commandLine);
        while (!left.isEmpty() && System.nanoTime() - deadline < 0) {
            Thread.sleep(50);
            left = processesRunning(commandLine);
        }
        left.forEach(ProcessHandle::destroyForcibly);
        assertThat(left).as("processes '%s' left behind", commandLine).isEmpty();
    }

    private static Map<String, String> fields(String line) {
        Map<String, String> m = new HashMap<>();
        Matcher matcher = Pattern.compile("(\\w+)=(\\S*)").matcher(line);
        while (matcher.find()) {
            m.put(matcher.group(1), matcher.group(2));
        }
        return m;
    }
}
