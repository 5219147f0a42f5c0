package io.jmpi;

import io.jmpi.internal.coll.BinomialGather;
import io.jmpi.internal.coll.BinomialReduce;
import io.jmpi.internal.coll.BinomialScatter;
import io.jmpi.internal.coll.BinomialTreeBcast;
import io.jmpi.internal.coll.Blocks;
import io.jmpi.internal.coll.CollectiveSelector;
import io.jmpi.internal.coll.CollectiveTags;
import io.jmpi.internal.coll.Combiner;
import io.jmpi.internal.coll.DisseminationBarrier;
import io.jmpi.internal.coll.LinearGatherv;
import io.jmpi.internal.coll.LinearScatterv;
import io.jmpi.internal.coll.PairwiseAlltoall;
import io.jmpi.internal.coll.RecursiveDoublingAllreduce;
import io.jmpi.internal.coll.RecursiveDoublingScan;
import io.jmpi.internal.coll.RingAllgather;
import io.jmpi.internal.coll.RingAllreduce;
import io.jmpi.internal.coll.RingReduceScatter;
import io.jmpi.internal.coll.ScatterAllgatherBcast;
import io.jmpi.internal.coll.Values;
import io.jmpi.internal.comm.CommCore;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.BinaryOperator;

/**
 * The collectives behind {@link Comm}'s methods: argument checks (on the calling thread, at the
 * call), then a {@link CollectivePlan} whose schedule packs the buffers, runs the algorithm the
 * {@link CollectiveSelector} picks, and unpacks the result. Buffers are packed into
 * little-endian byte arrays when the schedule runs (so a persistent collective reads the
 * buffer's contents at each start).
 */
final class Collectives {
    private Collectives() {
    }

    // ---- Barrier and bcast ----

    static CollectivePlan<Void> barrier(CommCore c) {
        if (c.isInter()) {
            return InterCollectives.barrier(c);
        }
        return plan(c, CollectiveTags.BARRIER, call -> {
            DisseminationBarrier.run(call);
            return null;
        });
    }

    static CollectivePlan<Void> bcast(CommCore c, Buf buf, int root) {
        if (c.isInter()) {
            return InterCollectives.bcast(c, buf, root);
        }
        checkRoot(c, root);
        check(buf, "buf", "bcast");
        int count = buf.getCount();
        int es = buf.getDatatype().getSize();
        int length = byteLength(buf.getByteSize());
        return plan(c, CollectiveTags.BCAST, call -> {
            byte[] data = call.rank == root ? pack(buf) : new byte[length];
            if (CollectiveSelector.bcast(call.size, length, count) == CollectiveSelector.Bcast.SCATTER_ALLGATHER) {
                ScatterAllgatherBcast.run(call, data, count, es, root);
            } else {
                data = BinomialTreeBcast.run(call, Values.bytes(length, count, null), data, root);
            }
            if (call.rank != root) {
                unpack(data, 0, buf, 0, count);
            }
            return null;
        });
    }

    // ---- Gather and scatter ----

    static CollectivePlan<Void> gather(CommCore c, Buf sendbuf, Buf recvbuf, int root) {
        if (c.isInter()) {
            return InterCollectives.gather(c, sendbuf, recvbuf, root);
        }
        checkRoot(c, root);
        int p = c.size();
        boolean isRoot = c.rank() == root;
        boolean inPlace = isRoot && sendbuf == MPI.IN_PLACE;
        int n;
        if (isRoot) {
            check(recvbuf, "recvbuf", "gather");
            if (inPlace) {
                n = perRank(recvbuf, p, "recvbuf", "gather");
            } else {
                check(sendbuf, "sendbuf", "gather");
                n = sendbuf.getCount();
                sameType(sendbuf, recvbuf, "gather");
                room(recvbuf, (long) p * n, "recvbuf", "gather", p + " ranks x " + n);
            }
        } else {
            check(sendbuf, "sendbuf", "gather");
            n = sendbuf.getCount();
        }
        Buf own = inPlace ? recvbuf : sendbuf;
        int ownFirst = inPlace ? root * n : 0;
        int es = own.getDatatype().getSize();
        int b = byteLength((long) n * es);
        int[] displ = Blocks.equal(p, b);
        byteLength((long) p * b);
        return plan(c, CollectiveTags.GATHER, call -> {
            int rel = (call.rank - root + p) % p;
            int end = rel + subtree(rel, p);
            byte[] buf = new byte[displ[end] - displ[rel]];
            pack(own, ownFirst, n, buf, 0);
            BinomialGather.run(call, buf, displ[rel], displ, root);
            if (isRoot) {
                for (int i = 0; i < p; i++) {
                    unpack(buf, displ[i], recvbuf, ((i + root) % p) * n, n);
                }
            }
            return null;
        });
    }

