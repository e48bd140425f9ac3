#!/usr/bin/env bash
# Microgrid benchmarks, TwinKit and PyPSA (HiGHS) side by side in one run, on the same annual site.
# Usage: Benchmarks/run-microgrid.sh     (writes Benchmarks/results/microgrid.md and prints it)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
. "$here/lib.sh"
prepare pypsa highspy
swift build -c release --product MicrogridBenchmarks >/dev/null
"$(swift build -c release --show-bin-path)/MicrogridBenchmarks" results/microgrid-site.csv > results/microgrid-twinkit.csv
.venv/bin/python microgrid_peers.py results/microgrid-site.csv > results/microgrid-pypsa.csv
.venv/bin/python microgrid_table.py results > results/microgrid.md
cat results/microgrid.md
