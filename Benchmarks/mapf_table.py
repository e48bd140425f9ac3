"""Joins MAPFBenchmarks and mapf_peers.py results into one Markdown table (stdlib only)."""
import csv
import sys

root = sys.argv[1]
key = lambda r: (r["solver"], r["map"], r["agents"])
twinkit = {key(r): r for r in csv.DictReader(open(f"{root}/mapf-twinkit.csv"))}
peer = {key(r): r for r in csv.DictReader(open(f"{root}/mapf-pymapf.csv"))}
print("| solver | map | agents | lower bound | TwinKit SoC | time s | pymapf SoC | time s |")
print("|---|---|---:|---:|---:|---:|---:|---:|")
for k, t in twinkit.items():
    p = peer.get(k, {})
    soc = lambda r: r["sum_of_costs"] if r.get("solved") == "1" else "-"
    seconds = lambda r: f"{float(r['seconds']):.3f}" if r else ""
    print(f"| {k[0]} | {k[1]} | {k[2]} | {t['lower_bound']} | {soc(t)} | {seconds(t)} | {soc(p) if p else ''} | {seconds(p)} |")
