import DequeModule

/// Why a process lost its slot of a preemptive ``Resource``: the cause of the ``Interrupt`` it receives
/// (SimPy's `Preempted`).
public struct Preempted: Sendable, CustomStringConvertible {
  /// The process whose request took the slot (nil for a request without a process).
  public let by: Process?
  /// When the preempted process had been granted the slot.
  public let usageSince: Double
  /// The resource's name.
  public let resource: String

  /// A one-line description.
  public var description: String {
    "preempted on \(resource) by \(by?.name ?? "a request") (held since t = \(usageSince))"
  }
}

/// A request for one slot of a ``Resource``: an event that succeeds when the slot is granted.
///
/// A process interrupted while its request waits withdraws it, leaving no ghost in the queue.
public final class Request: SimEvent, @unchecked Sendable {
  /// The resource asked for.
  public unowned(unsafe) let resource: Resource
  /// The process the request is for, if any (needed for preemption).
  public let process: Process?
  /// Lower numbers are served first (priority and preemptive disciplines).
  public let priority: Int
  /// Whether this request may preempt a lower-priority user (preemptive discipline).
  public let preempt: Bool
  /// When the request was made.
  public let requestedAt: Double
  /// When the slot was granted, once it is.
  public internal(set) var grantedAt: Double?
  let order: Int

  init(resource: Resource, process: Process?, priority: Int, preempt: Bool, order: Int) {
    self.resource = resource
    self.process = process
    self.priority = priority
    self.preempt = preempt
    self.order = order
    requestedAt = resource.simulation.now
    super.init(resource.simulation, name: "request for \(resource.name)")
  }

  override func abandon(by process: Process) {
    super.abandon(by: process)
    resource.withdraw(self)
  }

  /// SimPy's key `(priority, time, not preempt)`, with the arrival order as the final tie-break.
  func servedBefore(_ other: Request) -> Bool {
    (priority, requestedAt, preempt ? 0 : 1, order) < (other.priority, other.requestedAt, other.preempt ? 0 : 1, other.order)
  }
}

/// A resource with a number of identical slots that processes request and release (a machine, a
/// dispenser, a charger): SimPy's `Resource`, `PriorityResource` and `PreemptiveResource`.
///
/// ```swift
/// let request = dispenser.request(by: p)
/// try await p.wait(for: request)
/// try await p.hold(fillTime)
/// dispenser.release(request)
/// ```
public final class Resource: @unchecked Sendable {
  /// The order in which waiting requests are served.
  public enum Discipline: Sendable {
    /// First come, first served.
    case fifo
    /// By priority (lower first), then first come.
    case priority
    /// By priority; a request with `preempt` takes the slot of a user with a strictly lower priority
    /// (higher number), which is interrupted with ``Preempted``.
    case preemptive
  }

  /// The simulation the resource lives in (unretained without checks, as ``SimEvent/simulation``).
  public unowned(unsafe) let simulation: Simulation
  /// A name for traces and reports.
  public let name: String
  /// The number of slots.
  public let capacity: Int
  /// The serving order.
  public let discipline: Discipline
  /// The granted requests.
  public private(set) var users: [Request] = []
  private var fifoQueue = Deque<Request>()
  private var orderedQueue: [Request] = []
  private var arrivals = 0
  /// Utilisation, queue length and waiting times, if the resource was created with `monitored: true`.
  public let statistics: ResourceStatistics?

  /// Creates a resource.
  ///
  /// - Parameters:
  ///   - capacity: the number of slots (>= 1).
  ///   - monitored: whether to keep ``statistics``.
  public init(
    _ simulation: Simulation, name: String = "resource", capacity: Int = 1, discipline: Discipline = .fifo,
    monitored: Bool = false
  ) {
    precondition(capacity >= 1, "a resource needs at least one slot, got \(capacity)")
    self.simulation = simulation
    self.name = name
    self.capacity = capacity
    self.discipline = discipline
    statistics = monitored ? ResourceStatistics(start: simulation.now) : nil
  }

  /// The number of busy slots.
  public var count: Int { users.count }
  /// The number of waiting requests.
  public var queueLength: Int { discipline == .fifo ? fifoQueue.count : orderedQueue.count }
  /// The waiting requests in serving order.
  public var queue: [Request] { discipline == .fifo ? Array(fifoQueue) : orderedQueue }

