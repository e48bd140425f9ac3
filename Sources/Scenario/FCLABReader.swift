import Foundation
public import FuelCell

/// Reads the ageing files of the FCLAB IEEE PHM 2014 data challenge (`FC1_Ageing.csv`, `FC2_Ageing.csv`
/// and their parts): columns `Time (h)`, `U1 (V)` ... `U5 (V)`, `Utot (V)`, `J (A/cm2)`, `I (A)`,
/// `TinH2`/`ToutH2`/`TinAIR`/`ToutAIR`/`TinWAT`/`ToutWAT (°C)`, `PinAIR`/`PoutAIR`/`PinH2`/`PoutH2 (mbara)`,
/// `DinH2`/`DoutH2`/`DinAIR`/`DoutAIR`/`DWAT (l/mn)`, `HrAIRFC (%)`. The data belongs to its owners and is
/// not shipped; users point the reader at their copy.
///
/// Columns are found by their header names (order does not matter), the separator (comma or semicolon)
/// from the header line, the text encoding as UTF-8 or else ISO Latin-1 (the degree sign). Values are
/// converted to SI.
public enum FCLABReader {
  /// The columns the reader needs.
  static let required = ["Time (h)", "Utot (V)", "I (A)", "J (A/cm2)", "ToutWAT (°C)", "PinH2 (mbara)", "PinAIR (mbara)", "DinH2 (l/mn)", "DinAIR (l/mn)"]

  /// Reads one file.
  ///
  /// - Throws: ``ScenarioError`` naming the file, line and column of a missing column or a bad value.
  public static func read(path: String) throws(ScenarioError) -> AgeingHistory {
    guard let data = FileManager.default.contents(atPath: path) else {
      throw ScenarioError(issues: [ScenarioIssue(location: SourceLocation(file: path, line: 0, column: 0), keyPath: "", message: "cannot read the file")])
    }
    let text = String(data: data, encoding: .utf8) ?? String(data: data, encoding: .isoLatin1) ?? ""
    return try parse(text, file: path)
  }

  /// Parses file contents (`file` names it in errors).
  public static func parse(_ text: String, file: String) throws(ScenarioError) -> AgeingHistory {
    var lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map(String.init)
    while lines.last?.trimmingWhitespace().isEmpty == true { lines.removeLast() }
    guard let headerLine = lines.first else {
      throw ScenarioError(issues: [ScenarioIssue(location: SourceLocation(file: file, line: 1, column: 1), keyPath: "", message: "the file is empty")])
    }
    let separator: Character = headerLine.filter { $0 == ";" }.count > headerLine.filter { $0 == "," }.count ? ";" : ","
    let header = headerLine.split(separator: separator, omittingEmptySubsequences: false).map { $0.trimmingWhitespace() }
    var column: [String: Int] = [:]
    for (index, name) in header.enumerated() { column[name] = index }
    let missing = required.filter { column[$0] == nil }
    guard missing.isEmpty else {
      throw ScenarioError(issues: missing.map {
        ScenarioIssue(location: SourceLocation(file: file, line: 1, column: 1), keyPath: $0, message: "missing column; the FCLAB files have \(required.joined(separator: ", "))")
      })
    }
    let cellColumns = (1...5).compactMap { column["U\($0) (V)"] }
    var history = AgeingHistory()
    history.cellVoltages = Array(repeating: [], count: cellColumns.count)
    var issues: [ScenarioIssue] = []
    for (offset, line) in lines.dropFirst().enumerated() where !line.trimmingWhitespace().isEmpty {
      let fields = line.split(separator: separator, omittingEmptySubsequences: false)
      func value(_ name: String) -> Double? { number(fields, column[name]!, name, line: offset + 2) }
      func number(_ fields: [Substring], _ index: Int, _ name: String, line: Int) -> Double? {
        guard index < fields.count, let x = Double(fields[index].trimmingWhitespace()) else {
          let found = index < fields.count ? "'\(fields[index])'" : "nothing"
          issues.append(ScenarioIssue(location: SourceLocation(file: file, line: line, column: index + 1), keyPath: name, message: "expected a number, found \(found)"))
          return nil
        }
        return x
      }
      guard let t = value("Time (h)"), let u = value("Utot (V)"), let i = value("I (A)"), let j = value("J (A/cm2)"),
        let temperature = value("ToutWAT (°C)"), let pH2 = value("PinH2 (mbara)"), let pAir = value("PinAIR (mbara)"),
        let qH2 = value("DinH2 (l/mn)"), let qAir = value("DinAIR (l/mn)")
      else {
        if issues.count > 20 { break }
        continue
      }
      history.time.append(t * 3600)
      history.stackVoltage.append(u)
      history.current.append(i)
      history.currentDensity.append(j * 1e4)
      history.temperature.append(temperature + 273.15)
      history.hydrogenPressure.append(pH2 * 100)
      history.airPressure.append(pAir * 100)
      history.hydrogenFlow.append(qH2 / 60_000)
      history.airFlow.append(qAir / 60_000)
      for (k, index) in cellColumns.enumerated() {
        history.cellVoltages[k].append(number(fields, index, "U\(k + 1) (V)", line: offset + 2) ?? .nan)
      }
    }
    if !issues.isEmpty { throw ScenarioError(issues: issues) }
    return history
  }
}
