/// An initial-value problem `y' = f(t, y, p)`, `y(t0) = y0`, as pure data.
///
/// A problem holds no solver state: the same problem can be handed to any ``ODEAlgorithm`` through
/// ``solve(_:_:options:events:)`` or an ``Integrator``. The right-hand side writes the derivative into
/// `dy`; it receives the state as an unsafe buffer so that the solver's own storage is used without a copy.
///
/// ```swift
/// let decay = ODEProblem(initialState: [1], timeSpan: 0...5, parameters: 0.7) { t, y, k, dy in
///   dy[0] = -k * y[0]
/// }
/// ```
///
/// The problem may also be given in split form `f = f_stiff + f_nonstiff` (``splitting``) for the
/// implicit-explicit (IMEX) ARKODE methods; every other algorithm integrates the sum.
public struct ODEProblem<Parameters> {
  /// The right-hand side `f(t, y, p, dy)`: writes `dy/dt` for time `t`, state `y` and parameters `p`.
  ///
  /// It may throw to abort the integration; the error is reported in the solution's ``SolverFailure``.
  public typealias RightHandSide = (
    _ t: Double, _ y: UnsafeBufferPointer<Double>, _ p: Parameters,
    _ dy: UnsafeMutableBufferPointer<Double>
  ) throws -> Void

  /// The Jacobian `J[i, j] = df_i/dy_j` of the right-hand side at `(t, y)`.
  ///
  /// The second argument is `f(t, y)` as the solver already computed it. Entries not written are zero.
  public typealias Jacobian = (
    _ t: Double, _ y: UnsafeBufferPointer<Double>, _ fy: UnsafeBufferPointer<Double>,
    _ p: Parameters, _ jacobian: JacobianMatrix
  ) throws -> Void

  /// The right-hand side.
  public var f: RightHandSide
  /// The analytic Jacobian, or `nil` for a difference-quotient approximation by the solver.
  public var jacobian: Jacobian?
  /// A stiff/non-stiff split of `f` (their sum must equal `f`), used by ``ODEAlgorithm/arkodeIMEX(order:)``.
  public var splitting: (stiff: RightHandSide, nonstiff: RightHandSide)?
  /// The state at the start of ``timeSpan``.
  public var initialState: [Double]
  /// Start and end time. The end may lie before the start to integrate backwards.
  public var timeSpan: (start: Double, end: Double)
  /// Parameters handed to every call of ``f`` and ``jacobian``; events may change them.
  public var parameters: Parameters

  /// The number of state components.
  public var dimension: Int { initialState.count }

  /// Creates a problem from a right-hand side with parameters.
  public init(
    initialState: [Double], timeSpan: ClosedRange<Double>, parameters: Parameters,
    jacobian: Jacobian? = nil, f: @escaping RightHandSide
  ) {
    self.init(
      initialState: initialState, timeSpan: (timeSpan.lowerBound, timeSpan.upperBound),
      parameters: parameters, jacobian: jacobian, f: f)
  }

  /// Creates a problem whose time span may run backwards (`end < start`).
  public init(
    initialState: [Double], timeSpan: (start: Double, end: Double), parameters: Parameters,
    jacobian: Jacobian? = nil, f: @escaping RightHandSide
  ) {
    self.f = f
    self.jacobian = jacobian
    self.initialState = initialState
    self.timeSpan = timeSpan
    self.parameters = parameters
  }

  /// Creates a problem in split form `f = stiff + nonstiff` for implicit-explicit methods.
  ///
  /// Non-IMEX algorithms integrate the sum, evaluated as two calls.
  public init(
    initialState: [Double], timeSpan: ClosedRange<Double>, parameters: Parameters,
    stiff: @escaping RightHandSide, nonstiff: @escaping RightHandSide
  ) {
    let dimension = initialState.count
    self.init(initialState: initialState, timeSpan: timeSpan, parameters: parameters) { t, y, p, dy in
      try stiff(t, y, p, dy)
      try withUnsafeTemporaryAllocation(of: Double.self, capacity: dimension) { extra in
        try nonstiff(t, y, p, extra)
        for i in 0..<dimension { dy[i] += extra[i] }
      }
    }
    self.splitting = (stiff, nonstiff)
  }
}

extension ODEProblem where Parameters == Void {
  /// Creates a problem without parameters.
  public init(
    initialState: [Double], timeSpan: ClosedRange<Double>, jacobian: Jacobian? = nil,
    f: @escaping (_ t: Double, _ y: UnsafeBufferPointer<Double>, _ dy: UnsafeMutableBufferPointer<Double>) throws -> Void
  ) {
    self.init(initialState: initialState, timeSpan: timeSpan, parameters: (), jacobian: jacobian) { t, y, _, dy in
      try f(t, y, dy)
    }
  }
}

/// A differential-algebraic problem `F(t, y, y', p) = 0` with `y(t0) = y0`, `y'(t0) = yp0`, as pure data.
///
/// Solved by ``DAEAlgorithm/ida(linearSolver:)`` (SUNDIALS IDA, variable-order BDF). When
/// ``differentialComponents`` is given, the initial conditions are made consistent before the first step
/// (`IDACalcIC` with `IDA_YA_YDP_INIT`: algebraic components of `y` and the derivatives of the
/// differential ones are corrected, the differential components of `y` are kept).
public struct DAEProblem<Parameters> {
  /// The residual `F(t, y, y', p)`, written into `r`.
  public typealias Residual = (
    _ t: Double, _ y: UnsafeBufferPointer<Double>, _ yp: UnsafeBufferPointer<Double>, _ p: Parameters,
    _ r: UnsafeMutableBufferPointer<Double>
  ) throws -> Void

  /// The iteration matrix `dF/dy + c * dF/dy'` at `(t, y, y')` with the solver's coefficient `c`.
  public typealias Jacobian = (
    _ t: Double, _ c: Double, _ y: UnsafeBufferPointer<Double>, _ yp: UnsafeBufferPointer<Double>,
    _ p: Parameters, _ jacobian: JacobianMatrix
  ) throws -> Void

  /// The residual function.
  public var residual: Residual
  /// The analytic iteration matrix, or `nil` for IDA's difference-quotient approximation.
  public var jacobian: Jacobian?
  /// `y` at the start time.
  public var initialState: [Double]
  /// `y'` at the start time (a guess if ``differentialComponents`` asks for a consistent start).
  public var initialDerivative: [Double]
  /// Which components are differential (`true`) and which algebraic (`false`); `nil` trusts the
  /// given initial values as consistent.
  public var differentialComponents: [Bool]?
  /// Start and end time.
  public var timeSpan: (start: Double, end: Double)
  /// Parameters handed to the residual; events may change them.
  public var parameters: Parameters

  /// The number of unknowns.
  public var dimension: Int { initialState.count }

  /// Creates a DAE problem.
  public init(
    initialState: [Double], initialDerivative: [Double], timeSpan: ClosedRange<Double>,
    parameters: Parameters, differentialComponents: [Bool]? = nil, jacobian: Jacobian? = nil,
    residual: @escaping Residual
  ) {
    self.residual = residual
    self.jacobian = jacobian
    self.initialState = initialState
    self.initialDerivative = initialDerivative
    self.differentialComponents = differentialComponents
    self.timeSpan = (timeSpan.lowerBound, timeSpan.upperBound)
    self.parameters = parameters
  }
}
