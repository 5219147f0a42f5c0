"""osu_extra.py - the figures of jmpi's OsuBench that the shared mpi4py benchmark
(osu_mpi4py.py) does not have, for mpi4py's upper-case (buffer) API, with the methodology of
osu_extra.c and the output lines "<metric> <size> <value>" (latency in us). Run by
bench/compare.sh beside osu_mpi4py.py, with /usr/bin/python3 (Debian's python3-mpi4py).

  mlat : multi-pair latency (as OSU's osu_multi_lat) -> mlat_buf: rank i < N/2 ping-pongs with
         rank i + N/2, every pair at once; the average of the pairs' half round trips. N even.
  coll : collective latency by size -> reduce_buf (doubles, SUM, root 0), allgather_buf and
         alltoall_buf (bytes; the size is one rank's block) at 8 B, 1 KiB, 64 KiB and 1 MiB, and
         allreduce_buf and bcast_buf at 1 KiB and 64 KiB (osu_mpi4py.py has 8 B and 1 MiB).
         Each call timed alone, a barrier between calls; the average over the ranks of each
         rank's mean. Every result is checked; a wrong one aborts the job.

numpy is not installed for /usr/bin/python3 here: buffers are bytearray and array('d').
The collectives' iteration counts are those of osu_mpi4py.py (20,000 for small sizes instead of
C's 30,000); multi-pair latency's are osu_extra.c's (10,000 for small sizes).
Usage: mpirun -np N /usr/bin/python3 osu_extra.py [mlat|coll|all] [scale]
"""
import sys
from array import array
from mpi4py import MPI

comm = MPI.COMM_WORLD
rank, nprocs = comm.Get_rank(), comm.Get_size()
mode = sys.argv[1] if len(sys.argv) > 1 else "all"
scale = float(sys.argv[2]) if len(sys.argv) > 2 else 1.0
Wtime = MPI.Wtime
LAT_SIZES = [0, 8, 64, 1024, 8192, 65536, 1048576, 4194304]
COLL_SIZES = [8, 1024, 65536, 1048576]


def sc(n):
    return max(2, int(n * scale))


def iters(sz):
    if sz <= 8192:
        return sc(20000), sc(2000)
    if sz <= 65536:
        return sc(5000), sc(500)
    if sz <= 1048576:
        return sc(500), sc(50)
    return sc(100), sc(10)


def mlat_iters(sz):
    # OSU's osu_multi_lat counts, the same as osu_extra.c's and OsuBench's
    if sz <= 8192:
        return sc(10000), sc(1000)
    if sz <= 65536:
        return sc(2000), sc(200)
    if sz <= 1048576:
        return sc(200), sc(20)
    return sc(40), sc(4)


def fail(what, sz, at):
    print("osu_extra.py: rank %d: %s %d B: wrong result at %d" % (rank, what, sz, at), file=sys.stderr, flush=True)
    comm.Abort(3)


def check_bytes(what, sz, buf, expected):
    if buf.count(expected) != len(buf):
        fail(what, sz, next(i for i, b in enumerate(buf) if b != expected))


def average(value, counts):
    total = comm.reduce((value * counts, counts), op=lambda a, b: (a[0] + b[0], a[1] + b[1]), root=0)
    return total[0] / total[1] if rank == 0 else None


def out(metric, size, value):
    print("%s %d %.3f" % (metric, size, value), flush=True)


def bench_mlat():
    half = nprocs // 2
    peer = rank + half if rank < half else rank - half
    sender = rank < half
    sbuf, rbuf = bytearray([rank + 1]) * max(LAT_SIZES), bytearray(max(LAT_SIZES))
    smv, rmv = memoryview(sbuf), memoryview(rbuf)
    for sz in LAT_SIZES:
        it, wu = mlat_iters(sz)
        sm, rm = [smv[:sz], MPI.BYTE], [rmv[:sz], MPI.BYTE]
        rmv[:sz] = bytes(sz)
        lat = 0.0
        comm.Barrier()
        if sender:
            t0 = 0.0
            for k in range(it + wu):
                if k == wu:
                    t0 = Wtime()
                comm.Send(sm, peer, 1)
                comm.Recv(rm, peer, 1)
            lat = (Wtime() - t0) * 1e6 / (2 * it)
        else:
            for k in range(it + wu):
                comm.Recv(rm, peer, 1)
                comm.Send(sm, peer, 1)
        check_bytes("mlat", sz, rbuf[:sz], peer + 1)
        avg = average(lat, 1 if sender else 0)
        if rank == 0:
            out("mlat_buf", sz, avg)


def alltoall_byte(frm, to):
    return (frm * nprocs + to + 1) & 0xff


def time_coll(name, sz):
    it, wu = iters(sz)
    n = sz // 8
    expected = nprocs * (nprocs + 1) / 2.0
    sd, rd = array("d", [rank + 1.0]) * n, array("d", [-1.0]) * n
    sb, rb = bytearray(sz), bytearray(sz * nprocs)
    if name == "bcast":
        sb = bytearray([0x5A if rank == 0 else 0]) * sz
    elif name == "allgather":
        sb = bytearray([rank + 1]) * sz
    elif name == "alltoall":
        sb = bytearray(b"".join(bytes([alltoall_byte(rank, j)]) * sz for j in range(nprocs)))
    dm, dr = [sd, MPI.DOUBLE], [rd, MPI.DOUBLE]
    bm, br = [sb, MPI.BYTE], [rb, MPI.BYTE]
    fn = {
        "reduce": lambda: comm.Reduce(dm, dr, op=MPI.SUM, root=0),
        "allreduce": lambda: comm.Allreduce(dm, dr, op=MPI.SUM),
        "bcast": lambda: comm.Bcast(bm, root=0),
        "allgather": lambda: comm.Allgather(bm, br),
        "alltoall": lambda: comm.Alltoall(bm, br),
    }[name]
    s = 0.0
    barrier = comm.Barrier
    barrier()
    for k in range(it + wu):
        t0 = Wtime()
        fn()
        t = Wtime() - t0
        if k >= wu:
            s += t
        barrier()
    if name == "allreduce" or (name == "reduce" and rank == 0):
        if rd.count(expected) != n:
            fail(name, sz, next(i for i, v in enumerate(rd) if v != expected))
    elif name == "bcast":
        check_bytes(name, sz, sb, 0x5A)
    elif name in ("allgather", "alltoall"):
        for j in range(nprocs):
            want = j + 1 if name == "allgather" else alltoall_byte(j, rank)
            check_bytes(name, sz, rb[j * sz:(j + 1) * sz], want)
    avg = average(s / it, 1)
    if rank == 0:
        out(name + "_buf", sz, avg * 1e6)


def bench_coll():
    for name in ("allreduce", "bcast"):
        for sz in (1024, 65536):
            time_coll(name, sz)
    for name in ("reduce", "allgather", "alltoall"):
        for sz in COLL_SIZES:
            time_coll(name, sz)


if __name__ == "__main__":
    if mode not in ("mlat", "coll", "all"):
        sys.exit("osu_extra.py: mode %s is none of mlat, coll, all" % mode)
    if mode in ("all", "mlat"):
        if nprocs < 2 or nprocs % 2:
            if rank == 0:
                print("osu_extra.py: mlat needs an even number of ranks, got %d" % nprocs, file=sys.stderr)
            comm.Abort(2)
        bench_mlat()
    if mode in ("all", "coll"):
        bench_coll()
