package io.jmpi;

import io.jmpi.internal.comm.CommCore;
import io.jmpi.internal.comm.CommFactory;

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
        return (Intracomm) super.dup();
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
        return wrap(dupCore(core(), info == null || info == Info.NULL ? Info.create() : info.dup()));
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
            return new Request<>(c.engine(), op);
        }
        return new Request<>(c.engine(), io.jmpi.internal.coll.CollectiveExecutor.start(call, schedule));
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
        CommCore c = core();
        if (color < 0 && color != MPI.UNDEFINED) {
            throw new MpiException(ErrorClass.ERR_ARG, "color " + color + " is invalid: use a color >= 0 or MPI.UNDEFINED");
        }
        CommCore n = CommFactory.split(c.shadow(c.nextCollectiveSequence()), color, key,
                c.name() + ".split(" + (color == MPI.UNDEFINED ? "UNDEFINED" : color) + ")");
        return n == null ? null : new Intracomm(fixed(n));
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
        CommCore c = core();
        if (splitType != MPI.COMM_TYPE_SHARED && splitType != MPI.UNDEFINED) {
            throw new MpiException(ErrorClass.ERR_ARG, "splitType " + splitType
                    + " is not supported: use MPI.COMM_TYPE_SHARED or MPI.UNDEFINED");
        }
        String host = splitType == MPI.UNDEFINED ? null : hostId();
        CommCore n = CommFactory.splitByHost(c.shadow(c.nextCollectiveSequence()), host, key, c.name() + ".shared");
        return n == null ? null : new Intracomm(fixed(n));
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
        CommCore c = core();
        int[] members = checkSubgroup(c, group, "create");
        CommCore n = CommFactory.create(c.shadow(c.nextCollectiveSequence()), members, c.name() + ".create");
        return n == null ? null : new Intracomm(fixed(n));
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
        CommCore c = core();
        int[] members = checkSubgroup(c, group, "createGroup");
        if (group.getRank() == MPI.UNDEFINED) {
            throw new MpiException(ErrorClass.ERR_GROUP, "createGroup: the calling rank (" + c.rank() + " in " + c.name()
                    + ") is not in group " + java.util.Arrays.toString(members) + ": only the group's members call it");
        }
        checkSendTag(tag);
        return new Intracomm(fixed(CommFactory.createGroup(c, members, tag, c.name() + ".createGroup")));
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
        Collectives.scan(core(), sendbuf, recvbuf, op, false).run();
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
        Collectives.scan(core(), sendbuf, recvbuf, op, true).run();
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
        return Collectives.scan(core(), sendobj, Collectives.objectOp(op), false).run();
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
        return Collectives.scan(core(), sendobj, Collectives.objectOp(op), false).run();
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
        return Collectives.scan(core(), sendobj, Collectives.objectOp(op), true).run();
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
        return Collectives.scan(core(), sendobj, Collectives.objectOp(op), true).run();
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
        return Collectives.scan(core(), sendbuf, recvbuf, op, false).start();
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
        return Collectives.scan(core(), sendbuf, recvbuf, op, true).start();
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
        return Collectives.scan(core(), sendobj, Collectives.objectOp(op), false).start();
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
        return Collectives.scan(core(), sendobj, Collectives.objectOp(op), false).start();
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
        return Collectives.scan(core(), sendobj, Collectives.objectOp(op), true).start();
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
        return Collectives.scan(core(), sendobj, Collectives.objectOp(op), true).start();
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
        return Collectives.scan(core(), sendbuf, recvbuf, op, false).init();
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
        return Collectives.scan(core(), sendbuf, recvbuf, op, true).init();
    }
}
