"""Google OR-Tools CP-SAT on the bundled job-shop instances, with the time limit and thread count TwinKit
gets (the classic model: an interval per operation, precedence within each job, no-overlap per machine,
minimise the makespan). Prints CSV: instance,optimum,cpsat_makespan,status,gap,seconds.

Usage: scheduling_peers.py SECONDS WORKERS INSTANCE...
"""
import os
import sys
import time

from ortools.sat.python import cp_model

here = os.path.dirname(os.path.abspath(__file__))
limit, workers, names = float(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
print("instance,optimum,cpsat_makespan,status,gap,seconds")
for name in names:
    with open(os.path.join(here, "..", "Models", "jobshop", f"{name}.txt")) as f:
        text = f.read()
    optimum = float(text.split("optimum ")[1].split(",")[0])
    rows = [line.split() for line in text.splitlines() if line.strip() and not line.startswith("#")]
    jobs, machines = int(rows[0][0]), int(rows[0][1])
    routes = [[(int(r[2 * k]), int(r[2 * k + 1])) for k in range(machines)] for r in rows[1 : jobs + 1]]
    horizon = sum(t for route in routes for _, t in route)
    model = cp_model.CpModel()
    ends, by_machine = [], {m: [] for m in range(machines)}
    for j, route in enumerate(routes):
        previous = None
        for k, (m, t) in enumerate(route):
            s = model.NewIntVar(0, horizon, f"s{j}_{k}")
            e = model.NewIntVar(0, horizon, f"e{j}_{k}")
            by_machine[m].append(model.NewIntervalVar(s, t, e, f"i{j}_{k}"))
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
