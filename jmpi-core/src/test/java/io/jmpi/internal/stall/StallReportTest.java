package io.jmpi.internal.stall;

import io.jmpi.ErrorClass;
import io.jmpi.Intracomm;
import io.jmpi.MPI;
import io.jmpi.MpiException;
import io.jmpi.Request;
import io.jmpi.internal.session.ThreadWorld;
import io.jmpi.transport.local.LocalTransportProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Stall reports of ranks as threads: a deadlock explains itself, a slow rank does not look like
 * one. The report of processes under jmpiexec is tested in jmpi-launcher.
 */
@Timeout(60)
class StallReportTest {
    private static final Duration THRESHOLD = Duration.ofMillis(800);

    private static ThreadWorld world(int size, Duration timeout, List<String> report) {
        return new ThreadWorld(size, LocalTransportProvider.NAME, timeout).stallReport(THRESHOLD, report::add);
    }

    @Test
    void shouldReportBothReceivesOfATwoRankDeadlock() {
        List<String> report = new CopyOnWriteArrayList<>();
        assertThatThrownBy(() -> world(2, Duration.ofMillis(3000), report).run(ctx -> {
            Intracomm w = MPI.COMM_WORLD;
            int other = 1 - w.getRank();
            w.recv(other, w.getRank() == 0 ? 5 : 7); // each waits for the other: nobody sends
        }))
                .isInstanceOf(MpiException.class)
                .satisfies(e -> assertThat(((MpiException) e).getErrorClass()).isEqualTo(ErrorClass.ERR_TIMEOUT));
        assertThat(report).as(String.join("\n", report))
                .anySatisfy(l -> assertThat(l).startsWith("jmpi: stall report: every rank"))
                .anySatisfy(l -> assertThat(l).contains(
                        "rank 0: Comm.recv on COMM_WORLD: waits for a message from rank 1 with tag 5, for"))
                .anySatisfy(l -> assertThat(l).contains(
                        "rank 1: Comm.recv on COMM_WORLD: waits for a message from rank 0 with tag 7, for"))
                .anySatisfy(l -> assertThat(l).isEqualTo("jmpi: hint: rank 0 waits for a message from rank 1 with tag 5"
                        + " on COMM_WORLD; rank 1 waits for a message from rank 0 with tag 7 on COMM_WORLD: a deadlock?"));
        assertThat(report.stream().filter(l -> l.contains("stall report: every rank"))).as("one report per stall").hasSize(1);
    }

    @Test
    void shouldNameCollectivesSendsAndRanksThatFinished() {
        List<String> report = new CopyOnWriteArrayList<>();
        assertThatThrownBy(() -> world(4, Duration.ofMillis(3000), report).run(ctx -> {
            Intracomm w = MPI.COMM_WORLD;
            switch (w.getRank()) {
                case 0 -> w.barrier(); // the others never come
                case 1 -> w.ssend("x", 0, 3); // rank 0 never receives
                case 2 -> w.recv(3, 9); // rank 3 is gone without sending
                default -> { }
            }
        })).isInstanceOf(MpiException.class);
        assertThat(report).as(String.join("\n", report))
                .anySatisfy(l -> assertThat(l).contains("rank 0: Comm.barrier on COMM_WORLD: waits for a message"
                        + " from rank ").contains(" in barrier (collective call 0)"))
                .anySatisfy(l -> assertThat(l).contains(
                        "rank 1: Comm.ssend on COMM_WORLD: waits for rank 0 to receive its message with tag 3"))
                .anySatisfy(l -> assertThat(l).contains("rank 3: finished"))
                .anySatisfy(l -> assertThat(l).contains("hint: rank 2 waits for a message from rank 3 with tag 9 on"
                        + " COMM_WORLD, but rank 3 has finished"));
    }

    @Test
    void shouldNotReportWhileOneRankComputes() throws Exception {
        List<String> report = new CopyOnWriteArrayList<>();
        world(3, Duration.ofSeconds(20), report).run(ctx -> {
            Intracomm w = MPI.COMM_WORLD;
            if (w.getRank() == 0) {
                // a nonblocking collective's own thread waits meanwhile: that does not block rank 0
                Request<Void> barrier = w.ibarrier();
                Thread.sleep(3 * THRESHOLD.toMillis());
                barrier.waitFor();
                w.send("late", 1, 0);
                w.send("late", 2, 0);
            } else {
                w.barrier();
                assertThat((String) w.recv(0, 0)).isEqualTo("late");
            }
        });
        assertThat(report).isEmpty();
    }

    @Test
    void shouldRoundTripAWaitThroughItsLine() {
        PendingWait w = new PendingWait(PendingWait.Kind.RECV, "Comm.recv", "my\tcomm", 1, 3, PendingWait.ANY,
                null, -1, null, 2100, false, "main");
        PendingWait back = PendingWait.decode(w.encode());
        assertThat(back).isEqualTo(new PendingWait(PendingWait.Kind.RECV, "Comm.recv", "my comm", 1, 3,
                PendingWait.ANY, null, -1, null, 2100, false, "main"));
        assertThat(back.describe()).isEqualTo("Comm.recv on my comm: waits for a message from rank 1 (job rank 3)"
                + " with any tag, for 2.1 s");
    }

    @Test
    void shouldHintAtCollectivesThatDifferBetweenRanks() throws InterruptedException {
        List<String> lines = new CopyOnWriteArrayList<>();
        try (StallWatch watch = new StallWatch(2, Duration.ofMillis(10), "x: ", null, lines::add)) {
            watch.update(0, 50, List.of(new PendingWait(PendingWait.Kind.RECV, "Intracomm.bcast", "COMM_WORLD",
                    PendingWait.ANY, -1, PendingWait.NONE, "bcast", 4, null, 50, false, "t0")));
            assertThat(lines).isEmpty();
            watch.update(1, 50, List.of(new PendingWait(PendingWait.Kind.RECV, "Intracomm.reduce", "COMM_WORLD",
                    PendingWait.ANY, -1, PendingWait.NONE, "reduce", 4, null, 50, false, "t1")));
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (lines.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
        }
        assertThat(lines).contains("x: hint: collective call 4 on COMM_WORLD is bcast on rank 0 but reduce on rank 1:"
                + " every rank must call the same collectives in the same order");
    }
}
