#!/usr/bin/env bash
# Where a warm run's time goes (issue 18): the whole warm run (`java -jar`, the client JVM
# plus the run in the server), the client alone (the same JVM start, jar and socket, asking
# for the server's status instead of a run), the run alone (a run asked for by a small Python
# client, tools/warm_drive.py: socket, binding a prepared context, the app), and the JVM's
# floor (`java -version`). hyperfine, every command timed in turn round by round.
#
#   benchmarks/startup/warm-profile.sh [--jdks 17,25] [--workloads hello,import19,pygments] [--runs 10]
#
# Uses the jar run.sh builds (startup/pyjar-app/target/pyjar-bench.jar).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
JAR="${PYJAR_BENCH_JAR:-$HERE/pyjar-app/target/pyjar-bench.jar}"
SAMPLE="$HERE/data/sample_input.py.txt"
declare -A JAVA_OF=([17]=java [25]=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java)
JDKS=17,25
WORKLOADS=hello,import19,pygments
RUNS=10
while (($#)); do
  case "$1" in
    --jdks) JDKS="$2"; shift ;;
    --workloads) WORKLOADS="$2"; shift ;;
    --runs) RUNS="$2"; shift ;;
    *) sed -n '2,10p' "$0" >&2; exit 2 ;;
  esac
  shift
done
IFS=, read -r -a JDKS <<<"$JDKS"
IFS=, read -r -a WORKLOADS <<<"$WORKLOADS"
[[ -f "$JAR" ]] || { echo "$JAR is missing: run run.sh (it builds it) first" >&2; exit 1; }

echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'); load average $(cut -d' ' -f1-3 /proc/loadavg); jar $JAR"
for jdk in "${JDKS[@]}"; do
  java="${JAVA_OF[$jdk]}" cache="$HERE/target/warm-profile/$jdk"
  rm -rf "$cache" && mkdir -p "$cache"
  env=(env PYJAR_CACHE_DIR="$cache" PYJAR_WARM_START=on)
  "${env[@]}" "$java" -jar "$JAR" hello >/dev/null
  for _ in $(seq 300); do
    [[ "$("${env[@]}" "$java" -jar "$JAR" --pyjar-warm-start status)" == *"runs served"* ]] && break
    sleep 1
  done
  socket="$(ls "$cache"/warm/*.sock)"
  for wl in "${WORKLOADS[@]}"; do
    args="$wl"
    [[ "$wl" == pygments ]] && args="pygments $SAMPLE"
    echo "### JDK $jdk, $wl"
    hyperfine -N --warmup 2 --runs "$RUNS" --style none --export-markdown "$cache/$wl.md" \
      -n "warm run (java -jar)" "${env[*]} $java -jar $JAR $args" \
      -n "client alone (status)" "${env[*]} $java -jar $JAR --pyjar-warm-start status" \
      -n "run alone (Python client)" "python3 $HERE/tools/warm_drive.py $socket 1 $args" \
      -n "JVM floor (java -version)" "$java -version" >/dev/null 2>&1
    cat "$cache/$wl.md"
  done
  "${env[@]}" "$java" -jar "$JAR" --pyjar-warm-start stop >/dev/null
done
