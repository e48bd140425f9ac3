// Plain-C CVODE solves of the benchmark problems, with the settings TwinKit's CVODE-BDF path uses:
// BDF, dense direct linear solver, analytic Jacobian, scalar tolerances, one-step mode to a stop time.
#ifndef TWINKIT_CVODE_BASELINE_H
#define TWINKIT_CVODE_BASELINE_H

/// Solves ROBER (Robertson kinetics) from t = 0 to `end`; writes y(end) into `y`. Returns the CVODE flag.
int twinkit_c_rober(double end, double rtol, double atol, double y[3]);

/// Solves Van der Pol (x'' = mu (1 - x^2) x' - x, x(0) = 2) to `end`; writes y(end) into `y`.
int twinkit_c_vanderpol(double mu, double end, double rtol, double atol, double y[2]);

#endif
