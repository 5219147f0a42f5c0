package io.jmpi.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Ends processes and everything they started: a polite request first ({@code SIGTERM} on POSIX),
 * then, for whatever is still alive after a grace period, a forcible kill ({@code SIGKILL}).
 *
 * <p>Descendants are collected before their parent is signalled, because once a parent is gone
 * its children are re-parented and can no longer be found from it; they are collected once more
 * before the forcible kill, to catch children started during the grace period. A process whose
 * parent had already exited before this is called cannot be found this way.
 *
 * <p>Thread-safe and idempotent: ending a process that is already gone does nothing, so the
 * job's failure path and its shutdown hook may both call it.
 */
public final class ProcessTreeTerminator {
    private static final Duration KILL_WAIT = Duration.ofSeconds(2);
    private static final long POLL_MILLIS = 20;

    private final Duration grace;

    /**
     * Creates a terminator.
     *
     * @param grace how long processes have to exit after the polite request
     */
    public ProcessTreeTerminator(Duration grace) {
        this.grace = grace;
    }

    /**
     * Ends the given processes and their descendants, and returns when they are gone or, after
     * the forcible kill, a short wait has passed.
     *
     * @param roots the processes to end
     */
    public void terminate(Collection<ProcessHandle> roots) {
        List<ProcessHandle> targets = withDescendants(roots);
        if (targets.isEmpty()) {
            return;
        }
        targets.forEach(ProcessHandle::destroy);
        if (awaitGone(targets, grace)) {
            return;
        }
        List<ProcessHandle> survivors = withDescendants(targets);
        survivors.forEach(ProcessHandle::destroyForcibly);
        awaitGone(survivors, KILL_WAIT);
    }

    /** Each live process followed by its descendants, all collected before any is signalled. */
    private static List<ProcessHandle> withDescendants(Collection<ProcessHandle> processes) {
        Set<ProcessHandle> all = new LinkedHashSet<>();
        for (ProcessHandle p : processes) {
            if (isRunning(p)) {
                List<ProcessHandle> descendants = p.descendants().toList();
                all.add(p);
                all.addAll(descendants);
            }
        }
        return new ArrayList<>(all);
    }

    /**
     * Whether a process still runs. A zombie does not: it has exited and waits for its parent to
     * collect it, which for an orphan in a container without an init process may be never, though
     * {@link ProcessHandle#isAlive()} still says true. Zombies are recognised where Linux's
     * {@code /proc/<pid>/stat} exists; elsewhere this is {@code isAlive()}.
     */
    static boolean isRunning(ProcessHandle p) {
        if (!p.isAlive()) {
            return false;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(p.pid()), "stat"));
            int end = stat.lastIndexOf(')');
            return end < 0 || end + 2 >= stat.length() || stat.charAt(end + 2) != 'Z';
        } catch (IOException | RuntimeException e) {
            return p.isAlive();
        }
    }

    private static boolean awaitGone(List<ProcessHandle> processes, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (processes.stream().noneMatch(ProcessTreeTerminator::isRunning)) {
                return true;
            }
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }
}
