import CSundials

/// ARKODE's ARKStep calls for ``SundialsODEBackend``: explicit, diagonally implicit or IMEX
/// additive Runge-Kutta methods (Reynolds et al., ARKODE user guide v5.4).
final class ARKStepStepper: SundialsODEStepper {
  private let resources: SundialsResources
  private var memory: UnsafeMutableRawPointer?
  private var toleranceVector: N_Vector?
  private let explicitPart: ARKRhsFn?
  private let implicitPart: ARKRhsFn?
  private var cachedDegree: Int?

  /// Creates and configures an ARKStep integrator on `resources.state`.
  init(
    resources: SundialsResources, callbacks: CallbackBox, initialTime: Double, method: ODEAlgorithm.ARKMethod,
    order: Int?, options: SolverOptions
  ) throws(ODEError) {
    self.resources = resources
    switch method {
    case .explicit: (explicitPart, implicitPart) = (sundialsRightHandSide, nil)
    case .implicit: (explicitPart, implicitPart) = (nil, sundialsRightHandSide)
    case .imex:
      guard callbacks.split != nil else {
        throw .unsupportedCombination("ARKODE-IMEX needs a problem created with stiff: and nonstiff: parts")
      }
      (explicitPart, implicitPart) = (sundialsNonstiffPart, sundialsStiffPart)
    }
    guard let memory = ARKStepCreate(explicitPart, implicitPart, initialTime, resources.state, resources.context)
    else { throw .setupFailed(call: "ARKStepCreate", flag: -1) }
    self.memory = memory
    toleranceVector = makeToleranceVector(options.absoluteTolerance, resources: resources)
    if let toleranceVector {
      try sundialsCheck(ARKStepSVtolerances(memory, options.relativeTolerance, toleranceVector), "ARKStepSVtolerances")
    } else {
      try sundialsCheck(
        ARKStepSStolerances(memory, options.relativeTolerance, scalarTolerance(options.absoluteTolerance)),
        "ARKStepSStolerances")
    }
    setUserData(callbacks.opaque)
    try sundialsCheck(ARKStepSetMaxNumSteps(memory, -1), "ARKStepSetMaxNumSteps")
    try sundialsCheck(ARKStepSetMaxHnilWarns(memory, -1), "ARKStepSetMaxHnilWarns")
    if let q = order { try sundialsCheck(ARKStepSetOrder(memory, Int32(q)), "ARKStepSetOrder") }
    if let h = options.initialStep { try sundialsCheck(ARKStepSetInitStep(memory, h), "ARKStepSetInitStep") }
    if let h = options.maxStep { try sundialsCheck(ARKStepSetMaxStep(memory, h), "ARKStepSetMaxStep") }
    if implicitPart != nil {
      let (matrix, solver) = try resources.makeLinearSystem()
      try sundialsCheck(ARKStepSetLinearSolver(memory, solver, matrix), "ARKStepSetLinearSolver")
      if callbacks.jacobian != nil, method == .implicit {
        try sundialsCheck(
          ARKStepSetJacFn(memory, makeSundialsJacobian(kind: resources.linearSolverKind)), "ARKStepSetJacFn")
      }
    }
    if callbacks.eventCount > 0 {
      try sundialsCheck(
        ARKStepRootInit(memory, Int32(callbacks.eventCount), sundialsEventFunctions), "ARKStepRootInit")
      try sundialsCheck(ARKStepSetNoInactiveRootWarn(memory), "ARKStepSetNoInactiveRootWarn")
    }
  }

  /// Sets the crossing direction each event function watches.
  func setRootDirections(_ directions: [Int32]) throws(ODEError) {
    var copy = directions
    try sundialsCheck(ARKStepSetRootDirection(memory, &copy), "ARKStepSetRootDirection")
  }

  deinit {
    ARKStepFree(&memory)
    if let toleranceVector { N_VDestroy(toleranceVector) }
  }

  static var stepFlags: (success: Int32, stopReturn: Int32, rootReturn: Int32) {
    (ARK_SUCCESS, ARK_TSTOP_RETURN, ARK_ROOT_RETURN)
  }

  static var honoursStopTime: Bool { false }

  func setStopTime(_ t: Double) { ARKStepSetStopTime(memory, t) }

  func step(toward t: Double, state: N_Vector, reached: inout Double) -> Int32 {
    ARKStepEvolve(memory, t, state, &reached, ARK_ONE_STEP)
  }

  func derivative(at t: Double, order k: Int32, into vector: N_Vector) -> Int32 {
    ARKStepGetDky(memory, t, k, vector)
  }

  var internalTime: Double {
    var t = 0.0
    ARKStepGetCurrentTime(memory, &t)
    return t
  }

  /// The Hermite interpolant's degree: the highest derivative `ARKStepGetDky` accepts (probed once).
  var interpolantDegree: Int {
    if let cachedDegree { return cachedDegree }
    let t = internalTime
    var k: Int32 = 5
    while k > 1, ARKStepGetDky(memory, t, k, resources.work) != ARK_SUCCESS { k -= 1 }
    cachedDegree = Int(k)
    return Int(k)
  }

  func rootInfo(_ output: UnsafeMutablePointer<Int32>) { ARKStepGetRootInfo(memory, output) }

  func reinitialize(time: Double, state: N_Vector) -> Int32 {
    ARKStepReInit(memory, explicitPart, implicitPart, time, state)
  }

  func setUserData(_ pointer: UnsafeMutableRawPointer) {
    ARKStepSetUserData(memory, pointer)
    ARKStepSetErrHandlerFn(memory, sundialsErrorHandler, pointer)
  }

  func flagName(_ flag: Int32) -> String { takeFlagName(ARKStepGetReturnFlagName(Int(flag)), fallback: flag) }

  func counters(eventCount: Int) -> SolverStatistics {
    var steps = 0, fe = 0, fi = 0, lsRHS = 0, jac = 0, setups = 0, errorFails = 0, iters = 0, convFails = 0, g = 0
    ARKStepGetNumSteps(memory, &steps)
    ARKStepGetNumRhsEvals(memory, &fe, &fi)
    ARKStepGetNumErrTestFails(memory, &errorFails)
    if implicitPart != nil {
      ARKStepGetNumLinRhsEvals(memory, &lsRHS)
      ARKStepGetNumJacEvals(memory, &jac)
      ARKStepGetNumLinSolvSetups(memory, &setups)
      ARKStepGetNumNonlinSolvIters(memory, &iters)
      ARKStepGetNumNonlinSolvConvFails(memory, &convFails)
    }
    if eventCount > 0 { ARKStepGetNumGEvals(memory, &g) }
    return SolverStatistics(
      steps: steps, functionEvaluations: fe + fi + lsRHS, jacobianEvaluations: jac, linearSolverSetups: setups,
      errorTestFailures: errorFails, nonlinearIterations: iters, convergenceFailures: convFails,
      eventFunctionEvaluations: g)
  }
}
