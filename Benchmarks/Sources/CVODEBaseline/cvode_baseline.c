#include "CVODEBaseline.h"

#include <cvode/cvode.h>
#include <nvector/nvector_serial.h>
#include <sunlinsol/sunlinsol_dense.h>
#include <sunmatrix/sunmatrix_dense.h>

static int rober_rhs(double t, N_Vector y, N_Vector dy, void *data) {
  double *u = NV_DATA_S(y), *du = NV_DATA_S(dy);
  du[0] = -0.04 * u[0] + 1e4 * u[1] * u[2];
  du[2] = 3e7 * u[1] * u[1];
  du[1] = -du[0] - du[2];
  return 0;
}

static int rober_jac(double t, N_Vector y, N_Vector fy, SUNMatrix J, void *data, N_Vector t1, N_Vector t2,
                     N_Vector t3) {
  double *u = NV_DATA_S(y);
  SM_ELEMENT_D(J, 0, 0) = -0.04;
  SM_ELEMENT_D(J, 0, 1) = 1e4 * u[2];
  SM_ELEMENT_D(J, 0, 2) = 1e4 * u[1];
  SM_ELEMENT_D(J, 1, 0) = 0.04;
  SM_ELEMENT_D(J, 1, 1) = -1e4 * u[2] - 6e7 * u[1];
  SM_ELEMENT_D(J, 1, 2) = -1e4 * u[1];
  SM_ELEMENT_D(J, 2, 1) = 6e7 * u[1];
  return 0;
}

static int vdp_rhs(double t, N_Vector y, N_Vector dy, void *data) {
  double mu = *(double *)data, *u = NV_DATA_S(y), *du = NV_DATA_S(dy);
  du[0] = u[1];
  du[1] = mu * (1 - u[0] * u[0]) * u[1] - u[0];
  return 0;
}

static int vdp_jac(double t, N_Vector y, N_Vector fy, SUNMatrix J, void *data, N_Vector t1, N_Vector t2,
                   N_Vector t3) {
  double mu = *(double *)data, *u = NV_DATA_S(y);
  SM_ELEMENT_D(J, 0, 1) = 1;
  SM_ELEMENT_D(J, 1, 0) = -2 * mu * u[0] * u[1] - 1;
  SM_ELEMENT_D(J, 1, 1) = mu * (1 - u[0] * u[0]);
  return 0;
}

static int solve(CVRhsFn f, CVLsJacFn jac, void *data, int n, const double *y0, double end, double rtol,
                 double atol, double *out) {
  SUNContext ctx;
  SUNContext_Create(NULL, &ctx);
  N_Vector y = N_VNew_Serial(n, ctx);
  for (int i = 0; i < n; i++) NV_Ith_S(y, i) = y0[i];
  void *mem = CVodeCreate(CV_BDF, ctx);
  CVodeInit(mem, f, 0.0, y);
  CVodeSStolerances(mem, rtol, atol);
  CVodeSetUserData(mem, data);
  CVodeSetMaxNumSteps(mem, -1);
  SUNMatrix A = SUNDenseMatrix(n, n, ctx);
  SUNLinearSolver LS = SUNLinSol_Dense(y, A, ctx);
  CVodeSetLinearSolver(mem, LS, A);
  CVodeSetJacFn(mem, jac);
  double t = 0;
  int flag = CV_SUCCESS;
  while (flag == CV_SUCCESS) {
    CVodeSetStopTime(mem, end);
    flag = CVode(mem, end, y, &t, CV_ONE_STEP);
  }
  for (int i = 0; i < n; i++) out[i] = NV_Ith_S(y, i);
  CVodeFree(&mem);
  SUNLinSolFree(LS);
  SUNMatDestroy(A);
  N_VDestroy(y);
  SUNContext_Free(&ctx);
  return flag == CV_TSTOP_RETURN ? 0 : flag;
}

int twinkit_c_rober(double end, double rtol, double atol, double y[3]) {
  const double y0[3] = {1, 0, 0};
  return solve(rober_rhs, rober_jac, NULL, 3, y0, end, rtol, atol, y);
}

int twinkit_c_vanderpol(double mu, double end, double rtol, double atol, double y[2]) {
  const double y0[2] = {2, 0};
  return solve(vdp_rhs, vdp_jac, &mu, 2, y0, end, rtol, atol, y);
}
