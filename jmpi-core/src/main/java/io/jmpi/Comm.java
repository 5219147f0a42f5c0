package io.jmpi;

import io.jmpi.internal.comm.CommCore;
import io.jmpi.internal.comm.CommFactory;
import io.jmpi.internal.p2p.InboundMessage;
import io.jmpi.internal.p2p.MessageEngine;
import io.jmpi.internal.p2p.Payload;
import io.jmpi.internal.p2p.RecvOp;
import io.jmpi.internal.p2p.SendMode;

import java.util.List;
import java.util.function.BinaryOperator;
import java.util.function.Supplier;

/**
 * A communicator: a group of ranks and a private space for their messages.
 *
 * <p>Two kinds of data, as in mpi4py: objects of any class ({@code send(Object, ...)},
 * {@code recv(...)} returning the object; mpi4py's lowercase methods, which pickle) are
 * serialized with Kryo; buffers ({@link Buf}; mpi4py's uppercase methods) travel as their
 * elements, with no serialization.
 *
 * <p>Errors are {@link MpiException}s, passed through the communicator's error handler
 * ({@link #setErrhandler}; {@link Errhandler#ERRORS_RETURN}, which throws them, by default)
 * before they reach the caller: the {@code @throws} clauses below say what is thrown under it.
 *
 * <p>Thread-safe: any thread may call any method at any time ({@code MPI_THREAD_MULTIPLE}).
 *
 * <p>MPI: MPI_Comm; mpi4py: {@code MPI.Comm}.
 */
public abstract class Comm {
    private final Supplier<CommCore> core;

    Comm(Supplier<CommCore> core) {
        this.core = core;
    }

    /**
     * The state this handle stands for (resolved per call for COMM_WORLD and COMM_SELF).
     *
     * @throws MpiException {@code ERR_COMM} once the communicator has been freed
     */
    final CommCore core() {
        return core.get().checkUsable();
    }

    /** A supplier of one fixed core, for communicators created by the program. */
    static Supplier<CommCore> fixed(CommCore c) {
        return () -> c;
    }

    /** A handle of this handle's class (Intracomm, Cartcomm, Intercomm) for a new core. */
    abstract Comm wrap(CommCore c);

    // ---- Communicator ----

