import CSundials

/// SUNDIALS IDA (variable-order BDF for `F(t, y, y') = 0`) in one-step mode.
///
/// When the problem names its differential components, `IDACalcIC` corrects the algebraic components
/// of `y` and the derivatives of the differential ones at the start and after every restart.
final class IDABackend: SteppingBackend {
  private let resources: SundialsResources
  private var memory: UnsafeMutableRawPointer?
  private let derivativeVector: N_Vector
  private var toleranceVector: N_Vector?
  private var idVector: N_Vector?
  private var box: CallbackBox
  private var countsBeforeRestart = SolverStatistics()
  private let initialConditionLookahead: Double
  private(set) var time: Double

  init(
    callbacks: CallbackBox, initialTime: Double, endTime: Double, initialState: [Double],
    initialDerivative: [Double], differentialComponents: [Bool]?, linearSolver: LinearSolver,
    options: SolverOptions
  ) throws(ODEError) {
    resources = try SundialsResources(dimension: callbacks.dimension, linearSolver: linearSolver)
    box = callbacks
    time = initialTime
    initialConditionLookahead = (endTime - initialTime) * 1e-6
    guard let yp = resources.makeVector(initialDerivative) else { throw .setupFailed(call: "N_VNew_Serial", flag: -1) }
    derivativeVector = yp
    initialState.withUnsafeBufferPointer { resources.load($0, into: resources.state) }
    guard let memory = IDACreate(resources.context) else { throw .setupFailed(call: "IDACreate", flag: -1) }
    self.memory = memory
    try sundialsCheck(IDAInit(memory, idaResidual, initialTime, resources.state, yp), "IDAInit")
    toleranceVector = makeToleranceVector(options.absoluteTolerance, resources: resources)
    if let toleranceVector {
      try sundialsCheck(IDASVtolerances(memory, options.relativeTolerance, toleranceVector), "IDASVtolerances")
    } else {
      try sundialsCheck(
        IDASStolerances(memory, options.relativeTolerance, scalarTolerance(options.absoluteTolerance)),
        "IDASStolerances")
    }
    setUserData(callbacks.opaque)
    try sundialsCheck(IDASetMaxNumSteps(memory, -1), "IDASetMaxNumSteps")
    if let h = options.initialStep { try sundialsCheck(IDASetInitStep(memory, h), "IDASetInitStep") }
    if let h = options.maxStep { try sundialsCheck(IDASetMaxStep(memory, h), "IDASetMaxStep") }
    let (matrix, solver) = try resources.makeLinearSystem()
    try sundialsCheck(IDASetLinearSolver(memory, solver, matrix), "IDASetLinearSolver")
    if callbacks.residualJacobian != nil {
      let jac: IDALsJacFn = linearSolver == .dense ? idaDenseJacobian : idaBandJacobian
      try sundialsCheck(IDASetJacFn(memory, jac), "IDASetJacFn")
    }
    if callbacks.eventCount > 0 {
      try sundialsCheck(IDARootInit(memory, Int32(callbacks.eventCount), idaEventFunctions), "IDARootInit")
      try sundialsCheck(IDASetNoInactiveRootWarn(memory), "IDASetNoInactiveRootWarn")
    }
    if let differentialComponents {
      guard differentialComponents.count == callbacks.dimension else {
        throw .invalidProblem(
          "differentialComponents has \(differentialComponents.count) entries, the state has \(callbacks.dimension)")
      }
      idVector = resources.makeVector(differentialComponents.map { $0 ? 1 : 0 })
      try sundialsCheck(IDASetId(memory, idVector), "IDASetId")
    }
  }

  /// Makes the initial conditions consistent if the problem named its differential components.
  func makeInitialConditionsConsistent() -> SolverFailure? {
    guard idVector != nil else { return nil }
    let flag = IDACalcIC(memory, IDA_YA_YDP_INIT, time + initialConditionLookahead)
    guard flag >= 0 else {
      return SolverFailure(
        code: .initialConditionFailure, flagName: flagName(flag), flag: flag, time: time,
        message: box.callbackFailure ?? box.libraryMessage ?? "IDACalcIC failed")
    }
    IDAGetConsistentIC(memory, resources.state, derivativeVector)
    return nil
  }

  /// Sets the crossing direction each event function watches.
  func setRootDirections(_ directions: [Int32]) throws(ODEError) {
    var copy = directions
    try sundialsCheck(IDASetRootDirection(memory, &copy), "IDASetRootDirection")
  }

  deinit {
    IDAFree(&memory)
    N_VDestroy(derivativeVector)
    if let toleranceVector { N_VDestroy(toleranceVector) }
    if let idVector { N_VDestroy(idVector) }
  }

  private func setUserData(_ pointer: UnsafeMutableRawPointer) {
    IDASetUserData(memory, pointer)
    IDASetErrHandlerFn(memory, sundialsErrorHandler, pointer)
  }

  private func flagName(_ flag: Int32) -> String { takeFlagName(IDAGetReturnFlagName(Int(flag)), fallback: flag) }

  private func derivative(_ t: Double, _ k: Int32, _ vector: N_Vector) -> Int32 { IDAGetDky(memory, t, k, vector) }

  var currentState: UnsafeMutableBufferPointer<Double> { resources.stateBuffer }

  func step(until stopTime: Double) -> BackendStep {
    IDASetStopTime(memory, stopTime)
    var reached = time
    let flag = IDASolve(memory, stopTime, &reached, resources.state, derivativeVector, IDA_ONE_STEP)
    switch flag {
    case IDA_SUCCESS:
      time = reached
      return .advanced
    case IDA_TSTOP_RETURN:
      time = reached
      return .reachedStop
    case IDA_ROOT_RETURN:
      time = reached
      return .root
    default:
      return .failed(
        sundialsFailure(code: classifyIDAFlag(flag), flag: flag, flagName: flagName(flag), time: time, box: box))
    }
  }

