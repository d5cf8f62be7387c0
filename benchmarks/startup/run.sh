#!/usr/bin/env bash
# Whole-process start-up of pyjar against the alternatives (issue 3).
#
# Builds what it needs (three small Maven projects next to this script), then times every
# selected alternative on every selected workload and JDK with hyperfine, and prints one table
# per JDK: wall time (median, min), the ratio to pyjar taken round by round, and peak RSS
# (/usr/bin/time). See README.md in the parent directory, section "Whole-process start-up".
#
#   benchmarks/startup/run.sh --quick                     # a few minutes per JDK
#   benchmarks/startup/run.sh                             # everything, both JDKs
#   benchmarks/startup/run.sh --workloads hello,pygments --jdks 25 --runs 7
#
# Why it is built the way it is:
# - The machine is shared and noisy, so alternatives are never timed one after the other in
#   blocks: each round runs every alternative once (in a rotated order), and ratios are taken
#   within a round, then their median reported. Ratios travel; absolute seconds do not.
# - Every alternative runs the very same Python files (workloads/), dispatched by bench.py, so
#   the only difference is how GraalPy and the modules are found and loaded.
# - Each run is wrapped in /usr/bin/time for its peak RSS; the wrapper costs ~1 ms, the same for
#   every alternative.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
TARGET="$HERE/target"
WORKLOADS_DIR="$HERE/workloads"
SITE_PACKAGES="$TARGET/site-packages"          # Pygments for "GraalPy from disk"
SAMPLE="$HERE/data/sample_input.py.txt"        # the ~300-line file Pygments highlights
DEBIAN_SITE=/usr/lib/python3/dist-packages

ALL_WORKLOADS=(empty hello import20 import19 importall pygments)
ALL_ALTERNATIVES=(cpython disk disk-pyc vfs pyjar-plain pyjar-in-process pyjar pyjar-direct pyjar-first pyjar-space baseline-first pyjar-warm baseline-warm)
# "floor": GraalPy from disk running the *empty* workload, added to the rounds of the hello
# workload so that hello can be compared with an empty context measured side by side.
declare -A JAVA_OF=([17]=java [25]=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java)
declare -A DESCRIPTION=(
  [cpython]="CPython (/usr/bin/python3)"
  [disk]="GraalPy, files on disk, no pyc"
  [disk-pyc]="GraalPy, files on disk, warm pyc"
  [vfs]="GraalPy plugin + VFS"
  [pyjar-plain]="pyjar, PYJAR_TUNED_JVM=off"
  [pyjar-in-process]="pyjar, PYJAR_TUNED_JVM=in-process (one JVM, C2 excluded by a directive)"
  [pyjar]="pyjar (tuned JVM, archive made)"
  [pyjar-direct]="pyjar's second JVM started directly (the command PYJAR_TUNED_JVM=print gives)"
  [pyjar-first]="pyjar, first run (empty cache directory)"
  [pyjar-space]="pyjar, jar in a directory with a space (archive made)"
  [baseline-first]="pyjar before issue 17 (--baseline-jar), first run (empty cache directory)"
  [pyjar-warm]="pyjar, warm start (PYJAR_WARM_START=on, server running)"
  [baseline-warm]="the same with --baseline-jar (another pyjar's warm start)"
  [floor]="floor: empty GraalPy context from disk, default flags"
)

