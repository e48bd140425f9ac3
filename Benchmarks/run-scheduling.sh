#!/usr/bin/env bash
# Job-shop benchmarks, TwinKit (best rule + N5 tabu search) and OR-Tools CP-SAT side by side, 10 s and one
# thread per instance on ft06, ft10, ft20, la01-la40 and the flexible mk01-mk10 (about 18 minutes in all).
# Usage: Benchmarks/run-scheduling.sh [seconds] [instance...]     (writes Benchmarks/results/scheduling.md and prints it)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
. "$here/lib.sh"
prepare ortools
limit="${1:-10}"
default="ft06 ft10 ft20 $(for i in $(seq -w 1 40); do printf 'la%s ' "$i"; done)$(for i in $(seq -w 1 10); do printf 'mk%s ' "$i"; done)"
instances="${*:2}"
instances="${instances:-$default}"
swift build -c release --product SchedulingBenchmarks >/dev/null
# shellcheck disable=SC2086
"$(swift build -c release --show-bin-path)/SchedulingBenchmarks" "$limit" $instances > results/scheduling-twinkit.csv
# shellcheck disable=SC2086
.venv/bin/python scheduling_peers.py "$limit" 1 $instances > results/scheduling-cpsat.csv
.venv/bin/python scheduling_table.py results > results/scheduling.md
cat results/scheduling.md
