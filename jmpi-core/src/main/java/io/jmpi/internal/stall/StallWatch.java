package io.jmpi.internal.stall;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The job's view of its ranks' long waits: when every live rank has been blocked in MPI calls
 * for the threshold, prints a stall report (each rank's pending operations, and hints such as a
 * cycle of ranks waiting for each other). One report per stall: the next comes only after some
 * rank ran again. A report never ends the job.
 *
 * <p>A rank is live once it joined (connected, or started) until it is gone (finalized, exited).
 * A rank that has not joined counts as running, so a job whose ranks are still starting is never
 * reported. Thread-safe; reports are printed outside the lock, from the thread whose update
 * completed the stall or from this watch's timer thread (when the ranks' thresholds are shorter
 * than this watch's).
 */
public final class StallWatch implements AutoCloseable {
    /**
     * How long the stall must stay unchanged before it is reported, at most: a rank whose wait
     * has just ended (its message came as the sender finished) has not said so yet.
     */
    private static final long CONFIRM_MAX_NANOS = 2_000_000_000L;

    private final int size;
    private final long thresholdNanos;
    private final String prefix;
    private final String note;
    private final Consumer<String> out;
    private final Rank[] ranks;
    private final long confirmNanos;
    private boolean reported; // guarded by this
    /** Counts the ranks' state changes; a stall is reported only if none came during the confirmation. */
    private long version; // guarded by this
    private long candidateVersion = -1; // guarded by this
    private long candidateSince; // guarded by this
    private boolean closed; // guarded by this
    private ScheduledExecutorService timer; // guarded by this
    private ScheduledFuture<?> recheck; // guarded by this

    private static final class Rank {
        boolean joined;
        String gone;
        boolean blocked;
        long sinceNanos;
        long receivedNanos;
        List<PendingWait> waits = List.of();
    }

    /**
     * @param size the number of ranks in the job
     * @param threshold how long every live rank must have been blocked; positive
     * @param prefix the start of every line ({@code jmpiexec: })
     * @param note the report's last line, after the prefix (what ends the job, for example)
     * @param out where the lines go
     */
    public StallWatch(int size, Duration threshold, String prefix, String note, Consumer<String> out) {
        if (threshold.isZero() || threshold.isNegative()) {
            throw new IllegalArgumentException("threshold must be positive, got " + threshold);
        }
        this.size = size;
        this.thresholdNanos = threshold.toNanos();
        this.confirmNanos = Math.min(thresholdNanos / 2, CONFIRM_MAX_NANOS);
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.note = note;
        this.out = Objects.requireNonNull(out, "out");
        this.ranks = new Rank[size];
        for (int r = 0; r < size; r++) {
            ranks[r] = new Rank();
        }
    }

    /**
     * A rank joined the job (it now counts, as running until it says otherwise).
     *
     * @param rank the rank
     */
    public void joined(int rank) {
        if (rank >= 0 && rank < size) {
            synchronized (this) {
                ranks[rank].joined = true;
            }
        }
    }

    /**
     * A rank left the job: it no longer counts.
     *
     * @param rank the rank
     * @param why what it did ({@code finalized}, {@code exited})
     */
    public void gone(int rank, String why) {
        if (rank < 0 || rank >= size) {
            return;
        }
        List<String> lines;
        synchronized (this) {
            Rank s = ranks[rank];
            if (s.gone != null) {
                return;
            }
            s.gone = why;
            s.blocked = false;
            version++;
            lines = evaluate();
        }
        print(lines);
    }

    /**
     * A rank's state changed (what its {@link StallDetector} sends).
     *
     * @param rank the rank
     * @param blockedMillis how long it has been blocked, or -1 when it runs again
     * @param waits its long waits
     */
    public void update(int rank, long blockedMillis, List<PendingWait> waits) {
        if (rank < 0 || rank >= size) {
            return;
        }
        List<String> lines;
        synchronized (this) {
            Rank s = ranks[rank];
            s.joined = true;
            version++;
            long now = System.nanoTime();
            if (blockedMillis < 0) {
                s.blocked = false;
                s.waits = List.of();
                reported = false;
                if (recheck != null) {
                    recheck.cancel(false);
                    recheck = null;
                }
                return;
            }
            s.blocked = true;
            s.sinceNanos = now - blockedMillis * 1_000_000;
            s.receivedNanos = now;
            s.waits = List.copyOf(waits);
            lines = evaluate();
        }
        print(lines);
    }

    /** Decides whether the job is stalled; returns the report's lines, or null. Called with the lock held. */
    private List<String> evaluate() {
        if (closed || reported) {
            return null;
        }
        long now = System.nanoTime();
        boolean any = false;
        long latest = 0;
        for (Rank s : ranks) {
            if (s.gone != null) {
                continue;
            }
            if (!s.joined || !s.blocked) {
                return null;
            }
            if (!any || s.sinceNanos - latest > 0) {
                latest = s.sinceNanos;
            }
            any = true;
        }
        if (!any) {
            return null;
        }
        long due = latest + thresholdNanos;
        if (now - due < 0) {
            scheduleRecheck(due - now);
            return null;
        }
        // stalled now: report only if nothing changes for a moment
        if (candidateVersion != version) {
            candidateVersion = version;
            candidateSince = now;
        }
        long confirmed = candidateSince + confirmNanos;
        if (now - confirmed < 0) {
            scheduleRecheck(confirmed - now);
            return null;
        }
        reported = true;
        return report(now);
    }

