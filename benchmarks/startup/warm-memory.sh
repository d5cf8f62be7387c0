#!/usr/bin/env bash
# The warm-start server's memory over many runs (issue 18): idle RSS, and heap after a full
# collection after 100 and after 1,000 runs, for a small and an import-heavy workload (and
# pygments, if asked for).
#
#   benchmarks/startup/warm-memory.sh                                  # hello,import19; JDK 17,25; 1,000 runs
#   benchmarks/startup/warm-memory.sh --workloads hello --jdks 25 --checkpoints 100,300
#   benchmarks/startup/warm-memory.sh --java-options '-Xmx256m'        # the server's JVM takes them
#   benchmarks/startup/warm-memory.sh --jar /tmp/pyjar-bench-at-da6c778.jar   # another build of the jar
#
# Uses the jar run.sh builds (startup/pyjar-app/target/pyjar-bench.jar; run run.sh once, or
# run.sh --no-build after a build). Per JDK and workload: a cache directory of its own; the
# first run (cold) starts the jar's server, which is waited for; RSS is read from
# /proc/<pid>/status (VmRSS) at start (one context prepared, no run yet), and at each checkpoint
# after `jcmd <pid> GC.run` (a full collection) with the heap in use from `jcmd <pid>
# GC.heap_info`; and once more, idle, 10 s after the last run. The runs are made by a small
# Python client (tools/warm_drive.py) rather than `java -jar`, so that 1,000 runs cost the
# server's time only; the server cannot tell the difference. See benchmarks/README.md.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
TARGET="$HERE/target"
JAR="$HERE/pyjar-app/target/pyjar-bench.jar"
declare -A JAVA_OF=([17]=java [25]=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java)
declare -A JCMD_OF=([17]=jcmd [25]=/usr/lib/jvm/temurin-25-jdk-amd64/bin/jcmd)

WORKLOADS=hello,import19
JDKS=17,25
CHECKPOINTS=100,1000
JAVA_OPTIONS=""
while (($#)); do
  case "$1" in
    --workloads) WORKLOADS="$2"; shift ;;
    --jdks) JDKS="$2"; shift ;;
    --checkpoints) CHECKPOINTS="$2"; shift ;;
    --java-options) JAVA_OPTIONS="$2"; shift ;;
    --jar) JAR="$(realpath "$2")"; shift ;;
    -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
  shift
done
IFS=, read -r -a WORKLOADS <<<"$WORKLOADS"
IFS=, read -r -a JDKS <<<"$JDKS"
IFS=, read -r -a CHECKPOINTS <<<"$CHECKPOINTS"
[[ -f "$JAR" ]] || { echo "$JAR is missing: run run.sh (it builds it) first" >&2; exit 1; }

log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
rss_mib() { awk '/^VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$1/status"; }
# The heap in use, MiB: the sum of the "used" of each generation (or G1's one heap) line; JDK 25
# names the serial collector's generations DefNew and Tenured.
heap_mib() {
  "$1" "$2" GC.heap_info | awk '/(generation|heap|DefNew|Tenured) +total/ { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub(/K,?/, "", v); s += v } }
    END { printf "%.1f", s / 1024 }'
}

measure() {
  local jdk="$1" wl="$2" java="${JAVA_OF[$1]}" jcmd="${JCMD_OF[$1]}" cache="$TARGET/warm-memory/$1-$2" status pid socket done=0 n
  rm -rf "$cache" && mkdir -p "$cache"
  local env=(env PYJAR_CACHE_DIR="$cache" PYJAR_WARM_START=on PYJAR_JAVA_OPTIONS="$JAVA_OPTIONS") args=("$wl")
  [[ "$wl" == pygments ]] && args+=("$HERE/data/sample_input.py.txt")
  "${env[@]}" "$java" -jar "$JAR" "${args[@]}" >/dev/null
  for _ in $(seq 300); do
    status="$("${env[@]}" "$java" -jar "$JAR" --pyjar-warm-start status)"
    [[ "$status" == *"runs served"* ]] && break
    sleep 1
  done
  pid="$(sed -n 's/.*: pid \([0-9]*\),.*/\1/p' <<<"$status")"
  socket="$(ls "$cache"/warm/*.sock)"
  [[ -n "$pid" && -S "$socket" ]] || { log "no server for $wl on JDK $jdk: $status"; return 1; }
  sleep 5
  echo "JDK $jdk, $wl: at start (spare context prepared, no run): RSS $(rss_mib "$pid") MiB"
  for n in "${CHECKPOINTS[@]}"; do
    python3 "$HERE/tools/warm_drive.py" "$socket" $((n - done)) "${args[@]}" </dev/null >/dev/null
    done=$n
    "$jcmd" "$pid" GC.run >/dev/null
    echo "JDK $jdk, $wl: after $n runs: heap after full GC $(heap_mib "$jcmd" "$pid") MiB, RSS $(rss_mib "$pid") MiB"
  done
  sleep 10
  echo "JDK $jdk, $wl: idle 10 s after the last run: RSS $(rss_mib "$pid") MiB"
  echo "JDK $jdk, $wl: $("${env[@]}" "$java" -jar "$JAR" --pyjar-warm-start status)"
  "${env[@]}" "$java" -jar "$JAR" --pyjar-warm-start stop >/dev/null
}

echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'); load average $(cut -d' ' -f1-3 /proc/loadavg); server JVM options: ${JAVA_OPTIONS:-(none)}; jar $JAR"
for jdk in "${JDKS[@]}"; do
  for wl in "${WORKLOADS[@]}"; do
    log "JDK $jdk, $wl"
    measure "$jdk" "$wl"
  done
done
echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
