import Foundation
public import FuelCell

/// Reads a load profile from CSV: a time column and a value column, their units in the header names
/// as in scenario keys (`time_s`, `time_h`, `power_kW`, `current_A`, `cell_potential_V`), RFC 4180 commas.
public enum LoadProfileReader {
  /// Reads a file.
  ///
  /// - Throws: ``ScenarioError`` naming the line and column of a bad header or value.
  public static func read(path: String) throws(ScenarioError) -> LoadProfile {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
      throw ScenarioError(issues: [ScenarioIssue(location: SourceLocation(file: path, line: 0, column: 0), keyPath: "", message: "cannot read the file")])
    }
    return try parse(text, file: path)
  }

  /// Parses CSV text.
  public static func parse(_ text: String, file: String) throws(ScenarioError) -> LoadProfile {
    let lines = text.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.trimmingWhitespace().isEmpty }
    guard let header = lines.first?.split(separator: ",").map({ $0.trimmingWhitespace() }), header.count == 2 else {
      throw ScenarioError(issues: [ScenarioIssue(location: SourceLocation(file: file, line: 1, column: 1), keyPath: "", message: "expected two columns: time with its unit (time_s) and the load with its unit (power_kW, current_A or cell_potential_V)")])
    }
    let timeField = Field("time", .quantity(.time), "sample time")
    let candidates: [(Field, LoadProfile.Quantity)] = [
      (Field("power", .quantity(.power), "stack power"), .power),
      (Field("current", .quantity(.current), "stack current"), .current),
      (Field("cell_potential", .quantity(.voltage), "cell potential"), .cellPotential),
    ]
    var issues: [ScenarioIssue] = []
    let timeUnit = SchemaValidator.match(header[0], in: [timeField])?.1
    if timeUnit == nil {
      issues.append(ScenarioIssue(location: SourceLocation(file: file, line: 1, column: 1), keyPath: header[0], message: "expected a time column with its unit, e.g. time_s or time_h"))
    }
    let valueMatch = candidates.lazy.compactMap { field, quantity in
      SchemaValidator.match(header[1], in: [field]).flatMap { $0.1 }.map { ($0, quantity) }
    }.first
    if valueMatch == nil {
      issues.append(ScenarioIssue(location: SourceLocation(file: file, line: 1, column: header[0].count + 2), keyPath: header[1], message: "expected power_<unit>, current_<unit> or cell_potential_<unit>, e.g. power_kW"))
    }
    guard issues.isEmpty, let timeUnit, let (valueUnit, quantity) = valueMatch else { throw ScenarioError(issues: issues) }
    var times: [Double] = []
    var values: [Double] = []
    for (offset, line) in lines.dropFirst().enumerated() {
      let fields = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingWhitespace() }
      guard fields.count == 2, let t = Double(fields[0]), let v = Double(fields[1]) else {
        issues.append(ScenarioIssue(location: SourceLocation(file: file, line: offset + 2, column: 1), keyPath: "", message: "expected two numbers, found '\(line)'"))
        continue
      }
      let time = t * timeUnit.factor
      if let last = times.last, time < last {
        issues.append(ScenarioIssue(location: SourceLocation(file: file, line: offset + 2, column: 1), keyPath: header[0], message: "times must not decrease"))
      }
      times.append(time)
      values.append(v * valueUnit.factor + valueUnit.offset)
    }
    if times.isEmpty { issues.append(ScenarioIssue(location: SourceLocation(file: file, line: 2, column: 1), keyPath: "", message: "no samples")) }
    if !issues.isEmpty { throw ScenarioError(issues: Array(issues.prefix(20))) }
    return LoadProfile(times: times, values: values, quantity: quantity)
  }
}
