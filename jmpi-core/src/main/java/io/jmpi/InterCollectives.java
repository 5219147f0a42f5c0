package io.jmpi;

import io.jmpi.internal.coll.BinomialTreeBcast;
import io.jmpi.internal.coll.Coll;
import io.jmpi.internal.coll.CollectiveTags;
import io.jmpi.internal.coll.Combiner;
import io.jmpi.internal.coll.DisseminationBarrier;
import io.jmpi.internal.coll.RecursiveDoublingAllreduce;
import io.jmpi.internal.coll.Values;
import io.jmpi.internal.comm.CommCore;
import io.jmpi.internal.p2p.Operation;
import io.jmpi.internal.p2p.RecvOp;

import java.util.function.BinaryOperator;

/**
 * Collectives on intercommunicators, as schedules of a local phase (on the intercommunicator's
 * local group, its own context pair), an exchange between the groups' rank 0s (on the
 * intercommunicator's collective context), and a local broadcast. Every call takes one
 * sequence number on the intercommunicator; its local phases run on the local communicator
 * under the same number.
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
}
