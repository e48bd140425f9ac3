/// A simulated activity written as straight-line code (SimPy's `Process`), itself an event that fires
/// when the body returns.
///
/// The body receives its process and uses it to pass simulated time. It comes in two forms:
/// ```swift
/// // A coroutine: synchronous code on a stack of its own (the fast form).
/// sim.process("customer") { p in
///   let request = try server.acquire(p)
///   try p.hold(serviceTime)
///   server.release(request)
/// }
/// // A Swift task: async code, for very many processes at once or code that is async anyway.
/// sim.process("customer") { p in
///   let request = try await server.acquire(p)
///   try await p.hold(serviceTime)
///   server.release(request)
/// }
/// ```
/// Both forms have the same waits, interrupts and ordering, and mix in one simulation.
///
/// - **Coroutine** (a body without `await`): the kernel switches to the body's own stack and back with
///   Boost.Context (see `Coroutine.swift`); a wait costs about a third of a task's. Each waiting
///   coroutine holds a stack (default ``defaultStackBytes``, committed page by page as used) and the
///   system caps the mappings at about 32,000 stacks at once. A body that needs deep recursion asks for
///   more with `stackBytes:`.
/// - **Task** (a body that awaits): no stack of its own, so any number of processes. Every `await` in
///   the body must be one of the process's own waits; awaiting anything else (an actor, `Task.sleep`)
///   stops the run with ``SimulationError/foreignAwait(time:)``.
public final class Process: SimEvent, @unchecked Sendable {
  /// What the process is suspended on.
  enum WaitTarget {
    case none
    case hold(EventHandle)
    case event(SimEvent)
  }

  /// Per-process mutable state behind a pointer (no exclusivity checks on the hot path).
  struct Suspension {
    var isWaiting = false
    var target: WaitTarget = .none
    /// Where the simulation keeps the process while it is alive.
    var liveIndex = 0
    /// A task process's continuation while it waits.
    var continuation: UnsafeContinuation<Void, any Error>?
    /// A coroutine's usable stack size; 0 for a task process.
    var stackBytes = 0
    /// A coroutine's body until it starts.
    var body: (@Sendable (Process) throws -> Void)?
    /// A coroutine's stack, from its first run until its body returns.
    var stack: CoroutineStackPool.Stack?
    /// A suspended coroutine's saved context (Boost.Context `fcontext_t`).
    var context: UnsafeMutableRawPointer?
    /// The kernel's context to switch back to, while the coroutine runs.
    var caller: UnsafeMutableRawPointer?
    /// The error to throw into a coroutine when it next runs.
    var resumeError: (any Error)?
  }

  let suspension: UnsafeMutablePointer<Suspension>
  /// Creation order, for deterministic iteration.
  let serial: Int
  private nonisolated(unsafe) static var counter = 0

  /// The usable stack of a coroutine process unless its creator asks for another size (256 KiB of
  /// address space; the system commits only the pages a body touches, usually two or three).
  public static let defaultStackBytes = 256 * 1024

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
  public var isWaiting: Bool { suspension.pointee.isWaiting }

  /// Whether the body runs as a coroutine on its own stack (rather than as a Swift task).
  public var isCoroutine: Bool { suspension.pointee.stackBytes > 0 }

  // MARK: Waiting (both forms register the same way)

  @inline(__always)
  private func registerHold(_ duration: Double) {
    precondition(duration >= 0, "\(name): hold(\(duration)) needs a non-negative duration")
    let handle = simulation.enqueue(
      at: simulation.now + duration, priority: 0, .resume(Unmanaged.passUnretained(self)))
    suspension.pointee.target = .hold(handle)
  }

  @inline(__always)
  private func registerWait(for event: SimEvent) {
    suspension.pointee.target = .event(event)
    event.waiters.append(.process(self))
  }

  /// The value of an event that has already been processed, or its failure.
  @inline(__always)
  private static func outcome(of event: SimEvent) throws -> (any Sendable)? {
    if let error = event.error { throw error }
    return event.value
  }

  // MARK: Waiting in a coroutine body

  /// Passes `duration` (>= 0) time units (SimPy's `yield env.timeout(duration)`).
  ///
  /// - Throws: ``Interrupt`` if interrupted meanwhile.
  @inline(__always)
  public func hold(_ duration: Double) throws {
    registerHold(duration)
    try suspendCoroutine()
  }

  /// Passes time until the absolute time `time` (>= now).
  public func hold(until time: Double) throws { try hold(time - now) }

  /// Waits until `event` is processed and returns its value.
  ///
  /// - Throws: the event's failure, or ``Interrupt`` if interrupted meanwhile.
  @discardableResult
  public func wait(for event: SimEvent) throws -> (any Sendable)? {
    if event.state == .processed { return try Self.outcome(of: event) }
    registerWait(for: event)
    try suspendCoroutine()
    return event.value
  }