    static CollectivePlan<Void> gatherv(CommCore c, Buf sendbuf, Buf recvbuf, int[] counts, int[] displs, int root) {
        intraOnly(c, CollectiveTags.GATHERV);
        checkRoot(c, root);
        int p = c.size();
        boolean isRoot = c.rank() == root;
        boolean inPlace = isRoot && sendbuf == MPI.IN_PLACE;
        if (!inPlace) {
            check(sendbuf, "sendbuf", "gatherv");
        }
        int[] ds = null;
        int[] packed = null;
        if (isRoot) {
            check(recvbuf, "recvbuf", "gatherv");
            checkCounts(counts, "counts", p, "gatherv");
            ds = checkDispls(displs, counts, recvbuf, "displs", "gatherv");
            if (!inPlace) {
                sameType(sendbuf, recvbuf, "gatherv");
                if (sendbuf.getCount() != counts[root]) {
                    throw new MpiException(ErrorClass.ERR_COUNT, "gatherv: the root's sendbuf has " + sendbuf.getCount()
                            + " elements but counts[" + root + "] is " + counts[root]);
                }
            }
            packed = Blocks.packed(counts, recvbuf.getDatatype().getSize());
        }
        int[] rdispls = ds;
        int[] pdispl = packed;
        return plan(c, CollectiveTags.GATHERV, call -> {
            if (!isRoot) {
                LinearGatherv.run(call, pack(sendbuf), null, null, root);
                return null;
            }
            byte[] all = new byte[pdispl[p]];
            LinearGatherv.run(call, null, all, pdispl, root);
            for (int r = 0; r < p; r++) {
                if (r != root) {
                    unpack(all, pdispl[r], recvbuf, rdispls[r], counts[r]);
                } else if (!inPlace) {
                    unpack(pack(sendbuf), 0, recvbuf, rdispls[r], counts[r]);
                }
            }
            return null;
        });
    }

    static CollectivePlan<Void> scatter(CommCore c, Buf sendbuf, Buf recvbuf, int root) {
        if (c.isInter()) {
            return InterCollectives.scatter(c, sendbuf, recvbuf, root);
        }
        checkRoot(c, root);
        int p = c.size();
        boolean isRoot = c.rank() == root;
        boolean inPlace = isRoot && recvbuf == MPI.IN_PLACE;
        int n;
        if (isRoot) {
            check(sendbuf, "sendbuf", "scatter");
            if (inPlace) {
                n = perRank(sendbuf, p, "sendbuf", "scatter");
            } else {
                check(recvbuf, "recvbuf", "scatter");
                n = recvbuf.getCount();
                sameType(sendbuf, recvbuf, "scatter");
                room(sendbuf, (long) p * n, "sendbuf", "scatter", p + " ranks x " + n);
            }
        } else {
            check(recvbuf, "recvbuf", "scatter");
            n = recvbuf.getCount();
        }
        int es = (isRoot ? sendbuf : recvbuf).getDatatype().getSize();
        int b = byteLength((long) n * es);
        int[] displ = Blocks.equal(p, b);
        byteLength((long) p * b);
        return plan(c, CollectiveTags.SCATTER, call -> {
            int rel = (call.rank - root + p) % p;
            byte[] buf;
            int base;
            if (isRoot) {
                buf = new byte[displ[p]];
                base = 0;
                for (int i = 0; i < p; i++) {
                    pack(sendbuf, ((i + root) % p) * n, n, buf, displ[i]);
                }
            } else {
                base = displ[rel];
                buf = new byte[displ[rel + subtree(rel, p)] - base];
            }
            BinomialScatter.run(call, buf, base, displ, root);
            if (!inPlace) {
                unpack(buf, displ[rel] - base, recvbuf, 0, n);
            }
            return null;
        });
    }

