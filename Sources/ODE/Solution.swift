/// The result of ``solve(_:_:options:events:)``: the saved states, how the solve ended, what it cost,
/// and (with dense output) the solver's own interpolant between steps.
///
/// A failed solve keeps everything up to the failure: ``times`` ends at the last good time and
/// ``failure`` names the reason.
public struct Solution<Problem, Algorithm> {
  /// The problem that was solved.
  public let problem: Problem
  /// The algorithm that solved it.
  public let algorithm: Algorithm
  /// The options used.
  public let options: SolverOptions
  /// How the solve ended.
  public let returnCode: ReturnCode
  /// Why it failed, if it did.
  public let failure: SolverFailure?
  /// The name of the event that stopped the solve, if one did.
  public let stoppingEvent: String?
  /// Work counters.
  public let statistics: SolverStatistics
  /// The saved times (a time repeats where an event changed the state: before, then after).
  public let times: [Double]
  /// The time the integration reached.
  public let finalTime: Double
  private let values: [Double]
  private let dense: DenseOutput?
  /// The number of state components.
  public let dimension: Int

  init(
    problem: Problem, algorithm: Algorithm, options: SolverOptions, recorder: Recorder, outcome: AdvanceOutcome,
    statistics: SolverStatistics, finalTime: Double
  ) {
    self.problem = problem
    self.algorithm = algorithm
    self.options = options
    self.statistics = statistics
    self.finalTime = finalTime
    times = recorder.times
    values = recorder.values
    dense = recorder.dense
    dimension = recorder.dimension
    switch outcome {
    case .reached: (returnCode, failure, stoppingEvent) = (.success, nil, nil)
    case .stopped(let name, _): (returnCode, failure, stoppingEvent) = (.terminated, nil, name)
    case .failed(let reason): (returnCode, failure, stoppingEvent) = (reason.code, reason, nil)
    }
  }

  /// The number of saved states.
  public var count: Int { times.count }

  /// The saved state with index `index`.
  public subscript(index: Int) -> ArraySlice<Double> {
    values[(index * dimension)..<((index + 1) * dimension)]
  }

  /// Component `component` at every saved time.
  public func component(_ component: Int) -> [Double] {
    precondition(component >= 0 && component < dimension, "component \(component) out of range")
    return stride(from: component, to: values.count, by: dimension).map { values[$0] }
  }

  /// The last saved state.
  public var finalState: [Double] { count > 0 ? Array(self[count - 1]) : [] }

  /// Whether the solution can be evaluated between saved times.
  public var hasDenseOutput: Bool { dense.map { !$0.isEmpty } ?? false }

  /// The state at time `t` from the solver's own interpolant.
  ///
  /// - Precondition: ``hasDenseOutput`` and `t` within the integrated interval.
  public func callAsFunction(_ t: Double) -> [Double] {
    guard let dense, let span = dense.span else {
      preconditionFailure("dense output is off: solve with saveAt: .everyStep or denseOutput: true")
    }
    precondition(span.contains(t), "t = \(t) lies outside the integrated interval \(span)")
    return [Double](unsafeUninitializedCapacity: dimension) { buffer, count in
      dense.evaluate(at: t, into: buffer)
      count = dimension
    }
  }
}

/// The solution of an ``ODEProblem``.
public typealias ODESolution<Parameters> = Solution<ODEProblem<Parameters>, ODEAlgorithm>
/// The solution of a ``DAEProblem``.
public typealias DAESolution<Parameters> = Solution<DAEProblem<Parameters>, DAEAlgorithm>

/// Solves an ODE problem over its whole time span.
///
/// - Parameters:
///   - problem: The problem.
///   - algorithm: Which solver, e.g. `.cvodeBDF()`, `.arkodeERK()`, `.gslRK8PD`.
///   - options: Tolerances, step limits, what to save.
///   - events: Continuous and discrete events.
/// - Returns: The solution; a numerical failure is a ``ReturnCode`` in it, not an error.
/// - Throws: ``ODEError`` when the problem or options are invalid before integration starts.
public func solve<Parameters>(
  _ problem: ODEProblem<Parameters>, _ algorithm: ODEAlgorithm, options: SolverOptions = SolverOptions(),
  events: EventSet<Parameters> = .none
) throws(ODEError) -> ODESolution<Parameters> {
  let integrator = try Integrator(problem, algorithm, options: options, events: events, recording: true)
  let (recorder, outcome) = integrator.finish()
  return Solution(
    problem: problem, algorithm: algorithm, options: options, recorder: recorder, outcome: outcome,
    statistics: integrator.statistics, finalTime: integrator.time)
}

/// Solves a DAE problem over its whole time span with IDA.
///
/// - Throws: ``ODEError`` when the problem or options are invalid, or consistent initial conditions
///   cannot be found.
public func solve<Parameters>(
  _ problem: DAEProblem<Parameters>, _ algorithm: DAEAlgorithm = .ida(), options: SolverOptions = SolverOptions(),
  events: EventSet<Parameters> = .none
) throws(ODEError) -> DAESolution<Parameters> {
  let integrator = try Integrator(problem, algorithm, options: options, events: events, recording: true)
  let (recorder, outcome) = integrator.finish()
  return Solution(
    problem: problem, algorithm: algorithm, options: options, recorder: recorder, outcome: outcome,
    statistics: integrator.statistics, finalTime: integrator.time)
}
