import CGSL

/// GSL's error handler aborts the process by default; TwinKit reads every status instead.
let gslErrorHandlerOff: Void = { _ = gsl_set_error_handler_off() }()

/// A GSL `odeiv2` stepper (rk8pd, rkf45, msbdf) driven one step at a time by `gsl_odeiv2_evolve_apply`.
///
/// GSL offers neither dense output nor event location, so this back end adds both on a cubic Hermite
/// interpolant per step (built from the state and derivative at both ends) and locates event roots
/// on it with GSL's Brent solver. Error control is `gsl_odeiv2_control_scaled` with
/// `D_i = atol_i + rtol |y_i|`, the same criterion SUNDIALS uses.
final class GSLBackend: SteppingBackend {
  private let system: UnsafeMutablePointer<gsl_odeiv2_system>
  private let driver: UnsafeMutablePointer<gsl_odeiv2_driver>
  private var box: CallbackBox
  private let n: Int
  private let storage: UnsafeMutableBufferPointer<Double>
  private let yStart, fStart, yEnd, fEnd, returned, hermite: UnsafeMutablePointer<Double>
  private let gStart, gEnd: UnsafeMutableBufferPointer<Double>
  private let rootFlags: UnsafeMutableBufferPointer<Int32>
  private let directions: [CrossingDirection]
  private let scaleAbs: UnsafeMutablePointer<Double>
  private let needsInterpolant: Bool
  /// Whether the stepper is a one-step Runge-Kutta method, whose `step_apply` keeps no history and so
  /// can be called for trial steps from the start of the last step.
  private let isOneStep: Bool
  private let trialError: UnsafeMutablePointer<Double>
  private var quinticValid = false
  private var tStart: Double
  private var tEnd: Double
  private var h: Double
  private var pendingStepEnd = false
  private var hermiteValid = false
  private var countsBeforeRestart = SolverStatistics()
  private var eventsFound = 0
  private(set) var time: Double

  init(
    callbacks: CallbackBox, stepper: ODEAlgorithm.GSLStepper, initialTime: Double, endTime: Double,
    initialState: [Double], eventDirections: [CrossingDirection], options: SolverOptions
  ) throws(ODEError) {
    _ = gslErrorHandlerOff
    box = callbacks
    n = callbacks.dimension
    directions = eventDirections
    needsInterpolant = true
    isOneStep = stepper != .msbdf
    storage = .allocate(capacity: 14 * n)
    storage.initialize(repeating: 0)
    yStart = storage.baseAddress!
    fStart = yStart + n
    yEnd = yStart + 2 * n
    fEnd = yStart + 3 * n
    returned = yStart + 4 * n
    hermite = yStart + 5 * n  // 6 n: room for a quintic
    trialError = yStart + 11 * n  // 3 n: trial step error and two interior states
    let m = max(eventDirections.count, 1)
    gStart = .allocate(capacity: m)
    gEnd = .allocate(capacity: m)
    gStart.initialize(repeating: 0)
    gEnd.initialize(repeating: 0)
    rootFlags = .allocate(capacity: m)
    rootFlags.initialize(repeating: 0)
    scaleAbs = .allocate(capacity: n)
    switch options.absoluteTolerance {
    case .scalar(let value): scaleAbs.initialize(repeating: value, count: n)
    case .perComponent(let values): scaleAbs.initialize(from: values, count: n)
    }
    system = .allocate(capacity: 1)
    system.initialize(
      to: gsl_odeiv2_system(function: gslRightHandSide, jacobian: gslJacobian, dimension: n, params: callbacks.opaque))
    let type: UnsafePointer<gsl_odeiv2_step_type> =
      switch stepper {
      case .rk8pd: twinkit_gsl_odeiv2_rk8pd()
      case .rkf45: twinkit_gsl_odeiv2_rkf45()
      case .msbdf: twinkit_gsl_odeiv2_msbdf()
      }
    let span = endTime - initialTime
    h = options.initialStep.map { span < 0 ? -$0 : $0 } ?? span * 1e-6
    guard
      let driver = gsl_odeiv2_driver_alloc_scaled_new(
        system, type, h, 1.0, options.relativeTolerance, 1.0, 0.0, scaleAbs)
    else { throw .setupFailed(call: "gsl_odeiv2_driver_alloc_scaled_new", flag: -1) }
    self.driver = driver
    if let hmax = options.maxStep { gsl_odeiv2_driver_set_hmax(driver, hmax) }
    time = initialTime
    tStart = initialTime
    tEnd = initialTime
    for i in 0..<n { yEnd[i] = initialState[i] }
    if let failure = restart() { throw .invalidProblem(failure.description) }
  }