    static CollectivePlan<Void> scatterv(CommCore c, Buf sendbuf, int[] counts, int[] displs, Buf recvbuf, int root) {
        intraOnly(c, CollectiveTags.SCATTERV);
        checkRoot(c, root);
        int p = c.size();
        boolean isRoot = c.rank() == root;
        boolean inPlace = isRoot && recvbuf == MPI.IN_PLACE;
        if (!inPlace) {
            check(recvbuf, "recvbuf", "scatterv");
        }
        int[] ds = null;
        int[] packed = null;
        if (isRoot) {
            check(sendbuf, "sendbuf", "scatterv");
            checkCounts(counts, "counts", p, "scatterv");
            ds = checkDispls(displs, counts, sendbuf, "displs", "scatterv");
            if (!inPlace) {
                sameType(sendbuf, recvbuf, "scatterv");
                if (recvbuf.getCount() < counts[root]) {
                    throw new MpiException(ErrorClass.ERR_TRUNCATE, "scatterv: the root's recvbuf has " + recvbuf.getCount()
                            + " elements but counts[" + root + "] is " + counts[root]);
                }
            }
            packed = Blocks.packed(counts, sendbuf.getDatatype().getSize());
        }
        int[] sdispls = ds;
        int[] pdispl = packed;
        return plan(c, CollectiveTags.SCATTERV, call -> {
            if (!isRoot) {
                byte[] mine = new byte[byteLength(recvbuf.getByteSize())];
                LinearScatterv.run(call, null, null, mine, root);
                unpack(mine, 0, recvbuf, 0, recvbuf.getCount());
                return null;
            }
            byte[] all = new byte[pdispl[p]];
            for (int r = 0; r < p; r++) {
                pack(sendbuf, sdispls[r], counts[r], all, pdispl[r]);
            }
            LinearScatterv.run(call, all, pdispl, null, root);
            if (!inPlace) {
                unpack(all, pdispl[root], recvbuf, 0, counts[root]);
            }
            return null;
        });
    }

    // ---- Allgather and alltoall ----

    static CollectivePlan<Void> allgather(CommCore c, Buf sendbuf, Buf recvbuf) {
        if (c.isInter()) {
            return InterCollectives.allgather(c, sendbuf, recvbuf);
        }
        int p = c.size();
        check(recvbuf, "recvbuf", "allgather");
        boolean inPlace = sendbuf == MPI.IN_PLACE;
        int n;
        if (inPlace) {
            n = perRank(recvbuf, p, "recvbuf", "allgather");
        } else {
            check(sendbuf, "sendbuf", "allgather");
            n = sendbuf.getCount();
            sameType(sendbuf, recvbuf, "allgather");
            room(recvbuf, (long) p * n, "recvbuf", "allgather", p + " ranks x " + n);
        }
        int es = recvbuf.getDatatype().getSize();
        int b = byteLength((long) n * es);
        int[] displ = Blocks.equal(p, b);
        byteLength((long) p * b);
        return plan(c, CollectiveTags.ALLGATHER, call -> {
            byte[] all = new byte[displ[p]];
            pack(inPlace ? recvbuf : sendbuf, inPlace ? call.rank * n : 0, n, all, displ[call.rank]);
            if (CollectiveSelector.allgather(p, displ[p]) == CollectiveSelector.Allgather.GATHER_BCAST) {
                BinomialGather.run(call, all, 0, displ, 0);
                all = BinomialTreeBcast.run(call, Values.bytes(displ[p], p * n, null), all, 0);
            } else {
                RingAllgather.run(call, all, displ, 0);
            }
            unpack(all, 0, recvbuf, 0, p * n);
            return null;
        });
    }

    static CollectivePlan<Void> allgatherv(CommCore c, Buf sendbuf, Buf recvbuf, int[] counts, int[] displs) {
        intraOnly(c, CollectiveTags.ALLGATHERV);
        int p = c.size();
        check(recvbuf, "recvbuf", "allgatherv");
        checkCounts(counts, "counts", p, "allgatherv");
        int[] rdispls = checkDispls(displs, counts, recvbuf, "displs", "allgatherv");
        boolean inPlace = sendbuf == MPI.IN_PLACE;
        int me = c.rank();
        if (!inPlace) {
            check(sendbuf, "sendbuf", "allgatherv");
            sameType(sendbuf, recvbuf, "allgatherv");
            if (sendbuf.getCount() != counts[me]) {
                throw new MpiException(ErrorClass.ERR_COUNT, "allgatherv: sendbuf has " + sendbuf.getCount()
                        + " elements but counts[" + me + "] is " + counts[me]);
            }
        }
        int[] displ = Blocks.packed(counts, recvbuf.getDatatype().getSize());
        return plan(c, CollectiveTags.ALLGATHERV, call -> {
            byte[] all = new byte[displ[p]];
            pack(inPlace ? recvbuf : sendbuf, inPlace ? rdispls[me] : 0, counts[me], all, displ[me]);
            RingAllgather.run(call, all, displ, 0);
            for (int r = 0; r < p; r++) {
                unpack(all, displ[r], recvbuf, rdispls[r], counts[r]);
            }
            return null;
        });
    }

