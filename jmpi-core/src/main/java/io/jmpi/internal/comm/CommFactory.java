package io.jmpi.internal.comm;

import io.jmpi.Buf;
import io.jmpi.ErrorClass;
import io.jmpi.MPI;
import io.jmpi.MpiException;
import io.jmpi.internal.coll.BinomialTreeBcast;
import io.jmpi.internal.coll.Coll;
import io.jmpi.internal.coll.CollectiveTags;
import io.jmpi.internal.coll.Combiner;
import io.jmpi.internal.coll.RecursiveDoublingAllreduce;
import io.jmpi.internal.coll.Values;
import io.jmpi.internal.p2p.Payload;
import io.jmpi.internal.p2p.SendMode;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Creates communicators: agrees on their context ids and computes their members.
 *
 * <p><b>Context-id agreement.</b> Every rank keeps a {@link ContextIdAllocator}. To create a
 * communicator, the ranks taking part (the parent's members) allreduce, with bitwise or, the
 * masks of the pairs in use on each of them; all then pick the lowest pair(s) clear in the
 * result, free on every one of them. Each member reserves the pair locally; a second allreduce
 * (a logical and of "reserved") confirms it. Only when another thread of some rank created a
 * communicator in between and took the pair does the confirmation fail: every rank then
 * releases what it reserved and the round is repeated. Ranks that will not be members (color
 * {@code UNDEFINED}, outside the group of {@code create}) contribute their mask and reserve
 * nothing. Freeing returns a pair to its rank's pool at once.
 *
 * <p>Every method here is collective: it is called by every rank of the communicator it runs
 * on, in the same order. The communicator given is a {@linkplain CommCore#shadow shadow}
 * holding the sequence number the call took on its parent, so all its collectives use that
 * one number (tag) and never mix with the parent's other collectives.
 */
public final class CommFactory {
    private static final Combiner OR = (in, io, inout, ioo, n) -> {
        for (int i = 0; i < n; i++) {
            inout[ioo + i] |= in[io + i];
        }
    };
    private static final Combiner AND = (in, io, inout, ioo, n) -> {
        for (int i = 0; i < n; i++) {
            inout[ioo + i] &= in[io + i];
        }
    };

    private CommFactory() {
    }

    // ---- Collectives used by the agreement (bytes, no serialization) ----

    static byte[] allreduce(CommCore c, byte[] data, Combiner op) {
        if (c.size() == 1) {
            return data;
        }
        return RecursiveDoublingAllreduce.run(Coll.begin(c, CollectiveTags.ALLREDUCE),
                Values.bytes(data.length, data.length, op), data);
    }

    static byte[] bcast(CommCore c, byte[] data, int root) {
        if (c.size() == 1) {
            return data;
        }
        return BinomialTreeBcast.run(Coll.begin(c, CollectiveTags.BCAST), Values.bytes(data.length, data.length, null),
                data, root);
    }

    /** Every rank's {@code values} (the same count on each), concatenated in rank order. */
    static long[] allgather(CommCore c, long... values) {
        int k = values.length;
        long[] all = new long[c.size() * k];
        System.arraycopy(values, 0, all, c.rank() * k, k);
        return longs(allreduce(c, bytes(all), OR));
    }

    static byte[] bytes(long[] v) {
        ByteBuffer b = ByteBuffer.allocate(v.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        b.asLongBuffer().put(v);
        return b.array();
    }

    static long[] longs(byte[] b) {
        long[] v = new long[b.length / 8];
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(v);
        return v;
    }

    // ---- Agreement ----

    /**
     * Agrees on {@code n} context pairs free on every rank of {@code c}.
     *
     * @param c the ranks taking part (a shadow)
     * @param n the number of pairs
     * @param member whether this rank will hold them (it then has them reserved on return)
     * @return the pairs, the same on every rank
     */
    public static int[] agree(CommCore c, int n, boolean member) {
        ContextIdAllocator ids = c.allocator();
        while (true) {
            long[] mask = longs(allreduce(c, bytes(ids.usedMask()), OR));
            int[] pairs = ContextIdAllocator.lowestFree(mask, n);
            boolean reserved = !member || ids.tryReserve(pairs);
            byte[] ok = allreduce(c, new byte[] {(byte) (reserved ? 1 : 0)}, AND);
            if (ok[0] == 1) {
                return pairs;
            }
            if (reserved && member) {
                for (int p : pairs) {
                    ids.release(p);
                }
            }
        }
    }

    // ---- Intracommunicators ----

    /**
     * Duplicates: same members, same order, new contexts.
     *
     * @param parent a shadow of the parent
     * @param name the new communicator's name
     * @return the new communicator
     */
    public static CommCore dup(CommCore parent, String name) {
        if (parent.isInter()) {
            CommCore union = unionShadow(parent);
            int[] pairs = agree(union, 2, true);
            return parent.deriveInter(name, parent.rank(), parent.localRanks(), parent.remoteRanks(), pairs[0], pairs[1]);
        }
        int pair = agree(parent, 1, true)[0];
        return parent.derive(name, parent.rank(), parent.localRanks(), pair);
    }

    /**
     * Splits by color, ordering each new communicator by (key, parent rank).
     *
     * @param parent a shadow of the parent
     * @param color this rank's color, or {@link MPI#UNDEFINED}
     * @param key this rank's key
     * @param name the name of the new communicators
     * @return this rank's new communicator, or null for {@code UNDEFINED}
     */
    public static CommCore split(CommCore parent, int color, int key, String name) {
        long[] all = allgather(parent, color, key);
        int p = parent.size();
        List<long[]> mine = new ArrayList<>();
        for (int r = 0; r < p; r++) {
            if (color != MPI.UNDEFINED && all[2 * r] == color) {
                mine.add(new long[] {all[2 * r + 1], r});
            }
        }
        int pair = agree(parent, 1, color != MPI.UNDEFINED)[0];
        if (color == MPI.UNDEFINED) {
            return null;
        }
        mine.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        int[] members = new int[mine.size()];
        int myRank = -1;
        int[] parentRanks = parent.localRanks();
        for (int i = 0; i < members.length; i++) {
            int r = (int) mine.get(i)[1];
            members[i] = parentRanks[r];
            if (r == parent.rank()) {
                myRank = i;
            }
        }
        return parent.derive(name, myRank, members, pair);
    }

    /**
     * Splits by host: ranks whose {@code host} is equal share a communicator.
     *
     * @param parent a shadow of the parent
     * @param host this rank's host id, or null for {@code UNDEFINED}
     * @param key this rank's key
     * @param name the name of the new communicators
     * @return this rank's new communicator, or null
     */
    public static CommCore splitByHost(CommCore parent, String host, int key, String name) {
        long h = host == null ? Long.MIN_VALUE : hash(host);
        long[] all = allgather(parent, h);
        int color = MPI.UNDEFINED;
        if (host != null) {
            for (int r = 0; r < all.length; r++) {
                if (all[r] == h) {
                    color = r;
                    break;
                }
            }
        }
        return split(parent, color, key, name);
    }

    private static long hash(String s) {
        java.util.UUID u = java.util.UUID.nameUUIDFromBytes(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        long v = u.getMostSignificantBits() ^ u.getLeastSignificantBits();
        return v == Long.MIN_VALUE ? 0 : v;
    }

    /**
     * Creates the communicator of a group, collectively over the parent.
     *
     * @param parent a shadow of the parent
     * @param members the group's job ranks (the same on every rank; a subset of the parent)
     * @param name its name
     * @return the new communicator, or null on ranks outside the group
     */
    public static CommCore create(CommCore parent, int[] members, String name) {
        int me = indexOf(members, parent.myWorldRank());
        int pair = agree(parent, 1, me >= 0)[0];
        return me < 0 ? null : parent.derive(name, me, members, pair);
    }

    /**
     * Creates the communicator of a group, collectively over the group's members only.
     *
     * @param parent the parent (not a shadow: only its engine and allocator are used)
     * @param members the group's job ranks; this rank is one of them
     * @param tag the tag that tells concurrent calls apart
     * @param name its name
     * @return the new communicator
     */
    public static CommCore createGroup(CommCore parent, int[] members, int tag, String name) {
        int me = indexOf(members, parent.myWorldRank());
        CommCore g = parent.groupShadow(me, members, tag & 0x03ff_ffff);
        int pair = agree(g, 1, true)[0];
        return parent.derive(name, me, members, pair);
    }

    static int indexOf(int[] a, int v) {
        for (int i = 0; i < a.length; i++) {
            if (a[i] == v) {
                return i;
            }
        }
        return -1;
    }

    // ---- Intercommunicators ----

    /**
     * Creates an intercommunicator from two disjoint intracommunicators whose leaders can talk
     * over {@code peer}.
     *
     * @param local a shadow of the local intracommunicator
     * @param localLeader the local leader's rank in {@code local}
     * @param peer the peer communicator (used by the leaders only)
     * @param remoteLeader the remote leader's rank in {@code peer}
     * @param tag the tag of the leaders' messages on {@code peer}
     * @param name its name
     * @return the intercommunicator
     */
    public static CommCore createIntercomm(CommCore local, int localLeader, CommCore peer, int remoteLeader, int tag,
            String name) {
        int[] mine = local.localRanks();
        int[] remote;
        long[] header = new long[1];
        if (local.rank() == localLeader) {
            remote = exchange(peer, remoteLeader, tag, mine);
            header[0] = remote.length;
        } else {
            remote = null;
        }
        header = longs(bcast(local, bytes(header), localLeader));
        long[] r = new long[(int) header[0]];
        if (remote != null) {
            for (int i = 0; i < r.length; i++) {
                r[i] = remote[i];
            }
        }
        r = longs(bcast(local, bytes(r), localLeader));
        remote = new int[r.length];
        for (int i = 0; i < r.length; i++) {
            remote[i] = (int) r[i];
            if (indexOf(mine, remote[i]) >= 0) {
                throw new MpiException(ErrorClass.ERR_COMM, "createIntercomm: rank " + remote[i]
                        + " of the job is in both groups: the local and remote groups must be disjoint");
            }
        }
        boolean first = mine[0] < remote[0];
        int[] union = first ? concat(mine, remote) : concat(remote, mine);
        int me = first ? local.rank() : remote.length + local.rank();
        CommCore u = local.groupShadow(me, union, tag & 0x03ff_ffff);
        int[] pairs = agree(u, 2, true);
        return local.deriveInter(name, local.rank(), mine, remote, pairs[0], pairs[1]);
    }

    /** The leaders' exchange of their groups over the peer communicator. */
    private static int[] exchange(CommCore peer, int remoteLeader, int tag, int[] mine) {
        long[] lengthOut = {mine.length};
        long[] lengthIn = new long[1];
        sendrecv(peer, Buf.of(lengthOut), Buf.of(lengthIn), remoteLeader, tag);
        int[] remote = new int[(int) lengthIn[0]];
        sendrecv(peer, Buf.of(mine.clone()), Buf.of(remote), remoteLeader, tag);
        return remote;
    }

    private static void sendrecv(CommCore peer, Buf out, Buf in, int other, int tag) {
        var r = peer.irecv(in, other, tag);
        var s = peer.isend(Payload.of(out), other, tag, SendMode.STANDARD);
        peer.awaitOrThrow(s);
        peer.awaitOrThrow(r);
    }

    /** Both groups of an intercommunicator as one intracommunicator on its collective context. */
    static CommCore unionShadow(CommCore inter) {
        int[] mine = inter.localRanks();
        int[] remote = inter.remoteRanks();
        boolean first = mine[0] < remote[0];
        int[] union = first ? concat(mine, remote) : concat(remote, mine);
        int me = first ? inter.rank() : remote.length + inter.rank();
        return inter.unionShadow(me, union);
    }

    /**
     * Merges an intercommunicator's groups into an intracommunicator: the group that passes
     * {@code high = false} first; when both pass the same value, the group holding the lower
     * job rank first.
     *
     * @param inter a shadow of the intercommunicator
     * @param high this group's choice
     * @param name the name
     * @return the intracommunicator
     */
    public static CommCore merge(CommCore inter, boolean high, String name) {
        CommCore u = unionShadow(inter);
        int[] mine = inter.localRanks();
        int[] remote = inter.remoteRanks();
        // each member's high flag, in union order
        long[] flags = allgather(u, high ? 1 : 0);
        boolean mineFirstByRank = mine[0] < remote[0];
        int mineAt = mineFirstByRank ? 0 : remote.length;
        int remoteAt = mineFirstByRank ? mine.length : 0;
        boolean remoteHigh = flags[remoteAt] == 1;
        boolean localHigh = flags[mineAt] == 1;
        boolean mineFirst = localHigh == remoteHigh ? mineFirstByRank : !localHigh;
        int[] members = mineFirst ? concat(mine, remote) : concat(remote, mine);
        int me = mineFirst ? inter.rank() : remote.length + inter.rank();
        int pair = agree(u, 1, true)[0];
        return inter.derive(name, me, members, pair);
    }

    static int[] concat(int[] a, int[] b) {
        int[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }
}