  deinit {
    gsl_odeiv2_driver_free(driver)
    system.deallocate()
    storage.deallocate()
    gStart.deallocate()
    gEnd.deallocate()
    rootFlags.deallocate()
    scaleAbs.deallocate()
  }

  var currentState: UnsafeMutableBufferPointer<Double> { UnsafeMutableBufferPointer(start: returned, count: n) }

  private var evolve: UnsafeMutablePointer<gsl_odeiv2_evolve> { driver.pointee.e }

  /// Evaluates f and the event functions at the current `(tEnd, yEnd)` after a (re)start.
  private func restart() -> SolverFailure? {
    time = tEnd
    for i in 0..<n { returned[i] = yEnd[i] }
    if box.evaluate(box.rightHandSide, tEnd, yEnd, fEnd) != .ok {
      return failure(code: .functionFailure, flag: Int32(GSL_EBADFUNC), name: "GSL_EBADFUNC")
    }
    box.evaluationCounter.pointee += 1
    evaluateEvents(at: tEnd, state: yEnd, into: gStart)
    pendingStepEnd = false
    return nil
  }

  private func evaluateEvents(at t: Double, state: UnsafeMutablePointer<Double>, into g: UnsafeMutableBufferPointer<Double>) {
    guard let events = box.eventFunctions else { return }
    events(t, UnsafeBufferPointer(start: state, count: n), UnsafeMutableBufferPointer(rebasing: g[0..<box.eventCount]))
  }

  private func failure(code: ReturnCode, flag: Int32, name: String) -> SolverFailure {
    SolverFailure(
      code: code, flagName: name, flag: flag, time: tEnd,
      message: box.callbackFailure ?? String(cString: gsl_strerror(flag)))
  }

  func step(until stopTime: Double) -> BackendStep {
    if !pendingStepEnd {
      for i in 0..<n {
        yStart[i] = yEnd[i]
        fStart[i] = fEnd[i]
      }
      tStart = tEnd
      let status = gsl_odeiv2_evolve_apply(
        evolve, driver.pointee.c, driver.pointee.s, system, &tEnd, stopTime, &h, yEnd)
      guard status == Int32(GSL_SUCCESS) else {
        let code: ReturnCode = status == Int32(GSL_EBADFUNC) ? .functionFailure : .errorTestFailure
        return .failed(failure(code: code, flag: status, name: gslErrorName(status)))
      }
      hermiteValid = false
      quinticValid = false
      if needsInterpolant {
        guard box.evaluate(box.rightHandSide, tEnd, yEnd, fEnd) == .ok else {
          return .failed(failure(code: .functionFailure, flag: Int32(GSL_EBADFUNC), name: "GSL_EBADFUNC"))
        }
        box.evaluationCounter.pointee += 1
      }
    }
    if box.eventCount > 0, let root = locateRoot() {
      _ = interpolate(at: root, into: currentState)
      time = root
      pendingStepEnd = true
      evaluateEvents(at: root, state: returned, into: gStart)
      for k in 0..<box.eventCount where rootFlags[k] != 0 { gStart[k] = 0 }
      eventsFound += 1
      return .root
    }
    pendingStepEnd = false
    if box.eventCount > 0 { for k in 0..<box.eventCount { gStart[k] = gEnd[k] } }
    for i in 0..<n { returned[i] = yEnd[i] }
    time = tEnd
    return tEnd == stopTime ? .reachedStop : .advanced
  }


