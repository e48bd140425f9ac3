/// What one call to a back end's `step` did.
enum BackendStep {
  /// One internal step was taken (or a step already taken was returned after a root).
  case advanced
  /// The step ended exactly at the requested stop time.
  case reachedStop
  /// An event function crossed zero; the back end's time and state are at the crossing.
  case root
  /// The solver gave up.
  case failed(SolverFailure)
}

/// One library's integrator, driven one step at a time by ``Integrator``.
///
/// Every back end follows SUNDIALS' one-step semantics: `step(until:)` never passes the stop time,
/// returns at located roots before the end of the step that found them, and after a root returns the
/// rest of that step on the next call.
protocol SteppingBackend: AnyObject {
  /// The time of ``currentState``.
  var time: Double { get }
  /// The state at ``time``, in the back end's own storage.
  var currentState: UnsafeMutableBufferPointer<Double> { get }
  /// Work counters summed over re-initialisations.
  var statistics: SolverStatistics { get }

  /// Takes one step toward `stopTime`.
  func step(until stopTime: Double) -> BackendStep
  /// Evaluates the last step's interpolant at `t` into `output`; `false` if `t` lies outside that step.
  func interpolate(at t: Double, into output: UnsafeMutableBufferPointer<Double>) -> Bool
  /// Appends the last step's interpolant, valid over `[start, end]`, to `dense`.
  func appendInterpolant(to dense: inout DenseOutput, from start: Double, to end: Double)
  /// Writes, per continuous event, +1 / -1 for an upward / downward crossing at the last root, 0 otherwise.
  func rootDirections(into output: UnsafeMutableBufferPointer<Int32>)
  /// Restarts from `state` at `time` with new callbacks (e.g. after a parameter change).
  func reinitialize(time: Double, state: UnsafeBufferPointer<Double>, callbacks: CallbackBox) -> SolverFailure?
}
