"""Joins KernelBenchmarks and kernel_peers.py results into one Markdown table (stdlib only).

Each configuration ran 3 times (c: once); the table keeps the best (shortest) time per configuration.
Ratios compare wall time for the same work, so they do not depend on how events are counted.
"""
import csv
import sys

root = sys.argv[1]
best = {}
for name in ("kernel-twinkit.csv", "kernel-simpy.csv"):
    with open(f"{root}/{name}") as f:
        for row in csv.DictReader(f):
            key = (row["benchmark"], row["api"], int(row["n"]))
            seconds = float(row["seconds"])
            if key not in best or seconds < best[key]["seconds"]:
                best[key] = {"seconds": seconds, "events": int(row["events"]), "rss": int(row["peak_rss_kb"])}

titles = {
    "timeouts": "(a) 1,000 processes x 1,000 timeouts",
    "mm1": "(b) M/M/1, 250,000 customers",
    "pending": "(c) N entities in a delay U(0, 2N)",
}
labels = {
    "coroutine": "coroutine processes",
    "task": "task processes",
    "event": "scheduled closures",
    "notice": "event notices",
}
print("| benchmark | N | implementation | wall time | events/s | ns per event | speed-up vs SimPy |")
print("|---|---|---|---|---|---|---|")
for (bench, api, n), v in sorted(best.items(), key=lambda kv: (kv[0][0], kv[0][2], kv[0][1] != "simpy", kv[0][1])):
    simpy = best.get((bench, "simpy", n))
    ratio = f"{simpy['seconds'] / v['seconds']:.1f}x" if simpy and api != "simpy" else ""
    label = "SimPy (processes)" if api == "simpy" else f"TwinKit ({labels[api]})"
    print(f"| {titles[bench]} | {n:,} | {label} | {v['seconds'] * 1e3:.1f} ms | "
          f"{v['events'] / v['seconds'] / 1e6:.2f} M | {v['seconds'] / v['events'] * 1e9:.0f} | {ratio} |")
