package io.jmpi;

import io.jmpi.internal.comm.CommCore;
import io.jmpi.internal.comm.CommFactory;

import java.util.List;
import java.util.function.BinaryOperator;
import java.util.function.Supplier;

/**
 * An intracommunicator: one group of ranks talking among themselves. {@link MPI#COMM_WORLD}
 * and {@link MPI#COMM_SELF} are intracommunicators.
 *
 * <p>MPI: an MPI_Comm for which MPI_Comm_test_inter is false; mpi4py: {@code MPI.Intracomm}.
 */
public class Intracomm extends Comm {

    Intracomm(Supplier<CommCore> core) {
        super(core);
    }

    /**
     * Returns false: this is an intracommunicator.
     *
     * <p>MPI: MPI_Comm_test_inter; mpi4py: {@code Comm.Is_inter()}.
     *
     * @return false
     */
    @Override
    public boolean isInter() {
        return false;
    }

    @Override
    Intracomm wrap(CommCore c) {
        return new Intracomm(fixed(c));
    }

    // ---- Communicator management ----

    /**
     * Duplicates this communicator (see {@link Comm#dup()}). Collective.
     *
     * <p>MPI: MPI_Comm_dup; mpi4py: {@code Intracomm.Dup()}.
     *
     * @return the duplicate
     */
    @Override
    public Intracomm dup() {
        return (Intracomm) super.dup(); // raised through the handler there
    }

