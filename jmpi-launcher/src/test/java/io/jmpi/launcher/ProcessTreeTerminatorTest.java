package io.jmpi.launcher;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(20)
@EnabledOnOs({OS.LINUX, OS.MAC})
class ProcessTreeTerminatorTest {

    private static List<ProcessHandle> awaitDescendants(Process p, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<ProcessHandle> d = p.descendants().toList();
        while (d.size() < count) {
            assertThat(System.nanoTime() - deadline).as("%d descendants started", count).isNegative();
            Thread.sleep(20);
            d = p.descendants().toList();
        }
        return d;
    }

    @Test
    void shouldEndAProcessAndItsDescendants() throws Exception {
        Process p = new ProcessBuilder("sh", "-c", "sleep 3600 & sleep 3600 & wait").start();
        List<ProcessHandle> children = awaitDescendants(p, 2);

        new ProcessTreeTerminator(Duration.ofSeconds(3)).terminate(List.of(p.toHandle()));

        assertThat(p.waitFor(2, TimeUnit.SECONDS)).as("the process has exited").isTrue();
        assertThat(children).noneMatch(ProcessTreeTerminator::isRunning);
    }

    @Test
    void shouldKillForciblyWhatIgnoresTheRequestAfterTheGrace() throws Exception {
        Process p = new ProcessBuilder("sh", "-c", "trap '' TERM; sleep 3600 & wait").start();
        List<ProcessHandle> children = awaitDescendants(p, 1);
        long start = System.nanoTime();

        new ProcessTreeTerminator(Duration.ofMillis(200)).terminate(List.of(p.toHandle()));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        assertThat(p.waitFor(2, TimeUnit.SECONDS)).as("the process has exited").isTrue();
        assertThat(children).noneMatch(ProcessTreeTerminator::isRunning);
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void shouldNotCountAZombieAsRunning() throws Exception {
        // The child `sleep 0` exits; its parent became `sleep 5`, which never collects it.
        Process p = new ProcessBuilder("sh", "-c", "sleep 0 & exec sleep 5").start();
        try {
            ProcessHandle zombie = awaitDescendants(p, 1).get(0);
            long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (ProcessTreeTerminator.isRunning(zombie) && System.nanoTime() - deadline < 0) {
                Thread.sleep(20);
            }

            assertThat(ProcessTreeTerminator.isRunning(zombie)).isFalse();
            assertThat(ProcessTreeTerminator.isRunning(p.toHandle())).isTrue();
        } finally {
            p.destroyForcibly();
        }
    }
}
