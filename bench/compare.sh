#!/usr/bin/env bash
# compare.sh: run jmpi's OSU-style benchmarks and, where they are installed, the peers' (Open MPI C
# over TCP, mpi4py over TCP) in the same run, interleaved, then write docs/performance.md and its
# plots with the jmpi/peer ratios.
#
#   bench/compare.sh                     # REPS=3 SCALE=0.3
#   REPS=5 SCALE=1 bench/compare.sh      # the full iteration counts of the peers' defaults
#   INSTALL_PEERS=1 bench/compare.sh     # apt-get install Open MPI and mpi4py first (root)
#
# The peers' sources are the project's shared OSU-style benchmarks (../shared/peers beside the
# checkout, or PEERS=DIR). Raw output: bench/results/raw/<config>.rep<N>.txt.
set -u
cd "$(dirname "$0")/.."
ROOT=$(pwd)
REPS=${REPS:-3}
SCALE=${SCALE:-0.3}
PEERS=${PEERS:-$ROOT/../shared/peers}
OUT=$ROOT/bench/results
RAW=$OUT/raw
BUILD=$OUT/build
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
MPIRUN="mpirun -np 2 --bind-to none --mca pml ob1 --mca btl self,tcp --mca btl_tcp_if_include lo"
PY=/usr/bin/python3
TO=600

log() { echo "[compare $(date +%H:%M:%S)] $*" >&2; }

if [ "${INSTALL_PEERS:-0}" = 1 ]; then
  apt-get update -q && apt-get install -y -q openmpi-bin libopenmpi-dev python3-mpi4py
fi

log "building jmpi"
./mvnw -q -DskipTests package || { log "build failed"; exit 1; }
JMPIEXEC=$ROOT/jmpi-launcher/target/jmpi/bin/jmpiexec
BENCH_JAR=$ROOT/jmpi-bench/target/jmpi-bench.jar
JAVA_RANK="java -XX:+UseSerialGC -Xmx512m"

rm -rf "$RAW" "$BUILD"; mkdir -p "$RAW" "$BUILD"
HAVE_C=0; HAVE_PY=0
if command -v mpicc >/dev/null && [ -f "$PEERS/c/osu_c.c" ]; then
  mpicc -O2 -o "$BUILD/osu_c" "$PEERS/c/osu_c.c" && HAVE_C=1
fi
if command -v mpirun >/dev/null && $PY -c 'import mpi4py' 2>/dev/null && [ -f "$PEERS/py/osu_mpi4py.py" ]; then
  HAVE_PY=1
  printf 'from mpi4py import MPI\nc = MPI.COMM_WORLD\nprint("Hello, World! I am process %%d of %%d on %%s." %% (c.rank, c.size, MPI.Get_processor_name()))\n' > "$BUILD/hello.py"
fi
[ $HAVE_C = 1 ] || log "Open MPI (mpicc/mpirun) or $PEERS/c/osu_c.c missing: no C peer (INSTALL_PEERS=1 installs it)"
[ $HAVE_PY = 1 ] || log "mpi4py or $PEERS/py missing: no mpi4py peer (INSTALL_PEERS=1 installs it)"

{
  echo "date: $(date -Is)"
  echo "host: $(uname -srm); $(nproc) cpus; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(free -g | awk '/Mem:/{print $2" GiB"}')"
  echo "java: $(java -version 2>&1 | head -2 | tail -1)"
  [ $HAVE_C = 1 ] && echo "open-mpi: $(mpirun --version 2>&1 | head -1)"
  [ $HAVE_PY = 1 ] && echo "mpi4py: $($PY -c 'import mpi4py,sys;print(mpi4py.__version__, "python", sys.version.split()[0])')"
  echo "command: REPS=$REPS SCALE=$SCALE bench/compare.sh"
  echo "jmpi: jmpiexec -n 2 java -cp jmpi-bench.jar io.jmpi.bench.OsuBench all $SCALE (TCP transport)"
  echo "open-mpi: $MPIRUN osu_c all $SCALE"
  echo "mpi4py: $MPIRUN python3 osu_mpi4py.py all $SCALE"
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
  if [ $HAVE_C = 1 ]; then
    log "repetition $rep of $REPS: Open MPI C over TCP"
    timeout $TO $MPIRUN "$BUILD/osu_c" all "$SCALE" > "$RAW/c-tcp.rep$rep.txt" 2>&1
  fi
  if [ $HAVE_PY = 1 ]; then
    log "repetition $rep of $REPS: mpi4py over TCP"
    timeout $TO $MPIRUN $PY "$PEERS/py/osu_mpi4py.py" all "$SCALE" > "$RAW/py-tcp.rep$rep.txt" 2>&1
  fi
  log "repetition $rep of $REPS: start-up"
  {
    echo "startup_jmpi 4 $(wall "$JMPIEXEC" -n 4 java -cp "$ROOT/examples/target/jmpi-examples.jar" io.jmpi.examples.HelloWorld)"
    if [ $HAVE_PY = 1 ]; then
      echo "startup_mpi4py 4 $(wall mpirun -np 4 --oversubscribe --bind-to none $PY "$BUILD/hello.py")"
    fi
  } > "$RAW/startup.rep$rep.txt"
done
echo "load at end: $(cat /proc/loadavg)" >> "$OUT/meta.txt"

log "writing docs/performance.md"
java -cp "$BENCH_JAR" io.jmpi.bench.Report "$RAW" "$OUT/meta.txt" "$ROOT/docs/performance.md" "$ROOT/docs/img"
log "done: docs/performance.md"