    /**
     * Returns the rank of the calling process in this communicator.
     *
     * <p>MPI: MPI_Comm_rank; mpi4py: {@code Comm.Get_rank()} / {@code Comm.rank}.
     *
     * @return the rank, from 0 to {@code getSize() - 1}
     */
    public int getRank() {
        try {
            return core().rank();
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Returns the number of processes in this communicator.
     *
     * <p>MPI: MPI_Comm_size; mpi4py: {@code Comm.Get_size()} / {@code Comm.size}.
     *
     * @return the size
     */
    public int getSize() {
        try {
            return core().size();
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Returns this communicator's name ({@code COMM_WORLD}, {@code COMM_SELF} ...).
     *
     * <p>MPI: MPI_Comm_get_name; mpi4py: {@code Comm.Get_name()} / {@code Comm.name}.
     *
     * @return the name
     */
    public String getName() {
        try {
            return core().name();
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Returns whether this is an intercommunicator.
     *
     * <p>MPI: MPI_Comm_test_inter; mpi4py: {@code Comm.Is_inter()} / {@code Comm.is_inter}.
     *
     * @return true for an {@link Intercomm}
     */
    public abstract boolean isInter();

    /**
     * Returns whether this is an intracommunicator.
     *
     * <p>MPI: !MPI_Comm_test_inter; mpi4py: {@code Comm.Is_intra()} / {@code Comm.is_intra}.
     *
     * @return true for an {@link Intracomm}
     */
    public boolean isIntra() {
        return !isInter();
    }

    // ---- Communicator management ----

    /**
     * Returns the group of this communicator (the local group of an intercommunicator).
     *
     * <p>MPI: MPI_Comm_group; mpi4py: {@code Comm.Get_group()} / {@code Comm.group}.
     *
     * @return the group
     */
    public Group getGroup() {
        try {
            CommCore c = core();
            return new Group(c.localRanks(), c.myWorldRank());
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Sets this communicator's name (local: other ranks keep theirs).
     *
     * <p>MPI: MPI_Comm_set_name; mpi4py: {@code Comm.Set_name(name)} / {@code Comm.name = name}.
     *
     * @param name the name
     * @throws MpiException {@code ERR_ARG} for a null name
     */
    public void setName(String name) {
        try {
            if (name == null) {
                throw new MpiException(ErrorClass.ERR_ARG, "name is null");
            }
            core().setName(name);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Compares two communicators: {@link MPI#IDENT} for the same communicator (same context),
     * {@link MPI#CONGRUENT} for the same members in the same order (both groups, for
     * intercommunicators), {@link MPI#SIMILAR} for the same members in another order,
     * {@link MPI#UNEQUAL} otherwise (also for an intracommunicator against an intercommunicator).
     *
     * <p>MPI: MPI_Comm_compare; mpi4py: {@code Comm.Compare(comm1, comm2)}.
     *
     * @param comm1 a communicator
     * @param comm2 another
     * @return IDENT, CONGRUENT, SIMILAR or UNEQUAL
     * @throws MpiException {@code ERR_COMM} for a null or freed communicator
     */
    public static int compare(Comm comm1, Comm comm2) {
        CommCore a = checkComm(comm1, "comm1");
        CommCore b = checkComm(comm2, "comm2");
        if (a == b) {
            return MPI.IDENT;
        }
        if (a.isInter() != b.isInter()) {
            return MPI.UNEQUAL;
        }
        int local = Group.compare(new Group(a.localRanks(), a.myWorldRank()), new Group(b.localRanks(), b.myWorldRank()));
        if (!a.isInter()) {
            return local == MPI.IDENT ? MPI.CONGRUENT : local;
        }
        int remote = Group.compare(new Group(a.remoteRanks(), -1), new Group(b.remoteRanks(), -1));
        if (local == MPI.UNEQUAL || remote == MPI.UNEQUAL) {
            return MPI.UNEQUAL;
        }
        return local == MPI.IDENT && remote == MPI.IDENT ? MPI.CONGRUENT : MPI.SIMILAR;
    }

    static CommCore checkComm(Comm comm, String what) {
        if (comm == null) {
            throw new MpiException(ErrorClass.ERR_COMM, what + " is null (COMM_NULL): pass a communicator");
        }
        return comm.core();
    }

    /**
     * Duplicates this communicator: same group, new contexts (traffic on the duplicate never
     * matches traffic on this one), the attributes whose keyval copies them, and the topology.
     * Collective.
     *
     * <p>MPI: MPI_Comm_dup; mpi4py: {@code Comm.Dup()}.
     *
     * @return the duplicate
     */
    public Comm dup() {
        try {
            return wrap(dupCore(core(), null));
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /** Duplicates {@code c} on the calling thread; the sequence number is taken first. */
    static CommCore dupCore(CommCore c, Info info) {
        return finishDup(c, CommFactory.dup(c.shadow(c.nextCollectiveSequence()), c.name() + ".dup"), info);
    }

    static CommCore finishDup(CommCore c, CommCore n, Info info) {
        n.topology(c.topology());
        n.info(info != null ? info : c.info());
        java.util.List<java.util.Map.Entry<Object, Object>> entries;
        synchronized (c.attributes()) {
            entries = new java.util.ArrayList<>(c.attributes().entrySet());
        }
        for (java.util.Map.Entry<Object, Object> e : entries) {
            Object copy = ((Keyval) e.getKey()).copy(e.getValue());
            if (copy != null) {
                n.attributes().put(e.getKey(), copy);
            }
        }
        return n;
    }

    /**
     * Frees this communicator: its context ids return to the pool and later use of this handle
     * fails with {@code ERR_COMM}. The attributes' delete functions run. Complete the
     * communication on it first, as MPI requires. Local in jmpi (MPI allows it to be
     * collective): each member frees its own handle.
     *
     * <p>MPI: MPI_Comm_free; mpi4py: {@code Comm.Free()}.
     *
     * @throws MpiException {@code ERR_COMM} for {@code COMM_WORLD}/{@code COMM_SELF} or a
     *     communicator already freed
     */
    public void free() {
        try {
            CommCore c = core();
            if (c.isPredefined()) {
                throw new MpiException(ErrorClass.ERR_COMM, "communicator " + c.name()
                        + " is predefined and cannot be freed");
            }
            java.util.List<java.util.Map.Entry<Object, Object>> entries;
            synchronized (c.attributes()) {
                entries = new java.util.ArrayList<>(c.attributes().entrySet());
                c.attributes().clear();
            }
            for (java.util.Map.Entry<Object, Object> e : entries) {
                ((Keyval) e.getKey()).delete(e.getValue());
            }
            if (!c.markFreed()) {
                throw new MpiException(ErrorClass.ERR_COMM, "communicator " + c.name() + " has already been freed");
            }
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Returns the info hints given at creation ({@link MPI#INFO_NULL} when none), as a copy.
     *
     * <p>MPI: MPI_Comm_get_info; mpi4py: {@code Comm.Get_info()} / {@code Comm.info}.
     *
     * @return a copy of the hints
     */
    public Info getInfo() {
        try {
            Object i = core().info();
            return i == null ? Info.create() : ((Info) i).dup();
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Sets the info hints (jmpi reads none yet).
     *
     * <p>MPI: MPI_Comm_set_info; mpi4py: {@code Comm.Set_info(info)} / {@code Comm.info = info}.
     *
     * @param info the hints
     */
    public void setInfo(Info info) {
        try {
            core().info(info == null || info == Info.NULL ? null : info.dup());
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Returns the kind of topology: {@link MPI#CART}, {@link MPI#GRAPH}, {@link MPI#DIST_GRAPH},
     * or {@link MPI#UNDEFINED} for none.
     *
     * <p>MPI: MPI_Topo_test; mpi4py: {@code Comm.Get_topology()} / {@code Comm.topology}.
     *
     * @return the topology type
     */
    public int getTopology() {
        try {
            Object t = core().topology();
            if (t instanceof io.jmpi.internal.comm.CartTopology) {
                return MPI.CART;
            }
            if (t instanceof io.jmpi.internal.comm.GraphTopology) {
                return MPI.GRAPH;
            }
            return t instanceof io.jmpi.internal.comm.DistGraphTopology ? MPI.DIST_GRAPH : MPI.UNDEFINED;
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    // ---- Attribute caching ----

    /**
     * Creates a key for caching attributes on communicators.
     *
     * <p>MPI: MPI_Comm_create_keyval; mpi4py: {@code Comm.Create_keyval(copy_fn, delete_fn)}.
     *
     * @param copyFn what a duplicate ({@link #dup()}) gets for a value: null (or a function
     *     returning null) gives it none; {@code v -> v} shares the value
     * @param deleteFn called with a value when it is deleted, replaced, or its communicator
     *     freed; may be null
     * @return the key
     */
    public static Keyval createKeyval(java.util.function.UnaryOperator<Object> copyFn,
            java.util.function.Consumer<Object> deleteFn) {
        return new Keyval("user", copyFn, deleteFn, false);
    }

    /**
     * Creates a key whose values are not copied to duplicates and need no clean-up.
     *
     * <p>MPI: MPI_Comm_create_keyval(MPI_COMM_NULL_COPY_FN, MPI_COMM_NULL_DELETE_FN);
     * mpi4py: {@code Comm.Create_keyval()}.
     *
     * @return the key
     */
    public static Keyval createKeyval() {
        return createKeyval(null, null);
    }

    /**
     * Frees a key. Values already cached stay until deleted (jmpi's keys are objects: nothing
     * is reused).
     *
     * <p>MPI: MPI_Comm_free_keyval; mpi4py: {@code Comm.Free_keyval(keyval)}.
     *
     * @param keyval the key
     * @throws MpiException {@code ERR_ARG} for a null or predefined key
     */
    public static void freeKeyval(Keyval keyval) {
        checkKeyval(keyval, true);
    }

    private static void checkKeyval(Keyval keyval, boolean writing) {
        if (keyval == null) {
            throw new MpiException(ErrorClass.ERR_ARG, "keyval is null: use Comm.createKeyval() or a Keyval constant");
        }
        if (writing && keyval.isPredefined()) {
            throw new MpiException(ErrorClass.ERR_ARG, "keyval " + keyval + " is predefined: its attribute is read-only");
        }
    }

    /**
     * Caches a value on this communicator under {@code keyval}, replacing (and deleting) the
     * previous one.
     *
     * <p>MPI: MPI_Comm_set_attr; mpi4py: {@code Comm.Set_attr(keyval, attrval)}.
     *
     * @param keyval the key
     * @param value the value (not null)
     * @throws MpiException {@code ERR_ARG} for a null or predefined key or a null value
     */
    public void setAttr(Keyval keyval, Object value) {
        try {
            checkKeyval(keyval, true);
            if (value == null) {
                throw new MpiException(ErrorClass.ERR_ARG, "value is null: use deleteAttr to remove an attribute");
            }
            Object old = core().attributes().put(keyval, value);
            if (old != null) {
                keyval.delete(old);
            }
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Returns the value cached under {@code keyval}, or null if none. The predefined keys give
     * {@link Keyval#TAG_UB} the largest tag, {@link Keyval#HOST} {@link MPI#PROC_NULL},
     * {@link Keyval#UNIVERSE_SIZE} the world's size, {@link Keyval#APPNUM} 0 and
     * {@link Keyval#WTIME_IS_GLOBAL} false, on every communicator.
     *
     * <p>MPI: MPI_Comm_get_attr; mpi4py: {@code Comm.Get_attr(keyval)}.
     *
     * @param <T> the value's type
     * @param keyval the key
     * @return the value or null
     */
    @SuppressWarnings("unchecked")
    public <T> T getAttr(Keyval keyval) {
        try {
            checkKeyval(keyval, false);
            CommCore c = core();
            if (keyval == Keyval.TAG_UB) {
                return (T) Integer.valueOf(MPI.TAG_UB);
            } else if (keyval == Keyval.HOST) {
                return (T) Integer.valueOf(MPI.PROC_NULL);
            } else if (keyval == Keyval.UNIVERSE_SIZE) {
                return (T) Integer.valueOf(io.jmpi.internal.session.Sessions.current().size());
            } else if (keyval == Keyval.APPNUM) {
                return (T) Integer.valueOf(0);
            } else if (keyval == Keyval.WTIME_IS_GLOBAL) {
                return (T) Boolean.FALSE;
            }
            return (T) c.attributes().get(keyval);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Deletes the value cached under {@code keyval} (its delete function runs); nothing if none.
     *
     * <p>MPI: MPI_Comm_delete_attr; mpi4py: {@code Comm.Delete_attr(keyval)}.
     *
     * @param keyval the key
     * @throws MpiException {@code ERR_ARG} for a null or predefined key
     */
    public void deleteAttr(Keyval keyval) {
        try {
            checkKeyval(keyval, true);
            Object old = core().attributes().remove(keyval);
            if (old != null) {
                keyval.delete(old);
            }
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    // ---- Point-to-point: blocking, objects ----

    /**
     * Sends an object (blocking, standard mode). Returns once {@code obj} may be changed; the
     * message may still be on its way.
     *
     * <p>MPI: MPI_Send of a serialized object; mpi4py: {@code Comm.send(obj, dest, tag)}.
     *
     * @param obj the object, of any class (may be {@code null})
     * @param dest the destination rank, or {@link MPI#PROC_NULL}
     * @param tag the tag, 0 to {@link MPI#TAG_UB}
     * @throws MpiException {@code ERR_RANK} or {@code ERR_TAG} for a bad argument,
     *     {@code ERR_OTHER} if {@code obj} cannot be serialized, {@code ERR_PROC_FAILED} if
     *     {@code dest} has failed
     */
    public void send(Object obj, int dest, int tag) {
        try {
            sendObject(obj, dest, tag, SendMode.STANDARD).waitFor();
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Sends an object in synchronous mode: returns once the receiver has matched it.
     *
     * <p>MPI: MPI_Ssend of a serialized object; mpi4py: {@code Comm.ssend(obj, dest, tag)}.
     *
     * @param obj the object
     * @param dest the destination rank, or {@link MPI#PROC_NULL}
     * @param tag the tag
     * @throws MpiException as {@link #send(Object, int, int)}
     */
    public void ssend(Object obj, int dest, int tag) {
        try {
            sendObject(obj, dest, tag, SendMode.SYNCHRONOUS).waitFor();
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Sends an object in buffered mode, charging the buffer attached with
     * {@link MPI#attachBuffer}; returns at once.
     *
     * <p>MPI: MPI_Bsend of a serialized object; mpi4py: {@code Comm.bsend(obj, dest, tag)}.
     *
     * @param obj the object
     * @param dest the destination rank, or {@link MPI#PROC_NULL}
     * @param tag the tag
     * @throws MpiException {@code ERR_BUFFER} when no buffer is attached or it is too small,
     *     else as {@link #send(Object, int, int)}
     */
    public void bsend(Object obj, int dest, int tag) {
        try {
            sendObject(obj, dest, tag, SendMode.BUFFERED);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Receives an object from any source with any tag (blocking).
     *
     * <p>MPI: MPI_Recv of a serialized object; mpi4py: {@code Comm.recv()}.
     *
     * @param <T> the type the caller expects
     * @return the object
     */
    public <T> T recv() {
        try {
            return recv(MPI.ANY_SOURCE, MPI.ANY_TAG, null);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Receives an object (blocking).
     *
     * <p>MPI: MPI_Recv of a serialized object; mpi4py: {@code Comm.recv(source=..., tag=...)}.
     *
     * @param <T> the type the caller expects
     * @param source the source rank, {@link MPI#ANY_SOURCE} or {@link MPI#PROC_NULL}
     * @param tag the tag or {@link MPI#ANY_TAG}
     * @return the object ({@code null} from {@link MPI#PROC_NULL})
     * @throws MpiException {@code ERR_RANK} or {@code ERR_TAG} for a bad argument,
     *     {@code ERR_TYPE} if the matched message is a buffer message
     */
    public <T> T recv(int source, int tag) {
        try {
            return recv(source, tag, null);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Receives an object (blocking) and fills {@code status}.
     *
     * <p>MPI: MPI_Recv of a serialized object; mpi4py:
     * {@code Comm.recv(source=..., tag=..., status=...)}.
     *
     * @param <T> the type the caller expects
     * @param source the source rank, {@link MPI#ANY_SOURCE} or {@link MPI#PROC_NULL}
     * @param tag the tag or {@link MPI#ANY_TAG}
     * @param status filled with the source, tag and size of the message; may be {@code null}
     * @return the object ({@code null} from {@link MPI#PROC_NULL})
     * @throws MpiException {@code ERR_RANK} or {@code ERR_TAG} for a bad argument,
     *     {@code ERR_TYPE} if the matched message is a buffer message, {@code ERR_OTHER} if it
     *     cannot be deserialized here
     */
    public <T> T recv(int source, int tag, Status status) {
        try {
            return this.<T>irecv(source, tag).waitFor(status);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Sends an object and receives one (blocking), without deadlock when two ranks exchange.
     *
     * <p>MPI: MPI_Sendrecv of serialized objects; mpi4py:
     * {@code Comm.sendrecv(sendobj, dest, sendtag, source=..., recvtag=..., status=...)}.
     *
     * <p><b>Note:</b> the receive must match what the partner sends: mismatched tags deadlock,
     * as in MPI.
     *
     * @param <T> the type the caller expects
     * @param sendobj the object to send
     * @param dest the destination rank, or {@link MPI#PROC_NULL}
     * @param sendtag the tag of the sent message
     * @param source the source rank, {@link MPI#ANY_SOURCE} or {@link MPI#PROC_NULL}
     * @param recvtag the tag to receive, or {@link MPI#ANY_TAG}
     * @param status filled with the received message's outcome; may be {@code null}
     * @return the received object
     */
    public <T> T sendrecv(Object sendobj, int dest, int sendtag, int source, int recvtag, Status status) {
        try {
            // check the receive's arguments, then send (checks, serializes), then post the receive:
            // a failing send must not leave a posted receive behind to swallow a later message
            CommCore c = core();
            c.checkRank("source", source, true);
            checkRecvTag(recvtag);
            Request<Void> s = isend(sendobj, dest, sendtag);
            Request<T> r = irecv(source, recvtag);
            s.waitFor();
            return r.waitFor(status);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Sends an object and receives one (blocking): {@code sendrecv(..., null)}.
     *
     * <p>MPI: MPI_Sendrecv; mpi4py: {@code Comm.sendrecv(sendobj, dest, sendtag, source, recvtag)}.
     *
     * @param <T> the type the caller expects
     * @param sendobj the object to send
     * @param dest the destination rank
     * @param sendtag the tag of the sent message
     * @param source the source rank
     * @param recvtag the tag to receive
     * @return the received object
     */
    public <T> T sendrecv(Object sendobj, int dest, int sendtag, int source, int recvtag) {
        try {
            return sendrecv(sendobj, dest, sendtag, source, recvtag, null);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    // ---- Point-to-point: nonblocking, objects ----

    /**
     * Starts a standard-mode send of an object; the object is serialized before this returns,
     * so it may be changed at once.
     *
     * <p>MPI: MPI_Isend of a serialized object; mpi4py: {@code Comm.isend(obj, dest, tag)}.
     *
     * @param obj the object
     * @param dest the destination rank, or {@link MPI#PROC_NULL}
     * @param tag the tag
     * @return the request
     */
    public Request<Void> isend(Object obj, int dest, int tag) {
        try {
            return sendObject(obj, dest, tag, SendMode.STANDARD);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Starts a synchronous-mode send of an object: completes once the receiver has matched it.
     *
     * <p>MPI: MPI_Issend; mpi4py: {@code Comm.issend(obj, dest, tag)}.
     *
     * @param obj the object
     * @param dest the destination rank, or {@link MPI#PROC_NULL}
     * @param tag the tag
     * @return the request
     */
    public Request<Void> issend(Object obj, int dest, int tag) {
        try {
            return sendObject(obj, dest, tag, SendMode.SYNCHRONOUS);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Starts a buffered-mode send of an object (see {@link #bsend(Object, int, int)}).
     *
     * <p>MPI: MPI_Ibsend; mpi4py: {@code Comm.ibsend(obj, dest, tag)}.
     *
     * @param obj the object
     * @param dest the destination rank, or {@link MPI#PROC_NULL}
     * @param tag the tag
     * @return the request
     */
    public Request<Void> ibsend(Object obj, int dest, int tag) {
        try {
            return sendObject(obj, dest, tag, SendMode.BUFFERED);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Starts receiving an object from any source with any tag. No size guess is needed: the
     * request takes a message of any size.
     *
     * <p>MPI: MPI_Irecv of a serialized object; mpi4py: {@code Comm.irecv()}.
     *
     * @param <T> the type the caller expects
     * @return the request; its result is the object
     */
    public <T> Request<T> irecv() {
        try {
            return irecv(MPI.ANY_SOURCE, MPI.ANY_TAG);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Starts receiving an object.
     *
     * <p>MPI: MPI_Irecv of a serialized object; mpi4py: {@code Comm.irecv(source=..., tag=...)}.
     *
     * @param <T> the type the caller expects
     * @param source the source rank, {@link MPI#ANY_SOURCE} or {@link MPI#PROC_NULL}
     * @param tag the tag or {@link MPI#ANY_TAG}
     * @return the request; its result is the object
     */
    public <T> Request<T> irecv(int source, int tag) {
        try {
            CommCore c = core();
            c.checkRank("source", source, true);
            checkRecvTag(tag);
            return new Request<>(this, c.engine(), c.irecv(null, source, tag));
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    private Request<Void> sendObject(Object obj, int dest, int tag, SendMode mode) {
        CommCore c = core();
        c.checkRank("dest", dest, false);
        checkSendTag(tag);
        if (dest == MPI.PROC_NULL) {
            return new Request<>(this, c.engine(), c.isend(null, dest, tag, mode));
        }
        return new Request<>(this, c.engine(), c.isend(c.payload(obj), dest, tag, mode));
    }

    // ---- Point-to-point: blocking, buffers ----

    /**
     * Sends the elements of a buffer (blocking, standard mode). Returns once the buffer may be
     * changed: at once for small messages, once the receiver has taken the data for large
     * ones (above {@code jmpi.eagerLimit}).
     *
     * <p>MPI: MPI_Send; mpi4py: {@code Comm.Send(buf, dest, tag)}.
     *
     * @param buf the data
     * @param dest the destination rank, or {@link MPI#PROC_NULL}
     * @param tag the tag, 0 to {@link MPI#TAG_UB}
     * @throws MpiException {@code ERR_BUFFER} for a null buffer, {@code ERR_RANK} or
     *     {@code ERR_TAG} for a bad argument, {@code ERR_PROC_FAILED} if {@code dest} failed
     */
    public void send(Buf buf, int dest, int tag) {
        try {
            sendBuf(buf, dest, tag, SendMode.STANDARD).waitFor();
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Sends a buffer in synchronous mode: returns once the receiver has matched it.
     *
     * <p>MPI: MPI_Ssend; mpi4py: {@code Comm.Ssend(buf, dest, tag)}.
     *
     * @param buf the data
     * @param dest the destination rank, or {@link MPI#PROC_NULL}
     * @param tag the tag
     */
    public void ssend(Buf buf, int dest, int tag) {
        try {
            sendBuf(buf, dest, tag, SendMode.SYNCHRONOUS).waitFor();
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Sends a buffer in buffered mode: the data is copied, charging the buffer attached with
     * {@link MPI#attachBuffer}, and this returns at once.
     *
     * <p>MPI: MPI_Bsend; mpi4py: {@code Comm.Bsend(buf, dest, tag)}.
     *
     * @param buf the data
     * @param dest the destination rank, or {@link MPI#PROC_NULL}
     * @param tag the tag
     * @throws MpiException {@code ERR_BUFFER} when no buffer is attached or it is too small
     */
    public void bsend(Buf buf, int dest, int tag) {
        try {
            sendBuf(buf, dest, tag, SendMode.BUFFERED);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Sends a buffer in ready mode (the receive is known to be posted); jmpi sends it as a
     * standard-mode send, which is always correct.
     *
     * <p>MPI: MPI_Rsend; mpi4py: {@code Comm.Rsend(buf, dest, tag)}.
     *
     * @param buf the data
     * @param dest the destination rank, or {@link MPI#PROC_NULL}
     * @param tag the tag
     */
    public void rsend(Buf buf, int dest, int tag) {
        try {
            sendBuf(buf, dest, tag, SendMode.READY).waitFor();
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Receives into a buffer (blocking).
     *
     * <p>MPI: MPI_Recv; mpi4py: {@code Comm.Recv(buf, source, tag)}.
     *
     * @param buf where the elements go; the message may be shorter than the buffer
     * @param source the source rank, {@link MPI#ANY_SOURCE} or {@link MPI#PROC_NULL}
     * @param tag the tag or {@link MPI#ANY_TAG}
     * @return the status: source, tag and size of the message
     * @throws MpiException {@code ERR_TRUNCATE} if the message is longer than the buffer (the
     *     message is consumed), {@code ERR_TYPE} if its datatype differs or it is an object
     *     message, {@code ERR_RANK}/{@code ERR_TAG}/{@code ERR_BUFFER} for a bad argument
     */
    public Status recv(Buf buf, int source, int tag) {
        try {
            return recv(buf, source, tag, null);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Receives into a buffer (blocking) and fills {@code status}.
     *
     * <p>MPI: MPI_Recv; mpi4py: {@code Comm.Recv(buf, source, tag, status)}.
     *
     * @param buf where the elements go
     * @param source the source rank, {@link MPI#ANY_SOURCE} or {@link MPI#PROC_NULL}
     * @param tag the tag or {@link MPI#ANY_TAG}
     * @param status the status to fill, or {@code null} for a new one
     * @return the status
     * @throws MpiException as {@link #recv(Buf, int, int)}
     */
    public Status recv(Buf buf, int source, int tag, Status status) {
        try {
            Status st = status != null ? status : new Status();
            irecv(buf, source, tag).waitFor(st);
            return st;
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Sends a buffer and receives into another (blocking), without deadlock when two ranks
     * exchange. Messages of any size (beyond 2 GiB) go through.
     *
     * <p>MPI: MPI_Sendrecv; mpi4py: {@code Comm.Sendrecv(sendbuf, dest, sendtag, recvbuf, source, recvtag, status)}.
     *
     * @param sendbuf the data to send
     * @param dest the destination rank, or {@link MPI#PROC_NULL}
     * @param sendtag the tag of the sent message
     * @param recvbuf where the received elements go
     * @param source the source rank, {@link MPI#ANY_SOURCE} or {@link MPI#PROC_NULL}
     * @param recvtag the tag to receive, or {@link MPI#ANY_TAG}
     * @return the status of the receive
     */
    public Status sendrecv(Buf sendbuf, int dest, int sendtag, Buf recvbuf, int source, int recvtag) {
        try {
            checkBuf(recvbuf);
            CommCore c = core();
            c.checkRank("source", source, true);
            checkRecvTag(recvtag);
            Request<Void> s = isend(sendbuf, dest, sendtag);
            Request<Status> r = irecv(recvbuf, source, recvtag);
            s.waitFor();
            return r.waitFor();
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Sends a buffer and receives into the same buffer (blocking); the outgoing data is copied
     * first.
     *
     * <p>MPI: MPI_Sendrecv_replace; mpi4py: {@code Comm.Sendrecv_replace(buf, dest, sendtag, source, recvtag, status)}.
     *
     * @param buf the data to send, replaced by the data received
     * @param dest the destination rank, or {@link MPI#PROC_NULL}
     * @param sendtag the tag of the sent message
     * @param source the source rank, {@link MPI#ANY_SOURCE} or {@link MPI#PROC_NULL}
     * @param recvtag the tag to receive, or {@link MPI#ANY_TAG}
     * @return the status of the receive
     */
    public Status sendrecvReplace(Buf buf, int dest, int sendtag, int source, int recvtag) {
        try {
            checkBuf(buf);
            CommCore c = core();
            c.checkRank("dest", dest, false);
            checkSendTag(sendtag);
            c.checkRank("source", source, true);
            checkRecvTag(recvtag);
            Request<Void> s = new Request<>(this, c.engine(), c.isend(c.engine().copyOf(buf), dest, sendtag, SendMode.STANDARD));
            Request<Status> r = irecv(buf, source, recvtag);
            s.waitFor();
            return r.waitFor();
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    // ---- Point-to-point: nonblocking, buffers ----

    /**
     * Starts a standard-mode send of a buffer. The buffer must not change until the request
     * completes.
     *
     * <p>MPI: MPI_Isend; mpi4py: {@code Comm.Isend(buf, dest, tag)}.
     *
     * @param buf the data
     * @param dest the destination rank, or {@link MPI#PROC_NULL}
     * @param tag the tag
     * @return the request
     */
    public Request<Void> isend(Buf buf, int dest, int tag) {
        try {
            return sendBuf(buf, dest, tag, SendMode.STANDARD);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Starts a synchronous-mode send of a buffer.
     *
     * <p>MPI: MPI_Issend; mpi4py: {@code Comm.Issend(buf, dest, tag)}.
     *
     * @param buf the data
     * @param dest the destination rank, or {@link MPI#PROC_NULL}
     * @param tag the tag
     * @return the request
     */
    public Request<Void> issend(Buf buf, int dest, int tag) {
        try {
            return sendBuf(buf, dest, tag, SendMode.SYNCHRONOUS);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Starts a buffered-mode send of a buffer.
     *
     * <p>MPI: MPI_Ibsend; mpi4py: {@code Comm.Ibsend(buf, dest, tag)}.
     *
     * @param buf the data
     * @param dest the destination rank, or {@link MPI#PROC_NULL}
     * @param tag the tag
     * @return the request
     */
    public Request<Void> ibsend(Buf buf, int dest, int tag) {
        try {
            return sendBuf(buf, dest, tag, SendMode.BUFFERED);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Starts a ready-mode send of a buffer (sent as standard mode).
     *
     * <p>MPI: MPI_Irsend; mpi4py: {@code Comm.Irsend(buf, dest, tag)}.
     *
     * @param buf the data
     * @param dest the destination rank, or {@link MPI#PROC_NULL}
     * @param tag the tag
     * @return the request
     */
    public Request<Void> irsend(Buf buf, int dest, int tag) {
        try {
            return sendBuf(buf, dest, tag, SendMode.READY);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Starts a receive into a buffer.
     *
     * <p>MPI: MPI_Irecv; mpi4py: {@code Comm.Irecv(buf, source, tag)}.
     *
     * @param buf where the elements go
     * @param source the source rank, {@link MPI#ANY_SOURCE} or {@link MPI#PROC_NULL}
     * @param tag the tag or {@link MPI#ANY_TAG}
     * @return the request; its result is the status
     */
    public Request<Status> irecv(Buf buf, int source, int tag) {
        try {
            checkBuf(buf);
            CommCore c = core();
            c.checkRank("source", source, true);
            checkRecvTag(tag);
            if (source == MPI.PROC_NULL) {
                return new Request<>(this, c.engine(), RecvOp.procNull(true));
            }
            return new Request<>(this, c.engine(), c.irecv(buf, source, tag));
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    private Request<Void> sendBuf(Buf buf, int dest, int tag, SendMode mode) {
        checkBuf(buf);
        CommCore c = core();
        c.checkRank("dest", dest, false);
        checkSendTag(tag);
        return new Request<>(this, c.engine(), c.isend(Payload.of(buf), dest, tag, mode));
    }

    // ---- Point-to-point: persistent ----

    /**
     * Creates a persistent standard-mode send; each {@link Prequest#start()} sends the
     * buffer's current contents.
     *
     * <p>MPI: MPI_Send_init; mpi4py: {@code Comm.Send_init(buf, dest, tag)}.
     *
     * @param buf the data
     * @param dest the destination rank, or {@link MPI#PROC_NULL}
     * @param tag the tag
     * @return the inactive request
     */
    public Prequest sendInit(Buf buf, int dest, int tag) {
        try {
            return sendInit(buf, dest, tag, SendMode.STANDARD);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Creates a persistent synchronous-mode send.
     *
     * <p>MPI: MPI_Ssend_init; mpi4py: {@code Comm.Ssend_init(buf, dest, tag)}.
     *
     * @param buf the data
     * @param dest the destination rank, or {@link MPI#PROC_NULL}
     * @param tag the tag
     * @return the inactive request
     */
    public Prequest ssendInit(Buf buf, int dest, int tag) {
        try {
            return sendInit(buf, dest, tag, SendMode.SYNCHRONOUS);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Creates a persistent buffered-mode send.
     *
     * <p>MPI: MPI_Bsend_init; mpi4py: {@code Comm.Bsend_init(buf, dest, tag)}.
     *
     * @param buf the data
     * @param dest the destination rank, or {@link MPI#PROC_NULL}
     * @param tag the tag
     * @return the inactive request
     */
    public Prequest bsendInit(Buf buf, int dest, int tag) {
        try {
            return sendInit(buf, dest, tag, SendMode.BUFFERED);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Creates a persistent ready-mode send.
     *
     * <p>MPI: MPI_Rsend_init; mpi4py: {@code Comm.Rsend_init(buf, dest, tag)}.
     *
     * @param buf the data
     * @param dest the destination rank, or {@link MPI#PROC_NULL}
     * @param tag the tag
     * @return the inactive request
     */
    public Prequest rsendInit(Buf buf, int dest, int tag) {
        try {
            return sendInit(buf, dest, tag, SendMode.READY);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Creates a persistent receive.
     *
     * <p>MPI: MPI_Recv_init; mpi4py: {@code Comm.Recv_init(buf, source, tag)}.
     *
     * @param buf where the elements go
     * @param source the source rank, {@link MPI#ANY_SOURCE} or {@link MPI#PROC_NULL}
     * @param tag the tag or {@link MPI#ANY_TAG}
     * @return the inactive request
     */
    public Prequest recvInit(Buf buf, int source, int tag) {
        try {
            checkBuf(buf);
            CommCore c = core();
            c.checkRank("source", source, true);
            checkRecvTag(tag);
            return new Prequest(this, c.engine(), () -> source == MPI.PROC_NULL
                    ? RecvOp.procNull(true) : c.irecv(buf, source, tag));
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    private Prequest sendInit(Buf buf, int dest, int tag, SendMode mode) {
        checkBuf(buf);
        CommCore c = core();
        c.checkRank("dest", dest, false);
        checkSendTag(tag);
        return new Prequest(this, c.engine(), () -> c.isend(Payload.of(buf), dest, tag, mode));
    }

    // ---- Point-to-point: probes ----

    /**
     * Waits until a message from any source with any tag can be received, without receiving it.
     *
     * <p>MPI: MPI_Probe; mpi4py: {@code Comm.probe()} / {@code Comm.Probe()}.
     *
     * @return the message's source, tag and size
     */
    public Status probe() {
        try {
            return probe(MPI.ANY_SOURCE, MPI.ANY_TAG);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Waits until a matching message can be received, without receiving it.
     *
     * <p>MPI: MPI_Probe; mpi4py: {@code Comm.probe(source, tag, status)} / {@code Comm.Probe}.
     *
     * @param source the source rank, {@link MPI#ANY_SOURCE} or {@link MPI#PROC_NULL}
     * @param tag the tag or {@link MPI#ANY_TAG}
     * @return the message's source, tag and size
     */
    public Status probe(int source, int tag) {
        try {
            CommCore c = core();
            c.checkRank("source", source, true);
            checkRecvTag(tag);
            Status st = new Status();
            if (source == MPI.PROC_NULL) {
                Message.NO_PROC.fillStatus(st);
                return st;
            }
            MessageEngine.fillStatus(c.probe(source, tag, false), st);
            return st;
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Tells whether a matching message can be received now, without receiving it.
     *
     * <p>MPI: MPI_Iprobe; mpi4py: {@code Comm.iprobe(source, tag)} / {@code Comm.Iprobe}.
     *
     * @param source the source rank, {@link MPI#ANY_SOURCE} or {@link MPI#PROC_NULL}
     * @param tag the tag or {@link MPI#ANY_TAG}
     * @return whether one has arrived
     */
    public boolean iprobe(int source, int tag) {
        try {
            return iprobe(source, tag, null);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Tells whether a matching message can be received now and, if so, fills {@code status}.
     *
     * <p>MPI: MPI_Iprobe; mpi4py: {@code Comm.iprobe(source, tag, status)}.
     *
     * @param source the source rank, {@link MPI#ANY_SOURCE} or {@link MPI#PROC_NULL}
     * @param tag the tag or {@link MPI#ANY_TAG}
     * @param status filled when a message is there; may be {@code null}
     * @return whether one has arrived
     */
    public boolean iprobe(int source, int tag, Status status) {
        try {
            CommCore c = core();
            c.checkRank("source", source, true);
            checkRecvTag(tag);
            if (source == MPI.PROC_NULL) {
                if (status != null) {
                    Message.NO_PROC.fillStatus(status);
                }
                return true;
            }
            InboundMessage m = c.iprobe(source, tag, false);
            if (m != null && status != null) {
                MessageEngine.fillStatus(m, status);
            }
            return m != null;
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Waits for a matching message and takes it: only the returned {@link Message} can
     * receive it.
     *
     * <p>MPI: MPI_Mprobe; mpi4py: {@code Comm.mprobe(source, tag, status)}.
     *
     * @param source the source rank, {@link MPI#ANY_SOURCE} or {@link MPI#PROC_NULL}
     * @param tag the tag or {@link MPI#ANY_TAG}
     * @param status filled with the message's source, tag and size; may be {@code null}
     * @return the message ({@link Message#NO_PROC} for {@link MPI#PROC_NULL})
     */
    public Message mprobe(int source, int tag, Status status) {
        try {
            CommCore c = core();
            c.checkRank("source", source, true);
            checkRecvTag(tag);
            Message m = source == MPI.PROC_NULL ? Message.NO_PROC : new Message(this, c, c.probe(source, tag, true));
            if (status != null) {
                m.fillStatus(status);
            }
            return m;
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Waits for a matching message and takes it.
     *
     * <p>MPI: MPI_Mprobe; mpi4py: {@code Comm.mprobe(source, tag)}.
     *
     * @param source the source rank, {@link MPI#ANY_SOURCE} or {@link MPI#PROC_NULL}
     * @param tag the tag or {@link MPI#ANY_TAG}
     * @return the message
     */
    public Message mprobe(int source, int tag) {
        try {
            return mprobe(source, tag, null);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Takes a matching message if one has arrived.
     *
     * <p>MPI: MPI_Improbe; mpi4py: {@code Comm.improbe(source, tag, status)}.
     *
     * @param source the source rank, {@link MPI#ANY_SOURCE} or {@link MPI#PROC_NULL}
     * @param tag the tag or {@link MPI#ANY_TAG}
     * @param status filled when a message is taken; may be {@code null}
     * @return the message, or {@code null} if none has arrived
     */
    public Message improbe(int source, int tag, Status status) {
        try {
            CommCore c = core();
            c.checkRank("source", source, true);
            checkRecvTag(tag);
            Message m;
            if (source == MPI.PROC_NULL) {
                m = Message.NO_PROC;
            } else {
                InboundMessage in = c.iprobe(source, tag, true);
                if (in == null) {
                    return null;
                }
                m = new Message(this, c, in);
            }
            if (status != null) {
                m.fillStatus(status);
            }
            return m;
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Takes a matching message if one has arrived.
     *
     * <p>MPI: MPI_Improbe; mpi4py: {@code Comm.improbe(source, tag)}.
     *
     * @param source the source rank, {@link MPI#ANY_SOURCE} or {@link MPI#PROC_NULL}
     * @param tag the tag or {@link MPI#ANY_TAG}
     * @return the message, or {@code null} if none has arrived
     */
    public Message improbe(int source, int tag) {
        try {
            return improbe(source, tag, null);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    // ---- Collectives: blocking, buffers ----

    /**
     * Blocks until every rank of this communicator has called it.
     *
     * <p>MPI: MPI_Barrier; mpi4py: {@code Comm.Barrier()} / {@code Comm.barrier()}.
     */
    public void barrier() {
        try {
            Collectives.barrier(core()).run();
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Broadcasts the root's buffer to every rank's buffer.
     *
     * <p>MPI: MPI_Bcast; mpi4py: {@code Comm.Bcast(buf, root)}.
     *
     * @param buf the data at the root; where it goes elsewhere (same count and type everywhere)
     * @param root the rank that sends
     * @throws MpiException {@code ERR_ROOT} for a bad root, {@code ERR_BUFFER} for a null buffer,
     *     {@code ERR_TRUNCATE} or {@code ERR_COUNT} when the counts differ across ranks
     */
    public void bcast(Buf buf, int root) {
        try {
            Collectives.bcast(core(), buf, root).run();
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Gathers every rank's buffer at the root, in rank order.
     *
     * <p>MPI: MPI_Gather; mpi4py: {@code Comm.Gather(sendbuf, recvbuf, root)}.
     *
     * @param sendbuf this rank's data (n elements on every rank), or {@link MPI#IN_PLACE} at
     *     the root (its data is then already in its slot of {@code recvbuf})
     * @param recvbuf at the root, room for size x n elements (rank r's at r x n); ignored
     *     elsewhere (may be null)
     * @param root the rank that receives
     * @throws MpiException {@code ERR_ROOT}, {@code ERR_BUFFER}, {@code ERR_TYPE}, or
     *     {@code ERR_COUNT}/{@code ERR_TRUNCATE} when the counts differ across ranks
     */
    public void gather(Buf sendbuf, Buf recvbuf, int root) {
        try {
            Collectives.gather(core(), sendbuf, recvbuf, root).run();
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Gathers buffers of different lengths at the root.
     *
     * <p>MPI: MPI_Gatherv; mpi4py: {@code Comm.Gatherv(sendbuf, [recvbuf, counts, displs, type], root)}.
     *
     * @param sendbuf this rank's data, or {@link MPI#IN_PLACE} at the root
     * @param recvbuf at the root, where the data goes; ignored elsewhere
     * @param counts at the root, the number of elements from each rank; ignored elsewhere
     * @param displs at the root, where each rank's elements go in {@code recvbuf}, or
     *     {@code null} for one after another; ignored elsewhere
     * @param root the rank that receives
     * @throws MpiException {@code ERR_COUNT} when {@code counts} does not have one entry per
     *     rank or does not match a rank's {@code sendbuf}, {@code ERR_ARG} for bad displacements
     */
    public void gatherv(Buf sendbuf, Buf recvbuf, int[] counts, int[] displs, int root) {
        try {
            Collectives.gatherv(core(), sendbuf, recvbuf, counts, displs, root).run();
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Scatters consecutive blocks of the root's buffer, one to each rank in rank order.
     *
     * <p>MPI: MPI_Scatter; mpi4py: {@code Comm.Scatter(sendbuf, recvbuf, root)}.
     *
     * @param sendbuf at the root, size x n elements; ignored elsewhere (may be null)
     * @param recvbuf room for n elements, or {@link MPI#IN_PLACE} at the root (its block then
     *     stays in {@code sendbuf})
     * @param root the rank that sends
     * @throws MpiException as {@link #gather(Buf, Buf, int)}
     */
    public void scatter(Buf sendbuf, Buf recvbuf, int root) {
        try {
            Collectives.scatter(core(), sendbuf, recvbuf, root).run();
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Scatters blocks of different lengths from the root.
     *
     * <p>MPI: MPI_Scatterv; mpi4py: {@code Comm.Scatterv([sendbuf, counts, displs, type], recvbuf, root)}.
     *
     * @param sendbuf at the root, the data; ignored elsewhere
     * @param counts at the root, the number of elements for each rank; ignored elsewhere
     * @param displs at the root, where each rank's elements are in {@code sendbuf}, or
     *     {@code null} for one after another; ignored elsewhere
     * @param recvbuf room for this rank's elements (exactly its count), or {@link MPI#IN_PLACE}
     *     at the root
     * @param root the rank that sends
     * @throws MpiException as {@link #gatherv}
     */
    public void scatterv(Buf sendbuf, int[] counts, int[] displs, Buf recvbuf, int root) {
        try {
            Collectives.scatterv(core(), sendbuf, counts, displs, recvbuf, root).run();
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Gathers every rank's buffer at every rank, in rank order.
     *
     * <p>MPI: MPI_Allgather; mpi4py: {@code Comm.Allgather(sendbuf, recvbuf)}.
     *
     * @param sendbuf this rank's n elements, or {@link MPI#IN_PLACE} (they are then in this
     *     rank's slot of {@code recvbuf})
     * @param recvbuf room for size x n elements
     * @throws MpiException {@code ERR_BUFFER}, {@code ERR_TYPE}, {@code ERR_COUNT}/{@code ERR_TRUNCATE}
     */
    public void allgather(Buf sendbuf, Buf recvbuf) {
        try {
            Collectives.allgather(core(), sendbuf, recvbuf).run();
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Gathers buffers of different lengths at every rank.
     *
     * <p>MPI: MPI_Allgatherv; mpi4py: {@code Comm.Allgatherv(sendbuf, [recvbuf, counts, displs, type])}.
     *
     * @param sendbuf this rank's {@code counts[rank]} elements, or {@link MPI#IN_PLACE}
     * @param recvbuf where the data goes
     * @param counts the number of elements from each rank (the same on every rank)
     * @param displs where each rank's elements go, or {@code null} for one after another
     * @throws MpiException {@code ERR_COUNT} for counts of the wrong length, {@code ERR_ARG}
     *     for bad displacements
     */
    public void allgatherv(Buf sendbuf, Buf recvbuf, int[] counts, int[] displs) {
        try {
            Collectives.allgatherv(core(), sendbuf, recvbuf, counts, displs).run();
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Sends block j of this rank's buffer to rank j and receives rank j's block for this rank
     * into block j.
     *
     * <p>MPI: MPI_Alltoall; mpi4py: {@code Comm.Alltoall(sendbuf, recvbuf)}.
     *
     * @param sendbuf size x n elements, or {@link MPI#IN_PLACE} (the data is then taken from,
     *     and replaced in, {@code recvbuf})
     * @param recvbuf room for size x n elements
     * @throws MpiException {@code ERR_COUNT} when a count is not a multiple of the size or the
     *     counts differ across ranks
     */
    public void alltoall(Buf sendbuf, Buf recvbuf) {
        try {
            Collectives.alltoall(core(), sendbuf, recvbuf).run();
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * All-to-all with blocks of different lengths.
     *
     * <p>MPI: MPI_Alltoallv; mpi4py:
     * {@code Comm.Alltoallv([sendbuf, counts, displs, type], [recvbuf, counts, displs, type])}.
     *
     * @param sendbuf the outgoing data, or {@link MPI#IN_PLACE} (then laid out as {@code recvbuf})
     * @param sendcounts the number of elements for each rank
     * @param sdispls where each rank's elements are, or {@code null} for one after another
     * @param recvbuf where the incoming data goes
     * @param recvcounts the number of elements from each rank
     * @param rdispls where each rank's elements go, or {@code null} for one after another
     */
    public void alltoallv(Buf sendbuf, int[] sendcounts, int[] sdispls, Buf recvbuf, int[] recvcounts, int[] rdispls) {
        try {
            Collectives.alltoallv(core(), sendbuf, sendcounts, sdispls, recvbuf, recvcounts, rdispls).run();
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * All-to-all with one buffer per peer, each of its own type, offset and count.
     *
     * <p>MPI: MPI_Alltoallw; mpi4py:
     * {@code Comm.Alltoallw([sendbuf, counts, displs, types], [recvbuf, counts, displs, types])}.
     *
     * @param sendbufs the buffer to send to each rank
     * @param recvbufs the buffer to receive each rank's data into (type and count must match
     *     what that rank sends)
     * @throws MpiException {@code ERR_TYPE} when a type does not match its sender's
     */
    public void alltoallw(Buf[] sendbufs, Buf[] recvbufs) {
        try {
            Collectives.alltoallw(core(), sendbufs, recvbufs).run();
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Combines every rank's buffer element by element with {@code op}, in rank order, at the root.
     *
     * <p>MPI: MPI_Reduce; mpi4py: {@code Comm.Reduce(sendbuf, recvbuf, op, root)}.
     *
     * @param sendbuf this rank's elements, or {@link MPI#IN_PLACE} at the root (they are then in
     *     {@code recvbuf})
     * @param recvbuf at the root, room for the result; ignored elsewhere (may be null)
     * @param op the operation
     * @param root the rank that gets the result
     * @throws MpiException {@code ERR_OP} when {@code op} does not apply to the type,
     *     {@code ERR_ROOT}, {@code ERR_COUNT}/{@code ERR_TRUNCATE} when the counts differ
     */
    public void reduce(Buf sendbuf, Buf recvbuf, Op op, int root) {
        try {
            Collectives.reduce(core(), sendbuf, recvbuf, op, root).run();
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Combines every rank's buffer element by element and gives the result to every rank;
     * every rank gets bit-identical results.
     *
     * <p>MPI: MPI_Allreduce; mpi4py: {@code Comm.Allreduce(sendbuf, recvbuf, op)}.
     *
     * @param sendbuf this rank's elements, or {@link MPI#IN_PLACE} (they are then in {@code recvbuf})
     * @param recvbuf room for the result
     * @param op the operation
     * @throws MpiException as {@link #reduce(Buf, Buf, Op, int)}
     */
    public void allreduce(Buf sendbuf, Buf recvbuf, Op op) {
        try {
            Collectives.allreduce(core(), sendbuf, recvbuf, op).run();
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Combines every rank's buffer element by element and scatters the result: rank i gets
     * {@code recvcounts[i]} elements, in rank order.
     *
     * <p>MPI: MPI_Reduce_scatter; mpi4py: {@code Comm.Reduce_scatter(sendbuf, recvbuf, recvcounts, op)}.
     *
     * @param sendbuf the sum of {@code recvcounts} elements, or {@link MPI#IN_PLACE} (they are
     *     then in {@code recvbuf}, and the result goes to its start)
     * @param recvbuf room for {@code recvcounts[rank]} elements
     * @param recvcounts the number of result elements for each rank (the same on every rank)
     * @param op the operation
     */
    public void reduceScatter(Buf sendbuf, Buf recvbuf, int[] recvcounts, Op op) {
        try {
            Collectives.reduceScatter(core(), sendbuf, recvbuf, recvcounts, op).run();
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Combines every rank's buffer element by element and scatters equal blocks of the result.
     *
     * <p>MPI: MPI_Reduce_scatter_block; mpi4py: {@code Comm.Reduce_scatter_block(sendbuf, recvbuf, op)}.
     *
     * @param sendbuf size x n elements, or {@link MPI#IN_PLACE} (they are then in {@code recvbuf},
     *     and the result goes to its start)
     * @param recvbuf room for n elements (size x n with IN_PLACE)
     * @param op the operation
     */
    public void reduceScatterBlock(Buf sendbuf, Buf recvbuf, Op op) {
        try {
            Collectives.reduceScatterBlock(core(), sendbuf, recvbuf, op).run();
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    // ---- Collectives: blocking, objects ----

    /**
     * Broadcasts an object from the root; returns the root's object on every rank (the same
     * object at the root, a copy elsewhere).
     *
     * <p>MPI: MPI_Bcast of a serialized object; mpi4py: {@code Comm.bcast(obj, root)}.
     *
     * @param <T> the object's type
     * @param obj the object at the root; ignored elsewhere
     * @param root the rank that sends
     * @return the root's object
     * @throws MpiException {@code ERR_ROOT}, {@code ERR_OTHER} if it cannot be serialized
     */
    public <T> T bcast(T obj, int root) {
        try {
            return Collectives.bcast(core(), obj, root).run();
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Gathers an object from every rank at the root.
     *
     * <p>MPI: MPI_Gather of serialized objects; mpi4py: {@code Comm.gather(sendobj, root)}.
     *
     * @param <T> the objects' type
     * @param sendobj this rank's object
     * @param root the rank that receives
     * @return at the root, the objects in rank order; {@code null} elsewhere
     */
    public <T> List<T> gather(T sendobj, int root) {
        try {
            return Collectives.gather(core(), sendobj, root).run();
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Scatters the root's list, one object to each rank.
     *
     * <p>MPI: MPI_Scatter of serialized objects; mpi4py: {@code Comm.scatter(sendobj, root)}.
     *
     * @param <T> the objects' type
     * @param sendobj at the root, one object per rank; ignored elsewhere
     * @param root the rank that sends
     * @return this rank's object
     * @throws MpiException {@code ERR_COUNT} if the root's list does not hold one object per rank
     */
    public <T> T scatter(List<? extends T> sendobj, int root) {
        try {
            return Collectives.<T>scatter(core(), sendobj, root).run();
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Gathers an object from every rank at every rank.
     *
     * <p>MPI: MPI_Allgather of serialized objects; mpi4py: {@code Comm.allgather(sendobj)}.
     *
     * @param <T> the objects' type
     * @param sendobj this rank's object
     * @return the objects in rank order
     */
    public <T> List<T> allgather(T sendobj) {
        try {
            return Collectives.allgather(core(), sendobj).run();
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Sends object j of the list to rank j and returns the objects received, in rank order.
     *
     * <p>MPI: MPI_Alltoall of serialized objects; mpi4py: {@code Comm.alltoall(sendobj)}.
     *
     * @param <T> the objects' type
     * @param sendobj one object per rank
     * @return one object from each rank
     */
    public <T> List<T> alltoall(List<? extends T> sendobj) {
        try {
            return Collectives.<T>alltoall(core(), sendobj).run();
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Combines every rank's object with {@code op}, in rank order, at the root.
     *
     * <p>MPI: MPI_Reduce of serialized objects; mpi4py: {@code Comm.reduce(sendobj, op, root)}.
     *
     * @param <T> the objects' type
     * @param sendobj this rank's object
     * @param op a predefined op (on boxed primitives and primitive arrays) or a user op
     * @param root the rank that gets the result
     * @return the result at the root, {@code null} elsewhere
     * @throws MpiException {@code ERR_OP} when {@code op} does not apply to the objects
     */
    public <T> T reduce(T sendobj, Op op, int root) {
        try {
            return Collectives.reduce(core(), sendobj, Collectives.objectOp(op), op.isCommutative(), root).run();
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Combines every rank's object with a function, in rank order, at the root.
     *
     * <p>MPI: MPI_Reduce with a user operation; mpi4py: {@code Comm.reduce(sendobj, op=callable, root)}.
     *
     * @param <T> the objects' type
     * @param sendobj this rank's object
     * @param op {@code op.apply(lower ranks' result, higher ranks' result)}
     * @param root the rank that gets the result
     * @return the result at the root, {@code null} elsewhere
     */
    public <T> T reduce(T sendobj, BinaryOperator<T> op, int root) {
        try {
            return Collectives.reduce(core(), sendobj, Collectives.objectOp(op), false, root).run();
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Combines every rank's object with {@code op} and returns the result on every rank.
     *
     * <p>MPI: MPI_Allreduce of serialized objects; mpi4py: {@code Comm.allreduce(sendobj, op)}.
     *
     * @param <T> the objects' type
     * @param sendobj this rank's object
     * @param op the operation
     * @return the result
     */
    public <T> T allreduce(T sendobj, Op op) {
        try {
            return Collectives.allreduce(core(), sendobj, Collectives.objectOp(op)).run();
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Combines every rank's object with a function, in rank order, and returns the result on
     * every rank.
     *
     * <p>MPI: MPI_Allreduce with a user operation; mpi4py: {@code Comm.allreduce(sendobj, op=callable)}.
     *
     * @param <T> the objects' type
     * @param sendobj this rank's object
     * @param op {@code op.apply(lower, higher)}
     * @return the result
     */
    public <T> T allreduce(T sendobj, BinaryOperator<T> op) {
        try {
            return Collectives.allreduce(core(), sendobj, Collectives.objectOp(op)).run();
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    // ---- Collectives: nonblocking, buffers ----

    /**
     * Starts a barrier: the request completes when every rank has started it.
     *
     * <p>MPI: MPI_Ibarrier; mpi4py: {@code Comm.Ibarrier()}.
     *
     * @return the request
     */
    public Request<Void> ibarrier() {
        try {
            return Collectives.barrier(core()).start(this);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Starts a broadcast (see {@link #bcast(Buf, int)}).
     *
     * <p>MPI: MPI_Ibcast; mpi4py: {@code Comm.Ibcast(buf, root)}.
     *
     * @param buf the data at the root; where it goes elsewhere
     * @param root the rank that sends
     * @return the request
     */
    public Request<Void> ibcast(Buf buf, int root) {
        try {
            return Collectives.bcast(core(), buf, root).start(this);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Starts a gather (see {@link #gather(Buf, Buf, int)}).
     *
     * <p>MPI: MPI_Igather; mpi4py: {@code Comm.Igather(sendbuf, recvbuf, root)}.
     *
     * @param sendbuf this rank's data, or {@link MPI#IN_PLACE} at the root
     * @param recvbuf at the root, room for everyone's
     * @param root the rank that receives
     * @return the request
     */
    public Request<Void> igather(Buf sendbuf, Buf recvbuf, int root) {
        try {
            return Collectives.gather(core(), sendbuf, recvbuf, root).start(this);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Starts a gatherv (see {@link #gatherv}).
     *
     * <p>MPI: MPI_Igatherv; mpi4py: {@code Comm.Igatherv(sendbuf, [recvbuf, counts, displs, type], root)}.
     *
     * @param sendbuf this rank's data, or {@link MPI#IN_PLACE} at the root
     * @param recvbuf at the root, where the data goes
     * @param counts at the root, the count of each rank
     * @param displs at the root, the displacements, or {@code null}
     * @param root the rank that receives
     * @return the request
     */
    public Request<Void> igatherv(Buf sendbuf, Buf recvbuf, int[] counts, int[] displs, int root) {
        try {
            return Collectives.gatherv(core(), sendbuf, recvbuf, counts, displs, root).start(this);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Starts a scatter (see {@link #scatter(Buf, Buf, int)}).
     *
     * <p>MPI: MPI_Iscatter; mpi4py: {@code Comm.Iscatter(sendbuf, recvbuf, root)}.
     *
     * @param sendbuf at the root, everyone's data
     * @param recvbuf room for this rank's, or {@link MPI#IN_PLACE} at the root
     * @param root the rank that sends
     * @return the request
     */
    public Request<Void> iscatter(Buf sendbuf, Buf recvbuf, int root) {
        try {
            return Collectives.scatter(core(), sendbuf, recvbuf, root).start(this);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Starts a scatterv (see {@link #scatterv}).
     *
     * <p>MPI: MPI_Iscatterv; mpi4py: {@code Comm.Iscatterv([sendbuf, counts, displs, type], recvbuf, root)}.
     *
     * @param sendbuf at the root, the data
     * @param counts at the root, the count of each rank
     * @param displs at the root, the displacements, or {@code null}
     * @param recvbuf room for this rank's elements, or {@link MPI#IN_PLACE} at the root
     * @param root the rank that sends
     * @return the request
     */
    public Request<Void> iscatterv(Buf sendbuf, int[] counts, int[] displs, Buf recvbuf, int root) {
        try {
            return Collectives.scatterv(core(), sendbuf, counts, displs, recvbuf, root).start(this);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Starts an allgather (see {@link #allgather(Buf, Buf)}).
     *
     * <p>MPI: MPI_Iallgather; mpi4py: {@code Comm.Iallgather(sendbuf, recvbuf)}.
     *
     * @param sendbuf this rank's data, or {@link MPI#IN_PLACE}
     * @param recvbuf room for everyone's
     * @return the request
     */
    public Request<Void> iallgather(Buf sendbuf, Buf recvbuf) {
        try {
            return Collectives.allgather(core(), sendbuf, recvbuf).start(this);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Starts an allgatherv (see {@link #allgatherv}).
     *
     * <p>MPI: MPI_Iallgatherv; mpi4py: {@code Comm.Iallgatherv(sendbuf, [recvbuf, counts, displs, type])}.
     *
     * @param sendbuf this rank's data, or {@link MPI#IN_PLACE}
     * @param recvbuf where the data goes
     * @param counts the count of each rank
     * @param displs the displacements, or {@code null}
     * @return the request
     */
    public Request<Void> iallgatherv(Buf sendbuf, Buf recvbuf, int[] counts, int[] displs) {
        try {
            return Collectives.allgatherv(core(), sendbuf, recvbuf, counts, displs).start(this);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Starts an all-to-all (see {@link #alltoall(Buf, Buf)}).
     *
     * <p>MPI: MPI_Ialltoall; mpi4py: {@code Comm.Ialltoall(sendbuf, recvbuf)}.
     *
     * @param sendbuf the outgoing blocks, or {@link MPI#IN_PLACE}
     * @param recvbuf room for the incoming blocks
     * @return the request
     */
    public Request<Void> ialltoall(Buf sendbuf, Buf recvbuf) {
        try {
            return Collectives.alltoall(core(), sendbuf, recvbuf).start(this);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Starts an alltoallv (see {@link #alltoallv}).
     *
     * <p>MPI: MPI_Ialltoallv; mpi4py: {@code Comm.Ialltoallv(...)}.
     *
     * @param sendbuf the outgoing data, or {@link MPI#IN_PLACE}
     * @param sendcounts the count for each rank
     * @param sdispls the send displacements, or {@code null}
     * @param recvbuf where the incoming data goes
     * @param recvcounts the count from each rank
     * @param rdispls the receive displacements, or {@code null}
     * @return the request
     */
    public Request<Void> ialltoallv(Buf sendbuf, int[] sendcounts, int[] sdispls, Buf recvbuf, int[] recvcounts, int[] rdispls) {
        try {
            return Collectives.alltoallv(core(), sendbuf, sendcounts, sdispls, recvbuf, recvcounts, rdispls).start(this);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Starts an alltoallw (see {@link #alltoallw}).
     *
     * <p>MPI: MPI_Ialltoallw; mpi4py: {@code Comm.Ialltoallw(...)}.
     *
     * @param sendbufs the buffer for each rank
     * @param recvbufs the buffer for each rank's data
     * @return the request
     */
    public Request<Void> ialltoallw(Buf[] sendbufs, Buf[] recvbufs) {
        try {
            return Collectives.alltoallw(core(), sendbufs, recvbufs).start(this);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Starts a reduce (see {@link #reduce(Buf, Buf, Op, int)}).
     *
     * <p>MPI: MPI_Ireduce; mpi4py: {@code Comm.Ireduce(sendbuf, recvbuf, op, root)}.
     *
     * @param sendbuf this rank's elements, or {@link MPI#IN_PLACE} at the root
     * @param recvbuf at the root, room for the result
     * @param op the operation
     * @param root the rank that gets the result
     * @return the request
     */
    public Request<Void> ireduce(Buf sendbuf, Buf recvbuf, Op op, int root) {
        try {
            return Collectives.reduce(core(), sendbuf, recvbuf, op, root).start(this);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Starts an allreduce (see {@link #allreduce(Buf, Buf, Op)}).
     *
     * <p>MPI: MPI_Iallreduce; mpi4py: {@code Comm.Iallreduce(sendbuf, recvbuf, op)}.
     *
     * @param sendbuf this rank's elements, or {@link MPI#IN_PLACE}
     * @param recvbuf room for the result
     * @param op the operation
     * @return the request
     */
    public Request<Void> iallreduce(Buf sendbuf, Buf recvbuf, Op op) {
        try {
            return Collectives.allreduce(core(), sendbuf, recvbuf, op).start(this);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Starts a reduce-scatter (see {@link #reduceScatter}).
     *
     * <p>MPI: MPI_Ireduce_scatter; mpi4py: {@code Comm.Ireduce_scatter(sendbuf, recvbuf, recvcounts, op)}.
     *
     * @param sendbuf the elements, or {@link MPI#IN_PLACE}
     * @param recvbuf room for this rank's block of the result
     * @param recvcounts the block of each rank
     * @param op the operation
     * @return the request
     */
    public Request<Void> ireduceScatter(Buf sendbuf, Buf recvbuf, int[] recvcounts, Op op) {
        try {
            return Collectives.reduceScatter(core(), sendbuf, recvbuf, recvcounts, op).start(this);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Starts a reduce-scatter of equal blocks (see {@link #reduceScatterBlock}).
     *
     * <p>MPI: MPI_Ireduce_scatter_block; mpi4py: {@code Comm.Ireduce_scatter_block(sendbuf, recvbuf, op)}.
     *
     * @param sendbuf the elements, or {@link MPI#IN_PLACE}
     * @param recvbuf room for this rank's block of the result
     * @param op the operation
     * @return the request
     */
    public Request<Void> ireduceScatterBlock(Buf sendbuf, Buf recvbuf, Op op) {
        try {
            return Collectives.reduceScatterBlock(core(), sendbuf, recvbuf, op).start(this);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    // ---- Collectives: nonblocking, objects ----

    /**
     * Starts broadcasting an object; the request's result is the root's object.
     *
     * <p>MPI: MPI_Ibcast of a serialized object; mpi4py: {@code Comm.ibcast(obj, root)}.
     *
     * @param <T> the object's type
     * @param obj the object at the root
     * @param root the rank that sends
     * @return the request
     */
    public <T> Request<T> ibcast(T obj, int root) {
        try {
            return Collectives.bcast(core(), obj, root).start(this);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Starts gathering objects at the root; the result is the list at the root, {@code null}
     * elsewhere.
     *
     * <p>MPI: MPI_Igather of serialized objects; mpi4py: {@code Comm.igather(sendobj, root)}.
     *
     * @param <T> the objects' type
     * @param sendobj this rank's object
     * @param root the rank that receives
     * @return the request
     */
    public <T> Request<List<T>> igather(T sendobj, int root) {
        try {
            return Collectives.gather(core(), sendobj, root).start(this);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Starts scattering the root's list; the result is this rank's object.
     *
     * <p>MPI: MPI_Iscatter of serialized objects; mpi4py: {@code Comm.iscatter(sendobj, root)}.
     *
     * @param <T> the objects' type
     * @param sendobj at the root, one object per rank
     * @param root the rank that sends
     * @return the request
     */
    public <T> Request<T> iscatter(List<? extends T> sendobj, int root) {
        try {
            return Collectives.<T>scatter(core(), sendobj, root).start(this);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Starts gathering objects at every rank.
     *
     * <p>MPI: MPI_Iallgather of serialized objects; mpi4py: {@code Comm.iallgather(sendobj)}.
     *
     * @param <T> the objects' type
     * @param sendobj this rank's object
     * @return the request; its result is the list in rank order
     */
    public <T> Request<List<T>> iallgather(T sendobj) {
        try {
            return Collectives.allgather(core(), sendobj).start(this);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Starts an all-to-all of objects.
     *
     * <p>MPI: MPI_Ialltoall of serialized objects; mpi4py: {@code Comm.ialltoall(sendobj)}.
     *
     * @param <T> the objects' type
     * @param sendobj one object per rank
     * @return the request; its result is one object from each rank
     */
    public <T> Request<List<T>> ialltoall(List<? extends T> sendobj) {
        try {
            return Collectives.<T>alltoall(core(), sendobj).start(this);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Starts reducing objects at the root.
     *
     * <p>MPI: MPI_Ireduce of serialized objects; mpi4py: {@code Comm.ireduce(sendobj, op, root)}.
     *
     * @param <T> the objects' type
     * @param sendobj this rank's object
     * @param op the operation
     * @param root the rank that gets the result
     * @return the request; its result is the result at the root, {@code null} elsewhere
     */
    public <T> Request<T> ireduce(T sendobj, Op op, int root) {
        try {
            return Collectives.reduce(core(), sendobj, Collectives.objectOp(op), op.isCommutative(), root).start(this);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Starts reducing objects with a function at the root.
     *
     * <p>MPI: MPI_Ireduce with a user operation; mpi4py: {@code Comm.ireduce(sendobj, op=callable, root)}.
     *
     * @param <T> the objects' type
     * @param sendobj this rank's object
     * @param op {@code op.apply(lower, higher)}
     * @param root the rank that gets the result
     * @return the request
     */
    public <T> Request<T> ireduce(T sendobj, BinaryOperator<T> op, int root) {
        try {
            return Collectives.reduce(core(), sendobj, Collectives.objectOp(op), false, root).start(this);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Starts reducing objects at every rank.
     *
     * <p>MPI: MPI_Iallreduce of serialized objects; mpi4py: {@code Comm.iallreduce(sendobj, op)}.
     *
     * @param <T> the objects' type
     * @param sendobj this rank's object
     * @param op the operation
     * @return the request; its result is the result
     */
    public <T> Request<T> iallreduce(T sendobj, Op op) {
        try {
            return Collectives.allreduce(core(), sendobj, Collectives.objectOp(op)).start(this);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Starts reducing objects with a function at every rank.
     *
     * <p>MPI: MPI_Iallreduce with a user operation; mpi4py: {@code Comm.iallreduce(sendobj, op=callable)}.
     *
     * @param <T> the objects' type
     * @param sendobj this rank's object
     * @param op {@code op.apply(lower, higher)}
     * @return the request
     */
    public <T> Request<T> iallreduce(T sendobj, BinaryOperator<T> op) {
        try {
            return Collectives.allreduce(core(), sendobj, Collectives.objectOp(op)).start(this);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    // ---- Collectives: persistent (MPI-4) ----

    /**
     * Creates a persistent barrier; each {@link Prequest#start()} is one barrier.
     *
     * <p>MPI: MPI_Barrier_init; mpi4py: {@code Comm.Barrier_init()}.
     *
     * @return the inactive request
     */
    public Prequest barrierInit() {
        try {
            return Collectives.barrier(core()).init(this);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Creates a persistent broadcast; each start sends the buffer's current contents.
     *
     * <p>MPI: MPI_Bcast_init; mpi4py: {@code Comm.Bcast_init(buf, root)}.
     *
     * @param buf the data at the root; where it goes elsewhere
     * @param root the rank that sends
     * @return the inactive request
     */
    public Prequest bcastInit(Buf buf, int root) {
        try {
            return Collectives.bcast(core(), buf, root).init(this);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Creates a persistent gather.
     *
     * <p>MPI: MPI_Gather_init; mpi4py: {@code Comm.Gather_init(sendbuf, recvbuf, root)}.
     *
     * @param sendbuf this rank's data, or {@link MPI#IN_PLACE} at the root
     * @param recvbuf at the root, room for everyone's
     * @param root the rank that receives
     * @return the inactive request
     */
    public Prequest gatherInit(Buf sendbuf, Buf recvbuf, int root) {
        try {
            return Collectives.gather(core(), sendbuf, recvbuf, root).init(this);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Creates a persistent gatherv.
     *
     * <p>MPI: MPI_Gatherv_init; mpi4py: {@code Comm.Gatherv_init(...)}.
     *
     * @param sendbuf this rank's data, or {@link MPI#IN_PLACE} at the root
     * @param recvbuf at the root, where the data goes
     * @param counts at the root, the count of each rank
     * @param displs at the root, the displacements, or {@code null}
     * @param root the rank that receives
     * @return the inactive request
     */
    public Prequest gathervInit(Buf sendbuf, Buf recvbuf, int[] counts, int[] displs, int root) {
        try {
            return Collectives.gatherv(core(), sendbuf, recvbuf, counts, displs, root).init(this);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Creates a persistent scatter.
     *
     * <p>MPI: MPI_Scatter_init; mpi4py: {@code Comm.Scatter_init(sendbuf, recvbuf, root)}.
     *
     * @param sendbuf at the root, everyone's data
     * @param recvbuf room for this rank's, or {@link MPI#IN_PLACE} at the root
     * @param root the rank that sends
     * @return the inactive request
     */
    public Prequest scatterInit(Buf sendbuf, Buf recvbuf, int root) {
        try {
            return Collectives.scatter(core(), sendbuf, recvbuf, root).init(this);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Creates a persistent scatterv.
     *
     * <p>MPI: MPI_Scatterv_init; mpi4py: {@code Comm.Scatterv_init(...)}.
     *
     * @param sendbuf at the root, the data
     * @param counts at the root, the count of each rank
     * @param displs at the root, the displacements, or {@code null}
     * @param recvbuf room for this rank's elements, or {@link MPI#IN_PLACE} at the root
     * @param root the rank that sends
     * @return the inactive request
     */
    public Prequest scattervInit(Buf sendbuf, int[] counts, int[] displs, Buf recvbuf, int root) {
        try {
            return Collectives.scatterv(core(), sendbuf, counts, displs, recvbuf, root).init(this);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Creates a persistent allgather.
     *
     * <p>MPI: MPI_Allgather_init; mpi4py: {@code Comm.Allgather_init(sendbuf, recvbuf)}.
     *
     * @param sendbuf this rank's data, or {@link MPI#IN_PLACE}
     * @param recvbuf room for everyone's
     * @return the inactive request
     */
    public Prequest allgatherInit(Buf sendbuf, Buf recvbuf) {
        try {
            return Collectives.allgather(core(), sendbuf, recvbuf).init(this);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Creates a persistent allgatherv.
     *
     * <p>MPI: MPI_Allgatherv_init; mpi4py: {@code Comm.Allgatherv_init(...)}.
     *
     * @param sendbuf this rank's data, or {@link MPI#IN_PLACE}
     * @param recvbuf where the data goes
     * @param counts the count of each rank
     * @param displs the displacements, or {@code null}
     * @return the inactive request
     */
    public Prequest allgathervInit(Buf sendbuf, Buf recvbuf, int[] counts, int[] displs) {
        try {
            return Collectives.allgatherv(core(), sendbuf, recvbuf, counts, displs).init(this);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Creates a persistent all-to-all.
     *
     * <p>MPI: MPI_Alltoall_init; mpi4py: {@code Comm.Alltoall_init(sendbuf, recvbuf)}.
     *
     * @param sendbuf the outgoing blocks, or {@link MPI#IN_PLACE}
     * @param recvbuf room for the incoming blocks
     * @return the inactive request
     */
    public Prequest alltoallInit(Buf sendbuf, Buf recvbuf) {
        try {
            return Collectives.alltoall(core(), sendbuf, recvbuf).init(this);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Creates a persistent alltoallv.
     *
     * <p>MPI: MPI_Alltoallv_init; mpi4py: {@code Comm.Alltoallv_init(...)}.
     *
     * @param sendbuf the outgoing data, or {@link MPI#IN_PLACE}
     * @param sendcounts the count for each rank
     * @param sdispls the send displacements, or {@code null}
     * @param recvbuf where the incoming data goes
     * @param recvcounts the count from each rank
     * @param rdispls the receive displacements, or {@code null}
     * @return the inactive request
     */
    public Prequest alltoallvInit(Buf sendbuf, int[] sendcounts, int[] sdispls, Buf recvbuf, int[] recvcounts, int[] rdispls) {
        try {
            return Collectives.alltoallv(core(), sendbuf, sendcounts, sdispls, recvbuf, recvcounts, rdispls).init(this);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Creates a persistent alltoallw.
     *
     * <p>MPI: MPI_Alltoallw_init; mpi4py: {@code Comm.Alltoallw_init(...)}.
     *
     * @param sendbufs the buffer for each rank
     * @param recvbufs the buffer for each rank's data
     * @return the inactive request
     */
    public Prequest alltoallwInit(Buf[] sendbufs, Buf[] recvbufs) {
        try {
            return Collectives.alltoallw(core(), sendbufs, recvbufs).init(this);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Creates a persistent reduce.
     *
     * <p>MPI: MPI_Reduce_init; mpi4py: {@code Comm.Reduce_init(sendbuf, recvbuf, op, root)}.
     *
     * @param sendbuf this rank's elements, or {@link MPI#IN_PLACE} at the root
     * @param recvbuf at the root, room for the result
     * @param op the operation
     * @param root the rank that gets the result
     * @return the inactive request
     */
    public Prequest reduceInit(Buf sendbuf, Buf recvbuf, Op op, int root) {
        try {
            return Collectives.reduce(core(), sendbuf, recvbuf, op, root).init(this);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Creates a persistent allreduce.
     *
     * <p>MPI: MPI_Allreduce_init; mpi4py: {@code Comm.Allreduce_init(sendbuf, recvbuf, op)}.
     *
     * @param sendbuf this rank's elements, or {@link MPI#IN_PLACE}
     * @param recvbuf room for the result
     * @param op the operation
     * @return the inactive request
     */
    public Prequest allreduceInit(Buf sendbuf, Buf recvbuf, Op op) {
        try {
            return Collectives.allreduce(core(), sendbuf, recvbuf, op).init(this);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Creates a persistent reduce-scatter.
     *
     * <p>MPI: MPI_Reduce_scatter_init; mpi4py: {@code Comm.Reduce_scatter_init(...)}.
     *
     * @param sendbuf the elements, or {@link MPI#IN_PLACE}
     * @param recvbuf room for this rank's block of the result
     * @param recvcounts the block of each rank
     * @param op the operation
     * @return the inactive request
     */
    public Prequest reduceScatterInit(Buf sendbuf, Buf recvbuf, int[] recvcounts, Op op) {
        try {
            return Collectives.reduceScatter(core(), sendbuf, recvbuf, recvcounts, op).init(this);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Creates a persistent reduce-scatter of equal blocks.
     *
     * <p>MPI: MPI_Reduce_scatter_block_init; mpi4py: {@code Comm.Reduce_scatter_block_init(...)}.
     *
     * @param sendbuf the elements, or {@link MPI#IN_PLACE}
     * @param recvbuf room for this rank's block of the result
     * @param op the operation
     * @return the inactive request
     */
    public Prequest reduceScatterBlockInit(Buf sendbuf, Buf recvbuf, Op op) {
        try {
            return Collectives.reduceScatterBlock(core(), sendbuf, recvbuf, op).init(this);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    // ---- Environment ----

    /**
     * Ends every rank of the job with {@code errorcode}. In a process started by a launcher,
     * this rank reports the call on stderr and exits at once with {@code errorcode}; the
     * launcher ends the other ranks and exits with the same code. Among ranks that are threads
     * of one JVM ({@link LocalWorld}), every rank's pending and later operations fail and the
     * world ends with an {@link MpiException} naming the rank and the code.
     *
     * <p>MPI: MPI_Abort; mpi4py: {@code Comm.Abort(errorcode)}.
     *
     * @param errorcode the exit code of the job
     */
    public void abort(int errorcode) {
        io.jmpi.internal.session.Sessions.current().abortJob(errorcode, getName());
    }

    // ---- Error handling ----

    /**
     * Sets the error handler of this communicator (local: other ranks keep theirs). Every error
     * of a later call on it, and of {@code waitFor}/{@code test} on its requests, passes through
     * the handler; communicators created from it later inherit it. See {@link Errhandler}.
     *
     * <p>MPI: MPI_Comm_set_errhandler; mpi4py: {@code Comm.Set_errhandler(errhandler)}.
     *
     * @param errhandler {@link Errhandler#ERRORS_RETURN}, {@link Errhandler#ERRORS_ARE_FATAL},
     *     {@link Errhandler#ERRORS_ABORT} or one from {@link Errhandler#create}
     * @throws MpiException {@code ERR_ARG} for a null or freed handler
     */
    public void setErrhandler(Errhandler errhandler) {
        try {
            if (errhandler == null) {
                throw new MpiException(ErrorClass.ERR_ARG, "errhandler is null: use Errhandler.ERRORS_RETURN,"
                        + " ERRORS_ARE_FATAL, ERRORS_ABORT or Errhandler.create(...)");
            }
            errhandler.checkSettable();
            core().errhandler(errhandler);
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Returns the error handler of this communicator: the one set on it, else the one it
     * inherited, else {@link Errhandler#ERRORS_RETURN} (or what {@code -Djmpi.errors} chose).
     *
     * <p>MPI: MPI_Comm_get_errhandler; mpi4py: {@code Comm.Get_errhandler()}.
     *
     * @return the error handler
     */
    public Errhandler getErrhandler() {
        try {
            return Errhandler.of(core());
        } catch (MpiException e) {
            throw raise(e);
        }
    }

    /**
     * Calls this communicator's error handler with an error of code {@code errorcode} (an
     * {@link ErrorClass} code; another number gives {@code ERR_UNKNOWN}), as a failed call would.
     * As in MPI and mpi4py, with {@link Errhandler#ERRORS_RETURN} nothing happens, and when a
     * user handler returns, this returns: nothing is thrown. The fatal handlers end the job.
     *
     * <p>MPI: MPI_Comm_call_errhandler; mpi4py: {@code Comm.Call_errhandler(errorcode)}.
     *
     * @param errorcode the error code given to the handler
     */
    public void callErrhandler(int errorcode) {
        Errhandler.call(this, core(), errorcode);
    }

    /**
     * Passes an error raised by a call on this communicator through its error handler (once:
     * an error that already went through a handler is returned as it is) and returns it, to be
     * thrown. Every public method of a communicator, request and message ends in
     * {@code catch (MpiException e) { throw raise(e); }}: free when nothing fails.
     */
    final MpiException raise(MpiException e) {
        if (e.raised) {
            return e;
        }
        CommCore c;
        try {
            c = core.get();
        } catch (MpiException finalized) {
            c = null;
        }
        return Errhandler.raise(this, c, e);
    }

    // ---- Argument checks ----

    static void checkSendTag(int tag) {
        if (tag < 0) {
            throw new MpiException(ErrorClass.ERR_TAG, "tag " + tag + " is invalid for a send: use 0.."
                    + MPI.TAG_UB + (tag == MPI.ANY_TAG ? " (ANY_TAG is for receives only)" : ""));
        }
    }

    static void checkRecvTag(int tag) {
        if (tag < 0 && tag != MPI.ANY_TAG) {
            throw new MpiException(ErrorClass.ERR_TAG, "tag " + tag + " is invalid for a receive: use 0.."
                    + MPI.TAG_UB + " or ANY_TAG");
        }
    }

    static void checkBuf(Buf buf) {
        if (buf == null) {
            throw new MpiException(ErrorClass.ERR_BUFFER, "buf is null: pass a Buf such as Buf.of(array)");
        }
        if (buf == MPI.IN_PLACE) {
            throw new MpiException(ErrorClass.ERR_BUFFER, "MPI.IN_PLACE is for collectives only: pass a Buf such as Buf.of(array)");
        }
    }

    @Override
    public String toString() {
        try {
            return core().toString();
        } catch (MpiException e) {
            return getClass().getSimpleName() + "[" + e.getMessage() + "]";
        }
    }
}
