/// The linear solver used inside an implicit method's Newton iteration.
public enum LinearSolver: Sendable, Equatable {
  /// Dense LU (`SUNLinSol_Dense`), cost O(n^3) per factorisation.
  case dense
  /// Banded LU (`SUNLinSol_Band`) with the given half-bandwidths, cost O(n * upper * lower).
  case band(upper: Int, lower: Int)
}

/// An algorithm for ``ODEProblem``: which library, which method, which settings.
///
/// Swapping solvers changes one argument of ``solve(_:_:options:events:)``:
/// ```swift
/// let stiff = try solve(rober, .cvodeBDF())
/// let explicit = try solve(rober, .gslRK8PD)
/// ```
public struct ODEAlgorithm: Sendable, Equatable, CustomStringConvertible {
  enum Kind: Sendable, Equatable {
    case cvode(bdf: Bool, LinearSolver, maxOrder: Int?)
    case arkode(ARKMethod, order: Int?, LinearSolver)
    case gsl(GSLStepper)
  }

  enum ARKMethod: String, Sendable, Equatable { case explicit, implicit, imex }
  enum GSLStepper: String, Sendable, Equatable { case rk8pd, rkf45, msbdf }

  let kind: Kind

  /// CVODE variable-order BDF (orders 1-5) with Newton iteration: the method for stiff problems.
  ///
  /// Hindmarsh et al., "SUNDIALS: Suite of nonlinear and differential/algebraic equation solvers",
  /// ACM TOMS 31 (2005) 363.
  public static func cvodeBDF(linearSolver: LinearSolver = .dense, maxOrder: Int? = nil) -> ODEAlgorithm {
    ODEAlgorithm(kind: .cvode(bdf: true, linearSolver, maxOrder: maxOrder))
  }

  /// CVODE variable-order Adams-Moulton (orders 1-12) with Newton iteration, for non-stiff problems
  /// needing high accuracy.
  public static func cvodeAdams(linearSolver: LinearSolver = .dense, maxOrder: Int? = nil) -> ODEAlgorithm {
    ODEAlgorithm(kind: .cvode(bdf: false, linearSolver, maxOrder: maxOrder))
  }

  /// ARKODE explicit Runge-Kutta (ARKStep with only an explicit part); default order 4.
  public static func arkodeERK(order: Int? = nil) -> ODEAlgorithm {
    ODEAlgorithm(kind: .arkode(.explicit, order: order, .dense))
  }

  /// ARKODE diagonally implicit Runge-Kutta (ARKStep with only an implicit part); default order 4.
  public static func arkodeDIRK(order: Int? = nil, linearSolver: LinearSolver = .dense) -> ODEAlgorithm {
    ODEAlgorithm(kind: .arkode(.implicit, order: order, linearSolver))
  }

  /// ARKODE additive Runge-Kutta implicit-explicit: the stiff part of ``ODEProblem/splitting`` implicit,
  /// the non-stiff part explicit (Kennedy and Carpenter ARK tables); default order 4.
  public static func arkodeIMEX(order: Int? = nil, linearSolver: LinearSolver = .dense) -> ODEAlgorithm {
    ODEAlgorithm(kind: .arkode(.imex, order: order, linearSolver))
  }

  /// GSL Prince-Dormand explicit Runge-Kutta 8(9) (`gsl_odeiv2_step_rk8pd`).
  public static let gslRK8PD = ODEAlgorithm(kind: .gsl(.rk8pd))
  /// GSL Runge-Kutta-Fehlberg 4(5) (`gsl_odeiv2_step_rkf45`).
  public static let gslRKF45 = ODEAlgorithm(kind: .gsl(.rkf45))
  /// GSL variable-order BDF in Nordsieck form (`gsl_odeiv2_step_msbdf`), for stiff problems; uses the
  /// problem's Jacobian, or a forward-difference one when none is given.
  public static let gslMSBDF = ODEAlgorithm(kind: .gsl(.msbdf))

  /// The algorithm's name, e.g. `CVODE-BDF`.
  public var description: String {
    switch kind {
    case .cvode(let bdf, _, _): bdf ? "CVODE-BDF" : "CVODE-Adams"
    case .arkode(let method, _, _):
      switch method {
      case .explicit: "ARKODE-ERK"
      case .implicit: "ARKODE-DIRK"
      case .imex: "ARKODE-IMEX"
      }
    case .gsl(let stepper): "GSL-\(stepper.rawValue)"
    }
  }
}

/// An algorithm for ``DAEProblem``.
public struct DAEAlgorithm: Sendable, Equatable, CustomStringConvertible {
  let linearSolver: LinearSolver

  /// SUNDIALS IDA: variable-order variable-step BDF for index-1 DAEs.
  public static func ida(linearSolver: LinearSolver = .dense) -> DAEAlgorithm {
    DAEAlgorithm(linearSolver: linearSolver)
  }

  /// The algorithm's name.
  public var description: String { "IDA" }
}