    /**
     * Duplicates this communicator with new info hints. Collective.
     *
     * <p>MPI: MPI_Comm_dup_with_info; mpi4py: {@code Intracomm.Dup(info)} / {@code Dup_with_info(info)}.
     *
     * @param info the hints of the duplicate ({@link MPI#INFO_NULL}: none)
     * @return the duplicate
     */
    public Intracomm dup(Info info) {
        try {
            return wrap(dupCore(core(), info == null || info == Info.NULL ? Info.create() : info.dup()));
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Starts duplicating this communicator; the request's result is the duplicate. Its place
     * among this communicator's collectives is where {@code idup} is called.
     *
     * <p>MPI: MPI_Comm_idup; mpi4py: {@code Intracomm.Idup()} (which returns the communicator
     * and a request; here the request carries the communicator).
     *
     * @return the request
     */
    public Request<Intracomm> idup() {
        try {
            CommCore c = core();
            CommCore shadow = c.shadow(c.nextCollectiveSequence());
            io.jmpi.internal.coll.Coll call = io.jmpi.internal.coll.Coll.begin(shadow, io.jmpi.internal.coll.CollectiveTags.BARRIER);
            java.util.function.Function<io.jmpi.internal.coll.Coll, Object> schedule =
                    x -> wrap(finishDup(c, CommFactory.dup(shadow, c.name() + ".dup"), null));
            if (c.size() == 1) {
                io.jmpi.internal.coll.CollectiveOp op = new io.jmpi.internal.coll.CollectiveOp();
                try {
                    op.complete(schedule.apply(call));
                } catch (MpiException e) {
                    op.fail(e);
                }
                return new Request<>(this, c.engine(), op);
            }
            return new Request<>(this, c.engine(), io.jmpi.internal.coll.CollectiveExecutor.start(call, schedule));
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Splits this communicator: ranks passing the same {@code color} form a new communicator,
     * ordered by {@code key}, ties broken by rank here. Collective.
     *
     * <p>MPI: MPI_Comm_split; mpi4py: {@code Intracomm.Split(color, key)}.
     *
     * @param color a non-negative color, or {@link MPI#UNDEFINED} to be in no new communicator
     * @param key the ordering key
     * @return this rank's new communicator, or {@code null} (mpi4py's {@code COMM_NULL}) for
     *     {@code UNDEFINED}
     * @throws MpiException {@code ERR_ARG} for a negative color other than {@code UNDEFINED}
     */
    public Intracomm split(int color, int key) {
        try {
            CommCore c = core();
            if (color < 0 && color != MPI.UNDEFINED) {
                throw new MpiException(ErrorClass.ERR_ARG, "color " + color + " is invalid: use a color >= 0 or MPI.UNDEFINED");
            }
            CommCore n = CommFactory.split(c.shadow(c.nextCollectiveSequence()), color, key,
                    c.name() + ".split(" + (color == MPI.UNDEFINED ? "UNDEFINED" : color) + ")");
            return n == null ? null : new Intracomm(fixed(n));
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Splits this communicator by type: with {@link MPI#COMM_TYPE_SHARED}, the ranks on the same
     * host (same {@link MPI#getProcessorName()}; all ranks of an in-process world share one)
     * form a new communicator, ordered by {@code key}. Collective.
     *
     * <p>MPI: MPI_Comm_split_type; mpi4py: {@code Intracomm.Split_type(split_type, key)}.
     *
     * @param splitType {@link MPI#COMM_TYPE_SHARED} or {@link MPI#UNDEFINED}
     * @param key the ordering key
     * @return the new communicator, or {@code null} for {@code UNDEFINED}
     * @throws MpiException {@code ERR_ARG} for an unknown type
     */
    public Intracomm splitType(int splitType, int key) {
        try {
            CommCore c = core();
            if (splitType != MPI.COMM_TYPE_SHARED && splitType != MPI.UNDEFINED) {
                throw new MpiException(ErrorClass.ERR_ARG, "splitType " + splitType
                        + " is not supported: use MPI.COMM_TYPE_SHARED or MPI.UNDEFINED");
            }
            String host = splitType == MPI.UNDEFINED ? null : hostId();
            CommCore n = CommFactory.splitByHost(c.shadow(c.nextCollectiveSequence()), host, key, c.name() + ".shared");
            return n == null ? null : new Intracomm(fixed(n));
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /** The host of this rank for {@code COMM_TYPE_SHARED}: {@code JMPI_HOST_ID} if set, else the host name. */
    private static String hostId() {
        String env = System.getenv("JMPI_HOST_ID");
        return env != null && !env.isBlank() ? env : MPI.getProcessorName();
    }

    /**
     * Creates a communicator of the ranks of {@code group}, in group order. Collective over this
     * communicator: every rank calls it with the same group.
     *
     * <p>MPI: MPI_Comm_create; mpi4py: {@code Intracomm.Create(group)}.
     *
     * @param group a subset of this communicator's group
     * @return the new communicator, or {@code null} on ranks outside {@code group}
     * @throws MpiException {@code ERR_GROUP} for a null group or one with ranks outside this
     *     communicator
     */
    public Intracomm create(Group group) {
        try {
            CommCore c = core();
            int[] members = checkSubgroup(c, group, "create");
            CommCore n = CommFactory.create(c.shadow(c.nextCollectiveSequence()), members, c.name() + ".create");
            return n == null ? null : new Intracomm(fixed(n));
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Creates a communicator of the ranks of {@code group}, in group order. Collective over the
     * group only: ranks outside it do not call it.
     *
     * <p>MPI: MPI_Comm_create_group; mpi4py: {@code Intracomm.Create_group(group, tag)}.
     *
     * @param group a subset of this communicator's group containing the caller
     * @param tag tells apart concurrent calls on overlapping groups (its low 26 bits are used)
     * @return the new communicator
     * @throws MpiException {@code ERR_GROUP} for a null group, one with ranks outside this
     *     communicator or one without the caller, {@code ERR_TAG} for a negative tag
     */
    public Intracomm createGroup(Group group, int tag) {
        try {
            CommCore c = core();
            int[] members = checkSubgroup(c, group, "createGroup");
            if (group.getRank() == MPI.UNDEFINED) {
                throw new MpiException(ErrorClass.ERR_GROUP, "createGroup: the calling rank (" + c.rank() + " in " + c.name()
                        + ") is not in group " + java.util.Arrays.toString(members) + ": only the group's members call it");
            }
            checkSendTag(tag);
            return new Intracomm(fixed(CommFactory.createGroup(c, members, tag, c.name() + ".createGroup")));
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    static int[] checkSubgroup(CommCore c, Group group, String op) {
        if (group == null) {
            throw new MpiException(ErrorClass.ERR_GROUP, op + ": group is null: pass a group such as comm.getGroup().incl(...)");
        }
        int[] members = group.members();
        int[] mine = c.localRanks();
        for (int m : members) {
            boolean found = false;
            for (int x : mine) {
                found |= x == m;
            }
            if (!found) {
                throw new MpiException(ErrorClass.ERR_GROUP, op + ": group has job rank " + m
                        + ", which is not a member of " + c.name());
            }
        }
        return members;
    }

    // ---- Topologies ----

    /**
     * Creates a communicator with a Cartesian grid of {@code dims} over the first
     * {@code product(dims)} ranks, in rank order (jmpi does not reorder). Collective.
     *
     * <p>MPI: MPI_Cart_create; mpi4py: {@code Intracomm.Create_cart(dims, periods, reorder)}.
     *
     * @param dims the extent of each dimension (see {@link MPI#computeDims(int, int[])})
     * @param periods whether each dimension wraps around; null for none
     * @param reorder whether ranks may be renumbered (ignored)
     * @return the grid, or {@code null} on ranks beyond it
     * @throws MpiException {@code ERR_DIMS} for a null dims or an extent &lt; 1, {@code ERR_ARG}
     *     when periods has another length, {@code ERR_TOPOLOGY} when the grid has more points
     *     than this communicator has ranks
     */
    public Cartcomm createCart(int[] dims, boolean[] periods, boolean reorder) {
        try {
            CommCore c = core();
            if (dims == null) {
                throw new MpiException(ErrorClass.ERR_DIMS, "dims is null: pass the extent of each dimension");
            }
            boolean[] per = periods == null ? new boolean[dims.length] : periods;
            if (per.length != dims.length) {
                throw new MpiException(ErrorClass.ERR_ARG, "periods has " + per.length + " entries but dims has "
                        + dims.length + ": give one per dimension");
            }
            long n = 1;
            for (int i = 0; i < dims.length; i++) {
                if (dims[i] < 1) {
                    throw new MpiException(ErrorClass.ERR_DIMS, "dims[" + i + "] = " + dims[i]
                            + " is invalid: extents must be at least 1 (MPI.computeDims fills zeros)");
                }
                n *= dims[i];
            }
            if (n > c.size()) {
                throw new MpiException(ErrorClass.ERR_TOPOLOGY, "dims " + java.util.Arrays.toString(dims) + " make a grid of "
                        + n + " points but " + c.name() + " has " + c.size() + " ranks");
            }
            CommCore sub = CommFactory.split(c.shadow(c.nextCollectiveSequence()), c.rank() < n ? 0 : MPI.UNDEFINED,
                    c.rank(), c.name() + ".cart");
            if (sub == null) {
                return null;
            }
            sub.topology(new io.jmpi.internal.comm.CartTopology(dims, per));
            return new Cartcomm(fixed(sub));
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Creates a communicator with a graph topology over the first {@code index.length} ranks,
     * in rank order (jmpi does not reorder). Node {@code i}'s neighbours are
     * {@code edges[index[i-1] .. index[i])} (from 0 for node 0): {@code index} holds cumulative
     * neighbour counts. Every rank passes the whole graph. Collective.
     *
     * <p>MPI: MPI_Graph_create; mpi4py: {@code Intracomm.Create_graph(index, edges, reorder)}.
     *
     * @param index the cumulative neighbour count of each node
     * @param edges the concatenated neighbour lists (at least {@code index[nnodes-1]} entries;
     *     further entries are ignored)
     * @param reorder whether ranks may be renumbered (ignored)
     * @return the graph communicator, or {@code null} on ranks beyond {@code index.length}
     * @throws MpiException {@code ERR_ARG} for a null, negative or decreasing {@code index}, too
     *     few {@code edges} or an edge that is not a node; {@code ERR_TOPOLOGY} when the graph
     *     has more nodes than this communicator has ranks
     */
    public Graphcomm createGraph(int[] index, int[] edges, boolean reorder) {
        try {
            CommCore c = core();
            if (index == null) {
                throw new MpiException(ErrorClass.ERR_ARG, "index is null: pass the cumulative neighbour count of each node");
            }
            if (edges == null) {
                throw new MpiException(ErrorClass.ERR_ARG, "edges is null: pass the concatenated neighbour lists");
            }
            int nnodes = index.length;
            if (nnodes > c.size()) {
                throw new MpiException(ErrorClass.ERR_TOPOLOGY, "index has " + nnodes + " nodes but " + c.name() + " has "
                        + c.size() + " ranks");
            }
            for (int i = 0; i < nnodes; i++) {
                int prev = i == 0 ? 0 : index[i - 1];
                if (index[i] < prev) {
                    throw new MpiException(ErrorClass.ERR_ARG, "index[" + i + "] = " + index[i] + " is less than "
                            + (i == 0 ? "0" : "index[" + (i - 1) + "] = " + prev)
                            + ": index holds cumulative neighbour counts, so it never decreases");
                }
            }
            int nedges = nnodes == 0 ? 0 : index[nnodes - 1];
            if (edges.length < nedges) {
                throw new MpiException(ErrorClass.ERR_ARG, "edges has " + edges.length + " entries but index["
                        + (nnodes - 1) + "] = " + nedges + " says there are " + nedges);
            }
            for (int k = 0; k < nedges; k++) {
                if (edges[k] < 0 || edges[k] >= nnodes) {
                    throw new MpiException(ErrorClass.ERR_ARG, "edges[" + k + "] = " + edges[k] + " is not a node: use 0.."
                            + (nnodes - 1));
                }
            }
            int[] ownEdges = java.util.Arrays.copyOf(edges, nedges);
            CommCore sub = CommFactory.split(c.shadow(c.nextCollectiveSequence()), c.rank() < nnodes ? 0 : MPI.UNDEFINED,
                    c.rank(), c.name() + ".graph");
            if (sub == null) {
                return null;
            }
            sub.topology(new io.jmpi.internal.comm.GraphTopology(index, ownEdges));
            return new Graphcomm(fixed(sub));
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Creates a communicator with a distributed graph topology where each rank names its own
     * in- and out-neighbours. Over all ranks, the edges j -&gt; i listed in i's
     * {@code sources} must be the edges listed in j's {@code destinations}. Collective.
     *
     * <p>MPI: MPI_Dist_graph_create_adjacent; mpi4py:
     * {@code Intracomm.Create_dist_graph_adjacent(sources, destinations, sourceweights, destweights, info, reorder)}.
     *
     * @param sources the ranks this rank receives from, in the order of neighbour collectives
     * @param sourceWeights their weights (&gt;= 0), or null for an unweighted graph
     * @param destinations the ranks this rank sends to, in the order of neighbour collectives
     * @param destWeights their weights (&gt;= 0), or null for an unweighted graph
     * @param info hints ({@link MPI#INFO_NULL} or null: none; ignored)
     * @param reorder whether ranks may be renumbered (ignored)
     * @return the distributed graph communicator (over all ranks)
     * @throws MpiException {@code ERR_ARG} for a null list, a rank outside this communicator,
     *     weights of another length, negative weights, or weights on one side only
     */
    public Distgraphcomm createDistGraphAdjacent(int[] sources, int[] sourceWeights, int[] destinations,
            int[] destWeights, Info info, boolean reorder) {
        try {
            CommCore c = core();
            checkRanks(c, sources, sources == null ? 0 : sources.length, "sources");
            checkRanks(c, destinations, destinations == null ? 0 : destinations.length, "destinations");
            if ((sourceWeights == null) != (destWeights == null)) {
                throw new MpiException(ErrorClass.ERR_ARG, (sourceWeights == null ? "sourceWeights" : "destWeights")
                        + " is null but " + (sourceWeights == null ? "destWeights" : "sourceWeights")
                        + " is not: pass weights on both sides or on neither");
            }
            checkWeights(sourceWeights, sources.length, "sourceWeights", "sources");
            checkWeights(destWeights, destinations.length, "destWeights", "destinations");
            CommCore n = CommFactory.dup(c.shadow(c.nextCollectiveSequence()), c.name() + ".distgraph");
            n.topology(new io.jmpi.internal.comm.DistGraphTopology(sources, sourceWeights, destinations, destWeights));
            return new Distgraphcomm(fixed(n));
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Creates a communicator with a distributed graph topology from edges any rank may
     * specify: for each {@code i}, {@code degrees[i]} edges from {@code sources[i]} to the next
     * {@code degrees[i]} entries of {@code destinations}. The ranks exchange the edges so that
     * each learns its own sources and destinations, ordered by the rank that specified the edge,
     * then by its position there. Collective.
     *
     * <p>MPI: MPI_Dist_graph_create; mpi4py:
     * {@code Intracomm.Create_dist_graph(sources, degrees, destinations, weights, info, reorder)}.
     *
     * @param sources the source of each group of edges
     * @param degrees the number of edges of each group
     * @param destinations the edges' destinations, group after group
     * @param weights the edges' weights (&gt;= 0), or null for an unweighted graph (the graph is
     *     weighted when any rank passes weights)
     * @param info hints ({@link MPI#INFO_NULL} or null: none; ignored)
     * @param reorder whether ranks may be renumbered (ignored)
     * @return the distributed graph communicator (over all ranks)
     * @throws MpiException {@code ERR_ARG} for a null array, {@code degrees} of another length
     *     than {@code sources}, a negative degree, too few destinations or weights, a rank
     *     outside this communicator or a negative weight
     */
    public Distgraphcomm createDistGraph(int[] sources, int[] degrees, int[] destinations, int[] weights, Info info,
            boolean reorder) {
        try {
            CommCore c = core();
            int p = c.size();
            checkRanks(c, sources, sources == null ? 0 : sources.length, "sources");
            if (degrees == null || degrees.length != sources.length) {
                throw new MpiException(ErrorClass.ERR_ARG, "degrees must have one entry per source (" + sources.length
                        + "), not " + (degrees == null ? "null" : degrees.length));
            }
            long nedges = 0;
            for (int i = 0; i < degrees.length; i++) {
                if (degrees[i] < 0) {
                    throw new MpiException(ErrorClass.ERR_ARG, "degrees[" + i + "] = " + degrees[i] + " is negative");
                }
                nedges += degrees[i];
            }
            if (destinations == null || destinations.length < nedges) {
                throw new MpiException(ErrorClass.ERR_ARG, "destinations has " + (destinations == null ? "null" : destinations.length
                        + " entries") + " but the degrees add up to " + nedges);
            }
            checkRanks(c, destinations, (int) nedges, "destinations");
            if (weights != null) {
                checkWeights(weights.length < nedges ? weights : java.util.Arrays.copyOf(weights, (int) nedges), (int) nedges,
                        "weights", "edges (the sum of degrees)");
            }
            // to each rank: {weighted?, then (source, destination, weight) of every edge touching it}
            List<List<Integer>> out = new java.util.ArrayList<>(p);
            for (int t = 0; t < p; t++) {
                out.add(new java.util.ArrayList<>(List.of(weights == null ? 0 : 1)));
            }
            for (int i = 0, k = 0; i < sources.length; i++) {
                for (int e = 0; e < degrees[i]; e++, k++) {
                    int s = sources[i];
                    int d = destinations[k];
                    int w = weights == null ? 1 : weights[k];
                    out.get(s).addAll(List.of(s, d, w));
                    if (d != s) {
                        out.get(d).addAll(List.of(s, d, w));
                    }
                }
            }
            List<int[]> send = new java.util.ArrayList<>(p);
            for (List<Integer> l : out) {
                send.add(l.stream().mapToInt(Integer::intValue).toArray());
            }
            List<int[]> in = Collectives.<int[]>alltoall(c.shadow(c.nextCollectiveSequence()), send).run();
            int me = c.rank();
            boolean weighted = false;
            java.util.stream.IntStream.Builder src = java.util.stream.IntStream.builder();
            java.util.stream.IntStream.Builder srcW = java.util.stream.IntStream.builder();
            java.util.stream.IntStream.Builder dst = java.util.stream.IntStream.builder();
            java.util.stream.IntStream.Builder dstW = java.util.stream.IntStream.builder();
            for (int[] m : in) {
                weighted |= m[0] != 0;
                for (int k = 1; k < m.length; k += 3) {
                    if (m[k + 1] == me) {
                        src.add(m[k]);
                        srcW.add(m[k + 2]);
                    }
                    if (m[k] == me) {
                        dst.add(m[k + 1]);
                        dstW.add(m[k + 2]);
                    }
                }
            }
            CommCore n = CommFactory.dup(c.shadow(c.nextCollectiveSequence()), c.name() + ".distgraph");
            n.topology(new io.jmpi.internal.comm.DistGraphTopology(src.build().toArray(),
                    weighted ? srcW.build().toArray() : null, dst.build().toArray(), weighted ? dstW.build().toArray() : null));
            return new Distgraphcomm(fixed(n));
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    private static void checkRanks(CommCore c, int[] ranks, int count, String name) {
        if (ranks == null) {
            throw new MpiException(ErrorClass.ERR_ARG, name + " is null: pass an int[] of ranks (new int[0] for none)");
        }
        for (int i = 0; i < count; i++) {
            if (ranks[i] < 0 || ranks[i] >= c.size()) {
                throw new MpiException(ErrorClass.ERR_ARG, name + "[" + i + "] = " + ranks[i] + " is not a rank of "
                        + c.name() + ": use 0.." + (c.size() - 1));
            }
        }
    }

    private static void checkWeights(int[] weights, int count, String name, String of) {
        if (weights == null) {
            return;
        }
        if (weights.length != count) {
            throw new MpiException(ErrorClass.ERR_ARG, name + " has " + weights.length + " entries but there are "
                    + count + " " + of);
        }
        for (int i = 0; i < count; i++) {
            if (weights[i] < 0) {
                throw new MpiException(ErrorClass.ERR_ARG, name + "[" + i + "] = " + weights[i]
                        + " is negative: weights must be >= 0");
            }
        }
    }

    /**
     * Creates an intercommunicator between this communicator's group and a disjoint one. The
     * two leaders exchange their groups over {@code peerComm} with {@code tag}. Collective over
     * both groups.
     *
     * <p>MPI: MPI_Intercomm_create; mpi4py:
     * {@code Intracomm.Create_intercomm(local_leader, peer_comm, remote_leader, tag)}.
     *
     * @param localLeader the leader's rank in this communicator (the same on all its ranks)
     * @param peerComm a communicator holding both leaders (significant at the leader only)
     * @param remoteLeader the other leader's rank in {@code peerComm} (significant at the leader)
     * @param tag the tag of the leaders' messages
     * @return the intercommunicator
     * @throws MpiException {@code ERR_RANK} for a bad leader, {@code ERR_COMM} for a null
     *     {@code peerComm} at the leader or overlapping groups, {@code ERR_TAG} for a bad tag
     */
    public Intercomm createIntercomm(int localLeader, Comm peerComm, int remoteLeader, int tag) {
        try {
            CommCore c = core();
            if (localLeader < 0 || localLeader >= c.size()) {
                throw new MpiException(ErrorClass.ERR_RANK, "localLeader " + localLeader + " is not a rank of " + c.name()
                        + " (size " + c.size() + ")");
            }
            checkSendTag(tag);
            CommCore peer = null;
            if (c.rank() == localLeader) {
                peer = checkComm(peerComm, "peerComm");
                if (remoteLeader < 0 || remoteLeader >= peer.remoteSize() || remoteLeader == peer.rank()) {
                    throw new MpiException(ErrorClass.ERR_RANK, "remoteLeader " + remoteLeader + " is not another rank of "
                            + peer.name() + " (size " + peer.remoteSize() + ", this leader is " + peer.rank() + ")");
                }
            }
            CommCore n = CommFactory.createIntercomm(c.shadow(c.nextCollectiveSequence()), localLeader, peer, remoteLeader,
                    tag, c.name() + ".intercomm");
            return new Intercomm(fixed(n));
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    // ---- Collectives: prefix reductions (on Intracomm, as in mpi4py) ----

    /**
     * Inclusive prefix reduction: rank i gets {@code x0 op x1 op ... op xi}, element by element.
     *
     * <p>MPI: MPI_Scan; mpi4py: {@code Intracomm.Scan(sendbuf, recvbuf, op)}.
     *
     * @param sendbuf this rank's elements, or {@link MPI#IN_PLACE} (they are then in {@code recvbuf})
     * @param recvbuf room for the result
     * @param op the operation
     * @throws MpiException {@code ERR_OP} when {@code op} does not apply to the type,
     *     {@code ERR_COUNT}/{@code ERR_TRUNCATE} when the counts differ across ranks
     */
    public void scan(Buf sendbuf, Buf recvbuf, Op op) {
        try {
            Collectives.scan(core(), sendbuf, recvbuf, op, false).run();
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Exclusive prefix reduction: rank i &gt; 0 gets {@code x0 op ... op x(i-1)}; rank 0's
     * {@code recvbuf} is left unchanged.
     *
     * <p>MPI: MPI_Exscan; mpi4py: {@code Intracomm.Exscan(sendbuf, recvbuf, op)}.
     *
     * @param sendbuf this rank's elements, or {@link MPI#IN_PLACE}
     * @param recvbuf room for the result
     * @param op the operation
     * @throws MpiException as {@link #scan(Buf, Buf, Op)}
     */
    public void exscan(Buf sendbuf, Buf recvbuf, Op op) {
        try {
            Collectives.scan(core(), sendbuf, recvbuf, op, true).run();
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Inclusive prefix reduction of objects.
     *
     * <p>MPI: MPI_Scan of serialized objects; mpi4py: {@code Intracomm.scan(sendobj, op)}.
     *
     * @param <T> the objects' type
     * @param sendobj this rank's object
     * @param op the operation
     * @return the combination of ranks 0 to this one
     */
    public <T> T scan(T sendobj, Op op) {
        try {
            return Collectives.scan(core(), sendobj, Collectives.objectOp(op), false).run();
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Inclusive prefix reduction of objects with a function.
     *
     * <p>MPI: MPI_Scan with a user operation; mpi4py: {@code Intracomm.scan(sendobj, op=callable)}.
     *
     * @param <T> the objects' type
     * @param sendobj this rank's object
     * @param op {@code op.apply(lower, higher)}
     * @return the combination of ranks 0 to this one
     */
    public <T> T scan(T sendobj, BinaryOperator<T> op) {
        try {
            return Collectives.scan(core(), sendobj, Collectives.objectOp(op), false).run();
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Exclusive prefix reduction of objects.
     *
     * <p>MPI: MPI_Exscan of serialized objects; mpi4py: {@code Intracomm.exscan(sendobj, op)}.
     *
     * @param <T> the objects' type
     * @param sendobj this rank's object
     * @param op the operation
     * @return the combination of ranks 0 to this one's predecessor; {@code null} on rank 0
     */
    public <T> T exscan(T sendobj, Op op) {
        try {
            return Collectives.scan(core(), sendobj, Collectives.objectOp(op), true).run();
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Exclusive prefix reduction of objects with a function.
     *
     * <p>MPI: MPI_Exscan with a user operation; mpi4py: {@code Intracomm.exscan(sendobj, op=callable)}.
     *
     * @param <T> the objects' type
     * @param sendobj this rank's object
     * @param op {@code op.apply(lower, higher)}
     * @return the combination of ranks 0 to this one's predecessor; {@code null} on rank 0
     */
    public <T> T exscan(T sendobj, BinaryOperator<T> op) {
        try {
            return Collectives.scan(core(), sendobj, Collectives.objectOp(op), true).run();
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Starts an inclusive prefix reduction (see {@link #scan(Buf, Buf, Op)}).
     *
     * <p>MPI: MPI_Iscan; mpi4py: {@code Intracomm.Iscan(sendbuf, recvbuf, op)}.
     *
     * @param sendbuf this rank's elements, or {@link MPI#IN_PLACE}
     * @param recvbuf room for the result
     * @param op the operation
     * @return the request
     */
    public Request<Void> iscan(Buf sendbuf, Buf recvbuf, Op op) {
        try {
            return Collectives.scan(core(), sendbuf, recvbuf, op, false).start(this);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Starts an exclusive prefix reduction (see {@link #exscan(Buf, Buf, Op)}).
     *
     * <p>MPI: MPI_Iexscan; mpi4py: {@code Intracomm.Iexscan(sendbuf, recvbuf, op)}.
     *
     * @param sendbuf this rank's elements, or {@link MPI#IN_PLACE}
     * @param recvbuf room for the result
     * @param op the operation
     * @return the request
     */
    public Request<Void> iexscan(Buf sendbuf, Buf recvbuf, Op op) {
        try {
            return Collectives.scan(core(), sendbuf, recvbuf, op, true).start(this);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Starts an inclusive prefix reduction of objects.
     *
     * <p>MPI: MPI_Iscan of serialized objects; mpi4py: {@code Intracomm.iscan(sendobj, op)}
     * (jmpi's; mpi4py has no object iscan).
     *
     * @param <T> the objects' type
     * @param sendobj this rank's object
     * @param op the operation
     * @return the request; its result is the combination of ranks 0 to this one
     */
    public <T> Request<T> iscan(T sendobj, Op op) {
        try {
            return Collectives.scan(core(), sendobj, Collectives.objectOp(op), false).start(this);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Starts an inclusive prefix reduction of objects with a function.
     *
     * <p>MPI: MPI_Iscan with a user operation; mpi4py: none.
     *
     * @param <T> the objects' type
     * @param sendobj this rank's object
     * @param op {@code op.apply(lower, higher)}
     * @return the request
     */
    public <T> Request<T> iscan(T sendobj, BinaryOperator<T> op) {
        try {
            return Collectives.scan(core(), sendobj, Collectives.objectOp(op), false).start(this);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Starts an exclusive prefix reduction of objects.
     *
     * <p>MPI: MPI_Iexscan of serialized objects; mpi4py: none.
     *
     * @param <T> the objects' type
     * @param sendobj this rank's object
     * @param op the operation
     * @return the request; its result is {@code null} on rank 0
     */
    public <T> Request<T> iexscan(T sendobj, Op op) {
        try {
            return Collectives.scan(core(), sendobj, Collectives.objectOp(op), true).start(this);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Starts an exclusive prefix reduction of objects with a function.
     *
     * <p>MPI: MPI_Iexscan with a user operation; mpi4py: none.
     *
     * @param <T> the objects' type
     * @param sendobj this rank's object
     * @param op {@code op.apply(lower, higher)}
     * @return the request
     */
    public <T> Request<T> iexscan(T sendobj, BinaryOperator<T> op) {
        try {
            return Collectives.scan(core(), sendobj, Collectives.objectOp(op), true).start(this);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Creates a persistent inclusive prefix reduction.
     *
     * <p>MPI: MPI_Scan_init; mpi4py: {@code Intracomm.Scan_init(sendbuf, recvbuf, op)}.
     *
     * @param sendbuf this rank's elements, or {@link MPI#IN_PLACE}
     * @param recvbuf room for the result
     * @param op the operation
     * @return the inactive request
     */
    public Prequest scanInit(Buf sendbuf, Buf recvbuf, Op op) {
        try {
            return Collectives.scan(core(), sendbuf, recvbuf, op, false).init(this);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Creates a persistent exclusive prefix reduction.
     *
     * <p>MPI: MPI_Exscan_init; mpi4py: {@code Intracomm.Exscan_init(sendbuf, recvbuf, op)}.
     *
     * @param sendbuf this rank's elements, or {@link MPI#IN_PLACE}
     * @param recvbuf room for the result
     * @param op the operation
     * @return the inactive request
     */
    public Prequest exscanInit(Buf sendbuf, Buf recvbuf, Op op) {
        try {
            return Collectives.scan(core(), sendbuf, recvbuf, op, true).init(this);
        } catch (MpiException e) {
            throw raise(e);
        }
    }
}
