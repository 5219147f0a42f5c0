package io.jmpi;

import io.jmpi.internal.coll.BinomialGather;
import io.jmpi.internal.coll.BinomialReduce;
import io.jmpi.internal.coll.BinomialTreeBcast;
import io.jmpi.internal.coll.Blocks;
import io.jmpi.internal.coll.Coll;
import io.jmpi.internal.coll.CollectiveTags;
import io.jmpi.internal.coll.Combiner;
import io.jmpi.internal.coll.DisseminationBarrier;
import io.jmpi.internal.coll.RecursiveDoublingAllreduce;
import io.jmpi.internal.coll.Values;
import io.jmpi.internal.comm.CommCore;
import io.jmpi.internal.p2p.Operation;
import io.jmpi.internal.p2p.RecvOp;

import io.jmpi.internal.p2p.Payload;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BinaryOperator;

/**
 * Collectives on intercommunicators, as schedules of a local phase (on the intercommunicator's
 * local group, its own context pair), an exchange between the groups' rank 0s (on the
 * intercommunicator's collective context), and a local broadcast. Every call takes one
 * sequence number on the intercommunicator; its local phases run on the local communicator
 * under the same number.
 *
 * <p>Rooted collectives other than bcast are linear between the root and the remote group
 * (gather, scatter), or a local reduction to the remote group's rank 0 followed by one message
 * to the root (reduce). Allgather gathers each group at its rank 0, swaps between the rank 0s
 * and broadcasts locally; alltoall posts every exchange with the remote group at once.
 *
 * <p>Root convention (MPI's): in the group that holds the root, the root passes
 * {@link MPI#ROOT} and the others {@link MPI#PROC_NULL}; the other group passes the root's rank
 * in the remote group.
 */
final class InterCollectives {
    private InterCollectives() {
    }

    private static CommCore local(Coll call) {
        return call.comm().localComm().shadow(call.tag() >>> 5);
    }

    private static Coll localCall(Coll call, int opcode) {
        return Coll.begin(local(call), opcode);
    }

    static CollectivePlan<Void> barrier(CommCore c) {
        return Collectives.plan(c, CollectiveTags.INTER, call -> {
            if (call.size > 1) {
                DisseminationBarrier.run(localCall(call, CollectiveTags.BARRIER));
            }
            if (call.rank == 0) {
                byte[] none = new byte[0];
                call.sendrecv(none, 0, 0, 0, none, 0, 0, 0);
            }
            if (call.size > 1) {
                DisseminationBarrier.run(localCall(call, CollectiveTags.BARRIER));
            }
            return null;
        });
    }

    static void checkRoot(CommCore c, int root) {
        if (root == MPI.ROOT || root == MPI.PROC_NULL || (root >= 0 && root < c.remoteSize())) {
            return;
        }
        throw new MpiException(ErrorClass.ERR_ROOT, "root " + root + " is invalid on intercommunicator " + c.name()
                + ": use MPI.ROOT at the root, MPI.PROC_NULL at the other ranks of its group, and the root's rank"
                + " in the remote group (0.." + (c.remoteSize() - 1) + ") in the other group");
    }

    static CollectivePlan<Void> bcast(CommCore c, Buf buf, int root) {
        checkRoot(c, root);
        Collectives.check(buf, "buf", "bcast");
        int count = buf.getCount();
        int length = Math.toIntExact(buf.getByteSize());
        return Collectives.plan(c, CollectiveTags.INTER, call -> {
            if (root == MPI.ROOT) {
                byte[] data = Collectives.pack(buf);
                call.send(data, 0, length, 0);
            } else if (root != MPI.PROC_NULL) {
                byte[] data = new byte[length];
                if (call.rank == 0) {
                    call.recv(data, 0, length, root);
                }
                if (call.size > 1) {
                    data = BinomialTreeBcast.run(localCall(call, CollectiveTags.BCAST), Values.bytes(length, count, null),
                            data, 0);
                }
                Collectives.unpack(data, 0, buf, 0, count);
            }
            return null;
        });
    }

    @SuppressWarnings("unchecked")
    static <T> CollectivePlan<T> bcast(CommCore c, T obj, int root) {
        checkRoot(c, root);
        return Collectives.plan(c, CollectiveTags.INTER, call -> {
            if (root == MPI.ROOT) {
                call.await(call.isend(call.payload(obj), 0));
                return obj;
            } else if (root == MPI.PROC_NULL) {
                return null;
            }
            Object got = call.rank == 0 ? call.recvObject(root) : null;
            if (call.size > 1) {
                got = BinomialTreeBcast.run(localCall(call, CollectiveTags.BCAST), Values.objects(null), got, 0);
            }
            return (T) got;
        });
    }

