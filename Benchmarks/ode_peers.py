"""scipy.integrate.solve_ivp on the same work-precision problems as ODEBenchmarks.

Same problems, tolerance rule (ROBER: atol = 1e-6 rtol, to t = 1e5; Van der Pol mu = 1000: atol = rtol,
to t = 2000), analytic Jacobians and references as TwinKit's ProblemLibrary. Prints CSV:
problem,implementation,rtol,digits,seconds_per_solve
"""
import math
import sys
import timeit

import numpy as np
from scipy.integrate import solve_ivp

ROBER_1E5 = np.array([0.1786592114209946e-01, 0.7274751468436319e-07, 0.9821340061103859e+00])
VDP_2000 = np.array([1.706167732170469, -8.928097010248125e-4])
MU = 1000.0


def rober(t, y):
    d0 = -0.04 * y[0] + 1e4 * y[1] * y[2]
    d2 = 3e7 * y[1] * y[1]
    return [d0, -d0 - d2, d2]


def rober_jac(t, y):
    return [[-0.04, 1e4 * y[2], 1e4 * y[1]],
            [0.04, -1e4 * y[2] - 6e7 * y[1], -1e4 * y[1]],
            [0.0, 6e7 * y[1], 0.0]]


def vdp(t, y):
    return [y[1], MU * (1 - y[0] * y[0]) * y[1] - y[0]]


def vdp_jac(t, y):
    return [[0.0, 1.0], [-2 * MU * y[0] * y[1] - 1, MU * (1 - y[0] * y[0])]]


PROBLEMS = {
    "ROBER": (rober, rober_jac, [1.0, 0.0, 0.0], 1e5, ROBER_1E5, lambda r: r * 1e-6),
    "VDP": (vdp, vdp_jac, [2.0, 0.0], 2000.0, VDP_2000, lambda r: r),
}


def digits(y, ref):
    worst = np.max(np.abs((y - ref) / ref))
    return -math.log10(worst) if worst > 0 else 17.0


def main():
    methods = sys.argv[1:] or ["BDF", "LSODA", "Radau"]
    print("problem,implementation,rtol,digits,seconds_per_solve")
    for name, (f, jac, y0, end, ref, atol_rule) in PROBLEMS.items():
        for k in range(4, 11):
            rtol = 10.0 ** -k
            for method in methods:
                def run():
                    return solve_ivp(f, (0.0, end), y0, method=method, rtol=rtol, atol=atol_rule(rtol), jac=jac)
                sol = run()
                if not sol.success:
                    print(f"{name},scipy {method},{rtol},fail,", flush=True)
                    continue
                timer = timeit.Timer(run)
                number, elapsed = timer.autorange()
                best = min([elapsed] + timer.repeat(repeat=2, number=number)) / number
                print(f"{name},scipy {method},{rtol},{digits(sol.y[:, -1], ref)},{best}", flush=True)


if __name__ == "__main__":
    main()