  /// Finds the earliest event crossing in `(time, tEnd]`, setting ``rootFlags``; `nil` if none.
  private func locateRoot() -> Double? {
    evaluateEvents(at: tEnd, state: yEnd, into: gEnd)
    let forward = tEnd > time
    // An event function that is zero where the search starts (after a restart at its root) takes
    // its sign from a point just past the start, as CVODE does (Hindmarsh et al. 2005, section 2.4).
    let offset = (forward ? 1 : -1) * 100 * Double.ulpOfOne * max(abs(time), abs(tEnd - time))
    var start = time
    if (0..<box.eventCount).contains(where: { gStart[$0] == 0 && gEnd[$0] != 0 }), abs(tEnd - time) > abs(offset) {
      start = time + offset
      withUnsafeTemporaryAllocation(of: Double.self, capacity: n + box.eventCount) { scratch in
        let y = UnsafeMutableBufferPointer(rebasing: scratch[0..<n])
        let g = UnsafeMutableBufferPointer(rebasing: scratch[n...])
        _ = interpolate(at: start, into: y)  // start lies within the step
        box.eventFunctions!(start, UnsafeBufferPointer(y), g)
        for k in 0..<box.eventCount where gStart[k] == 0 { gStart[k] = g[k] }
      }
    }
    var earliest: Double?
    for k in 0..<box.eventCount {
      rootFlags[k] = 0
      let a = gStart[k], b = gEnd[k]
      guard a != 0, a.sign != b.sign || b == 0 else { continue }
      let rising = b > a
      switch directions[k] {
      case .upward where !rising, .downward where rising: continue
      default: break
      }
      let root = b == 0 ? tEnd : brentRoot(event: k, from: start, to: tEnd)
      rootFlags[k] = rising ? 1 : -1
      if let e = earliest, forward ? root >= e : root <= e {
        if root != e { rootFlags[k] = 0 }
        continue
      }
      // A strictly earlier root clears the flags of the later ones.
      for j in 0..<k where rootFlags[j] != 0 { rootFlags[j] = 0 }
      earliest = root
    }
    return earliest
  }

  /// Brent's method (GSL `gsl_root_fsolver_brent`) on event `k` along the Hermite interpolant.
  ///
  /// Returns the end of the final bracket past the crossing, as SUNDIALS does, so that the event
  /// function has changed sign at the returned time. Tolerance: 100 u max(|t|, |h|) (CVODE's `ttol`).
  private func brentRoot(event k: Int, from a: Double, to b: Double) -> Double {
    let tolerance = 100 * Double.ulpOfOne * max(abs(a), abs(b), abs(b - a))
    let bracket = brentBracket(in: a, b, tolerance: tolerance) { [unowned self] t in
      withUnsafeTemporaryAllocation(of: Double.self, capacity: n + box.eventCount) { scratch in
        let y = UnsafeMutableBufferPointer(rebasing: scratch[0..<n])
        let g = UnsafeMutableBufferPointer(rebasing: scratch[n...])
        _ = interpolate(at: t, into: y)
        box.eventFunctions!(t, UnsafeBufferPointer(y), g)
        return g[k]
      }
    }
    // The crossing lies in the step; if the search fails, its end is past it.
    guard let bracket else { return b }
    return b > a ? bracket.upper : bracket.lower
  }

  /// The state at `t` within the last step: for Runge-Kutta steppers a trial step of the same method
  /// from the step's start (as accurate as the step itself), for msbdf the cubic Hermite interpolant.
  func interpolate(at t: Double, into output: UnsafeMutableBufferPointer<Double>) -> Bool {
    let fuzz = 100 * Double.ulpOfOne * max(abs(tStart), abs(tEnd))
    guard t >= min(tStart, tEnd) - fuzz, t <= max(tStart, tEnd) + fuzz else { return false }
    if t == tEnd || tEnd == tStart {
      for i in 0..<n { output[i] = yEnd[i] }
      return true
    }
    if isOneStep {
      for i in 0..<n { output[i] = yStart[i] }
      let status = gsl_odeiv2_step_apply(
        driver.pointee.s, tStart, t - tStart, output.baseAddress!, trialError, fStart, nil, system)
      if status == Int32(GSL_SUCCESS) { return true }
    }
    ensureHermite()
    let s = t - tEnd
    for i in 0..<n {
      output[i] = ((hermite[3 * n + i] * s + hermite[2 * n + i]) * s + hermite[n + i]) * s + hermite[i]
    }
    return true
  }

