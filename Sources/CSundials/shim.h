// SUNDIALS 6.4 headers for TwinKit's ODE layer (Debian: libsundials-dev).
// Internal interop module: it provides no stable Swift API of its own.
#ifndef TWINKIT_CSUNDIALS_SHIM_H
#define TWINKIT_CSUNDIALS_SHIM_H

#include <sundials/sundials_context.h>
#include <sundials/sundials_types.h>
#include <nvector/nvector_serial.h>
#include <sunmatrix/sunmatrix_dense.h>
#include <sunmatrix/sunmatrix_band.h>
#include <sunlinsol/sunlinsol_dense.h>
#include <sunlinsol/sunlinsol_band.h>
#include <cvode/cvode.h>
#include <arkode/arkode.h>
#include <arkode/arkode_arkstep.h>
#include <arkode/arkode_erkstep.h>
#include <ida/ida.h>

/// Pointer to the contiguous data of a serial N_Vector (the NV_DATA_S macro).
static inline sunrealtype *twinkit_nv_data(N_Vector v) { return NV_DATA_S(v); }

/// Pointer to column `j` of a dense SUNMatrix (the SM_COLUMN_D macro).
static inline sunrealtype *twinkit_dense_column(SUNMatrix m, sunindextype j) { return SM_COLUMN_D(m, j); }

/// Pointer to the (i, i) element of column `j` of a band SUNMatrix (SM_COLUMN_B); rows i in
/// [j - mu, j + ml] are reached at offsets i - j from it.
static inline sunrealtype *twinkit_band_column(SUNMatrix m, sunindextype j) { return SM_COLUMN_B(m, j); }

#endif
