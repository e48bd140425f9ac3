import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Injects actions into a running simulation from other threads (sensor readings, operator commands):
/// the basis of a live digital twin. Thread-safe; the actions run on the simulation's thread at the
/// simulated time current when the run loop picks them up, in the order they were injected.
public final class EventInbox: Sendable {
  private let actions = Mutex<[@Sendable (Simulation) -> Void]>([])

  /// Creates an empty inbox.
  public init() {}

  /// Queues `action` for the simulation's thread.
  public func inject(_ action: @escaping @Sendable (Simulation) -> Void) {
    actions.withLock { $0.append(action) }
  }

  func take() -> [@Sendable (Simulation) -> Void] {
    actions.withLock { pending in
      defer { pending.removeAll() }
      return pending
    }
  }
}

extension Simulation {
  /// Runs with simulated time paced to the wall clock: `factor` simulated time units per wall-clock
  /// second (1 = real time, 60 = one simulated minute per second), until simulated time `time`.
  ///
  /// Between events the loop sleeps in slices of at most `pollInterval` seconds, and actions injected
  /// into `inbox` are run as they arrive, at the simulated time reached by then. The run ends at `time`
  /// even if no events are left, so that a live twin keeps waiting for injected events.
  ///
  /// - Throws: ``SimulationError`` as ``run(until:stopWhen:)`` does.
  public func runRealTime(
    until time: Double, factor: Double = 1, inbox: EventInbox? = nil, pollInterval: Double = 0.01
  ) throws(SimulationError) {
    precondition(factor > 0 && time.isFinite && time >= now, "real-time runs need a factor > 0 and a finite end")
    let simulationStart = now
    let wallStart = Self.wallClock()
    func simulatedTimeNow() -> Double { min(time, simulationStart + (Self.wallClock() - wallStart) * factor) }
    while true {
      if let inbox {
        let arrived = inbox.take()
        if !arrived.isEmpty {
          try run(until: max(now, simulatedTimeNow()))
          for action in arrived { schedule(at: now, priority: -1) { sim in action(sim) } }
          try run(until: now)
        }
      }
      let target = min(peek() ?? time, time)
      let wallTarget = wallStart + (target - simulationStart) / factor
      let remaining = wallTarget - Self.wallClock()
      if remaining > 0 {
        usleep(useconds_t(min(remaining, pollInterval) * 1e6))
        continue
      }
      try run(until: target)
      if target >= time { return }
    }
  }

  static func wallClock() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_MONOTONIC, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) * 1e-9
  }
}
