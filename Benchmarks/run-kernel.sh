#!/usr/bin/env bash
# Discrete-event kernel benchmarks, TwinKit and SimPy side by side in one run.
# Usage: Benchmarks/run-kernel.sh     (writes Benchmarks/results/kernel.md and prints it)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
. "$here/lib.sh"
prepare simpy
swift build -c release --product KernelBenchmarks >/dev/null
"$(swift build -c release --show-bin-path)/KernelBenchmarks" > results/kernel-twinkit.csv
.venv/bin/python kernel_peers.py > results/kernel-simpy.csv
.venv/bin/python kernel_table.py results > results/kernel.md
cat results/kernel.md
