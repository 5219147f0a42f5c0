#!/usr/bin/env bash
# jmh.sh: run jmpi's JMH micro-benchmarks of the hot paths (jmpi-bench, package io.jmpi.bench.jmh:
# matching, frames, Kryo, reduction kernels) and write the "Micro-benchmarks" section of
# docs/performance.md from their results.
#
#   bench/jmh.sh                          # everything, short settings (-wi 3 -i 5 -f 1, 1 s each): ~4 min
#   bench/jmh.sh Matching -p queued=0     # a subset: any JMH arguments (docs/performance.md untouched)
#   JMH="-wi 5 -i 10 -f 3" bench/jmh.sh   # other settings for the full run
#   JVM="-XX:+UseG1GC" bench/jmh.sh       # other flags for the forked JVMs
#   SKIP_BUILD=1 bench/jmh.sh             # use the jar already built
#   bench/jmh.sh -h                       # JMH's own options
#
# Results: bench/results/jmh.json (and JMH's table on standard output). The section is written
# only by a full run (no arguments), so that a subset never replaces the whole table.
set -u -o pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
OUT=$ROOT/bench/results
JAR=$ROOT/jmpi-bench/target/jmpi-bench.jar
JMH=${JMH:-"-wi 3 -w 1s -i 5 -r 1s -f 1"}
# The forked JVMs' flags: those of the ranks in bench/compare.sh. (With the JVM's default G1 on
# these 2-core virtual machines, allocation-heavy paths measure far slower: JVM="" bench/jmh.sh.)
JVM=${JVM-"-XX:+UseSerialGC -Xmx512m"}

log() { echo "[jmh $(date +%H:%M:%S)] $*" >&2; }

if [ "${SKIP_BUILD:-0}" != 1 ]; then
  log "building jmpi-bench"
  ./mvnw -q -pl jmpi-bench -am -DskipTests package || { log "build failed"; exit 1; }
fi
mkdir -p "$OUT"

if [ $# -gt 0 ]; then
  exec java -cp "$JAR" org.openjdk.jmh.Main "$@"
fi

{
  echo "date: $(date -Is)"
  echo "host: $(uname -srm); $(nproc) cpus; $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); $(free -g | awk '/Mem:/{print $2" GiB"}')"
  echo "java: $(java -version 2>&1 | head -2 | tail -1)"
  echo "jmh: $(basename "$(ls "$ROOT"/jmpi-bench/target/lib/jmh-core-*.jar)" .jar)"
  echo "command: bench/jmh.sh"
  echo "runs: java -cp jmpi-bench.jar org.openjdk.jmh.Main $JMH${JVM:+ -jvmArgsAppend \"$JVM\"} -rf json 'io\.jmpi\.bench\.jmh\.'"
  echo "load at start: $(cat /proc/loadavg)"
} > "$OUT/jmh-meta.txt"

log "running (about 4 minutes with the default settings)"
JVM_ARGS=(); [ -n "$JVM" ] && JVM_ARGS=(-jvmArgsAppend "$JVM")
java -cp "$JAR" org.openjdk.jmh.Main $JMH "${JVM_ARGS[@]}" -rf json -rff "$OUT/jmh.json" 'io\.jmpi\.bench\.jmh\.' \
  | tee "$OUT/jmh.txt" || { log "JMH failed"; exit 1; }
echo "load at end: $(cat /proc/loadavg)" >> "$OUT/jmh-meta.txt"

java -cp "$JAR" io.jmpi.bench.JmhSection "$OUT/jmh.json" "$OUT/jmh-meta.txt" "$ROOT/docs/performance.md"
log "done: docs/performance.md (Micro-benchmarks)"
