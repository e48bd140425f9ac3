/// Receives processed events when attached to ``Simulation/trace``; off (nil) by default, and then free.
public protocol EventTrace: AnyObject {
  /// Records that `event` happened to `source` at `time`.
  func record(time: Double, source: String, event: String)
}

/// An event trace kept in memory as CSV rows `time,source,event` (RFC 4180 quoting), for tests and small
/// runs; the reporting layer streams larger traces to disk.
public final class CSVEventTrace: EventTrace {
  /// The rows, header first.
  public private(set) var lines: [String] = ["time,source,event"]

  /// Creates an empty trace.
  public init() {}

  /// Appends one row; times are printed round-trip exact.
  public func record(time: Double, source: String, event: String) {
    lines.append("\(time),\(Self.quote(source)),\(Self.quote(event))")
  }

  /// The whole trace as one CSV document.
  public var csv: String { lines.joined(separator: "\n") + "\n" }

  static func quote(_ field: String) -> String {
    guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return field }
    return "\"" + String(field.flatMap { $0 == "\"" ? ["\"", "\""] : [$0] }) + "\""
  }
}