usage() {
  cat <<EOF
usage: $0 [--quick] [--runs N] [--workloads a,b] [--jdks 17,25] [--alternatives a,b] [--no-build] [--out DIR]
          [--maven-repo DIR] [--baseline-jar JAR]
  --quick         5 runs; workloads hello,import20,pygments; JDK 17 (each overridable)
  --runs N        timed runs per alternative (default 10; at least 5 for a median worth reading)
  --workloads     ${ALL_WORKLOADS[*]}
  --jdks          17 25
  --alternatives  ${ALL_ALTERNATIVES[*]}
                  (with disk and hello, "floor" is measured too: an empty context from disk)
  --no-build      use the jars already built under benchmarks/startup/*/target
  --out DIR       where raw results go (default target/results/<timestamp>)
  --maven-repo    the Maven local repository pyjar was installed into (default ~/.m2/repository)
  --baseline-jar  pyjar-bench.jar built with another pyjar, for the baseline-first and baseline-warm alternatives
EOF
}

# ---------------------------------------------------------------------------------------------
# Options
# ---------------------------------------------------------------------------------------------
RUNS=10
WORKLOADS="empty,hello,import20,importall,pygments"
JDKS="17,25"
ALTERNATIVES="$(IFS=,; echo "${ALL_ALTERNATIVES[*]}")"
BUILD=1
OUT=""
MAVEN_REPO="$HOME/.m2/repository"
BASELINE_JAR=""
quick_runs="" quick_workloads="" quick_jdks=""
while (($#)); do
  case "$1" in
    --quick) quick_runs=5 quick_workloads="hello,import20,pygments" quick_jdks=17 ;;
    --runs) RUNS="$2"; quick_runs=""; shift ;;
    --workloads) WORKLOADS="$2"; quick_workloads=""; shift ;;
    --jdks) JDKS="$2"; quick_jdks=""; shift ;;
    --alternatives) ALTERNATIVES="$2"; shift ;;
    --no-build) BUILD=0 ;;
    --out) OUT="$2"; shift ;;
    --maven-repo) MAVEN_REPO="$(cd "$2" && pwd)"; shift ;;
    --baseline-jar) BASELINE_JAR="$(cd "$(dirname "$2")" && pwd)/$(basename "$2")"; shift ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
  esac
  shift
done
# --quick only fills in what was not given explicitly, whatever the order of the options.
RUNS="${quick_runs:-$RUNS}"
WORKLOADS="${quick_workloads:-$WORKLOADS}"
JDKS="${quick_jdks:-$JDKS}"
IFS=, read -r -a WORKLOADS <<<"$WORKLOADS"
IFS=, read -r -a JDKS <<<"$JDKS"
IFS=, read -r -a ALTERNATIVES <<<"$ALTERNATIVES"
OUT="${OUT:-$TARGET/results/$(date -u +%Y%m%dT%H%M%SZ)}"

log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&2; }
die() { log "error: $*"; exit 1; }

# ---------------------------------------------------------------------------------------------
# Build
# ---------------------------------------------------------------------------------------------
GRAALPY_VERSION="$(sed -n 's:.*<graalpy.version>\(.*\)</graalpy.version>.*:\1:p' "$ROOT/pom.xml" | head -1)"

DISK_JAR="$HERE/graalpy-disk/target/graalpy-disk.jar"
VFS_JAR="$HERE/graalpy-plugin/target/graalpy-plugin.jar"
PYJAR_JAR="$HERE/pyjar-app/target/pyjar-bench.jar"
# The same jar in a directory whose name holds a space (a hard link, made before measuring).
SPACE_JAR="$TARGET/pyjar space/pyjar-bench.jar"

# Workload 4's module list is computed once, and kept in the source tree so every run (and every
# build of the jars) uses the same list: the top-level standard library modules that import
# cleanly in both CPython and GraalPy (tools/probe_stdlib.py says which are left out and why).
make_importall() {
  local file="$WORKLOADS_DIR/wl_importall.py"
  [[ -s "$file" ]] && return
  log "computing the list of standard library modules for workload 4 (once)"
  local cpy gpy
  cpy="$(/usr/bin/python3 "$HERE/tools/probe_stdlib.py")"
  gpy="$(java -jar "$DISK_JAR" "$HERE/tools" none "$HERE/tools/probe_stdlib.py")"
  {
    echo "# Workload 4: import every top-level standard library module that imports cleanly in"
    echo "# both CPython 3.11 and GraalPy $GRAALPY_VERSION. Generated by run.sh (tools/probe_stdlib.py);"
    echo "# delete this file to compute the list again."
    echo "# By name rather than by import statements, which the packer reads: termios among them"
    echo "# would keep the bench jar, whose warm-start alternatives the other workloads use, cold."
    echo "import importlib"
    echo
    echo 'for name in """'
    comm -12 <(sort <<<"$cpy") <(sort <<<"$gpy")
    echo '""".split():'
    echo '    importlib.import_module(name)'
    echo
    echo 'print("imported", len(__import__("sys").modules), "modules")'
  } >"$file"
}

build_project() {
  log "building $1 (GraalPy $GRAALPY_VERSION)"
  mvn -q -B -Dstyle.color=never -Dmaven.repo.local="$MAVEN_REPO" -f "$HERE/$1/pom.xml" -Dgraalpy.version="$GRAALPY_VERSION" package
}

build_all() {
  # pyjar's plugin and runtime come from the Maven repository, installed by the project's own build.
  if [[ ! -d "$MAVEN_REPO/dev/pyjar/pyjar-maven-plugin/0.1.0-SNAPSHOT" ]]; then
    log "pyjar is not installed in $MAVEN_REPO: running the project's build once (mvn -DskipTests install)"
    mvn -q -B -Dmaven.repo.local="$MAVEN_REPO" -f "$ROOT/pom.xml" -DskipTests install
  fi
  build_project graalpy-disk
  # "GraalPy from disk" reads Pygments from a directory holding only Pygments, as a virtualenv
  # would (Debian's dist-packages holds much else, and must not get __pycache__ from us).
  rm -rf "$SITE_PACKAGES" && mkdir -p "$SITE_PACKAGES"
  cp -r "$DEBIAN_SITE/pygments" "$DEBIAN_SITE"/Pygments-*.egg-info "$SITE_PACKAGES/"
  find "$SITE_PACKAGES" -name __pycache__ -prune -exec rm -rf {} +
  # The two jars pack the workloads, so workload 4's list must exist before they are built.
  make_importall
  build_project graalpy-plugin
  build_project pyjar-app
}

# ---------------------------------------------------------------------------------------------
# Commands
# ---------------------------------------------------------------------------------------------
workload_args() {  # the arguments after bench.py
  case "$1" in
    pygments) echo "pygments $SAMPLE" ;;
    *) echo "$1" ;;
  esac
}

# command_for ALT JDK WORKLOAD: one command line, no shell needed (hyperfine -N). Environment
# variables are set with env(1) so that no shell start-up is timed.
command_for() {
  local alt="$1" jdk="$2" wl="$3" round="${4:-0}" java="${JAVA_OF[$2]}" args pyjar_run
  args="$(workload_args "$wl")"
  pyjar_run="PYJAR_CACHE_DIR=$TARGET/pyjar-cache/$jdk-$wl $java -jar $PYJAR_JAR $args"
  case "$alt" in
    cpython) echo "/usr/bin/python3 $WORKLOADS_DIR/bench.py $args" ;;
    disk) echo "$java -jar $DISK_JAR $WORKLOADS_DIR:$SITE_PACKAGES none $WORKLOADS_DIR/bench.py $args" ;;
    floor) echo "$java -jar $DISK_JAR $WORKLOADS_DIR:$SITE_PACKAGES none $WORKLOADS_DIR/bench.py empty" ;;
    disk-pyc) echo "$java -jar $DISK_JAR $WORKLOADS_DIR:$SITE_PACKAGES $TARGET/pycache $WORKLOADS_DIR/bench.py $args" ;;
    vfs) echo "$java -jar $VFS_JAR $args" ;;
    # Every pyjar variant gets a cache directory of its own per JDK and workload: the class-data
    # archive is made after the first run of *this* workload, as it would be for an app of its
    # own, and never by another workload's run.
    pyjar-plain) echo "env PYJAR_TUNED_JVM=off $pyjar_run" ;;
    pyjar-in-process) echo "env PYJAR_TUNED_JVM=in-process $pyjar_run" ;;
    pyjar) echo "env $pyjar_run" ;;
    # What a launch script or a container entrypoint would run: the tuned JVM without the first
    # one, with the archive pyjar's own run made. Printed in shell words (hyperfine -N reads them).
    pyjar-direct) env PYJAR_TUNED_JVM=print PYJAR_CACHE_DIR="$TARGET/pyjar-cache/$jdk-$wl" $java -jar "$PYJAR_JAR" $args 2>/dev/null ;;
    # A first run: a cache directory no run has seen, a new one every round (fresh_caches).
    pyjar-first) echo "env PYJAR_CACHE_DIR=$TARGET/pyjar-first/$jdk-$wl-$round $java -jar $PYJAR_JAR $args" ;;
    baseline-first) echo "env PYJAR_CACHE_DIR=$TARGET/pyjar-first/baseline-$jdk-$wl-$round $java -jar $BASELINE_JAR $args" ;;
    pyjar-space) echo "env PYJAR_CACHE_DIR=$TARGET/pyjar-cache/$jdk-$wl $java -jar '$SPACE_JAR' $args" ;;
    # A client of the jar's warm-start server, which warm_up started and waited for.
    pyjar-warm) echo "env PYJAR_WARM_START=on $pyjar_run" ;;
    # The baseline jar's own server, in a cache directory of its own (a short name: the socket's
    # path must fit 108 bytes, or the run is cold).
    baseline-warm) echo "env PYJAR_WARM_START=on PYJAR_CACHE_DIR=$TARGET/pyjar-cache/b$jdk-$wl $java -jar $BASELINE_JAR $args" ;;
    *) die "unknown alternative $alt" ;;
  esac
}

# wait_for_archives: the tuned JVM's archives are made by a background step after a run that
# found none; wait until no step is under way, so that no archive is made while a run is timed.
wait_for_archives() {
  "$HERE/tools/wait-for-archives.sh" "$TARGET"
}

# ---------------------------------------------------------------------------------------------
# Measuring
# ---------------------------------------------------------------------------------------------

# warm_up JDK WORKLOAD ALT...: one untimed run of each alternative. It warms the page cache and
# GraalPy's unpacked python-home, writes the warm .pyc files, and makes pyjar's class-data
# archive (that first run is the slow one). Prints the alternatives that ran successfully.
warm_up() {
  local jdk="$1" wl="$2" alt; shift 2
  for alt in "$@"; do
    # The direct command uses the archive that pyjar's first run makes.
    if [[ "$alt" == pyjar-direct ]] && ! compgen -G "$TARGET/pyjar-cache/$jdk-$wl/archives/*.jsa" >/dev/null \
        && ! compgen -G "$TARGET/pyjar-cache/$jdk-$wl/archives/*.aot" >/dev/null; then
      eval "$(command_for pyjar "$jdk" "$wl")" >/dev/null 2>&1
      wait_for_archives
    fi
    # The first warm run runs cold and starts the server in the background: wait until it serves.
    if [[ "$alt" == *-warm ]]; then
      eval "$(command_for "$alt" "$jdk" "$wl")" >/dev/null 2>&1 || true
      warm_server "$alt" "$jdk" "$wl" status | grep -q "runs served" || log "  no warm-start server for $alt on $wl (JDK $jdk)"
    fi
    # eval: the direct command quotes some of its words.
    if eval "$(command_for "$alt" "$jdk" "$wl")" >/dev/null 2>"$OUT/$jdk/$wl/$alt.warmup.err"; then
      echo "$alt"
    else
      log "  $alt failed on $wl (JDK $jdk); left out. stderr: $OUT/$jdk/$wl/$alt.warmup.err"
      tail -3 "$OUT/$jdk/$wl/$alt.warmup.err" >&2
    fi
  done
}

# warm_server ALT JDK WORKLOAD status|stop: asks the warm-start server of ALT's jar (pyjar-warm
# or baseline-warm; status waits, up to five minutes, for one that is starting).
warm_server() {
  local java="${JAVA_OF[$2]}" tries=1 answer cache="$TARGET/pyjar-cache/$2-$3" jar="$PYJAR_JAR"
  [[ "$1" == baseline-warm ]] && cache="$TARGET/pyjar-cache/b$2-$3" jar="$BASELINE_JAR"
  [[ "$4" == status ]] && tries=300
  for ((; tries > 0; tries--)); do
    answer="$(env PYJAR_CACHE_DIR="$cache" "$java" -jar "$jar" --pyjar-warm-start "$4")"
    [[ "$answer" == *"runs served"* || "$4" == stop ]] && break
    sleep 1
  done
  echo "$answer"
}

# launcher_rss JDK WORKLOAD: peak RSS (KiB) of the first JVM of a tuned pyjar run. That JVM
# lives, small, for the whole run while the second one works, but /usr/bin/time reports the
# largest single process of the tree only; report.py adds this figure to pyjar's. Sampled every
# 20 ms from /proc in one extra, untimed run.
launcher_rss() {
  local cmd pid peak=0 rss
  cmd="$(command_for pyjar "$1" "$2")"
  $cmd >/dev/null 2>&1 &
  pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    rss="$(awk '/^VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)"
    [[ -n "$rss" ]] && ((rss > peak)) && peak=$rss
    sleep 0.02
  done
  wait "$pid" || true
  echo "$peak"
}

# measure JDK WORKLOAD: RUNS rounds; each round is one hyperfine call that runs every
# alternative once, the order rotated by one each round so no alternative always follows the
# same neighbour. Raw results: $OUT/<jdk>/<workload>/round-<n>.json and rss/<alt>.<n>.
measure() {
  local jdk="$1" wl="$2" dir="$OUT/$1/$2"
  mkdir -p "$dir/rss"
  log "JDK $jdk, $wl: warm-up"
  local alts wanted=("${ALTERNATIVES[@]}")
  [[ "$wl" == hello && " ${ALTERNATIVES[*]} " == *" disk "* ]] && wanted+=(floor)
  mapfile -t alts < <(warm_up "$jdk" "$wl" "${wanted[@]}")
  ((${#alts[@]})) || return 0
  wait_for_archives
  [[ " ${alts[*]} " == *" pyjar "* ]] && launcher_rss "$jdk" "$wl" >"$dir/pyjar-launcher-rss"
  # Asked for once: printing it starts a JVM, which must not happen between timed runs.
  local direct=""
  [[ " ${alts[*]} " == *" pyjar-direct "* ]] && direct="$(command_for pyjar-direct "$jdk" "$wl")"
  local round i n=${#alts[@]}
  for ((round = 1; round <= RUNS; round++)); do
    log "JDK $jdk, $wl: round $round/$RUNS"
    local cmds=() names=()
    for ((i = 0; i < n; i++)); do
      local alt="${alts[(i + round) % n]}" cmd
      names+=("$alt")
      if [[ "$alt" == pyjar-direct ]]; then cmd="$direct"; else cmd="$(command_for "$alt" "$jdk" "$wl" "$round")"; fi
      cmds+=("/usr/bin/time -f %M -o $dir/rss/$alt.$round $cmd")
    done
    # -N: no intermediate shell; -i: a failing run is recorded (exit code in the JSON), not fatal.
    local cmd_names=()
    for alt in "${names[@]}"; do cmd_names+=(-n "$alt"); done
    # --cleanup runs after each alternative's run (one run each): a first run's background
    # archive step finishes there, untimed, before the next alternative is timed.
    hyperfine -N -i --runs 1 --style none --cleanup "$HERE/tools/wait-for-archives.sh $TARGET" \
      "${cmd_names[@]}" --export-json "$dir/round-$round.json" \
      "${cmds[@]}" >/dev/null 2>>"$dir/hyperfine.err"
    # Drop the first runs' archives: the next round's first run gets an empty directory again.
    rm -rf "$TARGET/pyjar-first"
  done
  for alt in pyjar-warm baseline-warm; do
    if [[ " ${alts[*]} " == *" $alt "* ]]; then
      warm_server "$alt" "$jdk" "$wl" status >"$dir/$alt-server.txt"
      warm_server "$alt" "$jdk" "$wl" stop >/dev/null
    fi
  done
}

describe_machine() {
  echo "date: $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "machine: $(nproc) CPUs ($(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)), $(free -g | awk '/^Mem:/ {print $2}') GB RAM, $(uname -sr)"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "GraalPy: $GRAALPY_VERSION (org.graalvm.polyglot:python-community; graalpy-maven-plugin $GRAALPY_VERSION)"
  echo "CPython: $(/usr/bin/python3 -c 'import sys, pygments; print(sys.version.split()[0], "with Pygments", pygments.__version__)')"
  local jdk
  for jdk in "${JDKS[@]}"; do
    echo "JDK $jdk: $("${JAVA_OF[$jdk]}" -version 2>&1 | sed -n 2p)"
  done
  local m2="$MAVEN_REPO/dev/pyjar"
  echo "pyjar: 0.1.0-SNAPSHOT from $MAVEN_REPO, plugin installed $(date -u -r "$m2/pyjar-maven-plugin/0.1.0-SNAPSHOT/pyjar-maven-plugin-0.1.0-SNAPSHOT.jar" '+%Y-%m-%d %H:%M UTC'), runtime $(date -u -r "$m2/pyjar-runtime/0.1.0-SNAPSHOT/pyjar-runtime-0.1.0-SNAPSHOT.jar" '+%Y-%m-%d %H:%M UTC'); project at $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')"
  echo "runs: $RUNS per alternative, interleaved; workloads: ${WORKLOADS[*]}; JDKs: ${JDKS[*]}"
}

main() {
  command -v hyperfine >/dev/null || die "hyperfine is needed (apt-get install hyperfine)"
  [[ -x /usr/bin/time ]] || die "/usr/bin/time is needed (apt-get install time)"
  [[ -d "$DEBIAN_SITE/pygments" ]] || die "Debian's python3-pygments is needed"
  local jdk wl alt
  for jdk in "${JDKS[@]}"; do [[ -n "${JAVA_OF[$jdk]:-}" ]] || die "unknown JDK $jdk (17 or 25)"; done
  for wl in "${WORKLOADS[@]}"; do [[ " ${ALL_WORKLOADS[*]} " == *" $wl "* ]] || die "unknown workload $wl"; done
  for alt in "${ALTERNATIVES[@]}"; do [[ -n "${DESCRIPTION[$alt]:-}" ]] || die "unknown alternative $alt"; done

  ((BUILD)) && build_all
  for f in "$DISK_JAR" "$VFS_JAR" "$PYJAR_JAR"; do [[ -f "$f" ]] || die "$f is missing: run without --no-build"; done
  [[ " ${ALTERNATIVES[*]} " != *" baseline-"* || -f "$BASELINE_JAR" ]] || die "the baseline alternatives need --baseline-jar JAR"
  [[ -d "$SITE_PACKAGES/pygments" ]] || die "$SITE_PACKAGES is missing: run without --no-build"
  [[ -s "$WORKLOADS_DIR/wl_importall.py" ]] || die "workloads/wl_importall.py is missing: run without --no-build"

  mkdir -p "$OUT"
  # A fresh start for what the runs themselves cache: warm pycs and pyjar's archives are made
  # by this run's warm-up, never inherited from an older build.
  rm -rf "$TARGET/pycache" "$TARGET/pyjar-cache" "$TARGET/pyjar-first" "$TARGET/pyjar space"
  mkdir -p "$TARGET/pyjar space" && ln "$PYJAR_JAR" "$SPACE_JAR"
  describe_machine | tee "$OUT/machine.txt" >&2
  for jdk in "${JDKS[@]}"; do
    for wl in "${WORKLOADS[@]}"; do
      measure "$jdk" "$wl"
    done
  done
  echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/machine.txt" >&2
  for alt in "${ALTERNATIVES[@]}" floor; do echo "$alt	${DESCRIPTION[$alt]}"; done >"$OUT/alternatives.tsv"
  /usr/bin/python3 "$HERE/tools/report.py" "$OUT" | tee "$OUT/report.md"
}

main