    static CollectivePlan<Void> allreduce(CommCore c, Buf sendbuf, Buf recvbuf, Op op) {
        Collectives.checkOp(op);
        Collectives.check(sendbuf, "sendbuf", "allreduce");
        Collectives.check(recvbuf, "recvbuf", "allreduce");
        Collectives.sameType(sendbuf, recvbuf, "allreduce");
        int n = sendbuf.getCount();
        Collectives.room(recvbuf, n, "recvbuf", "allreduce", "the count of sendbuf");
        Combiner k = op.combiner(sendbuf.getDatatype());
        int length = Math.toIntExact((long) n * sendbuf.getDatatype().getSize());
        return Collectives.plan(c, CollectiveTags.INTER, call -> {
            byte[] mine = Collectives.pack(sendbuf, 0, n);
            if (call.size > 1) {
                mine = RecursiveDoublingAllreduce.run(localCall(call, CollectiveTags.ALLREDUCE), Values.bytes(length, n, k),
                        mine);
            }
            byte[] theirs = new byte[length];
            if (call.rank == 0) {
                call.sendrecv(mine, 0, length, 0, theirs, 0, length, 0);
            }
            if (call.size > 1) {
                theirs = BinomialTreeBcast.run(localCall(call, CollectiveTags.BCAST), Values.bytes(length, n, null),
                        theirs, 0);
            }
            Collectives.unpack(theirs, 0, recvbuf, 0, n);
            return null;
        });
    }

    @SuppressWarnings("unchecked")
    static <T> CollectivePlan<T> allreduce(CommCore c, T sendobj, BinaryOperator<Object> op) {
        return Collectives.plan(c, CollectiveTags.INTER, call -> {
            Object mine = sendobj;
            if (call.size > 1) {
                mine = RecursiveDoublingAllreduce.run(localCall(call, CollectiveTags.ALLREDUCE), Values.objects(op), mine);
            }
            Object theirs = null;
            if (call.rank == 0) {
                RecvOp r = call.irecvObject(0);
                Operation s = call.isend(call.payload(mine), 0);
                call.await(r);
                call.await(s);
                theirs = r.result();
            }
            if (call.size > 1) {
                theirs = BinomialTreeBcast.run(localCall(call, CollectiveTags.BCAST), Values.objects(null), theirs, 0);
            }
            return (T) theirs;
        });
    }

    private static <T> CollectivePlan<T> plan(CommCore c, java.util.function.Function<Coll, T> schedule) {
        return Collectives.plan(c, CollectiveTags.INTER, schedule);
    }

    /** A call this rank takes part in without data (PROC_NULL): it still takes its sequence number. */
    private static <T> CollectivePlan<T> nothing(CommCore c) {
        return plan(c, call -> null);
    }

    private static int[] equalBlocks(int p, int blockBytes) {
        Collectives.byteLength((long) p * blockBytes);
        return Blocks.equal(p, blockBytes);
    }

    // ---- Gather and scatter ----

    static CollectivePlan<Void> gather(CommCore c, Buf sendbuf, Buf recvbuf, int root) {
        checkRoot(c, root);
        if (root == MPI.PROC_NULL) {
            return nothing(c);
        }
        if (root != MPI.ROOT) {
            Collectives.check(sendbuf, "sendbuf", "gather");
            return plan(c, call -> {
                byte[] mine = Collectives.pack(sendbuf);
                call.send(mine, 0, mine.length, root);
                return null;
            });
        }
        int q = c.remoteSize();
        Collectives.check(recvbuf, "recvbuf", "gather");
        int n = Collectives.perRank(recvbuf, q, "recvbuf", "gather (one block per rank of the remote group)");
        int b = Collectives.byteLength((long) n * recvbuf.getDatatype().getSize());
        int[] displ = equalBlocks(q, b);
        return plan(c, call -> {
            byte[] all = new byte[displ[q]];
            RecvOp[] recvs = new RecvOp[q];
            for (int r = 0; r < q; r++) {
                recvs[r] = call.irecv(all, displ[r], b, r);
            }
            for (int r = 0; r < q; r++) {
                call.awaitRecv(recvs[r], b, r);
            }
            Collectives.unpack(all, 0, recvbuf, 0, q * n);
            return null;
        });
    }

    static CollectivePlan<Void> scatter(CommCore c, Buf sendbuf, Buf recvbuf, int root) {
        checkRoot(c, root);
        if (root == MPI.PROC_NULL) {
            return nothing(c);
        }
        if (root != MPI.ROOT) {
            Collectives.check(recvbuf, "recvbuf", "scatter");
            int length = Collectives.byteLength(recvbuf.getByteSize());
            return plan(c, call -> {
                byte[] mine = new byte[length];
                call.recv(mine, 0, length, root);
                Collectives.unpack(mine, 0, recvbuf, 0, recvbuf.getCount());
                return null;
            });
        }
        int q = c.remoteSize();
        Collectives.check(sendbuf, "sendbuf", "scatter");
        int n = Collectives.perRank(sendbuf, q, "sendbuf", "scatter (one block per rank of the remote group)");
        int b = Collectives.byteLength((long) n * sendbuf.getDatatype().getSize());
        int[] displ = equalBlocks(q, b);
        return plan(c, call -> {
            byte[] all = Collectives.pack(sendbuf, 0, q * n);
            Operation[] sends = new Operation[q];
            for (int r = 0; r < q; r++) {
                sends[r] = call.isend(all, displ[r], b, r);
            }
            for (Operation s : sends) {
                call.await(s);
            }
            return null;
        });
    }

