"""Joins SchedulingBenchmarks and scheduling_peers.py results into one Markdown table (stdlib only)."""
import csv
import sys

root = sys.argv[1]
twinkit = {r["instance"]: r for r in csv.DictReader(open(f"{root}/scheduling-twinkit.csv")) if r["instance"] != "mean_gap"}
cpsat = {r["instance"]: r for r in csv.DictReader(open(f"{root}/scheduling-cpsat.csv"))}
print("| instance | optimum | best rule | TwinKit tabu | gap | time s | CP-SAT | gap | time s |")
print("|---|---:|---|---:|---:|---:|---:|---:|---:|")
gaps_t, gaps_c = [], []
for name, t in twinkit.items():
    c = cpsat.get(name, {})
    gaps_t.append(float(t["gap"]))
    if c:
        gaps_c.append(float(c["gap"]))
    print(f"| {name} | {float(t['optimum']):.0f} | {t['best_rule']} {float(t['rule_makespan']):.0f} | {float(t['tabu_makespan']):.0f} | "
          f"{100 * float(t['gap']):.2f} % | {float(t['seconds']):.2f} | {c.get('cpsat_makespan', '')} | "
          f"{100 * float(c['gap']):.2f} % | {float(c['seconds']):.2f} |" if c else
          f"| {name} | {float(t['optimum']):.0f} | {t['best_rule']} | {float(t['tabu_makespan']):.0f} | {100 * float(t['gap']):.2f} % | {float(t['seconds']):.2f} | | | |")
la_t = [float(t["gap"]) for n, t in twinkit.items() if n.startswith("la")]
la_c = [float(c["gap"]) for n, c in cpsat.items() if n.startswith("la")]
print()
if la_t:
    print(f"Mean gap on la01-la40: TwinKit {100 * sum(la_t) / len(la_t):.3f} % over {len(la_t)} instances", end="")
    print(f", CP-SAT {100 * sum(la_c) / len(la_c):.3f} % over {len(la_c)}." if la_c else ".")
mk_t = [float(t["gap"]) for n, t in twinkit.items() if n.startswith("mk")]
mk_c = [float(c["gap"]) for n, c in cpsat.items() if n.startswith("mk")]
if mk_t:
    print(f"Mean gap to the best known on mk01-mk10: TwinKit {100 * sum(mk_t) / len(mk_t):.3f} % over {len(mk_t)} instances", end="")
    print(f", CP-SAT {100 * sum(mk_c) / len(mk_c):.3f} % over {len(mk_c)}." if mk_c else ".")
