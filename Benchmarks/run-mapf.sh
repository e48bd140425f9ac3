#!/usr/bin/env bash
# Multi-agent path finding, TwinKit and the pure-Python pymapf (PyPI) side by side on the MovingAI
# benchmark in ../shared/benchmarks/mapf: CBS (optimal) on random-32-32-20 at growing agent counts, LaCAM
# on random-32-32-20 and on the large warehouse map up to 1,000 agents; then lifelong PIBT's throughput
# (goals reached per step) on both warehouse maps with 100 to 1,000 agents. 30 s per run (about 15 minutes).
# Usage: Benchmarks/run-mapf.sh [seconds]     (writes Benchmarks/results/mapf.md and prints it)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
cd "$here"
. "$here/lib.sh"
prepare pymapf==0.9.0
limit="${1:-30}"
maps="$here/../../shared/benchmarks/mapf"
random=("$maps/random-32-32-20.map" "$maps/random-32-32-20-random-1.scen")
warehouse=("$maps/warehouse-20-40-10-2-2.map" "$maps/warehouse-20-40-10-2-2-10000agents-1.scen")
swift build -c release --product MAPFBenchmarks >/dev/null
bin="$(swift build -c release --show-bin-path)/MAPFBenchmarks"
{
  "$bin" cbs "${random[@]}" "$limit" 5 10 15 20 25 30 35 40
  "$bin" lacam "${random[@]}" "$limit" 50 100 150 200 250 300 | tail -n +2
  "$bin" lacam "${warehouse[@]}" "$limit" 100 250 500 750 1000 | tail -n +2
} > results/mapf-twinkit.csv
{
  .venv/bin/python mapf_peers.py cbs "${random[@]}" "$limit" 5 10 15 20 25 30 35 40
  .venv/bin/python mapf_peers.py lacam "${random[@]}" "$limit" 50 100 150 200 250 300 | tail -n +2
  .venv/bin/python mapf_peers.py lacam "${warehouse[@]}" "$limit" 100 250 500 750 1000 | tail -n +2
} > results/mapf-pymapf.csv
.venv/bin/python mapf_table.py results > results/mapf.md
{
  echo
  echo "Lifelong PIBT, 1,000 steps, random shelf-face goals:"
  echo
  "$bin" lifelong "$maps/warehouse-10-20-10-2-1.map" 1000 100 200 400 600 800 1000
  "$bin" lifelong "$maps/warehouse-20-40-10-2-2.map" 1000 100 250 500 1000 | tail -n +2
} >> results/mapf.md
cat results/mapf.md
