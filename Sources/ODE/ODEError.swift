/// An error found before integration starts: the problem or the options cannot be solved as given.
///
/// Failures during integration are not thrown: they end the solution with a ``ReturnCode`` and a
/// ``SolverFailure``, keeping the results up to that point.
public enum ODEError: Error, Equatable, Sendable, CustomStringConvertible {
  /// The options are inconsistent (e.g. a negative tolerance or a tolerance vector of the wrong size).
  case invalidOptions(String)
  /// The problem cannot be integrated (e.g. an empty state or a zero-length time span).
  case invalidProblem(String)
  /// The algorithm cannot solve this problem (e.g. IMEX without a split right-hand side).
  case unsupportedCombination(String)
  /// The C library refused to set up: names the call and its return flag.
  case setupFailed(call: String, flag: Int32)

  /// A one-line explanation.
  public var description: String {
    switch self {
    case .invalidOptions(let why): "invalid solver options: \(why)"
    case .invalidProblem(let why): "invalid problem: \(why)"
    case .unsupportedCombination(let why): "unsupported algorithm for this problem: \(why)"
    case .setupFailed(let call, let flag): "solver set-up failed: \(call) returned \(flag)"
    }
  }
}
