import Foundation
internal import Scheduling

/// Reads a shop from CSV, TwinKit's native format: one row per way to process an operation, units in
/// the header names as in scenario keys.
///
/// - Jobs: `job,operation,machine,duration_<time unit>` and optionally `release_<unit>`, `due_<unit>`,
///   `weight`, `family` (job and operation numbers from 0, operations of a job in routing order; several
///   rows for one operation are its alternative machines; release, due, weight and family are taken from
///   the job's first row).
/// - Setups (optional file): `from,to,time_<unit>`, families as numbers and `initial` for a machine's
///   first operation; pairs not listed take no time.
///
/// Times become seconds.
enum ShopCSVReader {
  static func read(jobsPath: String, setupPath: String?) throws(ScenarioError) -> ShopInstance {
    func fail(_ file: String, _ line: Int, _ key: String, _ message: String) -> ScenarioError {
      ScenarioError(issues: [ScenarioIssue(location: SourceLocation(file: file, line: line, column: 1), keyPath: key, message: message)])
    }
    guard let text = try? String(contentsOfFile: jobsPath, encoding: .utf8) else { throw fail(jobsPath, 0, "", "cannot read the file") }
    let rows = parseCSVLines(text)
    guard let header = rows.first?.cells else { throw fail(jobsPath, 1, "", "the file is empty") }
    func column(_ name: String) -> Int? { header.firstIndex(of: name) }
    func timed(_ stem: String) -> (index: Int, factor: Double)? {
      for (i, name) in header.enumerated() where name.hasPrefix(stem + "_") {
        if let unit = PhysicalUnit.table[PhysicalUnit.symbol(forKeySuffix: String(name.dropFirst(stem.count + 1)))], unit.dimension == .time {
          return (i, unit.factor)
        }
      }
      return nil
    }
    guard let job = column("job"), let operation = column("operation"), let machine = column("machine"), let duration = timed("duration") else {
      throw fail(jobsPath, 1, "", "expected columns job, operation, machine and duration_<time unit> (e.g. duration_min)")
    }
    let release = timed("release"), due = timed("due"), weight = column("weight"), family = column("family")
    var operations: [Int: [Int: [ShopJob.Alternative]]] = [:]
    var attributes: [Int: (release: Double, due: Double, weight: Double, family: Int)] = [:]
    var machines = 0
    for row in rows.dropFirst() where !(row.cells.count == 1 && row.cells[0].isEmpty) {
      func number(_ index: Int, _ name: String) throws(ScenarioError) -> Double {
        guard index < row.cells.count, let value = Double(row.cells[index]) else {
          throw fail(jobsPath, row.line, name, "expected a number, found '\(index < row.cells.count ? row.cells[index] : "")'")
        }
        return value
      }
      let j = Int(try number(job, "job")), k = Int(try number(operation, "operation")), m = Int(try number(machine, "machine"))
      let p = try number(duration.index, "duration") * duration.factor
      guard j >= 0, k >= 0, m >= 0, p >= 0 else { throw fail(jobsPath, row.line, "", "job, operation, machine and duration must not be negative") }
      machines = max(machines, m + 1)
      operations[j, default: [:]][k, default: []].append(ShopJob.Alternative(machine: m, duration: p))
      if attributes[j] == nil {
        attributes[j] = (
          try release.map { (i, f) throws(ScenarioError) in try number(i, "release") * f } ?? 0,
          try due.map { (i, f) throws(ScenarioError) in try number(i, "due") * f } ?? .infinity,
          try weight.map { i throws(ScenarioError) in try number(i, "weight") } ?? 1,
          Int(try family.map { i throws(ScenarioError) in try number(i, "family") } ?? 0))
      }
    }
    let jobCount = (operations.keys.max() ?? -1) + 1
    var jobs: [ShopJob] = []
    for j in 0..<jobCount {
      guard let routing = operations[j], let a = attributes[j] else { throw fail(jobsPath, 0, "job", "job \(j) has no rows (jobs are numbered from 0 without gaps)") }
      let count = (routing.keys.max() ?? -1) + 1
      guard routing.count == count else { throw fail(jobsPath, 0, "operation", "job \(j) skips an operation number") }
      jobs.append(ShopJob(
        operations: (0..<count).map { routing[$0]! }, release: a.release, due: a.due, weight: a.weight, name: "J\(j)", family: a.family))
    }
    let families = (jobs.map(\.family).max() ?? 0) + 1
    var setups: [[Double]] = []
    if let setupPath {
      guard let text = try? String(contentsOfFile: setupPath, encoding: .utf8) else { throw fail(setupPath, 0, "", "cannot read the file") }
      let rows = parseCSVLines(text)
      let header = rows.first?.cells ?? []
      guard let from = header.firstIndex(of: "from"), let to = header.firstIndex(of: "to"),
        let time = header.indices.first(where: { header[$0].hasPrefix("time_") }),
        let unit = PhysicalUnit.table[PhysicalUnit.symbol(forKeySuffix: String(header[time].dropFirst(5)))], unit.dimension == .time
      else { throw fail(setupPath, 1, "", "expected columns from, to and time_<time unit>") }
      setups = Array(repeating: Array(repeating: 0, count: families), count: families + 1)
      for row in rows.dropFirst() where !(row.cells.count == 1 && row.cells[0].isEmpty) {
        guard row.cells.count == header.count, let target = Int(row.cells[to]), (0..<families).contains(target),
          let value = Double(row.cells[time]), value >= 0
        else { throw fail(setupPath, row.line, "", "expected a family 0...\(families - 1) in 'to' and a time >= 0") }
        let source = row.cells[from] == "initial" ? families : Int(row.cells[from]) ?? -1
        guard (0...families).contains(source) else { throw fail(setupPath, row.line, "from", "expected a family 0...\(families - 1) or 'initial'") }
        setups[source][target] = value * unit.factor
      }
    }
    return ShopInstance(name: URL(fileURLWithPath: jobsPath).deletingPathExtension().lastPathComponent, machines: machines, jobs: jobs, setupTimes: setups)
  }

  /// Lines split into trimmed comma-separated cells, with their 1-based line numbers (blank lines dropped).
  static func parseCSVLines(_ text: String) -> [(line: Int, cells: [String])] {
    text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().compactMap { index, line in
      let trimmed = line.trimmingWhitespace()
      guard !trimmed.isEmpty else { return nil }
      return (index + 1, trimmed.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingWhitespace() })
    }
  }
}
