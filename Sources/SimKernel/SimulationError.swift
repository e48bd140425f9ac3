/// Why a simulation run stopped with an error.
public enum SimulationError: Error, CustomStringConvertible {
  /// An event failed and nothing waited for it (a process body threw, or `fail` on an event nobody
  /// awaited): failures never pass silently (SimPy's rule).
  case unhandledFailure(source: String, time: Double, underlying: any Error)
  /// A process awaited something outside the simulation (an actor, `Task.sleep`, I/O) and was resumed on
  /// another thread; the run cannot stay deterministic.
  case foreignAwait(time: Double)
  /// A continuous component's solver failed (see ``ContinuousSystem``).
  case continuousFailure(component: String, time: Double, reason: String)

  /// One line naming the source, the simulated time and the cause.
  public var description: String {
    switch self {
    case .unhandledFailure(let source, let time, let underlying):
      "\(source) failed at t = \(time): \(underlying)"
    case .continuousFailure(let component, let time, let reason):
      "continuous system '\(component)' failed at t = \(time): \(reason)"
    case .foreignAwait(let time):
      "a process awaited something outside the simulation near t = \(time); processes may only await "
        + "simulation events, timeouts and resources"
    }
  }
}

/// Thrown into a process that is interrupted while it waits (SimPy's `Interrupt`).
public struct Interrupt: Error, CustomStringConvertible {
  /// What the interrupter passed, e.g. a ``Preempted`` record.
  public let cause: (any Sendable)?
  /// When the interrupt was delivered.
  public let time: Double

  /// A one-line description.
  public var description: String { "interrupted at t = \(time)" + (cause.map { ": \($0)" } ?? "") }
}

/// Thrown into processes still waiting when their simulation is closed.
public struct SimulationClosed: Error, CustomStringConvertible {
  /// Creates the error (a process may rethrow it to end quietly).
  public init() {}

  /// A one-line description.
  public var description: String { "the simulation was closed while the process waited" }
}