    // ---- Allgather and alltoall ----

    static CollectivePlan<Void> allgather(CommCore c, Buf sendbuf, Buf recvbuf) {
        Collectives.check(sendbuf, "sendbuf", "allgather");
        Collectives.check(recvbuf, "recvbuf", "allgather");
        Collectives.sameType(sendbuf, recvbuf, "allgather");
        int p = c.size();
        int q = c.remoteSize();
        int es = sendbuf.getDatatype().getSize();
        int ns = sendbuf.getCount();
        int nr = Collectives.perRank(recvbuf, q, "recvbuf", "allgather (one block per rank of the remote group)");
        int[] displ = equalBlocks(p, Collectives.byteLength((long) ns * es));
        int rlength = equalBlocks(q, Collectives.byteLength((long) nr * es))[q];
        return plan(c, call -> {
            byte[] ours = new byte[displ[p]];
            Collectives.pack(sendbuf, 0, ns, ours, displ[call.rank]);
            if (call.size > 1) {
                BinomialGather.run(localCall(call, CollectiveTags.GATHER), ours, 0, displ, 0);
            }
            byte[] theirs = new byte[rlength];
            if (call.rank == 0) {
                call.sendrecv(ours, 0, displ[p], 0, theirs, 0, rlength, 0);
            }
            if (call.size > 1) {
                theirs = BinomialTreeBcast.run(localCall(call, CollectiveTags.BCAST), Values.bytes(rlength, q * nr, null),
                        theirs, 0);
            }
            Collectives.unpack(theirs, 0, recvbuf, 0, q * nr);
            return null;
        });
    }

    static CollectivePlan<Void> alltoall(CommCore c, Buf sendbuf, Buf recvbuf) {
        Collectives.check(sendbuf, "sendbuf", "alltoall");
        Collectives.check(recvbuf, "recvbuf", "alltoall");
        Collectives.sameType(sendbuf, recvbuf, "alltoall");
        int q = c.remoteSize();
        int es = sendbuf.getDatatype().getSize();
        int ns = Collectives.perRank(sendbuf, q, "sendbuf", "alltoall (one block per rank of the remote group)");
        int nr = Collectives.perRank(recvbuf, q, "recvbuf", "alltoall (one block per rank of the remote group)");
        int[] sdispl = equalBlocks(q, Collectives.byteLength((long) ns * es));
        int[] rdispl = equalBlocks(q, Collectives.byteLength((long) nr * es));
        return plan(c, call -> {
            byte[] out = Collectives.pack(sendbuf, 0, q * ns);
            byte[] in = new byte[rdispl[q]];
            RecvOp[] recvs = new RecvOp[q];
            for (int r = 0; r < q; r++) {
                recvs[r] = call.irecv(in, rdispl[r], rdispl[r + 1] - rdispl[r], r);
            }
            Operation[] sends = new Operation[q];
            for (int r = 0; r < q; r++) {
                sends[r] = call.isend(out, sdispl[r], sdispl[r + 1] - sdispl[r], r);
            }
            for (int r = 0; r < q; r++) {
                call.awaitRecv(recvs[r], rdispl[r + 1] - rdispl[r], r);
            }
            for (Operation s : sends) {
                call.await(s);
            }
            Collectives.unpack(in, 0, recvbuf, 0, q * nr);
            return null;
        });
    }

    // ---- Reduce ----

    static CollectivePlan<Void> reduce(CommCore c, Buf sendbuf, Buf recvbuf, Op op, int root) {
        checkRoot(c, root);
        Collectives.checkOp(op);
        if (root == MPI.PROC_NULL) {
            return nothing(c);
        }
        if (root == MPI.ROOT) {
            Collectives.check(recvbuf, "recvbuf", "reduce");
            op.combiner(recvbuf.getDatatype());
            int length = Collectives.byteLength(recvbuf.getByteSize());
            return plan(c, call -> {
                byte[] result = new byte[length];
                call.recv(result, 0, length, 0);
                Collectives.unpack(result, 0, recvbuf, 0, recvbuf.getCount());
                return null;
            });
        }
        Collectives.check(sendbuf, "sendbuf", "reduce");
        int n = sendbuf.getCount();
        Combiner k = op.combiner(sendbuf.getDatatype());
        int length = Collectives.byteLength(sendbuf.getByteSize());
        boolean commute = op.isCommutative();
        return plan(c, call -> {
            byte[] data = Collectives.pack(sendbuf, 0, n);
            if (call.size > 1) {
                data = BinomialReduce.run(localCall(call, CollectiveTags.REDUCE), Values.bytes(length, n, k), data, 0,
                        commute);
            }
            if (call.rank == 0) {
                call.send(data, 0, length, root);
            }
            return null;
        });
    }

