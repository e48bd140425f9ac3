/// A simulated activity written as straight-line async code (SimPy's `Process`), itself an event that
/// fires when the body returns.
///
/// The body receives its process and uses it to pass simulated time:
/// ```swift
/// sim.process("customer") { p in
///   let request = server.request(by: p)
///   try await p.wait(for: request)
///   try await p.hold(serviceTime)
///   server.release(request)
/// }
/// ```
/// Every `await` in a body must be one of the process's own waits (``hold(_:)``, ``wait(for:)``,
/// resource and store operations); awaiting anything else makes the run stop with
/// ``SimulationError/foreignAwait(time:)``.
public final class Process: SimEvent, @unchecked Sendable {
  /// What the process is suspended on.
  enum WaitTarget {
    case none
    case hold(EventHandle)
    case event(SimEvent)
  }

  /// Per-process mutable state behind a pointer (no exclusivity checks on the hot path).
  struct Suspension {
    var continuation: UnsafeContinuation<Void, any Error>?
    var target: WaitTarget = .none
    var pendingError: (any Error)?
  }

  let suspension: UnsafeMutablePointer<Suspension>
  /// Creation order, for deterministic iteration.
  let serial: Int
  private nonisolated(unsafe) static var counter = 0

  override init(_ simulation: Simulation, name: String) {
    suspension = .allocate(capacity: 1)
    suspension.initialize(to: Suspension())
    Process.counter &+= 1
    serial = Process.counter
    super.init(simulation, name: name)
  }

  deinit {
    suspension.deinitialize(count: 1)
    suspension.deallocate()
  }

  override var failureSource: String { "process '\(name)'" }

  /// The simulated time.
  public var now: Double { simulation.now }

  /// Whether the body is still running or waiting.
  public var isAlive: Bool { state == .pending }

  /// Whether the process is suspended in a wait.
  public var isWaiting: Bool { suspension.pointee.continuation != nil }

  // MARK: Waiting

  /// Passes `duration` (>= 0) time units (SimPy's `yield env.timeout(duration)`).
  ///
  /// - Throws: ``Interrupt`` if interrupted meanwhile.
  @inline(__always)
  public func hold(_ duration: Double) async throws {
    precondition(duration >= 0, "\(name): hold(\(duration)) needs a non-negative duration")
    let simulation = simulation
    let suspension = suspension
    try await withUnsafeThrowingContinuation { (continuation: UnsafeContinuation<Void, any Error>) in
      suspension.pointee.continuation = continuation
      suspension.pointee.target = .hold(
        simulation.enqueue(at: simulation.now + duration, priority: 0, .resume(self)))
    }
  }

  /// Passes time until the absolute time `time` (>= now).
  public func hold(until time: Double) async throws {
    try await hold(time - now)
  }

  /// Waits until `event` is processed and returns its value.
  ///
  /// - Throws: the event's failure, or ``Interrupt`` if interrupted meanwhile.
  @discardableResult
  public func wait(for event: SimEvent) async throws -> (any Sendable)? {
    if event.state == .processed {
      if let error = event.error { throw error }
      return event.value
    }
    let suspension = suspension
    try await withUnsafeThrowingContinuation { (continuation: UnsafeContinuation<Void, any Error>) in
      suspension.pointee.continuation = continuation
      suspension.pointee.target = .event(event)
      event.waiters.append(.process(self))
    }
    return event.value
  }

  /// Waits until any of `events` is processed; returns the processed ones.
  @discardableResult
  public func wait(forAnyOf events: [SimEvent]) async throws -> [SimEvent] {
    try await wait(for: Condition.anyOf(simulation, events)) as? [SimEvent] ?? []
  }

  /// Waits until all of `events` are processed.
  @discardableResult
  public func wait(forAllOf events: [SimEvent]) async throws -> [SimEvent] {
    try await wait(for: Condition.allOf(simulation, events)) as? [SimEvent] ?? []
  }

  // MARK: Resumption (called by the kernel)

  @inline(__always)
  func resumeAfterHold() {
    guard let continuation = suspension.pointee.continuation else { return }
    suspension.pointee.continuation = nil
    suspension.pointee.target = .none
    continuation.resume()
  }

  func resume(from event: SimEvent) {
    guard let continuation = suspension.pointee.continuation else { return }
    suspension.pointee.continuation = nil
    suspension.pointee.target = .none
    if let error = event.error { continuation.resume(throwing: error) } else { continuation.resume() }
  }

  /// Ends the wait with `error`, giving up the hold or the place among an event's waiters.
  func resume(throwing error: any Error) {
    guard let continuation = suspension.pointee.continuation else { return }
    switch suspension.pointee.target {
    case .none: break
    case .hold(let handle): simulation.cancel(handle)
    case .event(let event): event.abandon(by: self)
    }
    suspension.pointee.continuation = nil
    suspension.pointee.target = .none
    continuation.resume(throwing: error)
  }

  func resumeClosed() { resume(throwing: SimulationClosed()) }

  // MARK: Interrupts

  /// Interrupts the process at the current time: the wait it is in throws ``Interrupt`` with `cause`
  /// (SimPy's `Process.interrupt`). A hold is cancelled; a resource request it waits for is withdrawn.
  ///
  /// - Returns: `false` if the process has already finished (nothing is delivered).
  @discardableResult
  public func interrupt(cause: (any Sendable)? = nil) -> Bool {
    guard isAlive else { return false }
    // Delivered as an urgent event at the current time, so that the interrupter runs on first.
    simulation.schedule(at: simulation.now, priority: -1) { [self] sim in
      guard isAlive else { return }
      let interrupt = Interrupt(cause: cause, time: sim.now)
      if isWaiting {
        resume(throwing: interrupt)
      } else {
        suspension.pointee.pendingError = interrupt
      }
      sim.trace?.record(time: sim.now, source: name, event: "interrupted")
    }
    return true
  }

  // MARK: Completion

  func finish(_ error: (any Error)?) {
    simulation.liveProcesses[ObjectIdentifier(self)] = nil
    if let error {
      if error is SimulationClosed { return }
      fail(error)
    } else {
      succeed()
    }
  }
}

extension Simulation {
  /// Starts a process at the current time; the body runs when the simulation next runs.
  ///
  /// - Returns: the process, an event that fires when the body returns (or fails with its error).
  @discardableResult
  public func process(_ name: String = "process", _ body: @escaping @Sendable (Process) async throws -> Void)
    -> Process
  {
    precondition(!isClosed, "cannot start a process in a closed simulation")
    let process = Process(self, name: name)
    liveProcesses[ObjectIdentifier(process)] = process
    executor.adoptCurrentThread()
    Task(executorPreference: executor) {
      do {
        try await body(process)
        process.finish(nil)
      } catch {
        process.finish(error)
      }
    }
    return process
  }

  /// A new pending event for processes to wait on and for the model to trigger.
  public func event(_ name: String = "event") -> SimEvent { SimEvent(self, name: name) }

  /// A ``Timeout`` event after `delay`.
  public func timeout(_ delay: Double, value: (any Sendable)? = nil) -> Timeout {
    Timeout(self, after: delay, value: value)
  }
}
