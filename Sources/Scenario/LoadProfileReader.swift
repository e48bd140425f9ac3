import Foundation
public import FuelCell

/// Reads a load profile from CSV: a time column and a value column, their units in the header names
/// as in scenario keys (`time_s`, `time_h`, `power_kW`, `current_A`, `cell_potential_V`), RFC 4180 commas.
public enum LoadProfileReader {
  /// Reads a file: its first column is the time, `column` names the load column (nil: the file has
  /// exactly two columns and the second is the load).
  ///
  /// - Throws: ``ScenarioError`` naming the line and column of a bad header or value.
  public static func read(path: String, column: String? = nil) throws(ScenarioError) -> LoadProfile {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
      throw ScenarioError(issues: [ScenarioIssue(location: SourceLocation(file: path, line: 0, column: 0), keyPath: "", message: "cannot read the file")])
    }
    return try parse(text, file: path, column: column)
  }

  /// Parses CSV text (see ``read(path:column:)``).
  public static func parse(_ text: String, file: String, column: String? = nil) throws(ScenarioError) -> LoadProfile {
    let lines = text.split(whereSeparator: \.isNewline).map(String.init).filter { !$0.trimmingWhitespace().isEmpty }
    let names = lines.first?.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingWhitespace() } ?? []
    let valueIndex: Int
    if let column {
      guard let index = names.firstIndex(of: column), index > 0 else {
        throw ScenarioError(issues: [ScenarioIssue(location: SourceLocation(file: file, line: 1, column: 1), keyPath: column, message: "no column '\(column)' after the time column; the header has \(names.joined(separator: ", "))")])
      }
      valueIndex = index
    } else {
      guard names.count == 2 else {
        throw ScenarioError(issues: [ScenarioIssue(location: SourceLocation(file: file, line: 1, column: 1), keyPath: "", message: "expected two columns: time with its unit (time_s) and the load with its unit (power_kW, current_A or cell_potential_V)")])
      }
      valueIndex = 1
    }
    let header = [names[0], names[valueIndex]]
    let timeField = Field("time", .quantity(.time), "sample time")
    // A named column keeps its own name before the unit (fuel_cell_kW is a power).
    let stem = column.map { name in String(name[..<(name.lastIndex(of: "_") ?? name.endIndex)]) }
    let candidates: [(Field, LoadProfile.Quantity)] = [
      (Field(stem ?? "power", .quantity(.power), "stack power"), .power),
      (Field(stem ?? "current", .quantity(.current), "stack current"), .current),
      (Field(stem ?? "cell_potential", .quantity(.voltage), "cell potential"), .cellPotential),
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
      issues.append(ScenarioIssue(location: SourceLocation(file: file, line: 1, column: header[0].count + 2), keyPath: header[1], message: column == nil ? "expected power_<unit>, current_<unit> or cell_potential_<unit>, e.g. power_kW" : "expected a power, current or cell potential column with its unit, e.g. fuel_cell_kW"))
    }
    guard issues.isEmpty, let timeUnit, let (valueUnit, quantity) = valueMatch else { throw ScenarioError(issues: issues) }
    var times: [Double] = []
    var values: [Double] = []
    for (offset, line) in lines.dropFirst().enumerated() {
      let fields = line.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingWhitespace() }
      guard fields.count == names.count, let t = Double(fields[0]), let v = Double(fields[valueIndex]) else {
        issues.append(ScenarioIssue(location: SourceLocation(file: file, line: offset + 2, column: 1), keyPath: "", message: "expected \(names.count) numbers, found '\(line)'"))
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
