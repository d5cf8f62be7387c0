#!/usr/bin/env bash
# Times shell commands side by side: each round runs every command once, in a rotated order, and
# each command's ratio to the first is taken within the round; prints the median time and the
# median ratio of each. For comparing variants of one jar (issue 19: deflated classes, ./app.jar
# against java -jar); warm whatever needs warming before timing.
#
#   benchmarks/startup/side-by-side.sh 9 'java -jar stored.jar' 'java -jar deflated.jar' './deflated.jar'
set -euo pipefail

rounds=$1
shift
commands=("$@")
n=${#commands[@]}
declare -a times
for ((round = 0; round < rounds; round++)); do
  for ((k = 0; k < n; k++)); do
    i=$(((k + round) % n))
    start=$(date +%s%N)
    bash -c "${commands[$i]}" >/dev/null 2>&1 || { echo "failed: ${commands[$i]}" >&2; exit 1; }
    end=$(date +%s%N)
    times[$((round * n + i))]=$(((end - start) / 1000))
  done
done
python3 - "$rounds" "$n" "${times[@]}" -- "${commands[@]}" <<'PY'
import statistics, sys
args = sys.argv[1:]
rounds, n = int(args[0]), int(args[1])
sep = args.index('--')
times = [int(t) / 1e6 for t in args[2:sep]]
commands = args[sep + 1:]
for i, command in enumerate(commands):
    own = [times[r * n + i] for r in range(rounds)]
    ratios = [times[r * n + i] / times[r * n] for r in range(rounds)]
    print(f"{statistics.median(own):7.3f} s  x{statistics.median(ratios):5.3f}  min {min(own):6.3f}  {command}")
PY
