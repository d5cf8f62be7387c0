#!/usr/bin/env bash
# wait-for-archives.sh TARGET: returns once no pyjar background archive step is under way for
# the benchmark's cache directories (none has a recorded class list waiting), so that no step
# runs while another alternative is timed. run.sh calls it between runs (hyperfine --cleanup).
while compgen -G "$1/pyjar-cache/*/archives/*.classlist" >/dev/null \
   || compgen -G "$1/pyjar-first/*/archives/*.classlist" >/dev/null; do
  sleep 1
done