    static CollectivePlan<Void> alltoall(CommCore c, Buf sendbuf, Buf recvbuf) {
        if (c.isInter()) {
            return InterCollectives.alltoall(c, sendbuf, recvbuf);
        }
        int p = c.size();
        check(recvbuf, "recvbuf", "alltoall");
        boolean inPlace = sendbuf == MPI.IN_PLACE;
        int n;
        if (inPlace) {
            n = perRank(recvbuf, p, "recvbuf", "alltoall");
        } else {
            check(sendbuf, "sendbuf", "alltoall");
            sameType(sendbuf, recvbuf, "alltoall");
            n = perRank(sendbuf, p, "sendbuf", "alltoall");
            room(recvbuf, (long) p * n, "recvbuf", "alltoall", p + " ranks x " + n);
        }
        int es = recvbuf.getDatatype().getSize();
        int b = byteLength((long) n * es);
        int[] displ = Blocks.equal(p, b);
        int[] lengths = new int[p];
        java.util.Arrays.fill(lengths, b);
        byteLength((long) p * b);
        Buf from = inPlace ? recvbuf : sendbuf;
        return plan(c, CollectiveTags.ALLTOALL, call -> {
            byte[] out = new byte[displ[p]];
            pack(from, 0, p * n, out, 0);
            byte[] in = new byte[displ[p]];
            PairwiseAlltoall.run(call, out, displ, lengths, in, displ, lengths);
            unpack(in, 0, recvbuf, 0, p * n);
            return null;
        });
    }

    static CollectivePlan<Void> alltoallv(CommCore c, Buf sendbuf, int[] sendcounts, int[] sdispls,
            Buf recvbuf, int[] recvcounts, int[] rdispls) {
        intraOnly(c, CollectiveTags.ALLTOALLV);
        int p = c.size();
        check(recvbuf, "recvbuf", "alltoallv");
        checkCounts(recvcounts, "recvcounts", p, "alltoallv");
        int[] rd = checkDispls(rdispls, recvcounts, recvbuf, "rdispls", "alltoallv");
        boolean inPlace = sendbuf == MPI.IN_PLACE;
        Buf from = inPlace ? recvbuf : sendbuf;
        int[] scounts = inPlace ? recvcounts : sendcounts;
        int[] sd;
        if (inPlace) {
            sd = rd;
        } else {
            check(sendbuf, "sendbuf", "alltoallv");
            sameType(sendbuf, recvbuf, "alltoallv");
            checkCounts(sendcounts, "sendcounts", p, "alltoallv");
            sd = checkDispls(sdispls, sendcounts, sendbuf, "sdispls", "alltoallv");
        }
        int es = recvbuf.getDatatype().getSize();
        int[] sp = Blocks.packed(scounts, es);
        int[] rp = Blocks.packed(recvcounts, es);
        int[] slen = lengths(sp);
        int[] rlen = lengths(rp);
        return plan(c, CollectiveTags.ALLTOALLV, call -> {
            byte[] out = new byte[sp[p]];
            for (int r = 0; r < p; r++) {
                pack(from, sd[r], scounts[r], out, sp[r]);
            }
            byte[] in = new byte[rp[p]];
            PairwiseAlltoall.run(call, out, sp, slen, in, rp, rlen);
            for (int r = 0; r < p; r++) {
                unpack(in, rp[r], recvbuf, rd[r], recvcounts[r]);
            }
            return null;
        });
    }

    static CollectivePlan<Void> alltoallw(CommCore c, Buf[] sendbufs, Buf[] recvbufs) {
        intraOnly(c, CollectiveTags.ALLTOALLW);
        int p = c.size();
        checkBufs(sendbufs, "sendbufs", p);
        checkBufs(recvbufs, "recvbufs", p);
        int me = c.rank();
        if (sendbufs[me].getDatatype() != recvbufs[me].getDatatype()
                || sendbufs[me].getByteSize() != recvbufs[me].getByteSize()) {
            throw new MpiException(ErrorClass.ERR_TYPE, "alltoallw: rank " + me + " sends itself " + sendbufs[me]
                    + " but expects " + recvbufs[me]);
        }
        Buf[] out = sendbufs.clone();
        Buf[] in = recvbufs.clone();
        return plan(c, CollectiveTags.ALLTOALLW, call -> {
            PairwiseAlltoall.buffers(call, out, in);
            return null;
        });
    }

