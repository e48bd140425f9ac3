import CSundials

/// Owns the C objects one SUNDIALS integrator needs besides its own memory: the context, the state
/// vector, a work vector and the Newton linear system. Freed, in reverse order of creation, in `deinit`.
final class SundialsResources {
  let context: SUNContext
  let dimension: Int
  let state: N_Vector
  let work: N_Vector
  private(set) var matrix: SUNMatrix?
  private(set) var linearSolver: SUNLinearSolver?
  let linearSolverKind: LinearSolver

  init(dimension: Int, linearSolver: LinearSolver) throws(ODEError) {
    var ctx: SUNContext?
    guard SUNContext_Create(nil, &ctx) == 0, let ctx else { throw .setupFailed(call: "SUNContext_Create", flag: -1) }
    context = ctx
    self.dimension = dimension
    guard let y = N_VNew_Serial(Int64(dimension), ctx), let w = N_VNew_Serial(Int64(dimension), ctx) else {
      var c: SUNContext? = ctx
      SUNContext_Free(&c)
      throw .setupFailed(call: "N_VNew_Serial", flag: -1)
    }
    state = y
    work = w
    linearSolverKind = linearSolver
  }

  /// Creates the matrix and linear solver for an implicit method.
  func makeLinearSystem() throws(ODEError) -> (SUNMatrix, SUNLinearSolver) {
    if let matrix, let linearSolver { return (matrix, linearSolver) }
    let n = Int64(dimension)
    switch linearSolverKind {
    case .dense:
      matrix = SUNDenseMatrix(n, n, context)
      if let matrix { linearSolver = SUNLinSol_Dense(state, matrix, context) }
    case .band(let upper, let lower):
      guard upper >= 0, lower >= 0, upper < dimension, lower < dimension else {
        throw .invalidOptions("band half-widths (\(upper), \(lower)) must lie in 0..<\(dimension)")
      }
      matrix = SUNBandMatrix(n, Int64(upper), Int64(lower), context)
      if let matrix { linearSolver = SUNLinSol_Band(state, matrix, context) }
    }
    guard let matrix, let linearSolver else { throw .setupFailed(call: "SUNLinSol", flag: -1) }
    return (matrix, linearSolver)
  }

  /// The state vector's data.
  var stateBuffer: UnsafeMutableBufferPointer<Double> {
    UnsafeMutableBufferPointer(start: twinkit_nv_data(state), count: dimension)
  }

  /// The work vector's data.
  var workBuffer: UnsafeMutableBufferPointer<Double> {
    UnsafeMutableBufferPointer(start: twinkit_nv_data(work), count: dimension)
  }

  /// Fills `vector` from `values`.
  func load(_ values: UnsafeBufferPointer<Double>, into vector: N_Vector) {
    let data = twinkit_nv_data(vector)!
    for i in 0..<dimension { data[i] = values[i] }
  }

  /// A new serial vector holding `values`; the caller destroys it.
  func makeVector(_ values: [Double]) -> N_Vector? {
    guard let v = N_VNew_Serial(Int64(dimension), context) else { return nil }
    values.withUnsafeBufferPointer { load($0, into: v) }
    return v
  }

  deinit {
    if let linearSolver { SUNLinSolFree(linearSolver) }
    if let matrix { SUNMatDestroy(matrix) }
    N_VDestroy(work)
    N_VDestroy(state)
    var ctx: SUNContext? = context
    SUNContext_Free(&ctx)
  }
}

/// A view of a SUNDIALS dense or band matrix as a ``JacobianMatrix``.
func jacobianView(_ matrix: SUNMatrix, kind: LinearSolver, dimension n: Int) -> JacobianMatrix {
  switch kind {
  case .dense:
    return JacobianMatrix(base: twinkit_dense_column(matrix, 0), rowStride: 1, columnStride: n, dimension: n)
  case .band(let upper, let lower):
    // Element (i, j) lives at cols[j] + s_mu + (i - j) = base + i + j * (ldim - 1).
    let ldim = Int(SUNBandMatrix_LDim(matrix))
    return JacobianMatrix(
      base: twinkit_band_column(matrix, 0), rowStride: 1, columnStride: ldim - 1, dimension: n,
      bandwidths: (upper, lower))
  }
}

/// Absolute tolerances as a SUNDIALS vector, or `nil` for a scalar tolerance.
func makeToleranceVector(_ tolerance: AbsoluteTolerance, resources: SundialsResources) -> N_Vector? {
  if case .perComponent(let values) = tolerance { return resources.makeVector(values) }
  return nil
}

