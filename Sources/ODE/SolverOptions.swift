/// The absolute error tolerance: one value for all components or one per component.
public enum AbsoluteTolerance: Sendable, Equatable {
  /// The same absolute tolerance for every component.
  case scalar(Double)
  /// One absolute tolerance per state component.
  case perComponent([Double])
}

/// Which states a solution keeps.
public enum SaveSchedule: Sendable, Equatable {
  /// Every accepted step (and, unless ``SolverOptions/denseOutput`` is `false`, the interpolant).
  case everyStep
  /// Only these times, interpolated from the solver's own interpolant; must be sorted in the
  /// direction of integration and lie within the time span.
  case times([Double])
  /// Only the final state.
  case finalState
}

/// Settings shared by every algorithm, with the defaults of CVODE's documentation where one exists.
public struct SolverOptions: Sendable {
  /// Relative tolerance (default 1e-6).
  public var relativeTolerance: Double
  /// Absolute tolerance (default 1e-8 for every component).
  public var absoluteTolerance: AbsoluteTolerance
  /// Largest number of accepted steps over the whole solve (default 100,000); an ``Integrator`` counts
  /// from its creation or its last re-initialisation.
  public var maxSteps: Int
  /// First step size to try, in the units of time; `nil` lets the solver estimate it.
  public var initialStep: Double?
  /// Largest step size allowed, in the units of time; `nil` for no limit.
  public var maxStep: Double?
  /// Which states the solution keeps.
  public var saveAt: SaveSchedule
  /// Whether the solution keeps every step's interpolant for ``ODESolution/callAsFunction(_:)``.
  /// `nil` means: on when saving every step, off otherwise.
  public var denseOutput: Bool?
  /// Whether every right-hand-side result is checked for NaN or infinity (default on). A non-finite
  /// value makes the solver retry with a smaller step, and fail with a named reason if that persists.
  public var checkFinite: Bool

  /// Creates options; every argument has a default.
  public init(
    relativeTolerance: Double = 1e-6, absoluteTolerance: AbsoluteTolerance = .scalar(1e-8),
    maxSteps: Int = 100_000, initialStep: Double? = nil, maxStep: Double? = nil,
    saveAt: SaveSchedule = .everyStep, denseOutput: Bool? = nil, checkFinite: Bool = true
  ) {
    self.relativeTolerance = relativeTolerance
    self.absoluteTolerance = absoluteTolerance
    self.maxSteps = maxSteps
    self.initialStep = initialStep
    self.maxStep = maxStep
    self.saveAt = saveAt
    self.denseOutput = denseOutput
    self.checkFinite = checkFinite
  }

  /// Whether the interpolant of every step is kept.
  var keepsDenseOutput: Bool { denseOutput ?? (saveAt == .everyStep) }

  /// Checks the options against a problem's dimension and time span.
  func validate(dimension: Int, timeSpan: (start: Double, end: Double)) throws(ODEError) {
    guard relativeTolerance > 0, relativeTolerance.isFinite else {
      throw .invalidOptions("relativeTolerance must be a positive finite number, got \(relativeTolerance)")
    }
    switch absoluteTolerance {
    case .scalar(let value):
      guard value >= 0, value.isFinite else {
        throw .invalidOptions("absoluteTolerance must be a non-negative finite number, got \(value)")
      }
    case .perComponent(let values):
      guard values.count == dimension else {
        throw .invalidOptions("absoluteTolerance has \(values.count) components, the state has \(dimension)")
      }
      if let bad = values.firstIndex(where: { !($0 >= 0 && $0.isFinite) }) {
        throw .invalidOptions("absoluteTolerance[\(bad)] must be non-negative and finite, got \(values[bad])")
      }
    }
    guard maxSteps > 0 else { throw .invalidOptions("maxSteps must be positive, got \(maxSteps)") }
    if let h = initialStep, !(h > 0 && h.isFinite) {
      throw .invalidOptions("initialStep must be positive and finite, got \(h)")
    }
    if let h = maxStep, !(h > 0) { throw .invalidOptions("maxStep must be positive, got \(h)") }
    guard timeSpan.start.isFinite, timeSpan.end.isFinite, timeSpan.start != timeSpan.end else {
      throw .invalidProblem("the time span must have two different finite ends, got \(timeSpan)")
    }
    if case .times(let times) = saveAt {
      let direction = timeSpan.end > timeSpan.start ? 1.0 : -1.0
      for (k, t) in times.enumerated() {
        guard (t - timeSpan.start) * direction >= 0, (timeSpan.end - t) * direction >= 0 else {
          throw .invalidOptions("saveAt time \(t) lies outside the time span \(timeSpan)")
        }
        if k > 0, (t - times[k - 1]) * direction < 0 {
          throw .invalidOptions("saveAt times must be sorted in the direction of integration (at index \(k))")
        }
      }
    }
  }
}
