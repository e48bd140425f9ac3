/// The user's functions in the non-generic form the C trampolines call, plus the error slot they fill.
///
/// A box is immutable in its functions: changing parameters builds a new box and hands it to the
/// solver as its user data. That keeps the hot right-hand-side path free of exclusivity checks.
final class CallbackBox {
  typealias StateFunction = (Double, UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) throws -> Void
  typealias JacobianFunction = (
    Double, UnsafeBufferPointer<Double>, UnsafeBufferPointer<Double>, JacobianMatrix
  ) throws -> Void
  typealias ResidualFunction = (
    Double, UnsafeBufferPointer<Double>, UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>
  ) throws -> Void
  typealias ResidualJacobianFunction = (
    Double, Double, UnsafeBufferPointer<Double>, UnsafeBufferPointer<Double>, JacobianMatrix
  ) throws -> Void
  typealias EventFunctions = (Double, UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) -> Void

  let dimension: Int
  let rightHandSide: StateFunction
  let split: (stiff: StateFunction, nonstiff: StateFunction)?
  let jacobian: JacobianFunction?
  let residual: ResidualFunction?
  let residualJacobian: ResidualJacobianFunction?
  let eventFunctions: EventFunctions?
  let eventCount: Int
  let checkFinite: Bool
  /// Counts function evaluations for back ends whose library does not (GSL).
  let evaluationCounter: UnsafeMutablePointer<Int>
  /// How many evaluations returned NaN or infinity (a pointer, so the step loop reads it without an
  /// exclusivity check).
  let nonFiniteCounter: UnsafeMutablePointer<Int>
  /// The first failure recorded in a callback (a thrown error or a non-finite value).
  var callbackFailure: String?
  /// The last message the C library reported through its error handler.
  var libraryMessage: String?

  init(
    dimension: Int, rightHandSide: @escaping StateFunction,
    split: (stiff: StateFunction, nonstiff: StateFunction)? = nil, jacobian: JacobianFunction? = nil,
    residual: ResidualFunction? = nil, residualJacobian: ResidualJacobianFunction? = nil,
    eventFunctions: EventFunctions?, eventCount: Int, checkFinite: Bool
  ) {
    self.dimension = dimension
    self.rightHandSide = rightHandSide
    self.split = split
    self.jacobian = jacobian
    self.residual = residual
    self.residualJacobian = residualJacobian
    self.eventFunctions = eventFunctions
    self.eventCount = eventCount
    self.checkFinite = checkFinite
    evaluationCounter = .allocate(capacity: 1)
    evaluationCounter.initialize(to: 0)
    nonFiniteCounter = .allocate(capacity: 1)
    nonFiniteCounter.initialize(to: 0)
  }

  deinit {
    evaluationCounter.deallocate()
    nonFiniteCounter.deallocate()
  }

  /// The opaque pointer handed to C as user data; valid while the box is alive.
  var opaque: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }

  static func from(_ pointer: UnsafeMutableRawPointer?) -> CallbackBox {
    Unmanaged<CallbackBox>.fromOpaque(pointer!).takeUnretainedValue()
  }

  /// Runs `body` on the box behind a C user-data pointer without retaining it: the solver that
  /// calls back holds the box alive for the duration of the call.
  @inline(__always)
  static func with<R>(_ pointer: UnsafeMutableRawPointer?, _ body: (CallbackBox) -> R) -> R {
    Unmanaged<CallbackBox>.fromOpaque(pointer!)._withUnsafeGuaranteedRef(body)
  }

  /// Outcome of a callback in the convention SUNDIALS and GSL share: 0 ok, > 0 recoverable, < 0 fatal.
  enum Status: Int32 {
    case ok = 0
    case recoverable = 1
    case fatal = -1
  }

  /// Evaluates `function` into `output` and checks the result.
  @inline(__always)
  func evaluate(
    _ function: StateFunction, _ t: Double, _ y: UnsafeMutablePointer<Double>,
    _ output: UnsafeMutablePointer<Double>
  ) -> Status {
    let n = dimension
    do {
      try function(t, UnsafeBufferPointer(start: y, count: n), UnsafeMutableBufferPointer(start: output, count: n))
    } catch {
      recordFailure("the right-hand side threw at t = \(t): \(error)")
      return .fatal
    }
    return checkFinite ? finiteCheck(output, t, what: "right-hand side") : .ok
  }

  @inline(__always)
  func finiteCheck(_ values: UnsafeMutablePointer<Double>, _ t: Double, what: String) -> Status {
    for i in 0..<dimension where !values[i].isFinite {
      nonFiniteCounter.pointee += 1
      recordFailure("the \(what) returned \(values[i]) in component \(i) at t = \(t)")
      return .recoverable
    }
    return .ok
  }

  func recordFailure(_ message: String) {
    if callbackFailure == nil { callbackFailure = message }
  }
}
