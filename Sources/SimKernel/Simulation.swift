/// A discrete-event simulation: the clock, the future-event list and the processes.
///
/// Three ways to write a model, which mix freely:
/// - **Processes** (``process(_:stackBytes:_:)``), straight-line code that holds for times and waits
///   for events and resources, in the style of SimPy: a synchronous body runs as a coroutine on its own
///   stack (the fast form), an async body as a Swift task (see ``Process``);
/// - **Scheduled closures** (``schedule(at:priority:_:)``), for hot paths;
/// - **Event notices** (``register(_:)`` once per kind, then ``schedule(_:entity:after:priority:)``),
///   the fastest: a notice is an event kind and an entity number, with no allocation per event.
///
/// ```swift
/// let sim = Simulation()
/// sim.process("clock") { p in
///   while true {
///     print(p.now)
///     try p.hold(1)
///   }
/// }
/// try sim.run(until: 3)
/// ```
///
/// Events at equal times fire by priority (lower first), then in the order they were scheduled; the
/// clock never runs backwards. A simulation is driven by one thread at a time and is not meant to be
/// shared between threads; independent replications run in parallel on separate simulations.
public final class Simulation: @unchecked Sendable {
  /// The mutable kernel state, behind a pointer: the event loop touches it once per event, and a class
  /// property would cost a dynamic exclusivity check on every access.
  struct State: ~Copyable {
    var now: Double
    var events = EventList()
    var stopRequested = false
    var eventsProcessed = 0
    var failure: SimulationError?
    var closed = false
    var hasContinuous = false
    /// Handlers of the registered event kinds, kept alive for notices that refer to them unretained.
    var handlers: [EventKind.Handler] = []
    /// Processes started and not yet finished, in no particular order; each knows its index.
    var liveProcesses = ContiguousArray<Process>()
  }

  let state: UnsafeMutablePointer<State>
  let executor = SimulationExecutor()
  /// Stacks for coroutine processes, reused as processes finish.
  let coroutineStacks = CoroutineStackPool()
  /// Continuous components advanced before the clock moves (see ``ContinuousComponent``).
  var continuousComponents: [any ContinuousComponent] = []
  /// Receives every processed event when set (see ``EventTrace``).
  public var trace: (any EventTrace)?

  /// Creates a simulation whose clock starts at `startTime` (default 0).
  public init(startTime: Double = 0) {
    state = .allocate(capacity: 1)
    state.initialize(to: State(now: startTime))
  }

  deinit {
    state.deinitialize(count: 1)
    state.deallocate()
  }

  /// The current simulated time.
  public var now: Double { state.pointee.now }

  /// How many events have been processed so far.
  public var eventsProcessed: Int { state.pointee.eventsProcessed }

  /// The number of entries in the future-event list (cancelled ones not yet discarded included).
  public var pendingEventCount: Int { state.pointee.events.count }

  // MARK: Event-scheduling API

  /// Schedules `action` at absolute time `time`.
  ///
  /// - Precondition: `time >= now` (the clock never runs backwards).
  @discardableResult @inline(__always)
  public func schedule(at time: Double, priority: Int = 0, _ action: @escaping (Simulation) -> Void) -> EventHandle {
    enqueue(at: time, priority: priority, .action(action))
  }

  /// Schedules `action` after `delay` (>= 0) time units.
  @discardableResult @inline(__always)
  public func schedule(after delay: Double, priority: Int = 0, _ action: @escaping (Simulation) -> Void)
    -> EventHandle
  {
    enqueue(at: state.pointee.now + delay, priority: priority, .action(action))
  }

  /// Registers an event kind: `handler` runs for every notice of this kind and receives the notice
  /// (its kind and entity number), so it can schedule the next one of its own kind. Notices carry no closure, so scheduling one costs no allocation and no reference counting;
  /// this is the fastest way to schedule (the event-notice style of SIMSCRIPT and of Law's
  /// *Simulation Modeling and Analysis*, ch. 1).
  ///
  /// ```swift
  /// let tick = sim.register { sim, notice in
  ///   if sim.now < 10 { sim.schedule(notice, after: 1) }
  /// }
  /// sim.schedule(tick, entity: 7, after: 1.5)
  /// ```
  public func register(_ handler: @escaping (Simulation, EventNotice) -> Void) -> EventKind {
    let box = EventKind.Handler(handler)
    state.pointee.handlers.append(box)
    return EventKind(handler: Unmanaged.passUnretained(box))
  }