    // ---- Objects ----

    @SuppressWarnings("unchecked")
    static <T> CollectivePlan<List<T>> gather(CommCore c, T sendobj, int root) {
        checkRoot(c, root);
        if (root == MPI.PROC_NULL) {
            return nothing(c);
        }
        if (root != MPI.ROOT) {
            return plan(c, call -> {
                call.await(call.isend(call.payload(sendobj), root));
                return null;
            });
        }
        int q = c.remoteSize();
        return plan(c, call -> {
            RecvOp[] recvs = new RecvOp[q];
            for (int r = 0; r < q; r++) {
                recvs[r] = call.irecvObject(r);
            }
            List<Object> all = new ArrayList<>(q);
            for (RecvOp r : recvs) {
                call.await(r);
                all.add(r.result());
            }
            return (List<T>) all;
        });
    }

    @SuppressWarnings("unchecked")
    static <T> CollectivePlan<T> scatter(CommCore c, List<? extends T> sendobj, int root) {
        checkRoot(c, root);
        if (root == MPI.PROC_NULL) {
            return nothing(c);
        }
        if (root != MPI.ROOT) {
            return plan(c, call -> (T) call.recvObject(root));
        }
        int q = c.remoteSize();
        List<?> copy = checkList(sendobj, q, "scatter");
        return plan(c, call -> {
            Operation[] sends = new Operation[q];
            for (int r = 0; r < q; r++) {
                sends[r] = call.isend(call.payload(copy.get(r)), r);
            }
            for (Operation s : sends) {
                call.await(s);
            }
            return null;
        });
    }

    @SuppressWarnings("unchecked")
    static <T> CollectivePlan<List<T>> allgather(CommCore c, T sendobj) {
        return plan(c, call -> {
            List<Object> ours = BinomialGather.objects(localCall(call, CollectiveTags.GATHER), sendobj, 0);
            Object theirs = null;
            if (call.rank == 0) {
                RecvOp r = call.irecvObject(0);
                Operation s = call.isend(call.payload(ours), 0);
                call.await(r);
                call.await(s);
                theirs = r.result();
            }
            if (call.size > 1) {
                theirs = BinomialTreeBcast.run(localCall(call, CollectiveTags.BCAST), Values.objects(null), theirs, 0);
            }
            return (List<T>) theirs;
        });
    }

    @SuppressWarnings("unchecked")
    static <T> CollectivePlan<List<T>> alltoall(CommCore c, List<? extends T> sendobj) {
        int q = c.remoteSize();
        List<?> copy = checkList(sendobj, q, "alltoall");
        return plan(c, call -> {
            RecvOp[] recvs = new RecvOp[q];
            for (int r = 0; r < q; r++) {
                recvs[r] = call.irecvObject(r);
            }
            Operation[] sends = new Operation[q];
            for (int r = 0; r < q; r++) {
                Payload payload = call.payload(copy.get(r));
                sends[r] = call.isend(payload, r);
            }
            List<Object> all = new ArrayList<>(q);
            for (RecvOp r : recvs) {
                call.await(r);
                all.add(r.result());
            }
            for (Operation s : sends) {
                call.await(s);
            }
            return (List<T>) all;
        });
    }

    @SuppressWarnings("unchecked")
    static <T> CollectivePlan<T> reduce(CommCore c, T sendobj, BinaryOperator<Object> op, boolean commute, int root) {
        checkRoot(c, root);
        if (root == MPI.PROC_NULL) {
            return nothing(c);
        }
        if (root == MPI.ROOT) {
            return plan(c, call -> (T) call.recvObject(0));
        }
        return plan(c, call -> {
            Object acc = sendobj;
            if (call.size > 1) {
                acc = BinomialReduce.run(localCall(call, CollectiveTags.REDUCE), Values.objects(op), acc, 0, commute);
            }
            if (call.rank == 0) {
                call.await(call.isend(call.payload(acc), root));
            }
            return null;
        });
    }

    private static List<?> checkList(List<?> list, int q, String what) {
        if (list == null || list.size() != q) {
            throw new MpiException(ErrorClass.ERR_COUNT, what + ": sendobj must hold one object per rank of the remote"
                    + " group (" + q + "), not " + (list == null ? "null" : list.size() + " objects"));
        }
        return new ArrayList<>(list);
    }
}
