/**
 * Stall reports: when every rank of a job has waited in MPI calls for longer than a threshold,
 * each rank's pending operations are printed, so that a deadlock explains itself. <b>Not API.</b>
 *
 * <p>Each rank has a {@link io.jmpi.internal.stall.StallDetector}: a waiting thread records a
 * {@link io.jmpi.internal.stall.PendingWait} only once its wait has lasted the threshold (so the
 * fast path costs one comparison per idle pass), and removes it when the wait ends. The
 * detector tells its sink when the rank becomes blocked (a user thread's wait passed the
 * threshold) and when it runs again: a few messages per stall, none while the job makes
 * progress. A {@link io.jmpi.internal.stall.StallWatch} sees every rank's state (in-process for
 * ranks as threads, in jmpiexec's coordinator for processes) and, when every live rank has been
 * blocked for the threshold, prints one report per stall with hints (a cycle of ranks waiting
 * for each other: a deadlock?). A report never ends the job.
 */
package io.jmpi.internal.stall;
