// GSL 2.7 headers for TwinKit (Debian: libgsl-dev).
// Internal interop module: it provides no stable Swift API of its own.
//
// GSL exposes its generator and stepper types as mutable C globals
// (`GSL_VAR const gsl_rng_type *gsl_rng_mt19937;`), which Swift 6 strict concurrency
// refuses to read. Each such global gets a tiny accessor here.
#ifndef TWINKIT_CGSL_SHIM_H
#define TWINKIT_CGSL_SHIM_H

#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_odeiv2.h>
#include <gsl/gsl_interp.h>
#include <gsl/gsl_spline.h>
#include <gsl/gsl_statistics_double.h>
#include <gsl/gsl_multifit_nlinear.h>
#include <gsl/gsl_roots.h>
#include <gsl/gsl_vector.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_linalg.h>

// Random number generator types.
static inline const gsl_rng_type *twinkit_gsl_rng_mt19937(void) { return gsl_rng_mt19937; }
static inline const gsl_rng_type *twinkit_gsl_rng_ranlxd2(void) { return gsl_rng_ranlxd2; }

// odeiv2 stepper types.
static inline const gsl_odeiv2_step_type *twinkit_gsl_odeiv2_rk8pd(void) { return gsl_odeiv2_step_rk8pd; }
static inline const gsl_odeiv2_step_type *twinkit_gsl_odeiv2_rkf45(void) { return gsl_odeiv2_step_rkf45; }
static inline const gsl_odeiv2_step_type *twinkit_gsl_odeiv2_msbdf(void) { return gsl_odeiv2_step_msbdf; }

// Interpolation types.
static inline const gsl_interp_type *twinkit_gsl_interp_linear(void) { return gsl_interp_linear; }
static inline const gsl_interp_type *twinkit_gsl_interp_steffen(void) { return gsl_interp_steffen; }
static inline const gsl_interp_type *twinkit_gsl_interp_cspline(void) { return gsl_interp_cspline; }

// Root bracketing solver type.
static inline const gsl_root_fsolver_type *twinkit_gsl_root_brent(void) { return gsl_root_fsolver_brent; }

// Nonlinear least-squares trust-region method and its default parameters.
static inline const gsl_multifit_nlinear_type *twinkit_gsl_multifit_trust(void) { return gsl_multifit_nlinear_trust; }

#endif