/// The scalar absolute tolerance, or 0 when per-component tolerances are used.
func scalarTolerance(_ tolerance: AbsoluteTolerance) -> Double {
  if case .scalar(let value) = tolerance { return value }
  return 0
}

/// SUNDIALS error handler: keeps the message for the failure report instead of printing it.
func sundialsErrorHandler(
  _ code: Int32, _ module: UnsafePointer<CChar>?, _ function: UnsafePointer<CChar>?,
  _ message: UnsafeMutablePointer<CChar>?, _ userData: UnsafeMutableRawPointer?
) {
  guard let userData else { return }
  let box = CallbackBox.from(userData)
  let text = message.map { String(cString: $0) } ?? "error \(code)"
  let where_ = function.map { String(cString: $0) } ?? "?"
  box.libraryMessage = "\(where_): \(text)"
}

/// Takes ownership of a flag name string returned by `*GetReturnFlagName` and frees it.
func takeFlagName(_ pointer: UnsafeMutablePointer<CChar>?, fallback: Int32) -> String {
  guard let pointer else { return "flag \(fallback)" }
  defer { free(pointer) }
  return String(cString: pointer)
}

/// Classifies a CVODE or ARKODE return flag (both libraries number their failures alike).
func classifyCVODEStyleFlag(_ flag: Int32) -> ReturnCode {
  switch flag {
  case CV_TOO_MUCH_WORK: .maxSteps
  case CV_TOO_MUCH_ACC, CV_ERR_FAILURE: .errorTestFailure
  case CV_CONV_FAILURE, CV_NLS_FAIL: .convergenceFailure
  case CV_LINIT_FAIL, CV_LSETUP_FAIL, CV_LSOLVE_FAIL: .linearSolverFailure
  case CV_RHSFUNC_FAIL, CV_FIRST_RHSFUNC_ERR, CV_REPTD_RHSFUNC_ERR, CV_UNREC_RHSFUNC_ERR: .functionFailure
  case CV_RTFUNC_FAIL: .eventFailure
  default: .otherFailure
  }
}

/// Classifies an IDA return flag.
func classifyIDAFlag(_ flag: Int32) -> ReturnCode {
  switch flag {
  case IDA_TOO_MUCH_WORK: .maxSteps
  case IDA_TOO_MUCH_ACC, IDA_ERR_FAIL: .errorTestFailure
  case IDA_CONV_FAIL, IDA_NLS_FAIL: .convergenceFailure
  case IDA_LINIT_FAIL, IDA_LSETUP_FAIL, IDA_LSOLVE_FAIL: .linearSolverFailure
  case IDA_RES_FAIL, IDA_REP_RES_ERR, IDA_FIRST_RES_FAIL: .functionFailure
  case IDA_RTFUNC_FAIL: .eventFailure
  case IDA_NO_RECOVERY, IDA_LINESEARCH_FAIL, IDA_CONSTR_FAIL: .initialConditionFailure
  default: .otherFailure
  }
}

/// Builds the failure report for a SUNDIALS flag, preferring the user's own error over the library's
/// message when a callback caused the failure.
func sundialsFailure(
  code: ReturnCode, flag: Int32, flagName: String, time: Double, box: CallbackBox
) -> SolverFailure {
  let message: String
  if code == .functionFailure || code == .eventFailure, let userMessage = box.callbackFailure {
    message = userMessage
  } else {
    message = box.libraryMessage ?? box.callbackFailure ?? "no message"
  }
  return SolverFailure(code: code, flagName: flagName, flag: flag, time: time, message: message)
}

// MARK: - C trampolines shared by CVODE and ARKODE (same signatures)

func sundialsRightHandSide(
  _ t: Double, _ y: N_Vector?, _ ydot: N_Vector?, _ userData: UnsafeMutableRawPointer?
) -> Int32 {
  CallbackBox.with(userData) { box in
    box.evaluate(box.rightHandSide, t, twinkit_nv_data(y), twinkit_nv_data(ydot)).rawValue
  }
}

func sundialsStiffPart(
  _ t: Double, _ y: N_Vector?, _ ydot: N_Vector?, _ userData: UnsafeMutableRawPointer?
) -> Int32 {
  CallbackBox.with(userData) { box in
    box.evaluate(box.split!.stiff, t, twinkit_nv_data(y), twinkit_nv_data(ydot)).rawValue
  }
}

