import Foundation
import Scenario
import Testing

/// The `job-shop` model kind: a rule's KPIs against the schedule it writes, and errors.
@Suite("Job-shop scenarios")
struct JobShopScenarioTests {
  /// The repository's `Models/jobshop`, from a scenario path in a temporary folder.
  static let jobshop = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Models/jobshop").path

  func scenario(_ parameters: String) -> String {
    """
    model: job-shop
    seed: 1
    horizon: 1 h
    outputs: kpis, schedule
    parameters:
    \(parameters)
    """
  }

  @Test("SPT on ft06: makespan 88 (as job-shop-lib), and the schedule table has 36 operations ending at it")
  func sptOnFt06() throws {
    let loaded = try ScenarioLoader.load(text: scenario("  instance: \(Self.jobshop)/ft06.txt\n  rule: spt"), path: "shop.yaml")
    let output = try JobShopModel.run(loaded, context: RunContext())
    let makespan = try #require(output.kpis.first { $0.name == "makespan" }).value
    #expect(makespan == 88)
    let rows = try #require(output.tables.first { $0.name == "schedule.csv" }).rows
    #expect(rows.count == 36 && rows.map { $0[5] }.max() == makespan)
  }

  @Test("A missing or broken instance file names its key")
  func errors() throws {
    let broken = FileManager.default.temporaryDirectory.appendingPathComponent("broken-\(UInt32.random(in: 0...UInt32.max)).txt")
    try "2 2\n0 1 1\n".write(to: broken, atomically: true, encoding: .utf8)
    defer { try? FileManager.default.removeItem(at: broken) }
    for (parameters, key) in [
      ("  instance: nowhere.txt", "instance"),
      ("  instance: \(broken.path)", "instance"),
    ] {
      do {
        _ = try ScenarioLoader.load(text: scenario(parameters), path: "shop.yaml")
        Issue.record("expected an error for \(key)")
      } catch {
        #expect(error.issues.contains { $0.keyPath == key }, "\(error.issues)")
      }
    }
  }
}