  /// Builds the quintic Hermite interpolant through `y, f` at both ends of the step and the states at
  /// its thirds (from trial steps): error O(h^6), enough to follow rk8pd's long steps.
  private func ensureQuintic() -> Bool {
    if quinticValid { return true }
    let h = tEnd - tStart
    let third = trialError + n
    let twoThirds = trialError + 2 * n
    guard interpolate(at: tEnd - h / 3, into: UnsafeMutableBufferPointer(start: third, count: n)),
      interpolate(at: tEnd - 2 * h / 3, into: UnsafeMutableBufferPointer(start: twoThirds, count: n))
    else { return false }
    let inverse = quinticHermiteInverse
    for i in 0..<n {
      let slope = fEnd[i] * h
      let r = (
        yStart[i] - yEnd[i] + slope, h * (fStart[i] - fEnd[i]),
        third[i] - yEnd[i] + slope / 3, twoThirds[i] - yEnd[i] + 2 * slope / 3
      )
      hermite[i] = yEnd[i]
      hermite[n + i] = fEnd[i]
      var power = h * h
      for k in 0..<4 {
        let d = inverse[4 * k] * r.0 + inverse[4 * k + 1] * r.1 + inverse[4 * k + 2] * r.2 + inverse[4 * k + 3] * r.3
        hermite[(k + 2) * n + i] = d / power
        power *= h
      }
    }
    hermiteValid = false  // the buffer now holds the quintic
    quinticValid = true
    return true
  }

  private func ensureHermite() {
    guard !hermiteValid else { return }
    hermiteTaylorCoefficients(
      t0: tStart, y0: yStart, f0: fStart, t1: tEnd, y1: yEnd, f1: fEnd, dimension: n,
      into: UnsafeMutableBufferPointer(start: hermite, count: 4 * n))
    hermiteValid = true
    quinticValid = false
  }

  func appendInterpolant(to dense: inout DenseOutput, from start: Double, to end: Double) {
    let degree: Int
    if isOneStep, tEnd != tStart, ensureQuintic() {
      degree = 5
    } else {
      ensureHermite()
      degree = 3
    }
    let source = UnsafeBufferPointer(start: hermite, count: (degree + 1) * n)
    dense.append(start: start, end: end, center: tEnd, degree: degree) { c in
      _ = c.initialize(from: source)
    }
  }

  func rootDirections(into output: UnsafeMutableBufferPointer<Int32>) {
    for k in 0..<box.eventCount { output[k] = rootFlags[k] }
  }

  func reinitialize(time: Double, state: UnsafeBufferPointer<Double>, callbacks: CallbackBox) -> SolverFailure? {
    countsBeforeRestart = statistics
    countsBeforeRestart.reinitializations += 1
    box = callbacks
    system.pointee.params = callbacks.opaque
    gsl_odeiv2_driver_reset(driver)
    tEnd = time
    tStart = time
    for i in 0..<n { yEnd[i] = state[i] }
    hermiteValid = false
    quinticValid = false
    return restart()
  }

  var statistics: SolverStatistics {
    var s = countsBeforeRestart
    // `count` counts calls to evolve_apply, each of which ends in one accepted step.
    s.steps += Int(evolve.pointee.count)
    s.errorTestFailures += Int(evolve.pointee.failed_steps)
    s.functionEvaluations = box.evaluationCounter.pointee
    return s
  }
}

private func gslErrorName(_ status: Int32) -> String {
  switch status {
  case Int32(GSL_EBADFUNC): "GSL_EBADFUNC"
  case Int32(GSL_FAILURE): "GSL_FAILURE"
  case Int32(GSL_ENOPROG): "GSL_ENOPROG"
  case Int32(GSL_EMAXITER): "GSL_EMAXITER"
  default: "GSL status \(status)"
  }
}

/// A scalar function for GSL's root solvers.
// MARK: - odeiv2 callbacks

private func gslRightHandSide(
  _ t: Double, _ y: UnsafePointer<Double>?, _ dydt: UnsafeMutablePointer<Double>?, _ params: UnsafeMutableRawPointer?
) -> Int32 {
  CallbackBox.with(params) { box in
    box.evaluationCounter.pointee += 1
    switch box.evaluate(box.rightHandSide, t, UnsafeMutablePointer(mutating: y!), dydt!) {
    case .ok: return Int32(GSL_SUCCESS)
    case .recoverable: return Int32(GSL_FAILURE)
    case .fatal: return Int32(GSL_EBADFUNC)
    }
  }
}