  /// Asks for a slot; the returned event succeeds when it is granted.
  public func request(by process: Process? = nil, priority: Int = 0, preempt: Bool = true) -> Request {
    arrivals += 1
    let request = Request(resource: self, process: process, priority: priority, preempt: preempt, order: arrivals)
    if users.count < capacity {
      grant(request)
    } else if discipline == .preemptive, request.preempt, let victim = users.max(by: { $0.servedBefore($1) }),
      request.servedBefore(victim), request.priority < victim.priority
    {
      evict(victim, for: request)
      grant(request)
    } else {
      enqueueWaiting(request)
    }
    return request
  }

  /// Requests a slot for the coroutine process `process` and waits until it is granted.
  @discardableResult
  public func acquire(_ process: Process, priority: Int = 0, preempt: Bool = true) throws -> Request {
    let request = request(by: process, priority: priority, preempt: preempt)
    try process.wait(for: request)
    return request
  }

  /// Requests a slot for the task process `process` and waits until it is granted.
  @discardableResult
  public func acquire(_ process: Process, priority: Int = 0, preempt: Bool = true) async throws -> Request {
    let request = request(by: process, priority: priority, preempt: preempt)
    try await process.wait(for: request)
    return request
  }

  /// Gives a granted slot back (or withdraws a waiting request) and serves the queue.
  public func release(_ request: Request) {
    if let index = users.firstIndex(where: { $0 === request }) {
      users.remove(at: index)
      statistics?.changeUsers(to: users.count, capacity: capacity, at: simulation.now)
      serveQueue()
    } else {
      withdraw(request)
    }
  }

  /// Removes a waiting request from the queue (an interrupted or abandoned request).
  func withdraw(_ request: Request) {
    if discipline == .fifo {
      if let index = fifoQueue.firstIndex(where: { $0 === request }) { fifoQueue.remove(at: index) }
    } else if let index = orderedQueue.firstIndex(where: { $0 === request }) {
      orderedQueue.remove(at: index)
    }
    statistics?.changeQueue(to: queueLength, at: simulation.now)
  }

  private func enqueueWaiting(_ request: Request) {
    if discipline == .fifo {
      fifoQueue.append(request)
    } else {
      let index = orderedQueue.partitioningIndex { request.servedBefore($0) }
      orderedQueue.insert(request, at: index)
    }
    statistics?.changeQueue(to: queueLength, at: simulation.now)
  }

  private func grant(_ request: Request) {
    request.grantedAt = simulation.now
    users.append(request)
    statistics?.changeUsers(to: users.count, capacity: capacity, at: simulation.now)
    statistics?.waitingTimes.add(simulation.now - request.requestedAt)
    request.succeed()
  }

  private func evict(_ victim: Request, for request: Request) {
    users.removeAll { $0 === victim }
    let cause = Preempted(by: request.process, usageSince: victim.grantedAt ?? simulation.now, resource: name)
    victim.process?.interrupt(cause: cause)
    simulation.trace?.record(time: simulation.now, source: name, event: "preempted \(victim.process?.name ?? "request")")
  }

  private func serveQueue() {
    while users.count < capacity {
      let next: Request?
      if discipline == .fifo { next = fifoQueue.popFirst() } else { next = orderedQueue.isEmpty ? nil : orderedQueue.removeFirst() }
      guard let next else { break }
      statistics?.changeQueue(to: queueLength, at: simulation.now)
      grant(next)
    }
  }
}

extension Array {
  /// The first index whose element satisfies `belongsAfter`, assuming the array is partitioned by it.
  func partitioningIndex(where belongsAfter: (Element) -> Bool) -> Int {
    var low = 0
    var high = count
    while low < high {
      let mid = (low + high) / 2
      if belongsAfter(self[mid]) { high = mid } else { low = mid + 1 }
    }
    return low
  }
}

/// Statistics a monitored resource keeps: utilisation, queue length, waiting times.
public final class ResourceStatistics: @unchecked Sendable {
  /// Busy slots over time.
  public let busy: TimeWeighted
  /// Waiting requests over time.
  public let queueLength: TimeWeighted
  /// Time from request to grant, per granted request.
  public let waitingTimes = Tally()
  private var capacity = 1

  init(start: Double) {
    busy = TimeWeighted(initial: 0, at: start)
    queueLength = TimeWeighted(initial: 0, at: start)
  }

  func changeUsers(to count: Int, capacity: Int, at time: Double) {
    self.capacity = capacity
    busy.record(Double(count), at: time)
  }

  func changeQueue(to length: Int, at time: Double) { queueLength.record(Double(length), at: time) }

  /// Mean fraction of slots busy up to `time`.
  public func utilization(at time: Double) -> Double { busy.mean(at: time) / Double(capacity) }

  /// Discards what was collected before `time` (warm-up deletion).
  public func reset(at time: Double) {
    busy.reset(at: time)
    queueLength.reset(at: time)
    waitingTimes.reset()
  }
}