    // ---- Reductions ----

    static CollectivePlan<Void> reduce(CommCore c, Buf sendbuf, Buf recvbuf, Op op, int root) {
        if (c.isInter()) {
            return InterCollectives.reduce(c, sendbuf, recvbuf, op, root);
        }
        checkRoot(c, root);
        checkOp(op);
        boolean isRoot = c.rank() == root;
        boolean inPlace = isRoot && sendbuf == MPI.IN_PLACE;
        Buf from = inPlace ? recvbuf : sendbuf;
        if (isRoot) {
            check(recvbuf, "recvbuf", "reduce");
        }
        check(from, "sendbuf", "reduce");
        int n = from.getCount();
        if (isRoot && !inPlace) {
            sameType(sendbuf, recvbuf, "reduce");
            room(recvbuf, n, "recvbuf", "reduce", "the count of sendbuf");
        }
        Combiner k = op.combiner(from.getDatatype());
        int es = from.getDatatype().getSize();
        int length = byteLength((long) n * es);
        boolean commute = op.isCommutative();
        return plan(c, CollectiveTags.REDUCE, call -> {
            byte[] data = pack(from, 0, n);
            byte[] result;
            if (CollectiveSelector.reduce(call.size, length, n, commute) == CollectiveSelector.Reduce.REDUCE_SCATTER_GATHER) {
                int[] displ = Blocks.split(n, call.size, es);
                RingReduceScatter.run(call, data, displ, es, k, root);
                BinomialGather.run(call, data, 0, displ, root);
                result = data;
            } else {
                result = BinomialReduce.run(call, Values.bytes(length, n, k), data, root, commute);
            }
            if (isRoot) {
                unpack(result, 0, recvbuf, 0, n);
            }
            return null;
        });
    }

    static CollectivePlan<Void> allreduce(CommCore c, Buf sendbuf, Buf recvbuf, Op op) {
        if (c.isInter()) {
            return InterCollectives.allreduce(c, sendbuf, recvbuf, op);
        }
        checkOp(op);
        check(recvbuf, "recvbuf", "allreduce");
        boolean inPlace = sendbuf == MPI.IN_PLACE;
        Buf from = inPlace ? recvbuf : sendbuf;
        check(from, "sendbuf", "allreduce");
        int n = from.getCount();
        if (!inPlace) {
            sameType(sendbuf, recvbuf, "allreduce");
            room(recvbuf, n, "recvbuf", "allreduce", "the count of sendbuf");
        }
        Combiner k = op.combiner(from.getDatatype());
        int es = from.getDatatype().getSize();
        int length = byteLength((long) n * es);
        boolean commute = op.isCommutative();
        return plan(c, CollectiveTags.ALLREDUCE, call -> {
            byte[] data = pack(from, 0, n);
            if (CollectiveSelector.allreduce(call.size, length, n, commute) == CollectiveSelector.Allreduce.RING) {
                RingAllreduce.run(call, data, n, es, k);
            } else {
                data = RecursiveDoublingAllreduce.run(call, Values.bytes(length, n, k), data);
            }
            unpack(data, 0, recvbuf, 0, n);
            return null;
        });
    }

    static CollectivePlan<Void> reduceScatter(CommCore c, Buf sendbuf, Buf recvbuf, int[] recvcounts, Op op) {
        intraOnly(c, CollectiveTags.REDUCE_SCATTER);
        int p = c.size();
        checkOp(op);
        check(recvbuf, "recvbuf", "reduceScatter");
        checkCounts(recvcounts, "recvcounts", p, "reduceScatter");
        return reduceScatter(c, CollectiveTags.REDUCE_SCATTER, "reduceScatter", sendbuf, recvbuf, recvcounts.clone(), op);
    }

    static CollectivePlan<Void> reduceScatterBlock(CommCore c, Buf sendbuf, Buf recvbuf, Op op) {
        intraOnly(c, CollectiveTags.REDUCE_SCATTER_BLOCK);
        int p = c.size();
        checkOp(op);
        check(recvbuf, "recvbuf", "reduceScatterBlock");
        int n = sendbuf == MPI.IN_PLACE ? perRank(recvbuf, p, "recvbuf", "reduceScatterBlock") : recvbuf.getCount();
        int[] counts = new int[p];
        java.util.Arrays.fill(counts, n);
        return reduceScatter(c, CollectiveTags.REDUCE_SCATTER_BLOCK, "reduceScatterBlock", sendbuf, recvbuf, counts, op);
    }

