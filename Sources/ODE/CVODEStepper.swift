import CSundials

/// CVODE's calls for ``SundialsODEBackend``.
final class CVODEStepper: SundialsODEStepper {
  private let resources: SundialsResources
  private var memory: UnsafeMutableRawPointer?
  private var toleranceVector: N_Vector?

  /// Creates and configures a CVODE integrator on `resources.state`.
  init(
    resources: SundialsResources, callbacks: CallbackBox, initialTime: Double, bdf: Bool, maxOrder: Int?,
    options: SolverOptions
  ) throws(ODEError) {
    self.resources = resources
    guard let memory = CVodeCreate(bdf ? CV_BDF : CV_ADAMS, resources.context) else {
      throw .setupFailed(call: "CVodeCreate", flag: -1)
    }
    self.memory = memory
    try sundialsCheck(CVodeInit(memory, sundialsRightHandSide, initialTime, resources.state), "CVodeInit")
    toleranceVector = makeToleranceVector(options.absoluteTolerance, resources: resources)
    if let toleranceVector {
      try sundialsCheck(CVodeSVtolerances(memory, options.relativeTolerance, toleranceVector), "CVodeSVtolerances")
    } else {
      try sundialsCheck(
        CVodeSStolerances(memory, options.relativeTolerance, scalarTolerance(options.absoluteTolerance)),
        "CVodeSStolerances")
    }
    setUserData(callbacks.opaque)
    try sundialsCheck(CVodeSetMaxNumSteps(memory, -1), "CVodeSetMaxNumSteps")  // the Integrator counts steps
    try sundialsCheck(CVodeSetMaxHnilWarns(memory, -1), "CVodeSetMaxHnilWarns")
    if let h = options.initialStep { try sundialsCheck(CVodeSetInitStep(memory, h), "CVodeSetInitStep") }
    if let h = options.maxStep { try sundialsCheck(CVodeSetMaxStep(memory, h), "CVodeSetMaxStep") }
    if let q = maxOrder { try sundialsCheck(CVodeSetMaxOrd(memory, Int32(q)), "CVodeSetMaxOrd") }
    let (matrix, solver) = try resources.makeLinearSystem()
    try sundialsCheck(CVodeSetLinearSolver(memory, solver, matrix), "CVodeSetLinearSolver")
    if callbacks.jacobian != nil {
      try sundialsCheck(
        CVodeSetJacFn(memory, makeSundialsJacobian(kind: resources.linearSolverKind)), "CVodeSetJacFn")
    }
    if callbacks.eventCount > 0 {
      try sundialsCheck(
        CVodeRootInit(memory, Int32(callbacks.eventCount), sundialsEventFunctions), "CVodeRootInit")
      try sundialsCheck(CVodeSetNoInactiveRootWarn(memory), "CVodeSetNoInactiveRootWarn")
    }
  }

  /// Sets the crossing direction each event function watches.
  func setRootDirections(_ directions: [Int32]) throws(ODEError) {
    var copy = directions
    try sundialsCheck(CVodeSetRootDirection(memory, &copy), "CVodeSetRootDirection")
  }

  deinit {
    CVodeFree(&memory)
    if let toleranceVector { N_VDestroy(toleranceVector) }
  }

  static var stepFlags: (success: Int32, stopReturn: Int32, rootReturn: Int32) {
    (CV_SUCCESS, CV_TSTOP_RETURN, CV_ROOT_RETURN)
  }

  static var honoursStopTime: Bool { true }

  func setStopTime(_ t: Double) { CVodeSetStopTime(memory, t) }

  func step(toward t: Double, state: N_Vector, reached: inout Double) -> Int32 {
    CVode(memory, t, state, &reached, CV_ONE_STEP)
  }

  func derivative(at t: Double, order k: Int32, into vector: N_Vector) -> Int32 {
    CVodeGetDky(memory, t, k, vector)
  }

  var internalTime: Double {
    var t = 0.0
    CVodeGetCurrentTime(memory, &t)
    return t
  }

  var interpolantDegree: Int {
    var q: Int32 = 1
    CVodeGetCurrentOrder(memory, &q)
    return Int(q)
  }

  func rootInfo(_ output: UnsafeMutablePointer<Int32>) { CVodeGetRootInfo(memory, output) }

  func reinitialize(time: Double, state: N_Vector) -> Int32 { CVodeReInit(memory, time, state) }

  func setUserData(_ pointer: UnsafeMutableRawPointer) {
    CVodeSetUserData(memory, pointer)
    CVodeSetErrHandlerFn(memory, sundialsErrorHandler, pointer)
  }

  func flagName(_ flag: Int32) -> String { takeFlagName(CVodeGetReturnFlagName(Int(flag)), fallback: flag) }

  func counters(eventCount: Int) -> SolverStatistics {
    var steps = 0, rhs = 0, lsRHS = 0, jac = 0, setups = 0, errorFails = 0, iters = 0, convFails = 0, g = 0
    CVodeGetNumSteps(memory, &steps)
    CVodeGetNumRhsEvals(memory, &rhs)
    CVodeGetNumLinRhsEvals(memory, &lsRHS)
    CVodeGetNumJacEvals(memory, &jac)
    CVodeGetNumLinSolvSetups(memory, &setups)
    CVodeGetNumErrTestFails(memory, &errorFails)
    CVodeGetNumNonlinSolvIters(memory, &iters)
    CVodeGetNumNonlinSolvConvFails(memory, &convFails)
    if eventCount > 0 { CVodeGetNumGEvals(memory, &g) }
    return SolverStatistics(
      steps: steps, functionEvaluations: rhs + lsRHS, jacobianEvaluations: jac, linearSolverSetups: setups,
      errorTestFailures: errorFails, nonlinearIterations: iters, convergenceFailures: convFails,
      eventFunctionEvaluations: g)
  }
}
