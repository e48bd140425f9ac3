"""Google OR-Tools CP-SAT on the bundled job-shop instances, with the time limit and thread count TwinKit
gets (the classic model: an interval per operation, precedence within each job, no-overlap per machine,
minimise the makespan). Flexible instances (mk*, Brandimarte) use the standard flexible model: per
operation one optional interval per eligible machine, exactly one present, the operation's start and
end tied to it. Prints CSV: instance,optimum,cpsat_makespan,status,gap,seconds.

Usage: scheduling_peers.py SECONDS WORKERS INSTANCE...
"""
import os
import sys
import time

from ortools.sat.python import cp_model

here = os.path.dirname(os.path.abspath(__file__))
limit, workers, names = float(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
# Brandimarte's best known makespans (not all proven optimal), as in SchedulingBenchmarks.
BRANDIMARTE_BEST = {"mk01": 40, "mk02": 26, "mk03": 204, "mk04": 60, "mk05": 172, "mk06": 57, "mk07": 139,
                    "mk08": 523, "mk09": 307, "mk10": 195}


def read(name):
    """Routes as lists of operations, each a list of (machine, time) alternatives; the optimum."""
    flexible = name.startswith("mk")
    path = os.path.join(here, "..", "Models", "flexible-jobshop" if flexible else "jobshop", f"{name}.txt")
    with open(path) as f:
        text = f.read()
    rows = [[float(v) for v in line.split()] for line in text.splitlines() if line.strip() and not line.startswith("#")]
    jobs, machines = int(rows[0][0]), int(rows[0][1])
    if not flexible:
        optimum = float(text.split("optimum ")[1].split(",")[0])
        routes = [[[(int(r[2 * k]), int(r[2 * k + 1]))] for k in range(machines)] for r in rows[1 : jobs + 1]]
        return routes, machines, optimum
    offset = 1 if len(rows[0]) >= 3 else 0  # the original files count machines from 1
    routes = []
    for r in rows[1 : jobs + 1]:
        values, cursor, route = [int(v) for v in r], 1, []
        for _ in range(values[0]):
            count = values[cursor]
            route.append([(values[cursor + 1 + 2 * a] - offset, values[cursor + 2 + 2 * a]) for a in range(count)])
            cursor += 1 + 2 * count
        routes.append(route)
    return routes, machines, float(BRANDIMARTE_BEST[name])


print("instance,optimum,cpsat_makespan,status,gap,seconds")
for name in names:
    routes, machines, optimum = read(name)
    horizon = sum(max(t for _, t in op) for route in routes for op in route)
    model = cp_model.CpModel()
    ends, by_machine = [], {m: [] for m in range(machines)}
    for j, route in enumerate(routes):
        previous = None
        for k, alternatives in enumerate(route):
            s = model.NewIntVar(0, horizon, f"s{j}_{k}")
            e = model.NewIntVar(0, horizon, f"e{j}_{k}")
            if len(alternatives) == 1:
                m, t = alternatives[0]
                by_machine[m].append(model.NewIntervalVar(s, t, e, f"i{j}_{k}"))
            else:
                chosen = []
                for m, t in alternatives:
                    present = model.NewBoolVar(f"p{j}_{k}_{m}")
                    by_machine[m].append(model.NewOptionalIntervalVar(s, t, e, present, f"i{j}_{k}_{m}"))
                    chosen.append(present)
                model.AddExactlyOne(chosen)
            if previous is not None:
                model.Add(s >= previous)
            previous = e
        ends.append(previous)
    for intervals in by_machine.values():
        model.AddNoOverlap(intervals)
    makespan = model.NewIntVar(0, horizon, "makespan")
    model.AddMaxEquality(makespan, ends)
    model.Minimize(makespan)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = limit
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = 1
    start = time.perf_counter()
    status = solver.Solve(model)
    seconds = time.perf_counter() - start
    value = solver.Value(makespan) if status in (cp_model.OPTIMAL, cp_model.FEASIBLE) else float("nan")
    print(f"{name},{optimum},{value},{solver.StatusName(status)},{(value - optimum) / optimum},{seconds}")