    private static CollectivePlan<Void> reduceScatter(CommCore c, int opcode, String what, Buf sendbuf, Buf recvbuf,
            int[] counts, Op op) {
        int p = c.size();
        int me = c.rank();
        boolean inPlace = sendbuf == MPI.IN_PLACE;
        Buf from = inPlace ? recvbuf : sendbuf;
        check(from, "sendbuf", what);
        long total = 0;
        for (int n : counts) {
            total += n;
        }
        room(from, total, inPlace ? "recvbuf (IN_PLACE)" : "sendbuf", what, "the sum of the counts");
        if (!inPlace) {
            sameType(sendbuf, recvbuf, what);
            room(recvbuf, counts[me], "recvbuf", what, "its count");
        }
        Combiner k = op.combiner(from.getDatatype());
        int es = from.getDatatype().getSize();
        int[] displ = Blocks.packed(counts, es);
        int n = (int) total;
        int length = displ[p];
        boolean commute = op.isCommutative();
        return plan(c, opcode, call -> {
            byte[] data = pack(from, 0, n);
            int at;
            if (CollectiveSelector.reduceScatter(commute) == CollectiveSelector.ReduceScatter.RING) {
                RingReduceScatter.run(call, data, displ, es, k, 0);
                at = displ[me];
            } else {
                byte[] reduced = BinomialReduce.run(call, Values.bytes(length, n, k), data, 0, false);
                int base = me == 0 ? 0 : displ[me];
                byte[] buf = me == 0 ? reduced : new byte[displ[me + subtree(me, p)] - base];
                BinomialScatter.run(call, buf, base, displ, 0);
                data = buf;
                at = displ[me] - base;
            }
            unpack(data, at, recvbuf, 0, counts[me]);
            return null;
        });
    }

    static CollectivePlan<Void> scan(CommCore c, Buf sendbuf, Buf recvbuf, Op op, boolean exclusive) {
        String what = exclusive ? "exscan" : "scan";
        checkOp(op);
        check(recvbuf, "recvbuf", what);
        boolean inPlace = sendbuf == MPI.IN_PLACE;
        Buf from = inPlace ? recvbuf : sendbuf;
        check(from, "sendbuf", what);
        int n = from.getCount();
        if (!inPlace) {
            sameType(sendbuf, recvbuf, what);
            room(recvbuf, n, "recvbuf", what, "the count of sendbuf");
        }
        Combiner k = op.combiner(from.getDatatype());
        int length = byteLength(from.getByteSize());
        return plan(c, exclusive ? CollectiveTags.EXSCAN : CollectiveTags.SCAN, call -> {
            byte[] data = pack(from, 0, n);
            byte[] result = RecursiveDoublingScan.run(call, Values.bytes(length, n, k), data, data.clone(), exclusive);
            if (result != null) {
                unpack(result, 0, recvbuf, 0, n);
            }
            return null;
        });
    }

    // ---- Objects ----

    static <T> CollectivePlan<T> bcast(CommCore c, T obj, int root) {
        if (c.isInter()) {
            return InterCollectives.bcast(c, obj, root);
        }
        checkRoot(c, root);
        return plan(c, CollectiveTags.BCAST, call -> cast(BinomialTreeBcast.run(call, Values.objects(null), obj, root)));
    }

    static <T> CollectivePlan<List<T>> gather(CommCore c, T sendobj, int root) {
        if (c.isInter()) {
            return InterCollectives.gather(c, sendobj, root);
        }
        checkRoot(c, root);
        return plan(c, CollectiveTags.GATHER, call -> cast(BinomialGather.objects(call, sendobj, root)));
    }

    static <T> CollectivePlan<T> scatter(CommCore c, List<? extends T> sendobj, int root) {
        if (c.isInter()) {
            return InterCollectives.scatter(c, sendobj, root);
        }
        checkRoot(c, root);
        if (c.rank() == root) {
            checkList(sendobj, "sendobj", c.size(), "scatter");
        }
        List<?> copy = c.rank() == root ? new java.util.ArrayList<>(sendobj) : null;
        return plan(c, CollectiveTags.SCATTER, call -> cast(BinomialScatter.objects(call, copy, root)));
    }

