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
    if let design = try? SweepDesign.read(from: ValidationTests.examplePath(file)) {
      try sweepExample(file, design)
      return
    }
    let loaded = try ScenarioLoader.load(path: ValidationTests.examplePath(file))
    let model = try #require(ModelCatalog.model(named: loaded.header.model))
    let first = try model.run(loaded, context: RunContext())
    let second = try model.run(loaded, context: RunContext())
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

  /// A sweep example: every point's KPIs against the stored sweep.csv (columns `name_unit`).
  func sweepExample(_ file: String, _ design: SweepDesign) throws {
    let path = ValidationTests.examplePath(file)
    let stored = parseCSV(try String(contentsOfFile: path.replacingOccurrences(of: ".yaml", with: ".expected.csv"), encoding: .utf8))
    let header = stored[0]
    #expect(stored.count == design.points.count + 1)
    for (index, point) in design.points.enumerated() {
      let loaded = try ScenarioLoader.load(path: path, overrides: point.map { ($0.key, $0.value) })
      let output = try #require(ModelCatalog.model(named: loaded.header.model)).run(loaded, context: RunContext())
      let row = stored[index + 1]
      for kpi in output.kpis {
        let column = try #require(header.firstIndex(of: "\(kpi.name)_\(kpi.unit)"))
        let expected = try #require(Double(row[column]))
        #expect(abs(kpi.value - expected) <= 1e-9 * max(1, abs(expected)), "point \(index) \(kpi.name)")
      }
    }
  }
}