  func interpolate(at t: Double, into output: UnsafeMutableBufferPointer<Double>) -> Bool {
    resources.interpolate(at: t, into: output, derivative: derivative)
  }

  func appendInterpolant(to dense: inout DenseOutput, from start: Double, to end: Double) {
    var center = end
    var order: Int32 = 1
    IDAGetCurrentTime(memory, &center)
    IDAGetLastOrder(memory, &order)
    resources.appendInterpolant(
      to: &dense, from: start, to: end, center: center, degree: max(Int(order), 1), derivative: derivative)
  }

  func rootDirections(into output: UnsafeMutableBufferPointer<Int32>) { IDAGetRootInfo(memory, output.baseAddress) }

  func reinitialize(time: Double, state: UnsafeBufferPointer<Double>, callbacks: CallbackBox) -> SolverFailure? {
    countsBeforeRestart = statistics
    countsBeforeRestart.reinitializations += 1
    box = callbacks
    self.time = time
    resources.load(state, into: resources.state)
    setUserData(callbacks.opaque)
    let flag = IDAReInit(memory, time, resources.state, derivativeVector)
    guard flag >= 0 else {
      return SolverFailure(
        code: .otherFailure, flagName: flagName(flag), flag: flag, time: time,
        message: box.libraryMessage ?? "IDAReInit failed")
    }
    return makeInitialConditionsConsistent()
  }

  var statistics: SolverStatistics {
    var steps = 0, res = 0, lsRes = 0, jac = 0, setups = 0, errorFails = 0, iters = 0, convFails = 0, g = 0
    IDAGetNumSteps(memory, &steps)
    IDAGetNumResEvals(memory, &res)
    IDAGetNumLinResEvals(memory, &lsRes)
    IDAGetNumJacEvals(memory, &jac)
    IDAGetNumLinSolvSetups(memory, &setups)
    IDAGetNumErrTestFails(memory, &errorFails)
    IDAGetNumNonlinSolvIters(memory, &iters)
    IDAGetNumNonlinSolvConvFails(memory, &convFails)
    if box.eventCount > 0 { IDAGetNumGEvals(memory, &g) }
    return countsBeforeRestart
      + SolverStatistics(
        steps: steps, functionEvaluations: res + lsRes, jacobianEvaluations: jac, linearSolverSetups: setups,
        errorTestFailures: errorFails, nonlinearIterations: iters, convergenceFailures: convFails,
        eventFunctionEvaluations: g)
  }
}

// MARK: - C trampolines

private func idaResidual(
  _ t: Double, _ y: N_Vector?, _ yp: N_Vector?, _ r: N_Vector?, _ userData: UnsafeMutableRawPointer?
) -> Int32 {
  let box = CallbackBox.from(userData)
  let n = box.dimension
  let output = twinkit_nv_data(r)!
  do {
    try box.residual!(
      t, UnsafeBufferPointer(start: twinkit_nv_data(y), count: n), UnsafeBufferPointer(start: twinkit_nv_data(yp), count: n),
      UnsafeMutableBufferPointer(start: output, count: n))
  } catch {
    box.recordFailure("the residual threw at t = \(t): \(error)")
    return -1
  }
  return box.checkFinite ? box.finiteCheck(output, t, what: "residual").rawValue : 0
}

private func idaEventFunctions(
  _ t: Double, _ y: N_Vector?, _ yp: N_Vector?, _ gout: UnsafeMutablePointer<Double>?,
  _ userData: UnsafeMutableRawPointer?
) -> Int32 {
  sundialsEventFunctions(t, y, gout, userData)
}

private func idaDenseJacobian(
  _ t: Double, _ c: Double, _ y: N_Vector?, _ yp: N_Vector?, _ r: N_Vector?, _ jac: SUNMatrix?,
  _ userData: UnsafeMutableRawPointer?, _ tmp1: N_Vector?, _ tmp2: N_Vector?, _ tmp3: N_Vector?
) -> Int32 {
  let n = CallbackBox.from(userData).dimension
  return idaJacobian(t, c, y, yp, jacobianView(jac!, kind: .dense, dimension: n), userData)
}

private func idaBandJacobian(
  _ t: Double, _ c: Double, _ y: N_Vector?, _ yp: N_Vector?, _ r: N_Vector?, _ jac: SUNMatrix?,
  _ userData: UnsafeMutableRawPointer?, _ tmp1: N_Vector?, _ tmp2: N_Vector?, _ tmp3: N_Vector?
) -> Int32 {
  let n = CallbackBox.from(userData).dimension
  let kind = LinearSolver.band(
    upper: Int(SUNBandMatrix_UpperBandwidth(jac!)), lower: Int(SUNBandMatrix_LowerBandwidth(jac!)))
  return idaJacobian(t, c, y, yp, jacobianView(jac!, kind: kind, dimension: n), userData)
}

private func idaJacobian(
  _ t: Double, _ c: Double, _ y: N_Vector?, _ yp: N_Vector?, _ view: JacobianMatrix,
  _ userData: UnsafeMutableRawPointer?
) -> Int32 {
  let box = CallbackBox.from(userData)
  let n = box.dimension
  do {
    try box.residualJacobian!(
      t, c, UnsafeBufferPointer(start: twinkit_nv_data(y), count: n),
      UnsafeBufferPointer(start: twinkit_nv_data(yp), count: n), view)
  } catch {
    box.recordFailure("the Jacobian threw at t = \(t): \(error)")
    return -1
  }
  return 0
}