    static <T> CollectivePlan<List<T>> allgather(CommCore c, T sendobj) {
        if (c.isInter()) {
            return InterCollectives.allgather(c, sendobj);
        }
        return plan(c, CollectiveTags.ALLGATHER, call -> {
            List<Object> all = BinomialGather.objects(call, sendobj, 0);
            return cast(BinomialTreeBcast.run(call, Values.objects(null), all, 0));
        });
    }

    static <T> CollectivePlan<List<T>> alltoall(CommCore c, List<? extends T> sendobj) {
        if (c.isInter()) {
            return InterCollectives.alltoall(c, sendobj);
        }
        checkList(sendobj, "sendobj", c.size(), "alltoall");
        List<?> copy = new java.util.ArrayList<>(sendobj);
        return plan(c, CollectiveTags.ALLTOALL, call -> cast(PairwiseAlltoall.objects(call, copy)));
    }

    static <T> CollectivePlan<T> reduce(CommCore c, T sendobj, BinaryOperator<Object> op, boolean commute, int root) {
        if (c.isInter()) {
            return InterCollectives.reduce(c, sendobj, op, commute, root);
        }
        checkRoot(c, root);
        return plan(c, CollectiveTags.REDUCE, call -> cast(BinomialReduce.run(call, Values.objects(op), sendobj, root, commute)));
    }

    static <T> CollectivePlan<T> allreduce(CommCore c, T sendobj, BinaryOperator<Object> op) {
        if (c.isInter()) {
            return InterCollectives.allreduce(c, sendobj, op);
        }
        return plan(c, CollectiveTags.ALLREDUCE, call -> cast(RecursiveDoublingAllreduce.run(call, Values.objects(op), sendobj)));
    }

    static <T> CollectivePlan<T> scan(CommCore c, T sendobj, BinaryOperator<Object> op, boolean exclusive) {
        return plan(c, exclusive ? CollectiveTags.EXSCAN : CollectiveTags.SCAN,
                call -> cast(RecursiveDoublingScan.run(call, Values.objects(op), sendobj, sendobj, exclusive)));
    }

    static BinaryOperator<Object> objectOp(Op op) {
        checkOp(op);
        return op.objectOperator();
    }

    @SuppressWarnings("unchecked")
    static BinaryOperator<Object> objectOp(BinaryOperator<?> op) {
        if (op == null) {
            throw new MpiException(ErrorClass.ERR_OP, "op is null: pass an Op such as Op.SUM or a BinaryOperator");
        }
        return (BinaryOperator<Object>) op;
    }

    // ---- Helpers ----

    static <T> CollectivePlan<T> plan(CommCore c, int opcode, java.util.function.Function<io.jmpi.internal.coll.Coll, T> schedule) {
        if (opcode != CollectiveTags.INTER) {
            intraOnly(c, opcode);
        }
        return new CollectivePlan<>(c, opcode, schedule);
    }

