/*
 * osu_extra.c - the figures of jmpi's OsuBench that the shared peer benchmark (osu_c.c) does
 * not have, for Open MPI, with the same methodology and output lines "<metric> <size> <value>"
 * (latency in us). Built and run by bench/compare.sh beside osu_c.c.
 *
 *   mlat : multi-pair latency (as OSU's osu_multi_lat): rank i < N/2 ping-pongs with rank
 *          i + N/2, every pair at once; the average of the pairs' half round trips, per size
 *          (the sizes of osu_c.c's lat, a third of its iterations: OSU's osu_multi_lat
 *          counts, as the ranks outnumber the cores). N must be even.
 *   coll : collective latency by size: reduce (doubles, SUM, root 0), allgather and alltoall
 *          (bytes; the size is one rank's block) at 8 B, 1 KiB, 64 KiB and 1 MiB, and allreduce
 *          and bcast at 1 KiB and 64 KiB (osu_c.c has them at 8 B and 1 MiB). Each call is
 *          timed alone with a barrier between calls; the figure is the average over the ranks
 *          of each rank's mean. Every result is checked; a wrong one aborts the job.
 *
 * Usage: mpirun -np N ./osu_extra [mlat|coll|all] [scale]   (scale multiplies iteration counts)
 */
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAXLAT (4L * 1024 * 1024)
#define MAXCOLL (1024L * 1024)
static const long LAT_SIZES[] = {0, 8, 64, 1024, 8192, 65536, 1048576, 4194304};
#define NLAT (int)(sizeof LAT_SIZES / sizeof LAT_SIZES[0])
static const long COLL_SIZES[] = {8, 1024, 65536, 1048576};
#define NCOLL (int)(sizeof COLL_SIZES / sizeof COLL_SIZES[0])

static int rank, nprocs;
static double scale = 1.0;

static int sc(int n) { int v = (int)(n * scale); return v < 2 ? 2 : v; }

static void iters(long sz, int *it, int *wu) {
    if (sz <= 8192)         { *it = 30000; *wu = 3000; }
    else if (sz <= 65536)   { *it = 5000;  *wu = 500; }
    else if (sz <= 1048576) { *it = 500;   *wu = 50; }
    else                    { *it = 100;   *wu = 10; }
    *it = sc(*it); *wu = sc(*wu);
}

/* multi-pair latency: OSU's osu_multi_lat counts, a third of osu_c.c's lat */
static void mlat_iters(long sz, int *it, int *wu) {
    if (sz <= 8192)         { *it = 10000; *wu = 1000; }
    else if (sz <= 65536)   { *it = 2000;  *wu = 200; }
    else if (sz <= 1048576) { *it = 200;   *wu = 20; }
    else                    { *it = 40;    *wu = 4; }
    *it = sc(*it); *wu = sc(*wu);
}

static void fail(const char *what, long sz, long at) {
    fprintf(stderr, "osu_extra: rank %d: %s %ld B: wrong result at %ld\n", rank, what, sz, at);
    MPI_Abort(MPI_COMM_WORLD, 3);
}

static void check_bytes(const char *what, long sz, const char *buf, long n, char expected) {
    for (long i = 0; i < n; i++)
        if (buf[i] != expected) fail(what, sz, i);
}

/* the average at rank 0 of the values of the ranks that count */
static double average(double value, int counts) {
    double mine[2] = {value * counts, counts}, sum[2] = {0, 0};
    MPI_Reduce(mine, sum, 2, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD);
    return sum[0] / sum[1];
}

