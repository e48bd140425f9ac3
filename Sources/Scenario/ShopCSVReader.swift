import Foundation
internal import Scheduling

/// Reads a shop from CSV, TwinKit's native format: one row per way to process an operation, units in
/// the header names as in scenario keys.
///
/// - Jobs: `job,operation,machine,duration_<time unit>` and optionally `release_<unit>`, `due_<unit>`,
///   `weight`, `family`, `quantity`, `resources` (job and operation numbers from 0, operations of a
///   job in routing order; several rows for one operation are its alternative machines; release, due,
///   weight, family and quantity are taken from the job's first row; resources are names from the
///   resource file joined by `+`, one unit each, e.g. `operator+crane`). Instead of `duration_<unit>`,
///   `unit_time_<unit>` gives the time per piece, multiplied by the job's quantity.
/// - Resources (optional file): `resource,capacity`.
/// - Calendars (optional file): `machine,off_start_<unit>,off_end_<unit>` and optionally
///   `every_<unit>`, `times`, `mode`: machines (numbers separated by spaces, or `all`) are off over `[off_start, off_end)`, repeated
///   `times` times every `every`; `mode` is `pause` (operations pause over breaks, the default) or `fit`
///   (an operation with its setup must fit between breaks), one mode per machine.
/// - Setups (optional file): `from,to,time_<unit>`, families as numbers and `initial` for a machine's
///   first operation; pairs not listed take no time.
///
/// Times become seconds.
enum ShopCSVReader {
  static func read(jobsPath: String, setupPath: String?, resourcePath: String? = nil) throws(ScenarioError) -> ShopInstance {
    let resources = try resourcePath.map { path throws(ScenarioError) in try readResources(path) } ?? []
    guard let text = try? String(contentsOfFile: jobsPath, encoding: .utf8) else { throw fail(jobsPath, 0, "", "cannot read the file") }
    let rows = parseCSVLines(text)
    guard let header = rows.first?.cells else { throw fail(jobsPath, 1, "", "the file is empty") }
    func column(_ name: String) -> Int? { header.firstIndex(of: name) }
    func timed(_ stem: String) -> (index: Int, factor: Double)? { timedColumn(header, stem) }
    let perPiece = timed("duration") == nil
    guard let job = column("job"), let operation = column("operation"), let machine = column("machine"),
      let duration = timed("duration") ?? timed("unit_time")
    else {
      throw fail(jobsPath, 1, "", "expected columns job, operation, machine and duration_<time unit> or unit_time_<time unit> (e.g. duration_min)")
    }
    let quantity = column("quantity")
    guard !perPiece || quantity != nil else { throw fail(jobsPath, 1, "quantity", "unit_time_<unit> needs a quantity column") }
    let release = timed("release"), due = timed("due"), weight = column("weight"), family = column("family")
    let held = column("resources")
    var operations: [Int: [Int: [ShopJob.Alternative]]] = [:]
    var attributes: [Int: (release: Double, due: Double, weight: Double, family: Int, quantity: Int)] = [:]
    var machines = 0
    for row in rows.dropFirst() where !(row.cells.count == 1 && row.cells[0].isEmpty) {
      func number(_ index: Int, _ name: String) throws(ScenarioError) -> Double {
        guard index < row.cells.count, let value = Double(row.cells[index]) else {
          throw fail(jobsPath, row.line, name, "expected a number, found '\(index < row.cells.count ? row.cells[index] : "")'")
        }
        return value
      }
      let j = Int(try number(job, "job")), k = Int(try number(operation, "operation")), m = Int(try number(machine, "machine"))
      let pieces = try quantity.map { i throws(ScenarioError) in try number(i, "quantity") } ?? 1
      guard pieces >= 1, pieces == pieces.rounded() else { throw fail(jobsPath, row.line, "quantity", "expected a whole quantity >= 1") }
      let p = try number(duration.index, perPiece ? "unit_time" : "duration") * duration.factor * (perPiece ? pieces : 1)
      guard j >= 0, k >= 0, m >= 0, p >= 0 else { throw fail(jobsPath, row.line, "", "job, operation, machine and duration must not be negative") }
      machines = max(machines, m + 1)
      var needs: [Int] = []
      if let held, held < row.cells.count, !row.cells[held].isEmpty {
        for name in row.cells[held].split(separator: "+").map({ $0.trimmingWhitespace() }) {
          guard let r = resources.firstIndex(where: { $0.name == name }) else {
            throw fail(jobsPath, row.line, "resources", "unknown resource '\(name)'; the resource file lists \(resources.map(\.name))")
          }
          needs.append(r)
        }
      }
      operations[j, default: [:]][k, default: []].append(ShopJob.Alternative(machine: m, duration: p, resources: needs))
      if attributes[j] == nil {
        attributes[j] = (
          try release.map { (i, f) throws(ScenarioError) in try number(i, "release") * f } ?? 0,
          try due.map { (i, f) throws(ScenarioError) in try number(i, "due") * f } ?? .infinity,
          try weight.map { i throws(ScenarioError) in try number(i, "weight") } ?? 1,
          Int(try family.map { i throws(ScenarioError) in try number(i, "family") } ?? 0), Int(pieces))
      }
    }
    let jobCount = (operations.keys.max() ?? -1) + 1
    var jobs: [ShopJob] = []
    for j in 0..<jobCount {
      guard let routing = operations[j], let a = attributes[j] else { throw fail(jobsPath, 0, "job", "job \(j) has no rows (jobs are numbered from 0 without gaps)") }
      let count = (routing.keys.max() ?? -1) + 1
      guard routing.count == count else { throw fail(jobsPath, 0, "operation", "job \(j) skips an operation number") }
      var shopJob = ShopJob(
        operations: (0..<count).map { routing[$0]! }, release: a.release, due: a.due, weight: a.weight, name: "J\(j)", family: a.family)
      shopJob.quantity = a.quantity
      jobs.append(shopJob)
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
    var shop = ShopInstance(name: URL(fileURLWithPath: jobsPath).deletingPathExtension().lastPathComponent, machines: machines, jobs: jobs, setupTimes: setups)
    shop.resources = resources
    return shop
  }

  private static func fail(_ file: String, _ line: Int, _ key: String, _ message: String) -> ScenarioError {
    ScenarioError(issues: [ScenarioIssue(location: SourceLocation(file: file, line: line, column: 1), keyPath: key, message: message)])
  }

  /// The header's column `stem_<time unit>` and the unit's factor to seconds.
  private static func timedColumn(_ header: [String], _ stem: String) -> (index: Int, factor: Double)? {
    for (i, name) in header.enumerated() where name.hasPrefix(stem + "_") {
      if let unit = PhysicalUnit.table[PhysicalUnit.symbol(forKeySuffix: String(name.dropFirst(stem.count + 1)))], unit.dimension == .time {
        return (i, unit.factor)
      }
    }
    return nil
  }

  /// Reads `resource,capacity` rows.
  static func readResources(_ path: String) throws(ScenarioError) -> [SecondaryResource] {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw fail(path, 0, "", "cannot read the file") }
    let rows = parseCSVLines(text)
    guard let header = rows.first?.cells, let name = header.firstIndex(of: "resource"), let capacity = header.firstIndex(of: "capacity") else {
      throw fail(path, 1, "", "expected columns resource and capacity")
    }
    var resources: [SecondaryResource] = []
    for row in rows.dropFirst() {
      guard row.cells.count == header.count, !row.cells[name].isEmpty, let units = Int(row.cells[capacity]), units >= 1 else {
        throw fail(path, row.line, "capacity", "expected a name and a whole capacity >= 1")
      }
      guard !resources.contains(where: { $0.name == row.cells[name] }) else { throw fail(path, row.line, "resource", "'\(row.cells[name])' listed twice") }
      resources.append(SecondaryResource(name: row.cells[name], capacity: units))
    }
    return resources
  }

