#!/usr/bin/env bash
# compare.sh: run jmpi's OSU-style benchmarks and, where they are installed, the peers' (Open MPI C
# over TCP, mpi4py over TCP, MPJ Express over its niodev device) in the same run, interleaved,
# then write docs/performance.md and its plots with the jmpi/peer ratios.
#
#   bench/compare.sh                     # REPS=3 SCALE=0.3
#   REPS=5 SCALE=1 bench/compare.sh      # the full iteration counts of the peers' defaults
#   INSTALL_PEERS=1 bench/compare.sh     # apt-get install Open MPI, mpi4py, MPJ Express first (root)
#   NO_MPJ=1 bench/compare.sh            # leave MPJ Express out
#   MLAT_N=6 bench/compare.sh            # multi-pair latency with 6 ranks (3 pairs; default 4)
#
# The peers' sources are the project's shared OSU-style benchmarks (../shared/peers beside the
# checkout, or PEERS=DIR), and, for what those lack (multi-pair latency; reduce, allgather and
# alltoall, and allreduce and bcast at 1 KiB and 64 KiB), the project's own bench/peers/osu_extra.c
# (Open MPI) and osu_extra.py (mpi4py); MPJ Express is not measured for those. Raw output:
# bench/results/raw/<config>.rep<N>.txt; every figure as CSV: bench/results/results.csv.
#
# MPJ Express (Debian's libmpj-java, 0.44) runs its niodev device (one JVM per rank, TCP) through
# its own launcher: a daemon (daemon.jar) listening on 127.0.0.1:40055 starts the ranks that the
# starter (starter.jar, what mpjrun.sh runs) asks for. Debian's jars name their dependencies
# (log4j-1.2.jar, commons-*.jar) in their manifests relative to their own directory, where
# Debian does not ship them, so this script builds a private MPJ_HOME in bench/results/build with
# copies of the jars and links to the dependencies, starts the daemon for the run and stops it
# at the end. The ports are MPJ Express's fixed defaults (its conf): two such runs at once clash.
set -u
cd "$(dirname "$0")/.."
ROOT=$(pwd)
REPS=${REPS:-3}
SCALE=${SCALE:-0.3}
PEERS=${PEERS:-$ROOT/../shared/peers}
EXTRA=$ROOT/bench/peers
MLAT_N=${MLAT_N:-4}
OUT=$ROOT/bench/results
RAW=$OUT/raw
BUILD=$OUT/build
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
MPI_FLAGS="--bind-to none --mca pml ob1 --mca btl self,tcp --mca btl_tcp_if_include lo"
MPIRUN="mpirun -np 2 $MPI_FLAGS"
MPIRUN_MLAT="mpirun -np $MLAT_N --oversubscribe $MPI_FLAGS"   # more ranks than the 2 cores
PY=/usr/bin/python3
TO=600

log() { echo "[compare $(date +%H:%M:%S)] $*" >&2; }

if [ "${INSTALL_PEERS:-0}" = 1 ]; then
  apt-get update -q && apt-get install -y -q openmpi-bin libopenmpi-dev python3-mpi4py libmpj-java
fi

log "building jmpi"
./mvnw -q -DskipTests package || { log "build failed"; exit 1; }
JMPIEXEC=$ROOT/jmpi-launcher/target/jmpi/bin/jmpiexec
BENCH_JAR=$ROOT/jmpi-bench/target/jmpi-bench.jar
JAVA_RANK="java -XX:+UseSerialGC -Xmx512m"

rm -rf "$RAW" "$BUILD"; mkdir -p "$RAW" "$BUILD"
HAVE_C=0; HAVE_PY=0; HAVE_C_EXTRA=0
if command -v mpicc >/dev/null && [ -f "$PEERS/c/osu_c.c" ]; then
  mpicc -O2 -o "$BUILD/osu_c" "$PEERS/c/osu_c.c" && HAVE_C=1
fi
if command -v mpicc >/dev/null; then
  mpicc -O2 -o "$BUILD/osu_extra" "$EXTRA/osu_extra.c" && HAVE_C_EXTRA=1
fi
if command -v mpirun >/dev/null && $PY -c 'import mpi4py' 2>/dev/null && [ -f "$PEERS/py/osu_mpi4py.py" ]; then
  HAVE_PY=1
  printf 'from mpi4py import MPI\nc = MPI.COMM_WORLD\nprint("Hello, World! I am process %%d of %%d on %%s." %% (c.rank, c.size, MPI.Get_processor_name()))\n' > "$BUILD/hello.py"
fi
[ $HAVE_C = 1 ] || log "Open MPI (mpicc/mpirun) or $PEERS/c/osu_c.c missing: no C peer (INSTALL_PEERS=1 installs it)"
[ $HAVE_PY = 1 ] || log "mpi4py or $PEERS/py missing: no mpi4py peer (INSTALL_PEERS=1 installs it)"

