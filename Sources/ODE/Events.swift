/// The direction in which an event condition must cross zero to fire.
public enum CrossingDirection: Int32, Sendable {
  /// From negative to positive.
  case upward = 1
  /// From positive to negative.
  case downward = -1
  /// Either way.
  case either = 0
}

/// What an event action sees and may change: the time, the state, the parameters.
///
/// Changing ``state`` or ``parameters`` restarts the solver from the changed values (a state jump or a
/// switched right-hand side must not be integrated across by a multistep history); calling ``stop()``
/// ends the integration at ``time`` with ``ReturnCode/terminated``.
public struct EventContext<Parameters> {
  /// The event time.
  public let time: Double
  /// The state at ``time``; assigning to it restarts the solver from the new state.
  public var state: [Double] { didSet { modified = true } }
  /// The parameters; assigning to them restarts the solver with the new right-hand side.
  public var parameters: Parameters { didSet { modified = true } }
  /// The index of the event in the list given to the solver.
  public let eventIndex: Int
  /// For a continuous event, the direction of the crossing that fired it (`.upward` or `.downward`).
  public let direction: CrossingDirection
  var modified = false
  var stopRequested = false

  init(time: Double, state: [Double], parameters: Parameters, eventIndex: Int, direction: CrossingDirection) {
    self.time = time
    self.state = state
    self.parameters = parameters
    self.eventIndex = eventIndex
    self.direction = direction
  }

  /// Ends the integration at this event.
  public mutating func stop() { stopRequested = true }
}

/// An event located where a continuous function of the state crosses zero.
///
/// The solver finds the crossing by root finding on its interpolant (SUNDIALS' `CVodeRootInit`,
/// `ARKStepRootInit`, `IDARootInit`; GSL steppers use Brent's method on a cubic Hermite interpolant),
/// then runs ``action`` there. This is DifferentialEquations.jl's `ContinuousCallback`.
public struct ContinuousEvent<Parameters> {
  /// The event function `g(t, y, p)`; the event fires where it crosses zero.
  public var condition: (_ t: Double, _ y: UnsafeBufferPointer<Double>, _ p: Parameters) -> Double
  /// Which crossings fire the event.
  public var direction: CrossingDirection
  /// What happens at the crossing.
  public var action: (inout EventContext<Parameters>) -> Void
  /// A name for traces and error messages.
  public var name: String

  /// Creates a continuous event.
  public init(
    _ name: String = "event", direction: CrossingDirection = .either,
    condition: @escaping (_ t: Double, _ y: UnsafeBufferPointer<Double>, _ p: Parameters) -> Double,
    action: @escaping (inout EventContext<Parameters>) -> Void
  ) {
    self.name = name
    self.direction = direction
    self.condition = condition
    self.action = action
  }
}

/// An event checked after every accepted step: when ``condition`` holds, ``action`` runs at the step's end.
///
/// This is DifferentialEquations.jl's `DiscreteCallback`.
public struct DiscreteEvent<Parameters> {
  /// Whether to fire after the step that ended at `t` with state `y`.
  public var condition: (_ t: Double, _ y: UnsafeBufferPointer<Double>, _ p: Parameters) -> Bool
  /// What happens when it fires.
  public var action: (inout EventContext<Parameters>) -> Void
  /// A name for traces and error messages.
  public var name: String

  /// Creates a discrete event.
  public init(
    _ name: String = "discrete event",
    condition: @escaping (_ t: Double, _ y: UnsafeBufferPointer<Double>, _ p: Parameters) -> Bool,
    action: @escaping (inout EventContext<Parameters>) -> Void
  ) {
    self.name = name
    self.condition = condition
    self.action = action
  }
}

/// The events handed to a solver.
public struct EventSet<Parameters> {
  /// Events located by root finding.
  public var continuous: [ContinuousEvent<Parameters>]
  /// Events checked after each step.
  public var discrete: [DiscreteEvent<Parameters>]

  /// Creates a set of events.
  public init(continuous: [ContinuousEvent<Parameters>] = [], discrete: [DiscreteEvent<Parameters>] = []) {
    self.continuous = continuous
    self.discrete = discrete
  }

  /// No events.
  public static var none: EventSet<Parameters> { EventSet() }
}
