package io.jmpi.launcher;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/**
 * Places ranks on hosts, as Open MPI's {@code mpirun} maps them.
 *
 * <p>With no host given, every rank runs on this machine, however many there are. Otherwise
 * each host takes up to its {@code slots} (or {@code -N} per host); the number of ranks defaults
 * to the number of slots (or {@code -N} times the number of hosts). {@code --map-by slot} (the
 * default) fills hosts in order, so consecutive ranks share a host; {@code --map-by node} deals
 * ranks to hosts in turn. More ranks than slots are refused unless oversubscribing is allowed;
 * then the extra ranks are dealt to hosts in turn, each up to its {@code max_slots}, which is never
 * exceeded.
 */
public final class Mapper {
    /** How ranks are laid out on hosts. */
    public enum MapBy {
        /** Fill each host's slots before the next host (Open MPI's default, {@code --map-by slot}). */
        SLOT,
        /** One rank per host in turn ({@code --map-by node}). */
        NODE;

        /**
         * Parses a {@code --map-by} value.
         *
         * @param value {@code slot} or {@code node} (also {@code core}, as {@code slot})
         * @return the policy
         * @throws UsageException for another value
         */
        public static MapBy parse(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "slot", "core" -> SLOT;
                case "node" -> NODE;
                default -> throw new UsageException("--map-by '" + value + "' is not supported; use slot or node"
                        + " (optionally with :OVERSUBSCRIBE)");
            };
        }
    }

    /**
     * The outcome of mapping.
     *
     * @param ranks every rank's place, indexed by rank
     * @param universeSize the number of slots the job may use ({@code OMPI_UNIVERSE_SIZE})
     */
    public record Mapping(List<RankPlacement> ranks, int universeSize) {
        /**
         * Copies the list.
         *
         * @param ranks every rank's place
         * @param universeSize the number of slots
         */
        public Mapping {
            ranks = List.copyOf(ranks);
        }

        /** @return whether some rank runs on another host than this machine */
        public boolean hasRemoteRanks() {
            return ranks.stream().anyMatch(r -> !r.local());
        }
    }

    private Mapper() {
    }

    /**
     * Maps ranks to hosts.
     *
     * @param hosts the hosts to use, or none for this machine alone
     * @param ranks the number of ranks, or 0 to use every slot
     * @param perNode ranks per host ({@code -N}), or 0
     * @param mapBy the layout
     * @param oversubscribe whether a host may run more ranks than its slots
     * @param localHostName this machine's name, for ranks when no host is given
     * @param isLocal whether a host name means this machine
     * @return the mapping
     * @throws UsageException when the ranks cannot be placed
     */
    public static Mapping map(List<HostSlots> hosts, int ranks, int perNode, MapBy mapBy, boolean oversubscribe,
                              String localHostName, Predicate<String> isLocal) {
        if (hosts.isEmpty()) {
            int n = ranks > 0 ? ranks : perNode;
            if (n < 1) {
                throw new UsageException("missing the number of ranks (-n N)");
            }
            if (ranks > 0 && perNode > 0 && ranks > perNode) {
                throw new UsageException("-n " + ranks + " ranks do not fit on 1 host at -N " + perNode + " per host");
            }
            List<RankPlacement> placed = new ArrayList<>();
            for (int r = 0; r < n; r++) {
                placed.add(new RankPlacement(r, localHostName, 0, r, n, true));
            }
            return new Mapping(placed, n);
        }
        int h = hosts.size();
        int[] cap = new int[h];
        long slots = 0;
        for (int i = 0; i < h; i++) {
            HostSlots host = hosts.get(i);
            slots += host.slots();
            if (perNode > 0) {
                if (perNode > host.maxSlots()) {
                    throw new UsageException("-N " + perNode + " exceeds host " + host.name() + "'s max_slots="
                            + host.maxSlots());
                }
                if (perNode > host.slots() && !oversubscribe) {
                    throw new UsageException("-N " + perNode + " exceeds host " + host.name() + "'s " + host.slots()
                            + (host.slots() == 1 ? " slot" : " slots") + "; add --oversubscribe to run more ranks than slots");
                }
                cap[i] = perNode;
            } else {
                cap[i] = host.slots();
            }
        }
        long capacity = 0;
        for (int c : cap) {
            capacity += c;
        }
        int n = ranks > 0 ? ranks : (int) Math.min(capacity, Integer.MAX_VALUE);
        if (perNode > 0 && n > capacity) {
            throw new UsageException(n + " ranks do not fit on " + h + (h == 1 ? " host" : " hosts") + " at -N "
                    + perNode + " per host");
        }
        if (n > capacity && !oversubscribe) {
            throw new UsageException("there are not enough slots for " + n + " ranks: " + describe(hosts)
                    + " give " + capacity + "; add --oversubscribe to run more ranks than slots, or list more hosts");
        }
        int[] count = new int[h];
        int left = n;
        if (mapBy == MapBy.SLOT) {
            for (int i = 0; i < h && left > 0; i++) {
                count[i] = Math.min(cap[i], left);
                left -= count[i];
            }
        } else {
            left = dealInTurn(count, cap, left);
        }
        if (left > 0) {
            int[] max = new int[h];
            for (int i = 0; i < h; i++) {
                max[i] = hosts.get(i).maxSlots();
            }
            left = dealInTurn(count, max, left);
            if (left > 0) {
                throw new UsageException(n + " ranks exceed the hosts' max_slots: " + describe(hosts));
            }
        }
        return new Mapping(assign(hosts, count, n, mapBy, isLocal), (int) Math.max(n, Math.min(slots, Integer.MAX_VALUE)));
    }

    /** Adds ranks one per host in turn, while hosts are under their limit; returns the ranks left over. */
    private static int dealInTurn(int[] count, int[] limit, int left) {
        boolean progress = true;
        while (left > 0 && progress) {
            progress = false;
            for (int i = 0; i < count.length && left > 0; i++) {
                if (count[i] < limit[i]) {
                    count[i]++;
                    left--;
                    progress = true;
                }
            }
        }
        return left;
    }

    /** Numbers the ranks: blocks of consecutive ranks per host (slot), or in turn (node). */
    private static List<RankPlacement> assign(List<HostSlots> hosts, int[] count, int n, MapBy mapBy,
                                              Predicate<String> isLocal) {
        int h = hosts.size();
        int[] hostIndex = new int[h];
        int used = 0;
        for (int i = 0; i < h; i++) {
            hostIndex[i] = count[i] > 0 ? used++ : -1;
        }
        boolean[] local = new boolean[h];
        for (int i = 0; i < h; i++) {
            local[i] = count[i] > 0 && isLocal.test(hosts.get(i).name());
        }
        int[] next = new int[h];
        List<RankPlacement> placed = new ArrayList<>(n);
        int i = 0;
        for (int r = 0; r < n; r++) {
            if (mapBy == MapBy.SLOT) {
                while (next[i] == count[i]) {
                    i++;
                }
            } else {
                while (next[i] == count[i]) {
                    i = (i + 1) % h;
                }
            }
            placed.add(new RankPlacement(r, hosts.get(i).name(), hostIndex[i], next[i]++, count[i], local[i]));
            if (mapBy == MapBy.NODE) {
                i = (i + 1) % h;
            }
        }
        return placed;
    }

    private static String describe(List<HostSlots> hosts) {
        StringBuilder b = new StringBuilder();
        for (HostSlots host : hosts) {
            if (b.length() > 0) {
                b.append(", ");
            }
            b.append(host.name()).append(" slots=").append(host.slots());
            if (host.maxSlots() != HostSlots.UNLIMITED) {
                b.append(" max_slots=").append(host.maxSlots());
            }
        }
        return b.toString();
    }
}