  /// Reads a calendar file for a shop of `machines` machines.
  static func readCalendars(_ path: String, machines: Int) throws(ScenarioError) -> [Int: MachineCalendar] {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw fail(path, 0, "", "cannot read the file") }
    let rows = parseCSVLines(text)
    let header = rows.first?.cells ?? []
    guard let machine = header.firstIndex(of: "machine"), let offStart = timedColumn(header, "off_start"), let offEnd = timedColumn(header, "off_end") else {
      throw fail(path, 1, "", "expected columns machine, off_start_<time unit> and off_end_<time unit> (e.g. off_start_h)")
    }
    let every = timedColumn(header, "every"), times = header.firstIndex(of: "times"), modeColumn = header.firstIndex(of: "mode")
    var breaks: [Int: [MachineCalendar.Period]] = [:]
    var modes: [Int: (mode: MachineCalendar.Mode, line: Int)] = [:]
    for row in rows.dropFirst() {
      guard row.cells.count == header.count else { throw fail(path, row.line, "", "expected \(header.count) cells") }
      var targets = Array(0..<machines)
      if row.cells[machine] != "all" {
        let listed = row.cells[machine].split(separator: " ").map { Int($0) }
        guard !listed.isEmpty, listed.allSatisfy({ $0.map { (0..<machines).contains($0) } == true }) else {
          throw fail(path, row.line, "machine", "expected machines 0...\(machines - 1) separated by spaces, or 'all', found '\(row.cells[machine])'")
        }
        targets = listed.map { $0! }
      }
      guard let start = Double(row.cells[offStart.index]).map({ $0 * offStart.factor }), let end = Double(row.cells[offEnd.index]).map({ $0 * offEnd.factor }), end > start
      else { throw fail(path, row.line, "off_end", "expected numbers with off_end after off_start") }
      var period = 0.0, count = 1
      if let every, let times {
        guard let p = Double(row.cells[every.index]).map({ $0 * every.factor }), let n = Int(row.cells[times]), n >= 1, p >= end - start else {
          throw fail(path, row.line, "every", "expected a repeat period no shorter than the break and a whole count >= 1 in times")
        }
        (period, count) = (p, n)
      }
      var mode = MachineCalendar.Mode.resumable
      if let modeColumn {
        switch row.cells[modeColumn] {
        case "pause", "": mode = .resumable
        case "fit": mode = .nonPreemptive
        default: throw fail(path, row.line, "mode", "expected pause or fit, found '\(row.cells[modeColumn])'")
        }
      }
      for m in targets {
        if let earlier = modes[m], earlier.mode != mode {
          throw fail(path, row.line, "mode", "machine \(m) already has another mode (line \(earlier.line)); one mode per machine")
        }
        modes[m] = (mode, row.line)
        breaks[m, default: []] += (0..<count).map { k in .init(start: start + Double(k) * period, end: end + Double(k) * period) }
      }
    }
    return Dictionary(uniqueKeysWithValues: breaks.map { ($0.key, MachineCalendar(breaks: $0.value, mode: modes[$0.key]!.mode)) })
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
