"""pymapf (pure Python, PyPI) on the same MovingAI instances as MAPFBenchmarks, same time limit.
Prints CSV: solver,map,agents,solved,sum_of_costs,makespan,seconds.

Usage: mapf_peers.py SOLVER MAP SCEN TIME_LIMIT K...     (SOLVER: cbs or lacam)
"""
import os
import sys
import time

from pymapf.core.grid import GridMap
from pymapf.core.solver import Agent, MAPFProblem, get_solver

solver_name, map_path, scen_path, limit, counts = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]), sys.argv[5:]
with open(map_path) as f:
    lines = f.read().splitlines()
start = lines.index("map") + 1
height = int(next(l.split()[1] for l in lines if l.startswith("height")))
rows = [[0 if c in ".GS" else 1 for c in line] for line in lines[start : start + height]]
grid = GridMap(rows)
with open(scen_path) as f:
    entries = [l.split("\t") for l in f.read().splitlines()[1:] if l.strip()]
name = os.path.splitext(os.path.basename(map_path))[0]
print("solver,map,agents,solved,sum_of_costs,makespan,seconds")
for k in map(int, counts):
    # MovingAI gives x (column), y (row); pymapf cells are (row, column).
    agents = [Agent(f"a{i}", (int(e[5]), int(e[4])), (int(e[7]), int(e[6]))) for i, e in enumerate(entries[:k])]
    problem = MAPFProblem(grid, agents)
    solver = get_solver(solver_name, time_limit=limit) if solver_name == "lacam" else get_solver(solver_name, time_limit=limit, max_expansions=10**9)
    began = time.perf_counter()
    try:
        solution = solver.solve(problem)
    except Exception as error:  # a peer's failure is a data point, not a crash of the benchmark
        print(f"# {solver_name} k={k}: {error}", file=sys.stderr)
        solution = None
    seconds = time.perf_counter() - began
    if solution is not None and solution.is_valid():
        print(f"{solver_name},{name},{k},1,{solution.sum_of_costs},{solution.makespan},{seconds}")
    else:
        print(f"{solver_name},{name},{k},0,,,{seconds}")
