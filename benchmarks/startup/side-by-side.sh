#!/usr/bin/env bash
# Times shell commands side by side: each round runs every command once, in a rotated order, and
# each command's ratio to the first is taken within the round; prints, for each, the median wall
# time and CPU time (user + system, the command's whole process tree) and their median ratios.
# On a loaded machine the CPU times are the steadier guide. For comparing variants of one jar
# (issue 19: deflated classes, ./app.jar against java -jar); warm what needs warming first.
#
#   benchmarks/startup/side-by-side.sh 9 'java -jar stored.jar' 'java -jar deflated.jar' './deflated.jar'
set -euo pipefail

rounds=$1
shift
commands=("$@")
n=${#commands[@]}
measures=$(mktemp)
trap 'rm -f "$measures"' EXIT
for ((round = 0; round < rounds; round++)); do
  for ((k = 0; k < n; k++)); do
    i=$(((k + round) % n))
    /usr/bin/time -f "$round $i %e %U %S" -a -o "$measures" bash -c "${commands[$i]}" >/dev/null 2>&1 \
      || { echo "failed: ${commands[$i]}" >&2; exit 1; }
  done
done
python3 - "$measures" "$rounds" "${commands[@]}" <<'PY'
import statistics, sys
measures, rounds, commands = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
wall, cpu = {}, {}
for line in open(measures):
    r, i, e, u, s = line.split()
    wall[int(r), int(i)] = float(e)
    cpu[int(r), int(i)] = float(u) + float(s)
for i, command in enumerate(commands):
    w = [wall[r, i] for r in range(rounds)]
    c = [cpu[r, i] for r in range(rounds)]
    wr = statistics.median(wall[r, i] / wall[r, 0] for r in range(rounds))
    cr = statistics.median(cpu[r, i] / cpu[r, 0] for r in range(rounds))
    print(f"wall {statistics.median(w):6.2f} s x{wr:5.3f}   cpu {statistics.median(c):6.2f} s x{cr:5.3f}   {command}")
PY