    private void scheduleRecheck(long delayNanos) {
        if (timer == null) {
            ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
                Thread th = new Thread(r, "jmpi-stall-watch");
                th.setDaemon(true);
                return th;
            });
            t.setRemoveOnCancelPolicy(true);
            timer = t;
        }
        if (recheck != null) {
            recheck.cancel(false);
        }
        recheck = timer.schedule(() -> {
            List<String> lines;
            synchronized (this) {
                recheck = null;
                lines = evaluate();
            }
            print(lines);
        }, delayNanos + 1_000_000, TimeUnit.NANOSECONDS);
    }

    private void print(List<String> lines) {
        if (lines != null) {
            lines.forEach(out);
        }
    }

    /** Builds the report. Called with the lock held. */
    private List<String> report(long now) {
        List<String> lines = new ArrayList<>();
        lines.add(prefix + "stall report: every rank of the job has been waiting in MPI calls for more than "
                + PendingWait.seconds(thresholdNanos / 1_000_000) + "; what each waits for:");
        PendingWait[][] current = new PendingWait[size][];
        for (int r = 0; r < size; r++) {
            Rank s = ranks[r];
            if (s.gone != null) {
                lines.add(prefix + "  rank " + r + ": " + s.gone);
                continue;
            }
            long since = (now - s.receivedNanos) / 1_000_000;
            current[r] = s.waits.stream().map(w -> w.waited(w.waitedMillis() + since)).toArray(PendingWait[]::new);
            for (PendingWait w : current[r]) {
                lines.add(prefix + "  rank " + r + ": " + w.describe());
            }
        }
        List<String> hints = hints(current);
        if (hints.isEmpty()) {
            hints.add("no rank can go on: check the sources, tags and communicators of the waits above");
        }
        for (String h : hints) {
            lines.add(prefix + "hint: " + h);
        }
        if (note != null) {
            lines.add(prefix + note);
        }
        return lines;
    }

    /** The hints: a cycle of ranks waiting for each other, waits for ranks that are gone, mismatched collectives. */
    private List<String> hints(PendingWait[][] waits) {
        List<String> hints = new ArrayList<>();
        String cycle = cycle(waits);
        if (cycle != null) {
            hints.add(cycle + ": a deadlock?");
        }
        for (int r = 0; r < size; r++) {
            if (waits[r] == null) {
                continue;
            }
            for (PendingWait w : waits[r]) {
                int p = w.peerWorld();
                if (w.kind() != PendingWait.Kind.OTHER && p >= 0 && p < size && ranks[p].gone != null) {
                    hints.add("rank " + r + " " + w.hint() + ", but rank " + p + " has " + ranks[p].gone
                            + ": it will never answer");
                }
            }
        }
        // collectives: the same call number on one communicator must be the same operation on every rank
        Map<String, Map<String, List<Integer>>> calls = new LinkedHashMap<>();
        for (int r = 0; r < size; r++) {
            if (waits[r] == null) {
                continue;
            }
            for (PendingWait w : waits[r]) {
                if (w.collective() != null && w.comm() != null && w.sequence() >= 0) {
                    List<Integer> on = calls.computeIfAbsent(w.comm() + "\u0000" + w.sequence(), k -> new LinkedHashMap<>())
                            .computeIfAbsent(w.collective(), k -> new ArrayList<>());
                    if (!on.contains(r)) {
                        on.add(r);
                    }
                }
            }
        }
        calls.forEach((key, ops) -> {
            if (ops.size() > 1) {
                String[] k = key.split("\u0000");
                List<String> parts = new ArrayList<>();
                ops.forEach((op, rs) -> parts.add(op + " on " + (rs.size() == 1 ? "rank " : "ranks ") + join(rs)));
                hints.add("collective call " + k[1] + " on " + k[0] + " is " + String.join(" but ", parts)
                        + ": every rank must call the same collectives in the same order");
            }
        });
        return hints;
    }

    /** Finds a cycle of ranks each waiting for the next; returns its description, or null. */
    private String cycle(PendingWait[][] waits) {
        int[] state = new int[size]; // 0 unvisited, 1 on the path, 2 done
        int[] next = new int[size];
        PendingWait[] via = new PendingWait[size];
        Arrays.fill(next, -1);
        for (int start = 0; start < size; start++) {
            if (state[start] == 0) {
                String found = visit(start, waits, state, next, via);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private String visit(int r, PendingWait[][] waits, int[] state, int[] next, PendingWait[] via) {
        state[r] = 1;
        if (waits[r] != null) {
            for (PendingWait w : waits[r]) {
                int p = w.peerWorld();
                if (w.kind() == PendingWait.Kind.OTHER || p < 0 || p >= size || p == r || waits[p] == null) {
                    continue;
                }
                next[r] = p;
                via[r] = w;
                if (state[p] == 1) {
                    List<String> steps = new ArrayList<>();
                    int at = p;
                    do {
                        steps.add("rank " + at + " " + via[at].hint());
                        at = next[at];
                    } while (at != p);
                    return String.join("; ", steps);
                }
                if (state[p] == 0) {
                    String found = visit(p, waits, state, next, via);
                    if (found != null) {
                        return found;
                    }
                }
            }
        }
        state[r] = 2;
        return null;
    }

    private static String join(List<Integer> ranks) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < ranks.size(); i++) {
            b.append(i == 0 ? "" : i == ranks.size() - 1 ? " and " : ", ").append(ranks.get(i));
        }
        return b.toString();
    }

    /** Stops the timer; no report comes after. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            if (timer != null) {
                timer.shutdownNow();
            }
        }
    }
}
