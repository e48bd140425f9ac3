/// Identifies an entry of the event-scheduling API, for ``Simulation/cancel(_:)`` and
/// ``Simulation/reschedule(_:to:)``. A handle whose event has fired or been cancelled is stale and
/// cancels nothing.
public struct EventHandle: Hashable, Sendable {
  let slot: Int32
  let generation: UInt32
  /// The time the event was scheduled for.
  public let time: Double
}
