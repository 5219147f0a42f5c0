package io.jmpi.launcher;

/**
 * One host a job may use and how many ranks it takes: {@code slots} without oversubscribing,
 * never more than {@code maxSlots} (Open MPI's hostfile fields).
 *
 * @param name the host's name, as given (for a launch agent such as {@code ip netns exec}, a
 *     namespace's name)
 * @param slots the ranks it takes before it is oversubscribed, {@code >= 1}
 * @param maxSlots the most ranks it ever takes, or {@link #UNLIMITED}
 */
public record HostSlots(String name, int slots, int maxSlots) {
    /** {@link #maxSlots()} when there is no hard limit. */
    public static final int UNLIMITED = Integer.MAX_VALUE;

    /**
     * Checks the fields.
     *
     * @param name the host's name
     * @param slots the ranks it takes before it is oversubscribed
     * @param maxSlots the most ranks it ever takes
     */
    public HostSlots {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a host needs a name");
        }
        if (slots < 1 || maxSlots < slots) {
            throw new IllegalArgumentException("host " + name + ": need 1 <= slots <= max_slots, got slots="
                    + slots + " max_slots=" + maxSlots);
        }
    }

    /**
     * Adds another entry for the same host, as Open MPI does for a host listed twice: the slots
     * add up, and so do finite limits.
     *
     * @param other another entry for this host
     * @return the merged entry
     */
    HostSlots plus(HostSlots other) {
        int max = maxSlots == UNLIMITED || other.maxSlots == UNLIMITED
                ? UNLIMITED : maxSlots + other.maxSlots;
        return new HostSlots(name, slots + other.slots, max);
    }
}
