"""The TwinKit microgrid benchmark's annual LP built in PyPSA and solved with HiGHS (PyPSA's default).

Reads the hourly site written by MicrogridBenchmarks (load, PV, import price) and prints CSV in the same
shape: the build+solve wall time, the optimal cost and the yearly totals. The battery is a Store between
a charging and a discharging Link, which gives exactly TwinKit's formulation: SOC bounds 10-95 % of
200 kWh, start at 50 %, 95 % efficiency each way, 100 kW on the bus side either way.
"""
import sys
import time
import warnings
import logging

import pandas as pd
import pypsa

warnings.filterwarnings("ignore")
logging.disable(logging.WARNING)


def build_and_solve(site):
    n = pypsa.Network()
    n.set_snapshots(pd.RangeIndex(len(site)))
    n.add("Bus", "site")
    n.add("Bus", "battery")
    n.add("Load", "park", bus="site", p_set=site["load_kw"].values)
    n.add("Generator", "grid", bus="site", p_nom=500, marginal_cost=site["import_price_cny_per_kwh"].values)
    pv_peak = site["pv_kw"].max()
    n.add("Generator", "pv", bus="site", p_nom=pv_peak, p_max_pu=(site["pv_kw"] / pv_peak).values)
    n.add("Generator", "fuel cells", bus="site", p_nom=80, marginal_cost=0.9)
    n.add("Store", "battery", bus="battery", e_nom=200, e_min_pu=0.1, e_max_pu=0.95, e_initial=100)
    n.add("Link", "charger", bus0="site", bus1="battery", p_nom=100, efficiency=0.95)
    # The discharger's p_nom limits what leaves the store; TwinKit limits what reaches the bus (100 kW).
    n.add("Link", "discharger", bus0="battery", bus1="site", p_nom=100 / 0.95, efficiency=0.95)
    status, condition = n.optimize(solver_name="highs", solver_options={"output_flag": False}, progress=False)
    assert status == "ok", (status, condition)
    return n


def main():
    site = pd.read_csv(sys.argv[1])
    start = time.perf_counter()
    n = build_and_solve(site)
    seconds = time.perf_counter() - start
    print("case,steps,seconds,total_cost_cny")
    print(f"LP (PyPSA + HiGHS) build+solve 1 h,{len(site)},{seconds},{n.objective!r}")
    print()
    print("lp_total,kwh")
    print(f"import,{float(n.generators_t.p['grid'].sum())!r}")
    print(f"fuel_cell,{float(n.generators_t.p['fuel cells'].sum())!r}")
    print(f"pv_used,{float(n.generators_t.p['pv'].sum())!r}")


if __name__ == "__main__":
    main()