  /// Schedules a notice of `kind` for `entity` at absolute time `time` (>= now).
  @discardableResult @inline(__always)
  public func schedule(_ kind: EventKind, entity: Int = 0, at time: Double, priority: Int = 0) -> EventHandle {
    enqueue(at: time, priority: priority, .notice(kind: kind.handler, entity: entity))
  }

  /// Schedules a notice of `kind` for `entity` after `delay` (>= 0) time units.
  @discardableResult @inline(__always)
  public func schedule(_ kind: EventKind, entity: Int = 0, after delay: Double, priority: Int = 0) -> EventHandle {
    enqueue(at: state.pointee.now + delay, priority: priority, .notice(kind: kind.handler, entity: entity))
  }

  /// Schedules `notice` again after `delay` (>= 0) time units.
  @discardableResult @inline(__always)
  public func schedule(_ notice: EventNotice, after delay: Double, priority: Int = 0) -> EventHandle {
    schedule(notice.kind, entity: notice.entity, after: delay, priority: priority)
  }

  @inline(__always)
  func enqueue(at time: Double, priority: Int, _ payload: EventPayload) -> EventHandle {
    precondition(time >= state.pointee.now, "cannot schedule at t = \(time): the clock is at \(state.pointee.now)")
    let (slot, generation) = state.pointee.events.schedule(at: time, priority: priority, payload)
    return EventHandle(slot: slot, generation: generation, time: time)
  }

  /// Cancels a scheduled closure; returns whether it was still pending.
  @discardableResult
  public func cancel(_ handle: EventHandle) -> Bool {
    state.pointee.events.cancel(slot: handle.slot, generation: handle.generation)
  }

  /// Whether a scheduled closure is still pending.
  public func isPending(_ handle: EventHandle) -> Bool {
    state.pointee.events.isPending(slot: handle.slot, generation: handle.generation)
  }

  /// Moves a pending closure to another time; returns its new handle, or `nil` if it was not pending.
  public func reschedule(_ handle: EventHandle, to time: Double, priority: Int = 0) -> EventHandle? {
    guard let payload = state.pointee.events.take(slot: handle.slot, generation: handle.generation) else { return nil }
    return enqueue(at: time, priority: priority, payload)
  }

  // MARK: Running

  /// Processes events until the list is empty, `time` is reached (the clock is then set to `time`),
  /// ``stop()`` is called, or `stopWhen` returns true after an event.
  ///
  /// - Throws: ``SimulationError`` when an event fails unhandled or a process leaves the simulation's
  ///   executor; the clock stays at the time of the failure.
  public func run(until time: Double = .infinity, stopWhen: (() -> Bool)? = nil) throws(SimulationError) {
    precondition(time >= now, "run(until: \(time)) lies before now = \(now)")
    executor.adoptCurrentThread()
    state.pointee.stopRequested = false
    try settle()
    let state = state
    let executor = executor
    while !state.pointee.stopRequested {
      if state.pointee.hasContinuous { try advanceContinuous(notAfter: time) }
      guard let (eventTime, payload) = state.pointee.events.popNext(notAfter: time) else { break }
      state.pointee.now = eventTime
      state.pointee.eventsProcessed &+= 1
      dispatch(payload)
      executor.drain()
      if state.pointee.failure != nil || executor.sawForeignJob { try settle() }
      if let stopWhen, stopWhen() { break }
    }
    if time.isFinite, !state.pointee.stopRequested, state.pointee.now < time { state.pointee.now = time }
  }

  /// Processes the next event; returns `false` if there was none.
  public func step() throws(SimulationError) -> Bool {
    executor.adoptCurrentThread()
    try settle()
    if state.pointee.hasContinuous { try advanceContinuous(notAfter: .infinity) }
    guard let (eventTime, payload) = state.pointee.events.popNext(notAfter: .infinity) else { return false }
    state.pointee.now = eventTime
    state.pointee.eventsProcessed &+= 1
    dispatch(payload)
    try settle()
    return true
  }

