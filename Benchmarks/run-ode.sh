#!/usr/bin/env bash
# Work-precision benchmark of the ODE layer, side by side with scipy and plain C, in one run.
# Usage: Benchmarks/run-ode.sh      (writes Benchmarks/results/ode.md and prints it)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
. "$here/lib.sh"
prepare scipy numpy  # Python peers in a venv made here, from PyPI

swift build -c release --product ODEBenchmarks >/dev/null
binary="$(swift build -c release --show-bin-path)/ODEBenchmarks"

"$binary" accuracy > results/ode-accuracy.csv
"$binary" --format csv --columns name,min,median,iterations --min-time 0.3 --quiet > results/ode-swift-times.csv
.venv/bin/python ode_peers.py > results/ode-scipy.csv
.venv/bin/python ode_table.py results > results/ode.md
cat results/ode.md
