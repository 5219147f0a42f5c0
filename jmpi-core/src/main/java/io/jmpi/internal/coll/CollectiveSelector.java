package io.jmpi.internal.coll;

import io.jmpi.ErrorClass;
import io.jmpi.MpiException;

import java.util.Locale;

/**
 * Chooses the algorithm of a collective from the message size and the communicator size.
 *
 * <p>Overrides, for testing and tuning (system properties, read at each call):
 * <ul>
 * <li>{@code jmpi.coll.bcast} = {@code binomial} | {@code scatter_allgather}; default
 *     scatter_allgather from {@code jmpi.coll.bcast.largeBytes} (262144) when p &gt; 2 and
 *     count &ge; p;</li>
 * <li>{@code jmpi.coll.allreduce} = {@code recursive_doubling} | {@code ring}; default ring
 *     from {@code jmpi.coll.allreduce.largeBytes} (65536) for commutative operations when
 *     count &ge; p;</li>
 * <li>{@code jmpi.coll.reduce} = {@code binomial} | {@code reduce_scatter_gather}; default
 *     reduce_scatter_gather from {@code jmpi.coll.reduce.largeBytes} (65536), commutative
 *     operations, count &ge; p;</li>
 * <li>{@code jmpi.coll.allgather} = {@code ring} | {@code gather_bcast}; default gather_bcast
 *     below {@code jmpi.coll.allgather.smallBytes} (8192 bytes in all) when p &gt; 3;</li>
 * <li>{@code jmpi.coll.reduce_scatter} = {@code ring} | {@code reduce_scatterv}; default ring for
 *     commutative operations.</li>
 * </ul>
 * An algorithm that cannot run a given call (ring with a non-commutative operation) falls back
 * to the default one. Gather and scatter are always binomial; gatherv, scatterv linear;
 * alltoall(v,w) pairwise; scan and exscan recursive doubling; barrier dissemination.
 */
public final class CollectiveSelector {
    /** The bcast algorithms. */
    public enum Bcast { BINOMIAL, SCATTER_ALLGATHER }

    /** The allreduce algorithms. */
    public enum Allreduce { RECURSIVE_DOUBLING, RING }

    /** The reduce algorithms. */
    public enum Reduce { BINOMIAL, REDUCE_SCATTER_GATHER }

    /** The allgather algorithms. */
    public enum Allgather { RING, GATHER_BCAST }

    /** The reduce-scatter algorithms. */
    public enum ReduceScatter { RING, REDUCE_SCATTERV }

    private CollectiveSelector() {
    }

    /** Chooses the bcast of a buffer. */
    public static Bcast bcast(int p, long bytes, int count) {
        boolean possible = p > 2 && count >= p;
        Bcast forced = forced("jmpi.coll.bcast", Bcast.class);
        if (forced != null) {
            return forced == Bcast.SCATTER_ALLGATHER && !possible ? Bcast.BINOMIAL : forced;
        }
        return possible && bytes >= Long.getLong("jmpi.coll.bcast.largeBytes", 262_144) ? Bcast.SCATTER_ALLGATHER : Bcast.BINOMIAL;
    }

    /** Chooses the allreduce of a buffer. */
    public static Allreduce allreduce(int p, long bytes, int count, boolean commutative) {
        boolean possible = commutative && count >= p && p > 1;
        Allreduce forced = forced("jmpi.coll.allreduce", Allreduce.class);
        if (forced != null) {
            return forced == Allreduce.RING && !possible ? Allreduce.RECURSIVE_DOUBLING : forced;
        }
        return possible && bytes >= Long.getLong("jmpi.coll.allreduce.largeBytes", 65_536) ? Allreduce.RING : Allreduce.RECURSIVE_DOUBLING;
    }

    /** Chooses the reduce of a buffer. */
    public static Reduce reduce(int p, long bytes, int count, boolean commutative) {
        boolean possible = commutative && count >= p && p > 1;
        Reduce forced = forced("jmpi.coll.reduce", Reduce.class);
        if (forced != null) {
            return forced == Reduce.REDUCE_SCATTER_GATHER && !possible ? Reduce.BINOMIAL : forced;
        }
        return possible && bytes >= Long.getLong("jmpi.coll.reduce.largeBytes", 65_536) ? Reduce.REDUCE_SCATTER_GATHER : Reduce.BINOMIAL;
    }

    /** Chooses the allgather of buffers ({@code totalBytes}: the gathered result). */
    public static Allgather allgather(int p, long totalBytes) {
        Allgather forced = forced("jmpi.coll.allgather", Allgather.class);
        if (forced != null) {
            return forced;
        }
        return p > 3 && totalBytes < Long.getLong("jmpi.coll.allgather.smallBytes", 8_192) ? Allgather.GATHER_BCAST : Allgather.RING;
    }

    /** Chooses the reduce-scatter of buffers. */
    public static ReduceScatter reduceScatter(boolean commutative) {
        ReduceScatter forced = forced("jmpi.coll.reduce_scatter", ReduceScatter.class);
        if (!commutative) {
            return ReduceScatter.REDUCE_SCATTERV;
        }
        return forced != null ? forced : ReduceScatter.RING;
    }

    private static <E extends Enum<E>> E forced(String property, Class<E> type) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) {
            return null;
        }
        try {
            return Enum.valueOf(type, v.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            StringBuilder names = new StringBuilder();
            for (E c : type.getEnumConstants()) {
                names.append(names.length() == 0 ? "" : ", ").append(c.name().toLowerCase(Locale.ROOT));
            }
            throw new MpiException(ErrorClass.ERR_ARG, property + "=" + v + " is not an algorithm: use " + names);
        }
    }

    /** The MPI name of an operation code, for messages. */
    public static String name(int opcode) {
        return operationName(opcode);
    }

    /**
     * The MPI name of an operation code, for messages.
     *
     * @param opcode one of {@link CollectiveTags}' codes
     * @return its name ({@code bcast})
     */
    public static String operationName(int opcode) {
        String[] names = {"?", "barrier", "bcast", "gather", "gatherv", "scatter", "scatterv", "allgather",
            "allgatherv", "alltoall", "alltoallv", "alltoallw", "reduce", "allreduce", "reduceScatter",
            "reduceScatterBlock", "scan", "exscan", "neighborAllgather", "neighborAlltoall", "intercommunicator collective"};
        return opcode > 0 && opcode < names.length ? names[opcode] : "collective " + opcode;
    }
}