    /** Fails with {@code ERR_COMM} on an intercommunicator, before any argument check. */
    static void intraOnly(CommCore c, int opcode) {
        if (c.isInter()) {
            throw new MpiException(ErrorClass.ERR_COMM, io.jmpi.internal.coll.CollectiveSelector.name(opcode)
                    + " is not supported on intercommunicator " + c.name() + " yet: barrier, bcast, gather, scatter,"
                    + " allgather, alltoall, reduce and allreduce are (or merge it into an intracommunicator)");
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object o) {
        return (T) o;
    }

    private static int subtree(int rel, int p) {
        return rel == 0 ? p : Math.min(Integer.lowestOneBit(rel), p - rel);
    }

    private static int[] lengths(int[] displ) {
        int[] l = new int[displ.length - 1];
        for (int i = 0; i < l.length; i++) {
            l[i] = displ[i + 1] - displ[i];
        }
        return l;
    }

    static void checkRoot(CommCore c, int root) {
        if (root < 0 || root >= c.size()) {
            throw new MpiException(ErrorClass.ERR_ROOT, "root " + root + " is not a rank of " + c.name()
                    + " (size " + c.size() + "): use 0.." + (c.size() - 1));
        }
    }

    static void checkOp(Op op) {
        if (op == null) {
            throw new MpiException(ErrorClass.ERR_OP, "op is null: pass an Op such as Op.SUM");
        }
    }

    static void check(Buf buf, String name, String what) {
        if (buf == null) {
            throw new MpiException(ErrorClass.ERR_BUFFER, what + ": " + name + " is null: pass a Buf such as Buf.of(array)");
        }
        if (buf == MPI.IN_PLACE) {
            throw new MpiException(ErrorClass.ERR_BUFFER, what + ": MPI.IN_PLACE is not allowed as " + name + " here");
        }
    }

    private static void checkBufs(Buf[] bufs, String name, int p) {
        if (bufs == null || bufs.length != p) {
            throw new MpiException(bufs == null ? ErrorClass.ERR_BUFFER : ErrorClass.ERR_COUNT, "alltoallw: " + name
                    + " must hold one Buf per rank (" + p + "), not " + (bufs == null ? "null" : bufs.length));
        }
        for (int i = 0; i < p; i++) {
            check(bufs[i], name + "[" + i + "]", "alltoallw");
        }
    }

    private static void checkList(List<?> list, String name, int p, String what) {
        if (list == null || list.size() != p) {
            throw new MpiException(ErrorClass.ERR_COUNT, what + ": " + name + " must hold one object per rank ("
                    + p + "), not " + (list == null ? "null" : list.size() + " objects"));
        }
    }

    static void sameType(Buf a, Buf b, String what) {
        if (a.getDatatype() != b.getDatatype()) {
            throw new MpiException(ErrorClass.ERR_TYPE, what + ": sendbuf is " + a + " but recvbuf is " + b
                    + ": the datatypes must match");
        }
    }

    static void room(Buf buf, long needed, String name, String what, String why) {
        if (buf.getCount() < needed) {
            throw new MpiException(ErrorClass.ERR_COUNT, what + ": " + name + " has " + buf.getCount()
                    + " elements but needs " + needed + " (" + why + ")");
        }
    }

    static int perRank(Buf buf, int p, String name, String what) {
        if (buf.getCount() % p != 0) {
            throw new MpiException(ErrorClass.ERR_COUNT, what + ": " + name + " has " + buf.getCount()
                    + " elements, not a multiple of the " + p + " ranks");
        }
        return buf.getCount() / p;
    }

    private static void checkCounts(int[] counts, String name, int p, String what) {
        if (counts == null || counts.length != p) {
            throw new MpiException(ErrorClass.ERR_COUNT, what + ": " + name + " must have one entry per rank ("
                    + p + "), not " + (counts == null ? "null" : counts.length));
        }
        for (int i = 0; i < p; i++) {
            if (counts[i] < 0) {
                throw new MpiException(ErrorClass.ERR_COUNT, what + ": " + name + "[" + i + "] is " + counts[i]
                        + ": counts must be >= 0");
            }
        }
    }

    /** Checks displacements (null: packed one after another) and returns a copy. */
    private static int[] checkDispls(int[] displs, int[] counts, Buf buf, String name, String what) {
        int p = counts.length;
        int[] d = new int[p];
        if (displs == null) {
            long at = 0;
            for (int i = 0; i < p; i++) {
                d[i] = (int) at;
                at += counts[i];
            }
            room(buf, at, "the buffer", what, "the sum of the counts");
            return d;
        }
        if (displs.length != p) {
            throw new MpiException(ErrorClass.ERR_ARG, what + ": " + name + " must have one entry per rank ("
                    + p + "), not " + displs.length);
        }
        for (int i = 0; i < p; i++) {
            if (displs[i] < 0 || (long) displs[i] + counts[i] > buf.getCount()) {
                throw new MpiException(ErrorClass.ERR_ARG, what + ": " + name + "[" + i + "] = " + displs[i]
                        + " with count " + counts[i] + " is outside " + buf);
            }
            d[i] = displs[i];
        }
        return d;
    }

    static int byteLength(long bytes) {
        if (bytes > Integer.MAX_VALUE - 16) {
            throw new MpiException(ErrorClass.ERR_COUNT, "collectives on buffers of " + bytes
                    + " bytes are not supported yet (the limit is 2 GiB per call)");
        }
        return (int) bytes;
    }

    // ---- Packing ----

    static byte[] pack(Buf buf) {
        return pack(buf, 0, buf.getCount());
    }

    static byte[] pack(Buf buf, int first, int count) {
        byte[] b = new byte[byteLength((long) count * buf.getDatatype().getSize())];
        pack(buf, first, count, b, 0);
        return b;
    }

    static void pack(Buf buf, int first, int count, byte[] dst, int at) {
        buf.pack(ByteBuffer.wrap(dst, at, dst.length - at), first, count);
    }

    static void unpack(byte[] src, int at, Buf buf, int first, int count) {
        buf.unpack(ByteBuffer.wrap(src, at, src.length - at), first, count);
    }
}
