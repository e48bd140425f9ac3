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

/// TwinKit's native shop CSV.
@Suite("Native shop CSV")
struct ShopCSVTests {
  static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Examples")

  @Test("The example shop: the tabu search on weighted tardiness never does worse than the rules, with families, setups and releases respected")
  func exampleShop() throws {
    let text = """
      model: job-shop
      seed: 3
      horizon: 1 d
      outputs: kpis, schedule
      parameters:
        instance: data/shop-jobs.csv
        setups: data/shop-setups.csv
        rule: atc
        optimise: OPT
        objective: weighted-tardiness
        iterations: 2000
      """
    let path = Self.examples.appendingPathComponent("shop.yaml").path
    func kpis(_ optimise: Bool) throws -> [String: Double] {
      let loaded = try ScenarioLoader.load(text: text.replacingOccurrences(of: "OPT", with: "\(optimise)"), path: path)
      return Dictionary(uniqueKeysWithValues: try JobShopModel.run(loaded, context: RunContext()).kpis.map { ($0.name, $0.value) })
    }
    let rule = try kpis(false)
    let searched = try kpis(true)
    #expect(searched["weighted_tardiness"]! <= rule["weighted_tardiness"]!)
    #expect(searched["setup_share"]! > 0)
  }

  @Test("A bad cell names its file, line and column; an unknown family in the setups names its line")
  func errors() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("shop-\(UInt32.random(in: 0...UInt32.max))")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    try "job,operation,machine,duration_min\n0,0,0,5\n0,1,x,5\n".write(to: folder.appendingPathComponent("bad.csv"), atomically: true, encoding: .utf8)
    try "job,operation,machine,duration_min,family\n0,0,0,5,0\n".write(to: folder.appendingPathComponent("good.csv"), atomically: true, encoding: .utf8)
    try "from,to,time_min\n0,3,5\n".write(to: folder.appendingPathComponent("setups.csv"), atomically: true, encoding: .utf8)
    for (parameters, line) in [("  instance: bad.csv", 3), ("  instance: good.csv\n  setups: setups.csv", 2)] {
      let text = "model: job-shop\nseed: 1\nhorizon: 1 h\nparameters:\n\(parameters)\n"
      do {
        _ = try ScenarioLoader.load(text: text, path: folder.appendingPathComponent("s.yaml").path)
        Issue.record("expected an error")
      } catch {
        #expect(error.issues.contains { $0.location.line == line }, "\(error.issues)")
      }
    }
  }
}
