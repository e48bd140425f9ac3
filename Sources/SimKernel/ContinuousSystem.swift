public import ODE

/// Continuous dynamics that the kernel advances between events (hybrid time).
///
/// Before the clock moves to the next event time, the kernel calls ``advance(to:)`` on every attached
/// component. A component that meets a zero crossing first stops there; the kernel then rewinds the
/// others to that time and processes the crossing (``fireCrossings()``) as an urgent event.
public protocol ContinuousComponent: AnyObject {
  /// Integrates toward `time`, stopping early at a crossing; returns the time reached.
  func advance(to time: Double) throws(SimulationError) -> Double
  /// Returns to `time`, which lies within the last advance (by integrating it again from its start).
  func rewind(to time: Double) throws(SimulationError)
  /// Whether crossings were found at the time last reached.
  var hasPendingCrossings: Bool { get }
  /// Announces the pending crossings; called by the kernel at their time.
  func fireCrossings()
}

/// An ODE system living on a simulation's clock: its state is integrated by the ODE layer between
/// events, processes change its state or parameters at event times, and the zero crossings of its
/// named conditions become kernel events that processes wait for.
///
/// ```swift
/// let tank = try ContinuousSystem(sim, name: "buffer tank", problem: pressureODE, crossings: [
///   .init("low", direction: .downward) { _, y, _ in y[0] - 350 },
///   .init("high", direction: .upward) { _, y, _ in y[0] - 450 },
/// ])
/// sim.process("compressor control") { p in
///   while true {
///     try p.wait(for: tank.crossing("low"))
///     try tank.update(parameters: .compressorOn)
///     try p.wait(for: tank.crossing("high"))
///     try tank.update(parameters: .compressorOff)
///   }
/// }
/// ```
public final class ContinuousSystem<Parameters>: ContinuousComponent, @unchecked Sendable {
  /// A named condition whose zero crossings become kernel events.
  public struct Crossing {
    /// The name processes wait for.
    public var name: String
    /// Which crossings count.
    public var direction: CrossingDirection
    /// The function whose zero is the crossing, `g(t, y, p)`.
    public var condition: (Double, UnsafeBufferPointer<Double>, Parameters) -> Double

    /// Creates a crossing.
    public init(
      _ name: String, direction: CrossingDirection = .either,
      condition: @escaping (Double, UnsafeBufferPointer<Double>, Parameters) -> Double
    ) {
      self.name = name
      self.direction = direction
      self.condition = condition
    }
  }

  /// Names of crossings the ODE layer reported during the current advance.
  private final class Found { var names: [String] = [] }

  /// The name used in errors and traces.
  public let name: String
  private unowned let simulation: Simulation
  private let integrator: Integrator<Parameters>
  private let found = Found()
  private var pending: [String] = []
  private var waiting: [String: SimEvent] = [:]
  private var lastStart: (time: Double, state: [Double], parameters: Parameters)

  /// Creates the system at the simulation's current time and attaches it to the simulation.
  ///
  /// The problem's time span must start at `simulation.now`; its end is the horizon beyond which the
  /// system cannot be advanced.
  /// - Throws: ``ODEError`` if the problem, algorithm or options are invalid.
  public init(
    _ simulation: Simulation, name: String, problem: ODEProblem<Parameters>, algorithm: ODEAlgorithm = .cvodeBDF(),
    options: SolverOptions = SolverOptions(saveAt: .finalState), crossings: [Crossing] = []
  ) throws(ODEError) {
    precondition(problem.timeSpan.start == simulation.now, "the problem must start at the simulation's current time")
    self.name = name
    self.simulation = simulation
    let found = found
    let events = crossings.map { crossing in
      ContinuousEvent<Parameters>(crossing.name, direction: crossing.direction, condition: crossing.condition) {
        context in
        found.names.append(crossing.name)
        context.stop()
      }
    }
    var quiet = options
    quiet.saveAt = .finalState
    integrator = try Integrator(problem, algorithm, options: quiet, events: EventSet(continuous: events))
    lastStart = (problem.timeSpan.start, problem.initialState, problem.parameters)
    simulation.attach(self)
  }

  /// The state at the current simulated time.
  public var state: [Double] { integrator.state }
  /// The parameters the right-hand side currently sees.
  public var parameters: Parameters { integrator.parameters }

  /// The event of the next crossing of the condition `name` (shared by every process that asks before it
  /// happens); its value is the crossing time.
  public func crossing(_ name: String) -> SimEvent {
    if let existing = waiting[name] { return existing }
    let event = SimEvent(simulation, name: "\(self.name): \(name)")
    waiting[name] = event
    return event
  }

  /// Jumps the state and/or changes the parameters at the current simulated time.
  ///
  /// - Throws: ``SimulationError/continuousFailure(component:time:reason:)`` if the solver cannot restart.
  public func update(state: [Double]? = nil, parameters: Parameters? = nil) throws(SimulationError) {
    precondition(integrator.time == simulation.now, "\(name) is at t = \(integrator.time), the clock at \(simulation.now)")
    do {
      try integrator.reinitialize(state: state, parameters: parameters)
    } catch {
      throw .continuousFailure(component: name, time: simulation.now, reason: error.description)
    }
  }

  // MARK: ContinuousComponent

  /// Integrates toward `time`, stopping at the first crossing; returns the time reached.
  public func advance(to time: Double) throws(SimulationError) -> Double {
    guard time > integrator.time else { return integrator.time }
    lastStart = (integrator.time, integrator.state, integrator.parameters)
    found.names.removeAll()
    switch integrator.advance(to: time) {
    case .reached:
      pending = found.names
      return time
    case .stopped(_, let at):
      pending = found.names
      return at
    case .failed(let failure):
      throw .continuousFailure(component: name, time: failure.time, reason: failure.description)
    }
  }

  /// Re-integrates from the start of the last advance to `time`.
  public func rewind(to time: Double) throws(SimulationError) {
    do {
      try integrator.reinitialize(time: lastStart.time, state: lastStart.state, parameters: lastStart.parameters)
    } catch {
      throw .continuousFailure(component: name, time: lastStart.time, reason: error.description)
    }
    found.names.removeAll()
    while integrator.time < time {
      if case .failed(let failure) = integrator.advance(to: time) {
        throw .continuousFailure(component: name, time: failure.time, reason: failure.description)
      }
    }
    pending = []
  }

  /// Whether crossings were found at the time last reached.
  public var hasPendingCrossings: Bool { !pending.isEmpty }

  /// Triggers the events of the crossings found, at the current time.
  public func fireCrossings() {
    let names = pending
    pending = []
    for name in names {
      simulation.trace?.record(time: simulation.now, source: self.name, event: "crossing \(name)")
      waiting.removeValue(forKey: name)?.succeed(simulation.now)
    }
  }
}
