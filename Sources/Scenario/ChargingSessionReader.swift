import Foundation

/// Reads vehicle charging sessions from CSV: one session per row, columns `arrival_<time unit>`,
/// `departure_<time unit>`, `energy_<energy unit>`, `max_power_<power unit>` in any order (e.g.
/// `arrival_h,departure_h,energy_kWh,max_power_kW`), times from the start of the run.
public enum ChargingSessionReader {
  /// A session in SI units, before it is put on a time grid.
  public struct Row: Sendable, Equatable {
    /// Plug-in time, s.
    public var arrival: Double
    /// Departure time, s.
    public var departure: Double
    /// Energy needed, J.
    public var energy: Double
    /// Charger power limit, W.
    public var maxPower: Double
    /// The line in the file.
    public var line: Int
  }

  /// Reads a file.
  ///
  /// - Throws: ``ScenarioError`` naming the file, line and column of a bad header or value.
  public static func read(path: String) throws(ScenarioError) -> [Row] {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
      throw ScenarioError(issues: [ScenarioIssue(location: SourceLocation(file: path, line: 0, column: 0), keyPath: "", message: "cannot read the file")])
    }
    return try parse(text, file: path)
  }

  /// Parses CSV text.
  public static func parse(_ text: String, file: String) throws(ScenarioError) -> [Row] {
    let lines = text.split(whereSeparator: \.isNewline).map(String.init)
    let header = lines.first?.split(separator: ",").map { $0.trimmingWhitespace() } ?? []
    let fields = [
      Field("arrival", .quantity(.time), "plug-in time"), Field("departure", .quantity(.time), "departure time"),
      Field("energy", .quantity(.energy), "energy needed"), Field("max_power", .quantity(.power), "charger limit"),
    ]
    var columns: [String: (index: Int, unit: PhysicalUnit)] = [:]
    for (index, name) in header.enumerated() {
      if let (field, unit) = SchemaValidator.match(name, in: fields), let unit { columns[field.name] = (index, unit) }
    }
    let missing = fields.map(\.name).filter { columns[$0] == nil }
    guard missing.isEmpty else {
      throw ScenarioError(issues: [ScenarioIssue(
        location: SourceLocation(file: file, line: 1, column: 1), keyPath: missing.joined(separator: ", "),
        message: "expected columns with units: arrival_h, departure_h, energy_kWh, max_power_kW (any units, any order)")])
    }
    var rows: [Row] = []
    var issues: [ScenarioIssue] = []
    for (offset, line) in lines.enumerated().dropFirst() where !line.trimmingWhitespace().isEmpty {
      let cells = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingWhitespace() }
      func value(_ name: String) -> Double? {
        let column = columns[name]!
        guard column.index < cells.count, let number = Double(cells[column.index]) else { return nil }
        return number * column.unit.factor + column.unit.offset
      }
      guard let a = value("arrival"), let d = value("departure"), let e = value("energy"), let p = value("max_power") else {
        issues.append(ScenarioIssue(location: SourceLocation(file: file, line: offset + 1, column: 1), keyPath: "", message: "expected four numbers, found '\(line)'"))
        continue
      }
      if !(a >= 0 && d > a && e >= 0 && p > 0) {
        issues.append(ScenarioIssue(location: SourceLocation(file: file, line: offset + 1, column: 1), keyPath: "", message: "need 0 <= arrival < departure, energy >= 0 and max power > 0"))
      } else if e > p * (d - a) * (1 + 1e-9) {
        issues.append(ScenarioIssue(location: SourceLocation(file: file, line: offset + 1, column: 1), keyPath: "energy", message: "the charger cannot deliver \(e / 3.6e6) kWh in \((d - a) / 3600) h"))
      }
      rows.append(Row(arrival: a, departure: d, energy: e, maxPower: p, line: offset + 1))
    }
    if !issues.isEmpty { throw ScenarioError(issues: Array(issues.prefix(20))) }
    return rows
  }
}
