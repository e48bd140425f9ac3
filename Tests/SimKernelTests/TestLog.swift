/// Collects labels in the order a model produces them (one simulation, one thread).
final class Log: @unchecked Sendable {
  var entries: [String] = []
  func add(_ entry: String) { entries.append(entry) }
}