  /// The time of the next event, or `nil` if none is pending.
  public func peek() -> Double? { state.pointee.events.peekTime() }

  /// Stops ``run(until:stopWhen:)`` after the current event.
  public func stop() { state.pointee.stopRequested = true }

  /// Registers a continuous component; the kernel advances it before every move of the clock.
  public func attach(_ component: any ContinuousComponent) {
    continuousComponents.append(component)
    state.pointee.hasContinuous = true
  }

  /// Advances every continuous component to the next event time (or `limit`); if one meets a crossing
  /// first, the others are rewound to it and the crossing becomes the next event.
  private func advanceContinuous(notAfter limit: Double) throws(SimulationError) {
    let target = min(state.pointee.events.peekTime() ?? .infinity, limit)
    guard target.isFinite, target > now else { return }
    var earliest = target
    var reachedTimes: [Double] = []
    for component in continuousComponents {
      let reached = try component.advance(to: earliest)
      reachedTimes.append(reached)
      earliest = min(earliest, reached)
    }
    guard earliest < target || reachedTimes.contains(where: { $0 < target }) else { return }
    for (component, reached) in zip(continuousComponents, reachedTimes) {
      if reached > earliest {
        try component.rewind(to: earliest)
      } else if component.hasPendingCrossings {
        _ = enqueue(at: earliest, priority: -1, .action({ _ in component.fireCrossings() }))
      }
    }
  }

  /// Runs pending process jobs and turns a recorded failure into an error.
  private func settle() throws(SimulationError) {
    executor.drain()
    if executor.sawForeignJob { throw .foreignAwait(time: now) }
    if let failure = state.pointee.failure {
      state.pointee.failure = nil
      throw failure
    }
  }

  @inline(__always)
  private func dispatch(_ payload: EventPayload) {
    switch payload {
    case .action(let action):
      action(self)
    case .notice(let kind, let entity):
      // The simulation owns every handler, so the notice can call it without retaining it.
      kind._withUnsafeGuaranteedRef { $0.body(self, EventNotice(kind: EventKind(handler: kind), entity: entity)) }
    case .resume(let process):
      process._withUnsafeGuaranteedRef { $0.resumeAfterHold() }
    case .process(let event):
      event.processWaiters()
    case .cancelled:
      break
    }
  }

  /// Records an unhandled failure; the run stops after the current event.
  func recordFailure(_ error: SimulationError) {
    if state.pointee.failure == nil { state.pointee.failure = error }
    state.pointee.stopRequested = true
  }

  /// Ends every waiting process by throwing ``SimulationClosed`` into it and drops pending events, so
  /// that suspended processes release their memory. The simulation cannot be run afterwards.
  ///
  /// Call it when a simulation that still has waiting processes is no longer needed (replication
  /// helpers do); a simulation whose processes have all finished needs no closing.
  public func close() {
    executor.adoptCurrentThread()
    state.pointee.closed = true
    state.pointee.events.removeAll()
    for _ in 0..<8 where !state.pointee.liveProcesses.isEmpty {
      for process in state.pointee.liveProcesses.sorted(by: { $0.serial < $1.serial }) { process.resumeClosed() }
      executor.drain()
    }
    state.pointee.failure = nil
  }

  /// Keeps a started process until it finishes.
  func addLiveProcess(_ process: Process) {
    process.suspension.pointee.liveIndex = state.pointee.liveProcesses.count
    state.pointee.liveProcesses.append(process)
  }

  /// Forgets a finished process (the last one takes its place).
  func removeLiveProcess(_ process: Process) {
    let index = process.suspension.pointee.liveIndex
    let last = state.pointee.liveProcesses.removeLast()
    if last !== process {
      state.pointee.liveProcesses[index] = last
      last.suspension.pointee.liveIndex = index
    }
  }

  /// Whether ``close()`` was called.
  public var isClosed: Bool { state.pointee.closed }
}
