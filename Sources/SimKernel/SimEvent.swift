/// An event: something that happens at one simulated time, with a value or a failure, that processes
/// and callbacks can wait for (SimPy's `Event`).
///
/// Life cycle: *pending* -> *triggered* (``succeed(_:)`` or ``fail(_:)``; processing is scheduled at the
/// current time) -> *processed* (waiters resumed in the order they started waiting). A failed event that
/// nobody waits for stops the run with ``SimulationError/unhandledFailure(source:time:underlying:)``.
open class SimEvent: @unchecked Sendable, CustomStringConvertible {
  /// Where an event is in its life cycle.
  public enum State: Sendable { case pending, triggered, processed }

  /// Something that waits for an event.
  enum Waiter {
    case process(Process)
    case callback((SimEvent) -> Void)
  }

  /// The simulation the event belongs to. Unretained without checks (`unowned(unsafe)`): an event is
  /// touched on every kernel step, and a checked reference cost two atomic operations per touch. An event
  /// must not be used after its simulation is gone.
  public unowned(unsafe) let simulation: Simulation
  /// A name for traces and error messages.
  public let name: String
  /// Where the event is in its life cycle.
  public private(set) var state: State = .pending
  /// The value given to ``succeed(_:)``.
  public private(set) var value: (any Sendable)?
  /// The error given to ``fail(_:)``.
  public private(set) var error: (any Error)?
  var waiters: ContiguousArray<Waiter> = []

  /// Creates a pending event.
  public init(_ simulation: Simulation, name: String = "event") {
    self.simulation = simulation
    self.name = name
  }

  /// The event's name.
  public var description: String { name }

  /// Whether ``succeed(_:)`` or ``fail(_:)`` has been called.
  public var isTriggered: Bool { state != .pending }
  /// Whether the waiters have been resumed.
  public var isProcessed: Bool { state == .processed }

  /// Triggers the event with a value; its waiters resume at the current time.
  ///
  /// - Precondition: the event is pending.
  public func succeed(_ value: (any Sendable)? = nil, priority: Int = 0) {
    precondition(state == .pending, "\(name) has already been triggered")
    self.value = value
    state = .triggered
    _ = simulation.enqueue(at: simulation.now, priority: priority, .process(self))
  }

  /// Triggers the event with a failure; waiting processes get the error thrown into them.
  public func fail(_ error: any Error, priority: Int = 0) {
    precondition(state == .pending, "\(name) has already been triggered")
    self.error = error
    state = .triggered
    _ = simulation.enqueue(at: simulation.now, priority: priority, .process(self))
  }

  /// Marks the event triggered with a value and schedules its processing at `time` (for timeouts).
  func trigger(value: (any Sendable)?, at time: Double, priority: Int) {
    self.value = value
    state = .triggered
    _ = simulation.enqueue(at: time, priority: priority, .process(self))
  }

  /// Calls `callback` when the event is processed (immediately if it already was).
  public func onProcessed(_ callback: @escaping (SimEvent) -> Void) {
    if state == .processed { callback(self) } else { waiters.append(.callback(callback)) }
  }

  /// Resumes the waiters, in order; an unwaited failure stops the run.
  func processWaiters() {
    state = .processed
    let current = waiters
    waiters = []
    if let error, current.isEmpty {
      simulation.recordFailure(.unhandledFailure(source: failureSource, time: simulation.now, underlying: error))
    }
    for waiter in current {
      switch waiter {
      case .process(let process): process.resume(from: self)
      case .callback(let callback): callback(self)
      }
    }
    simulation.trace?.record(time: simulation.now, source: name, event: error == nil ? "processed" : "failed")
  }

  /// How the event names itself in a failure report.
  var failureSource: String { "event '\(name)'" }

  /// Removes a process that stopped waiting (it was interrupted); subclasses that hold a place in a
  /// queue give it up here.
  func abandon(by process: Process) {
    if let index = waiters.firstIndex(where: { if case .process(let p) = $0 { p === process } else { false } }) {
      waiters.remove(at: index)
    }
  }
}

/// An event that triggers itself after a delay (SimPy's `Timeout`), for use in conditions.
public final class Timeout: SimEvent, @unchecked Sendable {
  /// Creates a timeout that succeeds with `value` after `delay` time units.
  public init(_ simulation: Simulation, after delay: Double, value: (any Sendable)? = nil) {
    precondition(delay >= 0, "a timeout's delay must be non-negative, got \(delay)")
    super.init(simulation, name: "timeout(\(delay))")
    trigger(value: value, at: simulation.now + delay, priority: 0)
  }
}

/// An event that fires when a condition over other events holds (SimPy's `Condition`): ``anyOf(_:_:)``
/// and ``allOf(_:_:)``. Its value is the list of the sub-events processed so far, in the order given.
/// It fails as soon as one sub-event fails.
public final class Condition: SimEvent, @unchecked Sendable {
  /// The events the condition watches.
  public let events: [SimEvent]
  private let required: Int
  private var processedCount = 0

  init(_ simulation: Simulation, events: [SimEvent], required: Int, name: String) {
    self.events = events
    self.required = required
    super.init(simulation, name: name)
    if events.isEmpty || required == 0 {
      succeed([SimEvent]())
      return
    }
    // Weak: once the condition has fired and its waiters let go, slower sub-events must not keep it.
    for event in events { event.onProcessed { [weak self] in self?.check($0) } }
  }

  /// An event that fires when any of `events` has been processed.
  public static func anyOf(_ simulation: Simulation, _ events: [SimEvent]) -> Condition {
    Condition(simulation, events: events, required: 1, name: "any of \(events.count)")
  }

  /// An event that fires when all of `events` have been processed.
  public static func allOf(_ simulation: Simulation, _ events: [SimEvent]) -> Condition {
    Condition(simulation, events: events, required: events.count, name: "all of \(events.count)")
  }

  private func check(_ event: SimEvent) {
    guard state == .pending else { return }
    if let error = event.error {
      fail(error)
      return
    }
    processedCount += 1
    if processedCount >= required { succeed(events.filter { $0.isProcessed }) }
  }
}