  /// Waits until any of `events` is processed; returns the processed ones.
  @discardableResult
  public func wait(forAnyOf events: [SimEvent]) throws -> [SimEvent] {
    try wait(for: Condition.anyOf(simulation, events)) as? [SimEvent] ?? []
  }

  /// Waits until all of `events` are processed.
  @discardableResult
  public func wait(forAllOf events: [SimEvent]) throws -> [SimEvent] {
    try wait(for: Condition.allOf(simulation, events)) as? [SimEvent] ?? []
  }

  // MARK: Waiting in a task body

  /// Passes `duration` (>= 0) time units (SimPy's `yield env.timeout(duration)`).
  ///
  /// - Throws: ``Interrupt`` if interrupted meanwhile.
  @inline(__always)
  public func hold(_ duration: Double) async throws {
    let suspension = suspension
    try await withUnsafeThrowingContinuation { (continuation: UnsafeContinuation<Void, any Error>) in
      suspension.pointee.continuation = continuation
      suspension.pointee.isWaiting = true
      registerHold(duration)
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
    if event.state == .processed { return try Self.outcome(of: event) }
    let suspension = suspension
    try await withUnsafeThrowingContinuation { (continuation: UnsafeContinuation<Void, any Error>) in
      suspension.pointee.continuation = continuation
      suspension.pointee.isWaiting = true
      registerWait(for: event)
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

  /// Ends the wait, clearing what it was on; false if the process was not waiting.
  @inline(__always)
  private func endWait() -> Bool {
    guard suspension.pointee.isWaiting else { return false }
    suspension.pointee.isWaiting = false
    suspension.pointee.target = .none
    return true
  }

  /// The hold has passed. Nothing else runs in this event, so a coroutine is switched to at once.
  @inline(__always)
  func resumeAfterHold() {
    guard endWait() else { return }
    if let continuation = suspension.pointee.continuation {
      suspension.pointee.continuation = nil
      continuation.resume()
    } else {
      switchIn()
    }
  }

  /// The awaited event was processed; the process runs after the event's other waiters are resumed.
  func resume(from event: SimEvent) {
    resume(error: event.error)
  }

  /// Ends the wait with `error`, giving up the hold or the place among an event's waiters.
  func resume(throwing error: any Error) {
    switch suspension.pointee.target {
    case .none: break
    case .hold(let handle): simulation.cancel(handle)
    case .event(let event): event.abandon(by: self)
    }
    resume(error: error)
  }

  private func resume(error: (any Error)?) {
    guard endWait() else { return }
    if let continuation = suspension.pointee.continuation {
      suspension.pointee.continuation = nil
      if let error { continuation.resume(throwing: error) } else { continuation.resume() }
    } else {
      makeReady(throwing: error)
    }
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
      // Between events every live process is suspended in a wait (the ready queue is drained after each
      // event), so a live process is always waiting here.
      resume(throwing: Interrupt(cause: cause, time: sim.now))
      sim.trace?.record(time: sim.now, source: name, event: "interrupted")
    }
    return true
  }

  // MARK: Completion

  /// Triggers the process event with the body's outcome. A task process leaves the live list here; a
  /// coroutine leaves it once the kernel has switched off its stack (``switchIn()``).
  func finish(_ error: (any Error)?) {
    if !isCoroutine { simulation.removeLiveProcess(self) }
    if let error {
      if error is SimulationClosed { return }
      fail(error)
    } else {
      succeed()
    }
  }
}

extension Simulation {
  /// Starts a coroutine process at the current time; the body runs when the simulation next runs.
  ///
  /// The body is synchronous code that waits with ``Process/hold(_:)-(Double)`` and the other waits
  /// without `await`; it runs on a stack of its own of `stackBytes` usable bytes.
  ///
  /// - Returns: the process, an event that fires when the body returns (or fails with its error).
  @discardableResult
  public func process(
    _ name: String = "process", stackBytes: Int = Process.defaultStackBytes,
    _ body: @escaping @Sendable (Process) throws -> Void
  ) -> Process {
    precondition(!isClosed, "cannot start a process in a closed simulation")
    precondition(stackBytes >= 16 * 1024, "a coroutine stack needs at least 16 KiB, got \(stackBytes) bytes")
    let process = Process(self, name: name)
    process.suspension.pointee.stackBytes = stackBytes
    process.suspension.pointee.body = body
    addLiveProcess(process)
    executor.adoptCurrentThread()
    executor.enqueue(coroutine: process)
    return process
  }

  /// Starts a task process at the current time; the body runs when the simulation next runs.
  ///
  /// - Returns: the process, an event that fires when the body returns (or fails with its error).
  @discardableResult
  public func process(_ name: String = "process", _ body: @escaping @Sendable (Process) async throws -> Void)
    -> Process
  {
    precondition(!isClosed, "cannot start a process in a closed simulation")
    let process = Process(self, name: name)
    addLiveProcess(process)
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