func sundialsNonstiffPart(
  _ t: Double, _ y: N_Vector?, _ ydot: N_Vector?, _ userData: UnsafeMutableRawPointer?
) -> Int32 {
  CallbackBox.with(userData) { box in
    box.evaluate(box.split!.nonstiff, t, twinkit_nv_data(y), twinkit_nv_data(ydot)).rawValue
  }
}

func sundialsEventFunctions(
  _ t: Double, _ y: N_Vector?, _ gout: UnsafeMutablePointer<Double>?, _ userData: UnsafeMutableRawPointer?
) -> Int32 {
  let box = CallbackBox.from(userData)
  box.eventFunctions!(
    t, UnsafeBufferPointer(start: twinkit_nv_data(y), count: box.dimension),
    UnsafeMutableBufferPointer(start: gout, count: box.eventCount))
  for k in 0..<box.eventCount where gout![k].isNaN {
    box.recordFailure("event function \(k) returned NaN at t = \(t)")
    return -1
  }
  return 0
}

/// Jacobian trampoline; the matrix layout is taken from the box's solver kind, recorded by the caller.
func makeSundialsJacobian(kind: LinearSolver) -> CVLsJacFn {
  switch kind {
  case .dense: return sundialsDenseJacobian
  case .band: return sundialsBandJacobian
  }
}

private func sundialsDenseJacobian(
  _ t: Double, _ y: N_Vector?, _ fy: N_Vector?, _ jac: SUNMatrix?, _ userData: UnsafeMutableRawPointer?,
  _ tmp1: N_Vector?, _ tmp2: N_Vector?, _ tmp3: N_Vector?
) -> Int32 {
  sundialsJacobian(t, y, fy, jacobianView(jac!, kind: .dense, dimension: CallbackBox.from(userData).dimension), userData)
}

private func sundialsBandJacobian(
  _ t: Double, _ y: N_Vector?, _ fy: N_Vector?, _ jac: SUNMatrix?, _ userData: UnsafeMutableRawPointer?,
  _ tmp1: N_Vector?, _ tmp2: N_Vector?, _ tmp3: N_Vector?
) -> Int32 {
  let n = CallbackBox.from(userData).dimension
  let kind = LinearSolver.band(upper: Int(SUNBandMatrix_UpperBandwidth(jac!)), lower: Int(SUNBandMatrix_LowerBandwidth(jac!)))
  return sundialsJacobian(t, y, fy, jacobianView(jac!, kind: kind, dimension: n), userData)
}

private func sundialsJacobian(
  _ t: Double, _ y: N_Vector?, _ fy: N_Vector?, _ view: JacobianMatrix, _ userData: UnsafeMutableRawPointer?
) -> Int32 {
  let box = CallbackBox.from(userData)
  let n = box.dimension
  do {
    try box.jacobian!(
      t, UnsafeBufferPointer(start: twinkit_nv_data(y), count: n),
      UnsafeBufferPointer(start: twinkit_nv_data(fy), count: n), view)
  } catch {
    box.recordFailure("the Jacobian threw at t = \(t): \(error)")
    return -1
  }
  return 0
}

extension SundialsResources {
  /// Appends the polynomial a SUNDIALS solver interpolates with on its last step, read through
  /// `derivative(t, k, vector)` (`CVodeGetDky`, `ARKStepGetDky`, `IDAGetDky`) as Taylor coefficients
  /// at `center` up to `degree`.
  func appendInterpolant(
    to dense: inout DenseOutput, from start: Double, to end: Double, center: Double, degree: Int,
    derivative: (Double, Int32, N_Vector) -> Int32
  ) {
    let n = dimension
    dense.append(start: start, end: end, center: center, degree: degree) { c in
      var factorial = 1.0
      for k in 0...degree {
        if k > 1 { factorial *= Double(k) }
        _ = derivative(center, Int32(k), work)
        let d = workBuffer
        for i in 0..<n { c[k * n + i] = d[i] / factorial }
      }
    }
  }

  /// Evaluates `derivative(t, 0, ·)` into `output`; `false` if the library refuses `t`.
  func interpolate(
    at t: Double, into output: UnsafeMutableBufferPointer<Double>, derivative: (Double, Int32, N_Vector) -> Int32
  ) -> Bool {
    guard derivative(t, 0, work) == 0 else { return false }
    let d = workBuffer
    for i in 0..<dimension { output[i] = d[i] }
    return true
  }
}
