/// Identifies an entry of the event-scheduling API, for ``Simulation/cancel(_:)`` and
/// ``Simulation/reschedule(_:to:)``. A handle whose event has fired or been cancelled is stale and
/// cancels nothing.
public struct EventHandle: Hashable, Sendable {
  let slot: Int32
  let generation: UInt32
  /// The time the event was scheduled for.
  public let time: Double
}

/// A registered event kind of the event-notice API (``Simulation/register(_:)``); valid only in the
/// simulation that registered it, which owns the handler.
public struct EventKind: Hashable, @unchecked Sendable {
  /// A registered handler, owned by its simulation.
  final class Handler {
    let body: (Simulation, EventNotice) -> Void
    init(_ body: @escaping (Simulation, EventNotice) -> Void) { self.body = body }
  }

  let handler: Unmanaged<Handler>

  public static func == (a: EventKind, b: EventKind) -> Bool { a.handler.toOpaque() == b.handler.toOpaque() }
  public func hash(into hasher: inout Hasher) { hasher.combine(handler.toOpaque()) }
}

/// One notice of the event-notice API: which kind of event, for which entity.
public struct EventNotice: Hashable, Sendable {
  /// The registered kind.
  public let kind: EventKind
  /// The entity number the notice was scheduled for (a customer, a vehicle, a machine).
  public let entity: Int
}