static void bench_mlat(char *sbuf, char *rbuf) {
    int half = nprocs / 2;
    int peer = rank < half ? rank + half : rank - half;
    int sender = rank < half;
    memset(sbuf, rank + 1, MAXLAT);
    for (int i = 0; i < NLAT; i++) {
        long sz = LAT_SIZES[i];
        int it, wu; mlat_iters(sz, &it, &wu);
        double t0 = 0, lat = 0;
        memset(rbuf, 0, sz);
        MPI_Barrier(MPI_COMM_WORLD);
        if (sender) {
            for (int k = 0; k < it + wu; k++) {
                if (k == wu) t0 = MPI_Wtime();
                MPI_Send(sbuf, (int)sz, MPI_CHAR, peer, 1, MPI_COMM_WORLD);
                MPI_Recv(rbuf, (int)sz, MPI_CHAR, peer, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
            }
            lat = (MPI_Wtime() - t0) * 1e6 / (2.0 * it);
        } else {
            for (int k = 0; k < it + wu; k++) {
                MPI_Recv(rbuf, (int)sz, MPI_CHAR, peer, 1, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
                MPI_Send(sbuf, (int)sz, MPI_CHAR, peer, 1, MPI_COMM_WORLD);
            }
        }
        check_bytes("mlat", sz, rbuf, sz, (char)(peer + 1));
        double avg = average(lat, sender);
        if (rank == 0) { printf("mlat %ld %.3f\n", sz, avg); fflush(stdout); }
    }
}

enum op { REDUCE, ALLREDUCE, BCAST, ALLGATHER, ALLTOALL };
static const char *NAMES[] = {"reduce", "allreduce", "bcast", "allgather", "alltoall"};

static char alltoall_byte(int from, int to) { return (char)(from * nprocs + to + 1); }

static void call(enum op op, long sz, double *sd, double *rd, char *sb, char *rb) {
    int n = (int)(sz / 8);
    switch (op) {
    case REDUCE:    MPI_Reduce(sd, rd, n, MPI_DOUBLE, MPI_SUM, 0, MPI_COMM_WORLD); break;
    case ALLREDUCE: MPI_Allreduce(sd, rd, n, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD); break;
    case BCAST:     MPI_Bcast(sb, (int)sz, MPI_CHAR, 0, MPI_COMM_WORLD); break;
    case ALLGATHER: MPI_Allgather(sb, (int)sz, MPI_CHAR, rb, (int)sz, MPI_CHAR, MPI_COMM_WORLD); break;
    case ALLTOALL:  MPI_Alltoall(sb, (int)sz, MPI_CHAR, rb, (int)sz, MPI_CHAR, MPI_COMM_WORLD); break;
    }
}

static void time_coll(enum op op, long sz, double *sd, double *rd, char *sb, char *rb) {
    int it, wu; iters(sz, &it, &wu);
    long n = sz / 8;
    double expected = nprocs * (nprocs + 1) / 2.0;
    for (long j = 0; j < n; j++) { sd[j] = rank + 1; rd[j] = -1; }
    if (op == BCAST) memset(sb, rank == 0 ? 0x5a : 0, sz);
    if (op == ALLGATHER) memset(sb, rank + 1, sz);
    if (op == ALLTOALL)
        for (int j = 0; j < nprocs; j++) memset(sb + j * sz, alltoall_byte(rank, j), sz);
    memset(rb, 0, sz * nprocs);
    double sum = 0;
    MPI_Barrier(MPI_COMM_WORLD);
    for (int k = 0; k < it + wu; k++) {
        double t0 = MPI_Wtime();
        call(op, sz, sd, rd, sb, rb);
        double t = MPI_Wtime() - t0;
        if (k >= wu) sum += t;
        MPI_Barrier(MPI_COMM_WORLD);
    }
    switch (op) {
    case REDUCE:
        if (rank != 0) break;
        /* fall through */
    case ALLREDUCE:
        for (long j = 0; j < n; j++)
            if (rd[j] != expected) fail(NAMES[op], sz, j);
        break;
    case BCAST: check_bytes("bcast", sz, sb, sz, 0x5a); break;
    case ALLGATHER:
        for (int j = 0; j < nprocs; j++) check_bytes("allgather", sz, rb + j * sz, sz, (char)(j + 1));
        break;
    case ALLTOALL:
        for (int j = 0; j < nprocs; j++) check_bytes("alltoall", sz, rb + j * sz, sz, alltoall_byte(j, rank));
        break;
    }
    double avg = average(sum / it, 1);
    if (rank == 0) { printf("%s %ld %.3f\n", NAMES[op], sz, avg * 1e6); fflush(stdout); }
}

static void bench_coll(void) {
    double *sd = malloc(MAXCOLL), *rd = malloc(MAXCOLL);
    char *sb = malloc(MAXCOLL * nprocs), *rb = malloc(MAXCOLL * nprocs);
    if (!sd || !rd || !sb || !rb) { fprintf(stderr, "osu_extra: out of memory\n"); MPI_Abort(MPI_COMM_WORLD, 2); }
    time_coll(ALLREDUCE, 1024, sd, rd, sb, rb);
    time_coll(ALLREDUCE, 65536, sd, rd, sb, rb);
    time_coll(BCAST, 1024, sd, rd, sb, rb);
    time_coll(BCAST, 65536, sd, rd, sb, rb);
    for (int op = REDUCE; op <= ALLTOALL; op++) {
        if (op == ALLREDUCE || op == BCAST) continue;
        for (int i = 0; i < NCOLL; i++) time_coll((enum op)op, COLL_SIZES[i], sd, rd, sb, rb);
    }
    free(sd); free(rd); free(sb); free(rb);
}

int main(int argc, char **argv) {
    MPI_Init(&argc, &argv);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &nprocs);
    const char *mode = argc > 1 ? argv[1] : "all";
    if (argc > 2) scale = atof(argv[2]);
    int all = !strcmp(mode, "all");
    if (all || !strcmp(mode, "mlat")) {
        if (nprocs < 2 || nprocs % 2) {
            if (rank == 0) fprintf(stderr, "osu_extra: mlat needs an even number of ranks, got %d\n", nprocs);
            MPI_Abort(MPI_COMM_WORLD, 2);
        }
        char *sbuf = malloc(MAXLAT), *rbuf = malloc(MAXLAT);
        bench_mlat(sbuf, rbuf);
        free(sbuf); free(rbuf);
    }
    if (all || !strcmp(mode, "coll")) bench_coll();
    MPI_Finalize();
    return 0;
}
