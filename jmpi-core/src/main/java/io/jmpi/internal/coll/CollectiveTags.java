package io.jmpi.internal.coll;

/**
 * Tags on a communicator's collective context. Every collective call gets its own tag: the call's
 * sequence number on the communicator ({@code CommCore.nextCollectiveSequence()}, the same on
 * every member for the same call) shifted left by five bits, or-ed with the operation's code.
 * So concurrent (nonblocking) collectives on one communicator never match each other's
 * messages, and a mismatched pair of calls (bcast on one rank, reduce on another) never
 * exchanges data. Sequence numbers wrap after 2^26 calls; a clash needs that many collectives
 * in flight at once.
 */
public final class CollectiveTags {
    public static final int BARRIER = 1;
    public static final int BCAST = 2;
    public static final int GATHER = 3;
    public static final int GATHERV = 4;
    public static final int SCATTER = 5;
    public static final int SCATTERV = 6;
    public static final int ALLGATHER = 7;
    public static final int ALLGATHERV = 8;
    public static final int ALLTOALL = 9;
    public static final int ALLTOALLV = 10;
    public static final int ALLTOALLW = 11;
    public static final int REDUCE = 12;
    public static final int ALLREDUCE = 13;
    public static final int REDUCE_SCATTER = 14;
    public static final int REDUCE_SCATTER_BLOCK = 15;
    public static final int SCAN = 16;
    public static final int EXSCAN = 17;
    public static final int NEIGHBOR_ALLGATHER = 18;
    public static final int NEIGHBOR_ALLTOALL = 19;
    public static final int INTER = 20;

    private CollectiveTags() {
    }

    /**
     * The tag of one collective call.
     *
     * @param sequence the call's sequence number on its communicator
     * @param opcode the operation's code (one of the constants above)
     * @return a tag from 0 to {@code Integer.MAX_VALUE}
     */
    public static int tag(int sequence, int opcode) {
        return ((sequence & 0x03ff_ffff) << 5) | opcode;
    }

    /**
     * The operation of a collective call's tag.
     *
     * @param tag the tag
     * @return its operation's name ({@code bcast})
     */
    public static String operationName(int tag) {
        return CollectiveSelector.operationName(tag & 0x1f);
    }

    /**
     * The sequence number of a collective call's tag.
     *
     * @param tag the tag
     * @return the call's number on its communicator (modulo 2^26)
     */
    public static int sequence(int tag) {
        return tag >>> 5;
    }
}