/// The Jacobian for `msbdf`: the user's if given (written row-major), else forward differences
/// with the increment sqrt(u) max(|y_j|, 1e-8) (Dennis and Schnabel, Numerical Methods for
/// Unconstrained Optimization, section 5.4); `dfdt` always by forward difference.
private func gslJacobian(
  _ t: Double, _ y: UnsafePointer<Double>?, _ dfdy: UnsafeMutablePointer<Double>?,
  _ dfdt: UnsafeMutablePointer<Double>?, _ params: UnsafeMutableRawPointer?
) -> Int32 {
  let box = CallbackBox.from(params)
  let n = box.dimension
  let y = UnsafeMutablePointer(mutating: y!)
  let status = withUnsafeTemporaryAllocation(of: Double.self, capacity: 3 * n) { scratch -> Int32 in
    let f0 = scratch.baseAddress!
    let f1 = f0 + n
    let yShift = f0 + 2 * n
    guard box.evaluate(box.rightHandSide, t, y, f0) == .ok else { return Int32(GSL_EBADFUNC) }
    let rootEps = Double.ulpOfOne.squareRoot()
    let dt = rootEps * max(abs(t), 1)
    guard box.evaluate(box.rightHandSide, t + dt, y, f1) == .ok else { return Int32(GSL_EBADFUNC) }
    for i in 0..<n { dfdt![i] = (f1[i] - f0[i]) / dt }
    box.evaluationCounter.pointee += 2
    let matrix = JacobianMatrix(base: dfdy!, rowStride: n, columnStride: 1, dimension: n)
    if let jacobian = box.jacobian {
      for k in 0..<(n * n) { dfdy![k] = 0 }
      do {
        try jacobian(t, UnsafeBufferPointer(start: y, count: n), UnsafeBufferPointer(start: f0, count: n), matrix)
      } catch {
        box.recordFailure("the Jacobian threw at t = \(t): \(error)")
        return Int32(GSL_EBADFUNC)
      }
      return Int32(GSL_SUCCESS)
    }
    for j in 0..<n {
      for i in 0..<n { yShift[i] = y[i] }
      let dy = rootEps * max(abs(y[j]), 1e-8)
      yShift[j] += dy
      guard box.evaluate(box.rightHandSide, t, yShift, f1) == .ok else { return Int32(GSL_EBADFUNC) }
      for i in 0..<n { matrix[i, j] = (f1[i] - f0[i]) / dy }
    }
    box.evaluationCounter.pointee += n
    return Int32(GSL_SUCCESS)
  }
  return status
}

/// The inverse of the 4x4 system for the quintic Hermite coefficients `d_2..d_5` of
/// `p(u) = y1 + f1 h u + sum d_k u^k`, `u = (t - t1) / h`, from the conditions at `u = -1` (value and
/// slope) and the values at `u = -1/3` and `u = -2/3`; row-major, inverted once with GSL's LU.
private let quinticHermiteInverse: [Double] = {
  let nodes: [(Double, derivative: Bool)] = [(-1, false), (-1, true), (-1.0 / 3, false), (-2.0 / 3, false)]
  let matrix = gsl_matrix_alloc(4, 4)!
  let inverse = gsl_matrix_alloc(4, 4)!
  let permutation = gsl_permutation_alloc(4)!
  defer {
    gsl_matrix_free(matrix)
    gsl_matrix_free(inverse)
    gsl_permutation_free(permutation)
  }
  for (row, node) in nodes.enumerated() {
    for column in 0..<4 {
      let k = column + 2
      let power = { (e: Int) in (0..<e).reduce(1.0) { product, _ in product * node.0 } }
      let entry = node.derivative ? Double(k) * power(k - 1) : power(k)
      gsl_matrix_set(matrix, row, column, entry)
    }
  }
  var sign: Int32 = 0
  gsl_linalg_LU_decomp(matrix, permutation, &sign)
  gsl_linalg_LU_invert(matrix, permutation, inverse)
  return (0..<16).map { gsl_matrix_get(inverse, $0 / 4, $0 % 4) }
}()
