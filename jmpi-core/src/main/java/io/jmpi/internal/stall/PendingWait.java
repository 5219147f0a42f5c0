package io.jmpi.internal.stall;

import java.util.Locale;

/**
 * One thread's pending MPI operation, as a stall report shows it: the call, the communicator,
 * whom it waits for and with which tag, and for how long. Built only for waits that lasted the
 * stall threshold; crosses the coordinator connection as one line ({@link #encode()}).
 *
 * @param kind what the thread waits for
 * @param call the API call it waits in ({@code Comm.recv}, {@code Intracomm.bcast}), or
 *     {@code null} when unknown (a nonblocking collective's own thread)
 * @param comm the communicator's name, or {@code null} (for {@link Kind#OTHER})
 * @param peer the peer's rank in {@code comm}, {@link #ANY} for ANY_SOURCE, or {@link #NONE}
 * @param peerWorld the peer's rank in the job, or a negative number when none or any
 * @param tag the user's tag, {@link #ANY} for ANY_TAG, or {@link #NONE} (collective traffic)
 * @param collective the collective operation ({@code bcast}) when the wait is a step of one, else {@code null}
 * @param sequence the collective's call number on its communicator (0 for the first), or -1
 * @param detail what an {@link Kind#OTHER} wait waits for, else {@code null}
 * @param waitedMillis how long the wait has lasted
 * @param background whether the waiting thread is jmpi's own (a nonblocking collective's):
 *     such waits are shown but do not make the rank blocked
 * @param thread the waiting thread's name
 */
public record PendingWait(Kind kind, String call, String comm, int peer, int peerWorld, int tag,
                          String collective, int sequence, String detail, long waitedMillis,
                          boolean background, String thread) {
    /** A wildcard peer or tag ({@code ANY_SOURCE}, {@code ANY_TAG}). */
    public static final int ANY = -1;
    /** No peer or tag. */
    public static final int NONE = -2;

    private static final int FIELDS = 12;

    /** What a wait waits for. */
    public enum Kind {
        /** A receive: a message from {@code peer}. */
        RECV,
        /** A send: {@code peer} to receive (synchronous and large messages). */
        SEND,
        /** A probe: a message from {@code peer}. */
        PROBE,
        /** Anything else ({@link PendingWait#detail()} says what). */
        OTHER
    }

    /**
     * Returns this wait as lasting {@code millis}.
     *
     * @param millis how long it has lasted
     * @return the copy
     */
    public PendingWait waited(long millis) {
        return new PendingWait(kind, call, comm, peer, peerWorld, tag, collective, sequence, detail, millis,
                background, thread);
    }

    /**
     * What the wait waits for, without the communicator: {@code a message from rank 1 with tag 5}.
     *
     * @return the phrase
     */
    public String target() {
        String coll = collective == null ? null
                : collective + (sequence >= 0 ? " (collective call " + sequence + ")" : "");
        return switch (kind) {
            case RECV, PROBE -> coll != null ? "a message from " + peerText() + " in " + coll
                    : "a message from " + peerText() + " with " + tagText();
            case SEND -> coll != null ? peerText() + " to receive its part of " + coll
                    : peerText() + " to receive its message with " + tagText();
            case OTHER -> detail == null ? "an operation to complete" : detail;
        };
    }

    /**
     * The wait as a report line: {@code Comm.recv on COMM_WORLD: waits for a message from rank 1
     * with tag 5, for 2.1 s}.
     *
     * @return the line
     */
    public String describe() {
        StringBuilder b = new StringBuilder();
        b.append(call != null ? call : collective != null ? "nonblocking " + collective : "an MPI call");
        if (comm != null) {
            b.append(" on ").append(comm);
        }
        b.append(": waits for ").append(target()).append(", for ").append(seconds(waitedMillis));
        if (background) {
            b.append(" (on jmpi's thread ").append(thread).append(" of a nonblocking collective)");
        }
        return b.toString();
    }

    /**
     * The wait as part of a hint: {@code waits for a message from rank 1 with tag 5 on COMM_WORLD}.
     *
     * @return the phrase
     */
    public String hint() {
        return "waits for " + target() + (comm != null ? " on " + comm : "");
    }

    private String peerText() {
        if (peer == ANY) {
            return "any rank";
        }
        return "rank " + peer + (peerWorld >= 0 && peerWorld != peer ? " (job rank " + peerWorld + ")" : "");
    }

    private String tagText() {
        return tag == ANY ? "any tag" : "tag " + tag;
    }

    /**
     * Formats a duration for reports: {@code 2.1 s}, or {@code 95 s}.
     *
     * @param millis the duration
     * @return the text
     */
    public static String seconds(long millis) {
        return millis < 100_000 ? String.format(Locale.ROOT, "%.1f s", millis / 1000.0) : millis / 1000 + " s";
    }

    /**
     * Encodes this wait as one line of tab-separated fields (tabs and line breaks in names become spaces).
     *
     * @return the line
     */
    public String encode() {
        return String.join("\t", kind.name(), text(call), text(comm), String.valueOf(peer), String.valueOf(peerWorld),
                String.valueOf(tag), text(collective), String.valueOf(sequence), text(detail),
                String.valueOf(waitedMillis), background ? "1" : "0", text(thread));
    }

    /**
     * Decodes a line made by {@link #encode()}.
     *
     * @param line the line
     * @return the wait
     * @throws IllegalArgumentException when the line is not one
     */
    public static PendingWait decode(String line) {
        String[] f = line.split("\t", -1);
        if (f.length != FIELDS) {
            throw new IllegalArgumentException("a pending wait has " + FIELDS + " fields, got " + f.length);
        }
        return new PendingWait(Kind.valueOf(f[0]), nullable(f[1]), nullable(f[2]), Integer.parseInt(f[3]),
                Integer.parseInt(f[4]), Integer.parseInt(f[5]), nullable(f[6]), Integer.parseInt(f[7]), nullable(f[8]),
                Long.parseLong(f[9]), "1".equals(f[10]), nullable(f[11]));
    }

    private static String text(String s) {
        return s == null ? "" : s.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
    }

    private static String nullable(String s) {
        return s.isEmpty() ? null : s;
    }
}