# MPJ Express: a private MPJ_HOME (see above), the peers' MpjBench, and a daemon for the run.
HAVE_MPJ=0; MPJ_DAEMON_PID=""
MPJ_LIB=/usr/share/mpj/lib
stop_mpj_daemon() {
  if [ -n "$MPJ_DAEMON_PID" ]; then
    kill "$MPJ_DAEMON_PID" 2>/dev/null; wait "$MPJ_DAEMON_PID" 2>/dev/null; MPJ_DAEMON_PID=""
  fi
}
trap stop_mpj_daemon EXIT
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
if [ "${NO_MPJ:-0}" = 1 ]; then
  log "NO_MPJ=1: no MPJ Express peer"
elif ! ls "$MPJ_LIB"/mpj-*.jar >/dev/null 2>&1 || [ ! -f "$PEERS/mpj/MpjBench.java" ]; then
  log "MPJ Express ($MPJ_LIB, Debian's libmpj-java) or $PEERS/mpj/MpjBench.java missing: no MPJ Express peer (INSTALL_PEERS=1 installs it)"
else
  export MPJ_HOME=$BUILD/mpjhome
  mkdir -p "$MPJ_HOME/lib" "$MPJ_HOME/conf" "$BUILD/mpj"
  for f in "$MPJ_LIB"/*-[0-9]*.jar; do
    cp "$f" "$MPJ_HOME/lib/$(basename "$f" | sed 's/-[0-9][0-9.]*\.jar$/.jar/')"
  done
  for d in log4j-1.2 commons-cli commons-codec commons-io; do ln -sf "/usr/share/java/$d.jar" "$MPJ_HOME/lib/$d.jar"; done
  cp /usr/share/mpj/conf/* "$MPJ_HOME/conf/"
  echo localhost > "$BUILD/mpj/machines"   # the hosts of niodev's ranks, read from the working directory
  MPJ_PORT=$(sed -n 's/^mpjexpress.mpjdaemon.port.1=//p' "$MPJ_HOME/conf/mpjexpress.conf"); MPJ_PORT=${MPJ_PORT:-40055}
  MPJ_VERSION=$(sed -n 's/^mpjexpress.version=//p' "$MPJ_HOME/conf/mpjexpress.conf")
  if ! javac -nowarn -cp "$MPJ_HOME/lib/mpj.jar" -d "$BUILD/mpj" "$PEERS/mpj/MpjBench.java" > "$BUILD/mpj-javac.log" 2>&1; then
    log "MpjBench does not compile against MPJ Express (see $BUILD/mpj-javac.log): no MPJ Express peer"
  elif port_in_use "$MPJ_PORT"; then
    log "port $MPJ_PORT (MPJ Express's daemon) is taken, by another run's daemon perhaps: no MPJ Express peer"
  else
    ( cd "$BUILD/mpj" && exec java -jar "$MPJ_HOME/lib/daemon.jar" "$MPJ_PORT" ) > "$BUILD/mpjdaemon.log" 2>&1 &
    MPJ_DAEMON_PID=$!
    for i in $(seq 1 100); do
      if command -v ss >/dev/null; then
        [ -n "$(ss -Htln "sport = :$MPJ_PORT")" ] && HAVE_MPJ=1 && break
      else
        port_in_use "$MPJ_PORT" && HAVE_MPJ=1 && break
      fi
      sleep 0.1
    done
    [ $HAVE_MPJ = 1 ] || { log "the MPJ Express daemon did not listen on $MPJ_PORT (see $BUILD/mpjdaemon.log): no MPJ Express peer"; stop_mpj_daemon; }
  fi
fi
MPJRUN="java -jar ${MPJ_HOME:-}/lib/starter.jar -np 2 -dev niodev"

{
  echo "date: $(date -Is)"
  echo "host: $(uname -srm); $(nproc) cpus; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(free -g | awk '/Mem:/{print $2" GiB"}')"
  echo "java: $(java -version 2>&1 | head -2 | tail -1)"
  [ $HAVE_C = 1 ] && echo "open-mpi: $(mpirun --version 2>&1 | head -1)"
  [ $HAVE_PY = 1 ] && echo "mpi4py: $($PY -c 'import mpi4py,sys;print(mpi4py.__version__, "python", sys.version.split()[0])')"
  [ $HAVE_MPJ = 1 ] && echo "mpj-express: $MPJ_VERSION (Debian libmpj-java), niodev, ranks started by a local mpjdaemon"
  echo "command: REPS=$REPS SCALE=$SCALE bench/compare.sh"
  echo "jmpi: jmpiexec -n 2 java -cp jmpi-bench.jar io.jmpi.bench.OsuBench all $SCALE (TCP transport)"
  echo "jmpi: jmpiexec -n $MLAT_N java -cp jmpi-bench.jar io.jmpi.bench.OsuBench mlat $SCALE"
  [ $HAVE_C = 1 ] && echo "open-mpi: $MPIRUN osu_c all $SCALE"
  [ $HAVE_C_EXTRA = 1 ] && echo "open-mpi: $MPIRUN osu_extra coll $SCALE; $MPIRUN_MLAT osu_extra mlat $SCALE"
  [ $HAVE_PY = 1 ] && echo "mpi4py: $MPIRUN python3 osu_mpi4py.py all $SCALE"
  [ $HAVE_PY = 1 ] && echo "mpi4py: $MPIRUN python3 osu_extra.py coll $SCALE; $MPIRUN_MLAT python3 osu_extra.py mlat $SCALE"
  [ $HAVE_MPJ = 1 ] && echo "mpj-express: java -jar starter.jar -np 2 -dev niodev MpjBench all $SCALE"
  echo "multi-pair ranks: $MLAT_N"
  echo "load at start: $(cat /proc/loadavg)"
} > "$OUT/meta.txt"

wall() { # seconds of wall time of a command
  local t0 t1
  t0=$(date +%s%N); "$@" >/dev/null 2>&1; t1=$(date +%s%N)
  awk -v ns=$((t1 - t0)) 'BEGIN { printf "%.3f", ns / 1e9 }'
}

for rep in $(seq 1 "$REPS"); do
  log "repetition $rep of $REPS: jmpi"
  timeout $TO "$JMPIEXEC" -n 2 $JAVA_RANK -cp "$BENCH_JAR" io.jmpi.bench.OsuBench all "$SCALE" > "$RAW/jmpi-tcp.rep$rep.txt" 2>&1
  log "repetition $rep of $REPS: jmpi multi-pair latency, $MLAT_N ranks"
  timeout $TO "$JMPIEXEC" -n "$MLAT_N" $JAVA_RANK -cp "$BENCH_JAR" io.jmpi.bench.OsuBench mlat "$SCALE" >> "$RAW/jmpi-tcp.rep$rep.txt" 2>&1
  if [ $HAVE_C = 1 ]; then
    log "repetition $rep of $REPS: Open MPI C over TCP"
    timeout $TO $MPIRUN "$BUILD/osu_c" all "$SCALE" > "$RAW/c-tcp.rep$rep.txt" 2>&1
  fi
  if [ $HAVE_C_EXTRA = 1 ]; then
    timeout $TO $MPIRUN "$BUILD/osu_extra" coll "$SCALE" >> "$RAW/c-tcp.rep$rep.txt" 2>&1
    timeout $TO $MPIRUN_MLAT "$BUILD/osu_extra" mlat "$SCALE" >> "$RAW/c-tcp.rep$rep.txt" 2>&1
  fi
  if [ $HAVE_PY = 1 ]; then
    log "repetition $rep of $REPS: mpi4py over TCP"
    timeout $TO $MPIRUN $PY "$PEERS/py/osu_mpi4py.py" all "$SCALE" > "$RAW/py-tcp.rep$rep.txt" 2>&1
    timeout $TO $MPIRUN $PY "$EXTRA/osu_extra.py" coll "$SCALE" >> "$RAW/py-tcp.rep$rep.txt" 2>&1
    timeout $TO $MPIRUN_MLAT $PY "$EXTRA/osu_extra.py" mlat "$SCALE" >> "$RAW/py-tcp.rep$rep.txt" 2>&1
  fi
  if [ $HAVE_MPJ = 1 ]; then
    log "repetition $rep of $REPS: MPJ Express niodev"
    ( cd "$BUILD/mpj" && timeout $TO $MPJRUN MpjBench all "$SCALE" ) > "$RAW/mpj-nio.rep$rep.txt" 2>&1
  fi
  log "repetition $rep of $REPS: start-up"
  {
    # jmpiexec keeps a class-data sharing archive per program: the first run writes it
    HELLO=(java -cp "$ROOT/examples/target/jmpi-examples.jar" io.jmpi.examples.HelloWorld)
    rm -rf "$BUILD/cds"
    echo "startup_jmpi_first 4 $(JMPI_CDS_DIR="$BUILD/cds" wall "$JMPIEXEC" -n 4 "${HELLO[@]}")"
    echo "startup_jmpi 4 $(JMPI_CDS_DIR="$BUILD/cds" wall "$JMPIEXEC" -n 4 "${HELLO[@]}")"
    echo "startup_jmpi_nocds 4 $(wall "$JMPIEXEC" --no-cds -n 4 "${HELLO[@]}")"
    if [ $HAVE_PY = 1 ]; then
      echo "startup_mpi4py 4 $(wall mpirun -np 4 --oversubscribe --bind-to none $PY "$BUILD/hello.py")"
    fi
  } > "$RAW/startup.rep$rep.txt"
done
echo "load at end: $(cat /proc/loadavg)" >> "$OUT/meta.txt"
stop_mpj_daemon

log "writing docs/performance.md"
java -cp "$BENCH_JAR" io.jmpi.bench.Report "$RAW" "$OUT/meta.txt" "$ROOT/docs/performance.md" "$ROOT/docs/img" "$OUT/results.csv"
log "done: docs/performance.md, $OUT/results.csv"
