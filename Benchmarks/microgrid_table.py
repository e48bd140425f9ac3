"""Side-by-side table for the microgrid benchmark: TwinKit's CSV and PyPSA's, checked against each other."""
import csv
import sys
from pathlib import Path


def read(path):
    """Two CSV blocks separated by a blank line: timings, then yearly totals."""
    timing, totals = Path(path).read_text().strip().split("\n\n")
    return list(csv.DictReader(timing.splitlines())), {r["lp_total"]: float(r["kwh"]) for r in csv.DictReader(totals.splitlines())}


results = Path(sys.argv[1])
twinkit, twinkit_totals = read(results / "microgrid-twinkit.csv")
pypsa, pypsa_totals = read(results / "microgrid-pypsa.csv")
lp = next(r for r in twinkit if r["case"].startswith("LP"))
peer = pypsa[0]
cost_gap = abs(float(lp["total_cost_cny"]) - float(peer["total_cost_cny"])) / abs(float(peer["total_cost_cny"]))
print("| case | steps | TwinKit s | PyPSA + HiGHS s | speed-up |")
print("|---|---:|---:|---:|---:|")
for row in twinkit:
    if row is lp:
        print(f"| annual LP build + solve | {row['steps']} | {float(row['seconds']):.3f} | {float(peer['seconds']):.3f} "
              f"| {float(peer['seconds']) / float(row['seconds']):.1f}x |")
    else:
        print(f"| {row['case']} | {row['steps']} | {float(row['seconds']) * 1e3:.2f} ms | n/a | |")
print()
print(f"Optimal cost: TwinKit {float(lp['total_cost_cny']):.6f} CNY, PyPSA {float(peer['total_cost_cny']):.6f} CNY, "
      f"relative difference {cost_gap:.1e} (acceptance 1e-6).")
for key in twinkit_totals:
    gap = abs(twinkit_totals[key] - pypsa_totals[key]) / max(abs(pypsa_totals[key]), 1e-9)
    print(f"Yearly {key}: {twinkit_totals[key]:.3f} vs {pypsa_totals[key]:.3f} kWh, relative difference {gap:.1e} (acceptance 1e-3).")
ok = cost_gap <= 1e-6 and all(
    abs(twinkit_totals[k] - pypsa_totals[k]) <= 1e-3 * max(abs(pypsa_totals[k]), 1e-9) for k in twinkit_totals)
sys.exit(0 if ok else 1)
