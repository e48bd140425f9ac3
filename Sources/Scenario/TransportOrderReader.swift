import Foundation
internal import AGV

/// Reads transport orders for the AGV fleet: a CSV of orders, or the moves a production schedule
/// implies (the APS module's `schedule.csv`: a job changing machine needs its load carried).
enum TransportOrderReader {
  /// Orders from a CSV with the columns `time_<unit>,pickup,delivery` (e.g. `time_min`), the stations
  /// by name.
  ///
  /// - Throws: ``ScenarioError`` naming the file, line and column of a bad header, value or station.
  static func orders(_ path: String, layout: FleetLayout) throws -> [TransportTask] {
    let (header, rows) = try table(path)
    let timeField = [Field("time", .quantity(.time), "release time")]
    guard let timeColumn = header.firstIndex(where: { SchemaValidator.match($0, in: timeField)?.1 != nil }),
      let unit = SchemaValidator.match(header[timeColumn], in: timeField)?.1, let pickup = header.firstIndex(of: "pickup"),
      let delivery = header.firstIndex(of: "delivery")
    else {
      throw ScenarioError(issues: [ScenarioIssue(location: SourceLocation(file: path, line: 1, column: 1), keyPath: "tasks.file", message: "expected the columns time_<unit>,pickup,delivery (e.g. time_s)")])
    }
    var tasks: [TransportTask] = [], issues: [ScenarioIssue] = []
    for (line, cells) in rows {
      let location = SourceLocation(file: path, line: line, column: 1)
      guard let time = Double(cells[safe: timeColumn] ?? "") else {
        issues.append(ScenarioIssue(location: location, keyPath: header[timeColumn], message: "expected a number, found '\(cells[safe: timeColumn] ?? "")'"))
        continue
      }
      guard let from = station(cells[safe: pickup], layout, location, "pickup", &issues), let to = station(cells[safe: delivery], layout, location, "delivery", &issues)
      else { continue }
      tasks.append(TransportTask(release: time * unit.factor, pickup: from, delivery: to))
    }
    if !issues.isEmpty { throw ScenarioError(issues: issues) }
    return tasks.sorted { $0.release < $1.release }
  }

  /// The moves of a schedule (`job,operation,machine,setup_start,start,end`, times in s): when a job's
  /// operation ends on one machine and its next operation is on another, its load goes from the first
  /// machine's station (`prefix` + machine number) to the next one's.
  static func moves(fromSchedule path: String, layout: FleetLayout, prefix: String) throws -> [TransportTask] {
    let (header, rows) = try table(path)
    let names = ["job", "operation", "machine", "end"]
    let columns = names.compactMap { header.firstIndex(of: $0) }
    guard columns.count == names.count else {
      throw ScenarioError(issues: [ScenarioIssue(location: SourceLocation(file: path, line: 1, column: 1), keyPath: "tasks.file", message: "expected a schedule with the columns job, operation, machine, end (the job-shop model's schedule.csv)")])
    }
    var operations: [(job: Int, operation: Int, machine: Int, end: Double, line: Int)] = []
    var issues: [ScenarioIssue] = []
    for (line, cells) in rows {
      let values = columns.map { Double(cells[safe: $0] ?? "") }
      guard values.allSatisfy({ $0 != nil }) else {
        issues.append(ScenarioIssue(location: SourceLocation(file: path, line: line, column: 1), keyPath: "tasks.file", message: "expected numbers in job, operation, machine, end"))
        continue
      }
      operations.append((Int(values[0]!), Int(values[1]!), Int(values[2]!), values[3]!, line))
    }
    operations.sort { ($0.job, $0.operation) < ($1.job, $1.operation) }
    var tasks: [TransportTask] = []
    for (a, b) in zip(operations, operations.dropFirst()) where a.job == b.job && a.machine != b.machine {
      let location = SourceLocation(file: path, line: b.line, column: 1)
      guard let from = station("\(prefix)\(a.machine)", layout, location, "machine", &issues), let to = station("\(prefix)\(b.machine)", layout, location, "machine", &issues)
      else { continue }
      tasks.append(TransportTask(release: a.end, pickup: from, delivery: to))
    }
    if !issues.isEmpty { throw ScenarioError(issues: Array(issues.prefix(10))) }
    return tasks.sorted { $0.release < $1.release }
  }

  private static func station(_ name: String?, _ layout: FleetLayout, _ location: SourceLocation, _ key: String, _ issues: inout [ScenarioIssue]) -> Int? {
    if let name, let vertex = layout.station(named: name) { return vertex }
    issues.append(ScenarioIssue(location: location, keyPath: key, message: "no station '\(name ?? "")' in the layout; it has \(layout.stations.map(\.name).joined(separator: ", "))"))
    return nil
  }

  /// The header and the non-empty rows with their 1-based line numbers.
  private static func table(_ path: String) throws -> (header: [String], rows: [(line: Int, cells: [String])]) {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
      throw ScenarioError(issues: [ScenarioIssue(location: SourceLocation(file: path, line: 0, column: 0), keyPath: "tasks.file", message: "cannot read the file")])
    }
    let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
    let header = lines.first?.split(separator: ",").map { $0.trimmingWhitespace() } ?? []
    let rows = lines.enumerated().dropFirst().filter { !$0.element.trimmingWhitespace().isEmpty }.map {
      (line: $0.offset + 1, cells: $0.element.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingWhitespace() })
    }
    return (header, rows)
  }
}

extension Array {
  /// The element at `index`, nil outside the array.
  subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
