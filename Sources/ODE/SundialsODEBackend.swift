import CSundials

/// The calls in which CVODE and ARKStep differ; everything else about stepping them is shared by
/// ``SundialsODEBackend``. Each adapter owns its solver memory and frees it in `deinit`.
protocol SundialsODEStepper: AnyObject {
  /// The library's flags for a plain step, a step ending at the stop time, and a root return.
  static var stepFlags: (success: Int32, stopReturn: Int32, rootReturn: Int32) { get }
  /// Whether the library's stop time is accurate. ARKODE 5.4's is not: the step it shortens to reach
  /// `tstop` can carry a far larger error than the accepted steps (measured on y' = -0.7 y, DIRK,
  /// rtol 1e-9: 7e-6 relative at tstop against 1.4e-10 one step earlier), so for ARKStep the back end
  /// steps past the target and interpolates back, as ARKODE's own `ARK_NORMAL` mode does.
  static var honoursStopTime: Bool { get }
  func setStopTime(_ t: Double)
  func step(toward t: Double, state: N_Vector, reached: inout Double) -> Int32
  func derivative(at t: Double, order k: Int32, into vector: N_Vector) -> Int32
  var internalTime: Double { get }
  /// Degree of the polynomial the library interpolates with on its last step.
  var interpolantDegree: Int { get }
  func rootInfo(_ output: UnsafeMutablePointer<Int32>)
  func reinitialize(time: Double, state: N_Vector) -> Int32
  func setUserData(_ pointer: UnsafeMutableRawPointer)
  func flagName(_ flag: Int32) -> String
  func counters(eventCount: Int) -> SolverStatistics
}

/// A CVODE or ARKODE integrator in one-step mode behind the ``SteppingBackend`` interface.
final class SundialsODEBackend<Stepper: SundialsODEStepper>: SteppingBackend {
  private let resources: SundialsResources
  private let stepper: Stepper
  private var box: CallbackBox
  private var countsBeforeRestart = SolverStatistics()
  private(set) var time: Double

  init(resources: SundialsResources, stepper: Stepper, callbacks: CallbackBox, initialTime: Double) {
    self.resources = resources
    self.stepper = stepper
    box = callbacks
    time = initialTime
  }

  var currentState: UnsafeMutableBufferPointer<Double> { resources.stateBuffer }

  /// For libraries stepped past the target: a root found beyond the last returned time.
  private var pendingRoot: Double?

  func step(until stopTime: Double) -> BackendStep {
    if !Stepper.honoursStopTime { return stepPastAndInterpolate(until: stopTime) }
    stepper.setStopTime(stopTime)
    var reached = 0.0
    let flag = stepper.step(toward: stopTime, state: resources.state, reached: &reached)
    return classify(flag, reached: reached)
  }

  private func classify(_ flag: Int32, reached: Double) -> BackendStep {
    let flags = Stepper.stepFlags
    switch flag {
    case flags.success:
      time = reached
      return .advanced
    case flags.stopReturn:
      time = reached
      return .reachedStop
    case flags.rootReturn:
      time = reached
      return .root
    default:
      return .failed(
        sundialsFailure(
          code: classifyCVODEStyleFlag(flag), flag: flag, flagName: stepper.flagName(flag), time: time,
          box: box))
    }
  }

  /// One-step mode without a stop time: return at the target by interpolation when a step passes it,
  /// and hand out the rest of that step (or a root found in it) on the next call.
  private func stepPastAndInterpolate(until stopTime: Double) -> BackendStep {
    let forward = stopTime > time
    func isBefore(_ a: Double, _ b: Double) -> Bool { forward ? a < b : a > b }
    if let root = pendingRoot {
      if isBefore(stopTime, root) { return returnInterpolated(at: stopTime, as: .reachedStop) }
      pendingRoot = nil
      return returnInterpolated(at: root, as: .root)
    }
    let internalTime = stepper.internalTime
    if isBefore(time, internalTime) {
      if isBefore(stopTime, internalTime) { return returnInterpolated(at: stopTime, as: .reachedStop) }
      return returnInterpolated(at: internalTime, as: internalTime == stopTime ? .reachedStop : .advanced)
    }
    var reached = time
    let flag = stepper.step(toward: stopTime, state: resources.state, reached: &reached)
    let flags = Stepper.stepFlags
    if flag == flags.rootReturn, isBefore(stopTime, reached) {
      pendingRoot = reached
      return returnInterpolated(at: stopTime, as: .reachedStop)
    }
    if flag == flags.success, !isBefore(reached, stopTime) {
      return returnInterpolated(at: stopTime, as: .reachedStop)
    }
    return classify(flag, reached: reached)
  }

  private func returnInterpolated(at t: Double, as outcome: BackendStep) -> BackendStep {
    guard stepper.derivative(at: t, order: 0, into: resources.state) == 0 else {
      return .failed(
        SolverFailure(
          code: .otherFailure, flagName: "DKY_FAILED", flag: -1, time: time,
          message: "the interpolant could not be evaluated at t = \(t)"))
    }
    time = t
    return outcome
  }

  func interpolate(at t: Double, into output: UnsafeMutableBufferPointer<Double>) -> Bool {
    resources.interpolate(at: t, into: output, derivative: stepper.derivative)
  }

  func appendInterpolant(to dense: inout DenseOutput, from start: Double, to end: Double) {
    resources.appendInterpolant(
      to: &dense, from: start, to: end, center: stepper.internalTime, degree: stepper.interpolantDegree,
      derivative: stepper.derivative)
  }

  func rootDirections(into output: UnsafeMutableBufferPointer<Int32>) {
    stepper.rootInfo(output.baseAddress!)
  }

  func reinitialize(time: Double, state: UnsafeBufferPointer<Double>, callbacks: CallbackBox) -> SolverFailure? {
    countsBeforeRestart = statistics
    countsBeforeRestart.reinitializations += 1
    box = callbacks
    self.time = time
    pendingRoot = nil
    resources.load(state, into: resources.state)
    stepper.setUserData(callbacks.opaque)
    let flag = stepper.reinitialize(time: time, state: resources.state)
    guard flag >= 0 else {
      return SolverFailure(
        code: .otherFailure, flagName: stepper.flagName(flag), flag: flag, time: time,
        message: box.libraryMessage ?? "re-initialisation failed")
    }
    return nil
  }

  var statistics: SolverStatistics { countsBeforeRestart + stepper.counters(eventCount: box.eventCount) }
}

/// Throws ``ODEError/setupFailed(call:flag:)`` for a negative SUNDIALS flag.
func sundialsCheck(_ flag: Int32, _ call: String) throws(ODEError) {
  guard flag >= 0 else { throw .setupFailed(call: call, flag: flag) }
}
