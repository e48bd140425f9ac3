import Foundation
import Reporting
import Scenario
import Testing

/// Runs every scenario in Examples/ and checks its KPIs against the stored expectations next to it
/// (`NAME.expected.csv`, written from a reviewed run), and that two runs give identical numbers.
@Suite("Examples end to end")
struct ExamplesEndToEndTests {
  static var examples: [String] {
    let directory = URL(fileURLWithPath: ValidationTests.examplePath(""))
    let files = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
    return files.filter { $0.hasSuffix(".yaml") }.sorted()
  }

  @Test("Every example runs, reproduces its stored KPIs, and is deterministic", arguments: examples)
  func example(_ file: String) throws {
    let loaded = try ScenarioLoader.load(path: ValidationTests.examplePath(file))
    let model = try #require(ModelCatalog.model(named: loaded.header.model))
    let first = try model.run(loaded)
    let second = try model.run(loaded)
    #expect(first.kpis == second.kpis, "same scenario and seed must give identical KPIs")
    let expectedPath = ValidationTests.examplePath(file.replacingOccurrences(of: ".yaml", with: ".expected.csv"))
    let rows = parseCSV(try String(contentsOfFile: expectedPath, encoding: .utf8)).dropFirst()
    #expect(rows.count == first.kpis.count)
    for row in rows {
      let kpi = try #require(first.kpis.first { $0.name == row[0] }, "KPI \(row[0]) missing")
      let expected = try #require(Double(row[1]))
      #expect(abs(kpi.value - expected) <= 1e-9 * max(1, abs(expected)), "\(kpi.name): \(kpi.value) vs stored \(expected)")
      #expect(kpi.unit == row[2])
    }
  }
}
