/// How an integration ended, named after the solver's own outcome.
public enum ReturnCode: String, Sendable, Equatable, CaseIterable {
  /// The end of the time span was reached.
  case success
  /// An event action asked to stop (``EventContext/stop()``).
  case terminated
  /// The step budget (``SolverOptions/maxSteps``) ran out (`CV_TOO_MUCH_WORK` and kin).
  case maxSteps
  /// The local error test failed repeatedly, or the step size fell below round-off (`CV_ERR_FAILURE`).
  case errorTestFailure
  /// The nonlinear (Newton) iteration failed to converge repeatedly (`CV_CONV_FAILURE`).
  case convergenceFailure
  /// The linear solver's set-up or solve failed (`CV_LSETUP_FAIL`, `CV_LSOLVE_FAIL`).
  case linearSolverFailure
  /// The right-hand side or residual threw, or kept producing NaN/infinity (`CV_RHSFUNC_FAIL` and kin).
  case functionFailure
  /// The event (root) function failed (`CV_RTFUNC_FAIL`).
  case eventFailure
  /// Consistent initial conditions could not be computed (`IDA_*` from `IDACalcIC`).
  case initialConditionFailure
  /// Any other failure the solver reported.
  case otherFailure

  /// Whether the integration reached its end or was stopped on purpose.
  public var isSuccessful: Bool { self == .success || self == .terminated }
}

/// Why and where an integration failed.
public struct SolverFailure: Error, Sendable, Equatable, CustomStringConvertible {
  /// The classified outcome.
  public var code: ReturnCode
  /// The library's return flag name, e.g. `CV_TOO_MUCH_WORK` or `GSL_EMAXITER`.
  public var flagName: String
  /// The raw return flag.
  public var flag: Int32
  /// The last time the solver reached with an accepted step (where the kept results end), in the
  /// problem's time unit.
  public var time: Double
  /// The solver's own message, or the user error's description.
  public var message: String

  /// One line naming the reason and the time.
  public var description: String {
    "\(code.rawValue) (\(flagName)) at t = \(time): \(message)"
  }
}

/// Work counters of one integration, summed over re-initialisations.
public struct SolverStatistics: Sendable, Equatable {
  /// Accepted steps.
  public var steps = 0
  /// Right-hand side (or residual) evaluations, including those for difference-quotient Jacobians.
  public var functionEvaluations = 0
  /// Jacobian evaluations (analytic or difference-quotient).
  public var jacobianEvaluations = 0
  /// Linear solver set-ups (factorisations).
  public var linearSolverSetups = 0
  /// Local error test failures.
  public var errorTestFailures = 0
  /// Nonlinear solver iterations.
  public var nonlinearIterations = 0
  /// Nonlinear solver convergence failures.
  public var convergenceFailures = 0
  /// Event (root) function evaluations.
  public var eventFunctionEvaluations = 0
  /// Continuous and discrete events whose action ran.
  public var eventsFired = 0
  /// Restarts after a state or parameter change.
  public var reinitializations = 0

  /// Creates zeroed counters.
  public init() {}

  init(
    steps: Int, functionEvaluations: Int, jacobianEvaluations: Int, linearSolverSetups: Int,
    errorTestFailures: Int, nonlinearIterations: Int, convergenceFailures: Int, eventFunctionEvaluations: Int
  ) {
    self.steps = steps
    self.functionEvaluations = functionEvaluations
    self.jacobianEvaluations = jacobianEvaluations
    self.linearSolverSetups = linearSolverSetups
    self.errorTestFailures = errorTestFailures
    self.nonlinearIterations = nonlinearIterations
    self.convergenceFailures = convergenceFailures
    self.eventFunctionEvaluations = eventFunctionEvaluations
  }

  static func + (a: SolverStatistics, b: SolverStatistics) -> SolverStatistics {
    var s = a
    s.steps += b.steps
    s.functionEvaluations += b.functionEvaluations
    s.jacobianEvaluations += b.jacobianEvaluations
    s.linearSolverSetups += b.linearSolverSetups
    s.errorTestFailures += b.errorTestFailures
    s.nonlinearIterations += b.nonlinearIterations
    s.convergenceFailures += b.convergenceFailures
    s.eventFunctionEvaluations += b.eventFunctionEvaluations
    s.eventsFired += b.eventsFired
    s.reinitializations += b.reinitializations
    return s
  }
}
