package io.jmpi.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kill campaign: {@code kill -9} of one rank of a 4-rank job at a random point of its mixed
 * point-to-point and collective traffic ({@link MixedTrafficRanks}), {@value #DEFAULT_RUNS} times
 * by default. Each time jmpiexec must exit within {@value #EXIT_BOUND_SECONDS} s with a non-zero
 * code, name the killed rank (or a survivor must name it with {@code ERR_PROC_FAILED}), no rank may
 * report a corrupted value, and no process of the job may be left.
 *
 * <p>Every other run, the survivors ignore SIGTERM and jmpiexec's grace period before SIGKILL is
 * longer than the bound, so the job can end in time only if every survivor ends by itself: each
 * must report an MPI error ({@code ERR_PROC_FAILED}: the killed rank, or a survivor that already
 * left) and exit. In the other runs jmpiexec ends the survivors as it does for users.
 *
 * <p>{@code -Djmpi.kill.runs=N} changes the number of runs (the build runs the campaign
 * of {@value #DEFAULT_RUNS}; each run starts five JVMs, about 3 s on a quiet 2-core machine),
 * {@code -Djmpi.kill.seed=S} replays a campaign (the seed is printed, and
 * each run prints its victim and delay).
 */
@DisabledOnOs(OS.WINDOWS)
class KillRankCampaignTest {
    private static final int DEFAULT_RUNS = 20;
    private static final int EXIT_BOUND_SECONDS = 15;
    private static final int SIZE = 4;
    /** The kill comes this long (at most) after every rank entered its loop. */
    private static final int MAX_DELAY_MILLIS = 1500;
    /** How long the ranks may take to start and finish a first round (generous: a busy 2-core machine is slow). */
    private static final Duration START_LIMIT = Duration.ofSeconds(90);
    /** jmpiexec's SIGTERM-to-SIGKILL grace when the survivors ignore SIGTERM: longer than the bound. */
    private static final int GRACE_MILLIS_WHEN_ALONE = 30_000;
    private static final String JAVA = Path.of(System.getProperty("java.home"), "bin", "java").toString();

    @Test
    @Timeout(120)
    void shouldCheckEveryRoundWhenNoRankIsKilled() throws Exception {
        Path dir = Files.createTempDirectory("jmpi-kill");
        try {
            JmpiExecRun.Result r = JmpiExecRun.start(env -> { }, rankCommand(dir, 1, false))
                    .await(Duration.ofSeconds(100));
            assertThat(r.exitCode()).as(r.toString()).isZero();
            System.out.println("without a kill: " + r.elapsed().toMillis() + " ms\n" + r.stdout());
            for (int rank = 0; rank < SIZE; rank++) {
                assertThat(r.stdout()).as(r.toString()).containsPattern("rank " + rank + ": \\d+ rounds checked");
            }
        } finally {
            deleteTree(dir);
        }
    }

    @Test
    @Timeout(900)
    void shouldEndTheJobWithoutHangOrLeftoverWhenARankIsKilled() throws Exception {
        int runs = Integer.getInteger("jmpi.kill.runs", DEFAULT_RUNS);
        long seed = Long.getLong("jmpi.kill.seed", System.nanoTime());
        System.out.println("kill campaign: " + runs + " runs, -Djmpi.kill.seed=" + seed);
        Random random = new Random(seed);
        long campaignStart = System.nanoTime();
        List<String> outcomes = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            int victim = random.nextInt(SIZE);
            int delay = random.nextInt(MAX_DELAY_MILLIS + 1);
            outcomes.add(killOnce(run, seed, victim, delay, run % 2 == 1));
        }
        System.out.println("kill campaign: " + runs + " runs in "
                + Duration.ofNanos(System.nanoTime() - campaignStart).toMillis() + " ms");
        outcomes.forEach(System.out::println);
    }

    /**
     * One run: start the job, kill {@code victim} {@code delay} ms after every rank is in its loop, check the end.
     *
     * @param survivorsAlone whether the survivors ignore SIGTERM, so that they must end by themselves
     */
    private static String killOnce(int run, long seed, int victim, int delay, boolean survivorsAlone)
            throws Exception {
        String what = "run " + run + " (seed " + seed + "): kill -9 of rank " + victim + " after " + delay + " ms"
                + (survivorsAlone ? ", survivors ignore SIGTERM" : "");
        Path dir = Files.createTempDirectory("jmpi-kill");
        JmpiExecRun job = JmpiExecRun.start(
                env -> env.put("JMPI_KILL_GRACE_MS", survivorsAlone ? String.valueOf(GRACE_MILLIS_WHEN_ALONE) : "3000"),
                rankCommand(dir, 60, survivorsAlone));
        ProcessHandle jmpiexec = job.handle();
        Set<ProcessHandle> tree = Set.of();
        long started = System.nanoTime();
        try {
            long[] pids = awaitPids(dir, jmpiexec, what);
            long startMillis = (System.nanoTime() - started) / 1_000_000;
            tree = jmpiexec.descendants().collect(Collectors.toSet());
            for (long pid : pids) {
                assertThat(tree.stream().map(ProcessHandle::pid)).as("%s: rank pids are jmpiexec's descendants", what)
                        .contains(pid);
            }
            Thread.sleep(delay);
            ProcessHandle target = ProcessHandle.of(pids[victim]).orElseThrow(
                    () -> new AssertionError(what + ": rank " + victim + " is gone before it was killed"));
            long killed = System.nanoTime();
            assertThat(target.destroyForcibly()).as("%s: SIGKILL sent", what).isTrue();
            JmpiExecRun.Result r = job.await(Duration.ofSeconds(EXIT_BOUND_SECONDS));
            long endMillis = (System.nanoTime() - killed) / 1_000_000;
            String report = what + "\n" + r;
            assertThat(r.exitCode()).as(report).isNotZero();
            assertThat(r.stderr()).as(report).doesNotContain("CORRUPT");
            boolean launcherNamedIt = r.stderr().contains("rank " + victim + " on ")
                    && r.stderr().contains("SIGKILL");
            boolean survivorNamedIt = r.stderr().contains("ERR_PROC_FAILED") && r.stderr().contains("rank " + victim);
            assertThat(launcherNamedIt || survivorNamedIt).as("the killed rank is named: %s", report).isTrue();
            if (survivorsAlone) {
                for (int rank = 0; rank < SIZE; rank++) {
                    if (rank != victim) {
                        assertThat(r.stderr()).as("survivor %d ended by itself with ERR_PROC_FAILED: %s", rank, report)
                                .contains("rank " + rank + ": MPI error ERR_PROC_FAILED");
                    }
                }
            }
            assertNothingLeft(tree, what);
            long procFailed = r.stderrLines().stream().filter(l -> l.contains(": MPI error ERR_PROC_FAILED")).count();
            return what + ": ranks in their loop after " + startMillis + " ms; jmpiexec exit " + r.exitCode()
                    + " " + endMillis + " ms after the kill; " + procFailed + " survivor(s) reported ERR_PROC_FAILED";
        } finally {
            // whatever happened, nothing of this run may outlive it
            jmpiexec.descendants().forEach(ProcessHandle::destroyForcibly);
            tree.forEach(ProcessHandle::destroyForcibly);
            jmpiexec.destroyForcibly();
            deleteTree(dir);
        }
    }

    /** jmpiexec's arguments for the job: {@value #SIZE} ranks of {@link MixedTrafficRanks} for at most {@code seconds}. */
    private static String[] rankCommand(Path dir, int seconds, boolean ignoreSigterm) {
        List<String> args = new ArrayList<>(List.of("-n", String.valueOf(SIZE), JAVA, "-Xmx96m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                MixedTrafficRanks.class.getName(), dir.toString(), String.valueOf(seconds)));
        if (ignoreSigterm) {
            args.add(MixedTrafficRanks.IGNORE_SIGTERM);
        }
        return args.toArray(String[]::new);
    }

    /** Waits until every rank wrote its pid (it is in its loop then); fails if jmpiexec ends first. */
    private static long[] awaitPids(Path dir, ProcessHandle jmpiexec, String what) throws Exception {
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        long[] pids = new long[SIZE];
        for (int rank = 0; rank < SIZE; rank++) {
            Path file = dir.resolve("rank-" + rank + ".pid");
            while (!Files.exists(file)) {
                if (!jmpiexec.isAlive()) {
                    throw new AssertionError(what + ": jmpiexec ended before rank " + rank + " started its loop");
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(what + ": rank " + rank + " did not start its loop within " + START_LIMIT);
                }
                Thread.sleep(20);
            }
            pids[rank] = Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).trim());
        }
        return pids;
    }

    /** Every process the job had must be gone once jmpiexec has exited (a short grace for the kernel to reap). */
    private static void assertNothingLeft(Set<ProcessHandle> tree, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        List<ProcessHandle> alive = tree.stream().filter(ProcessHandle::isAlive).toList();
        while (!alive.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
            alive = alive.stream().filter(ProcessHandle::isAlive).toList();
        }
        List<String> left = alive.stream().map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).toList();
        alive.forEach(ProcessHandle::destroyForcibly);
        assertThat(left).as("%s: processes left behind after jmpiexec exited", what).isEmpty();
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
