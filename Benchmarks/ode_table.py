"""Merges the ODE work-precision results into one Markdown table (stdlib only).

Inputs in DIR: ode-accuracy.csv (TwinKit and C digits), ode-swift-times.csv (swift-benchmark CSV,
nanoseconds), ode-scipy.csv (scipy digits and seconds). Speed-ups against scipy BDF are taken at equal
accuracy: scipy's time is interpolated (log time, linear in digits) at the digits TwinKit reached.
"""
import csv
import math
import sys
from collections import defaultdict

root = sys.argv[1]
rows = {}  # (problem, implementation, rtol) -> {"digits": float|None, "seconds": float|None}


def key(problem, implementation, rtol):
    return (problem, implementation, float(rtol))


with open(f"{root}/ode-accuracy.csv") as f:
    for r in csv.DictReader(f):
        digits = None if r["digits"] == "fail" else float(r["digits"])
        rows[key(r["problem"], r["implementation"], r["rtol"])] = {"digits": digits, "seconds": None}
with open(f"{root}/ode-swift-times.csv") as f:
    for r in csv.DictReader(f):
        problem, implementation, rtol = r["name"].split("|")
        entry = rows.get(key(problem, implementation, rtol))
        if entry is not None and entry["digits"] is not None:
            entry["seconds"] = float(r["median"]) * 1e-9
with open(f"{root}/ode-scipy.csv") as f:
    for r in csv.DictReader(f):
        failed = r["digits"] == "fail"
        rows[key(r["problem"], r["implementation"], r["rtol"])] = {
            "digits": None if failed else float(r["digits"]),
            "seconds": None if failed else float(r["seconds_per_solve"]),
        }


def scipy_time_at(problem, digits):
    curve = sorted(
        (v["digits"], math.log(v["seconds"]))
        for (p, impl, _), v in rows.items()
        if p == problem and impl == "scipy BDF" and v["digits"] is not None
    )
    for (d0, t0), (d1, t1) in zip(curve, curve[1:]):
        if d0 <= digits <= d1 and d1 > d0:
            return math.exp(t0 + (t1 - t0) * (digits - d0) / (d1 - d0))
    return None


implementations = sorted({impl for (_, impl, _) in rows}, key=lambda s: (not s.startswith("TwinKit"), s))
out = []
for problem in sorted({p for (p, _, _) in rows}):
    out.append(f"\n### {problem}\n")
    out.append("| implementation | rtol | digits | time per solve |")
    out.append("|---|---|---|---|")
    for impl in implementations:
        for (p, i, rtol), v in sorted(rows.items(), key=lambda kv: -kv[0][2]):
            if p != problem or i != impl:
                continue
            digits = "fail" if v["digits"] is None else f"{v['digits']:.2f}"
            time = "" if v["seconds"] is None else f"{v['seconds'] * 1e3:.3f} ms"
            out.append(f"| {impl} | {rtol:.0e} | {digits} | {time} |")
    out.append("\n| rtol | TwinKit CVODE-BDF / C CVODE-BDF (time) | scipy BDF / TwinKit CVODE-BDF at equal digits |")
    out.append("|---|---|---|")
    ratios = defaultdict(list)
    for (p, i, rtol), v in sorted(rows.items(), key=lambda kv: -kv[0][2]):
        if p != problem or i != "TwinKit CVODE-BDF" or v["seconds"] is None:
            continue
        c = rows.get((p, "C CVODE-BDF", rtol))
        overhead = f"{v['seconds'] / c['seconds']:.3f}" if c and c["seconds"] else ""
        scipy = scipy_time_at(problem, v["digits"])
        speedup = f"{scipy / v['seconds']:.0f}x" if scipy else "(outside scipy's range)"
        out.append(f"| {rtol:.0e} | {overhead} | {speedup} |")
print("\n".join(out))
