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

  @Test("Shifts and crew: the setter's operations (machines 0 and 4) never overlap, machine 3 never works over a break, and the shop takes no less time than without them")
  func shiftsAndCrew() throws {
    let path = Self.examples.appendingPathComponent("small-shop-shifts.yaml").path
    let loaded = try ScenarioLoader.load(text: try String(contentsOfFile: path, encoding: .utf8), path: path)
    let output = try JobShopModel.run(loaded, context: RunContext())
    let rows = output.tables[0].rows  // job, operation, machine, setup_start, start, end
    let hour = 3600.0
    let setter = rows.filter { $0[2] == 0 || $0[2] == 4 }.sorted { $0[3] < $1[3] }
    for (a, b) in zip(setter, setter.dropFirst()) { #expect(b[3] >= a[5], "setter double-booked: \(a) \(b)") }
    for row in rows where row[2] == 3 {
      // Breaks of machine 3: [0, 6 h) and, every day d, [d + 12 h, d + 12.5 h) and [d + 22 h, d + 30 h).
      var breaks: [(Double, Double)] = [(0, 6 * hour)]
      for day in 0..<7 {
        let midnight = Double(24 * day) * hour
        breaks += [(midnight + 12 * hour, midnight + 12.5 * hour), (midnight + 22 * hour, midnight + 30 * hour)]
      }
      #expect(!breaks.contains { row[3] < $0.1 && row[5] > $0.0 }, "machine 3 works over a break: \(row)")
    }
    let plainPath = Self.examples.appendingPathComponent("small-shop.yaml").path
    let plain = try JobShopModel.run(try ScenarioLoader.load(text: try String(contentsOfFile: plainPath, encoding: .utf8), path: plainPath), context: RunContext())
    let makespan = { (o: RunOutput) in o.kpis.first { $0.name == "makespan" }!.value }
    #expect(makespan(output) >= makespan(plain))
    #expect(output.kpis.contains { $0.name == "utilisation_setter" && $0.value > 0 && $0.value <= 1 })
  }

  @Test("An unknown resource, a bad calendar mode and two modes for one machine each name file, line and key")
  func resourceAndCalendarErrors() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("crew-\(UInt32.random(in: 0...UInt32.max))")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    func write(_ name: String, _ text: String) throws { try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8) }
    try write("jobs.csv", "job,operation,machine,duration_min,resources\n0,0,0,5,operator\n0,1,1,5,welder\n")
    try write("crew.csv", "resource,capacity\noperator,2\n")
    try write("good-jobs.csv", "job,operation,machine,duration_min\n0,0,0,5\n0,1,1,5\n")
    try write("mode.csv", "machine,off_start_h,off_end_h,mode\nall,1,2,pause\n1,3,4,stop\n")
    try write("modes.csv", "machine,off_start_h,off_end_h,mode\nall,1,2,pause\n1,3,4,fit\n")
    let cases: [(String, String, Int, String)] = [
      ("  instance: jobs.csv\n  resources: crew.csv", "jobs.csv", 3, "resources"),
      ("  instance: good-jobs.csv\n  calendar: mode.csv", "mode.csv", 3, "mode"),
      ("  instance: good-jobs.csv\n  calendar: modes.csv", "modes.csv", 3, "mode"),
    ]
    for (parameters, file, line, key) in cases {
      let text = "model: job-shop\nseed: 1\nhorizon: 1 h\nparameters:\n\(parameters)\n"
      do {
        _ = try ScenarioLoader.load(text: text, path: folder.appendingPathComponent("s.yaml").path)
        Issue.record("expected an error for \(file)")
      } catch {
        #expect(error.issues.contains { $0.location.file.hasSuffix(file) && $0.location.line == line && $0.keyPath == key }, "\(error.issues)")
      }
    }
  }

  @Test("Energy: the power table integrates to the energy KPI and reads back as a microgrid load; cheapest timing never costs more than earliest; the energy objective beats the energy-blind search on cost")
  func energy() throws {
    let path = Self.examples.appendingPathComponent("shop-energy-sweep.yaml").path
    let text = try String(contentsOfFile: path, encoding: .utf8)
    func run(_ objective: String, _ timing: String) throws -> RunOutput {
      let edited = text.replacingOccurrences(of: "  iterations: 3000", with: "  iterations: 800\n  objective: \(objective)")
        .replacingOccurrences(of: "    tardiness_price: 0.01", with: "    tardiness_price: 0.01\n    timing: \(timing)")
        .components(separatedBy: "sweep:")[0]
      return try JobShopModel.run(try ScenarioLoader.load(text: edited, path: path), context: RunContext())
    }
    func kpi(_ o: RunOutput, _ name: String) -> Double { o.kpis.first { $0.name == name }!.value }
    let blind = try run("weighted-tardiness", "earliest")
    let slid = try run("weighted-tardiness", "cheapest")
    let aware = try run("energy-cost", "earliest")
    // Conservation: the profile's area (kW x 0.25 h) is the energy in kWh.
    let power = blind.tables.first { $0.name == "power.csv" }!
    #expect(abs(power.rows.reduce(0) { $0 + $1[1] * 0.25 } - kpi(blind, "energy")) < 1e-9 * kpi(blind, "energy"))
    let csv = "time_h,power_kW\n" + power.rows.map { "\($0[0]),\($0[1])" }.joined(separator: "\n")
    let load = try LoadProfileReader.parse(csv, file: "power.csv")
    #expect(load.quantity.rawValue.contains("power") && load.values.count == power.rows.count)
    // Sliding keeps the sequences: same energy and tardiness, no higher cost.
    #expect(kpi(slid, "energy") == kpi(blind, "energy") && kpi(slid, "weighted_tardiness") == kpi(blind, "weighted_tardiness"))
    #expect(kpi(slid, "energy_cost") <= kpi(blind, "energy_cost"))
    let objective = { (o: RunOutput) in kpi(o, "energy_cost") + 0.01 * kpi(o, "weighted_tardiness") }
    #expect(objective(aware) < objective(blind))
  }

  @Test("Disturbances: mtbf without mttr is named; variable times alone give a policies table whose right-shift interval reaches the plan's makespan (its expectation is at least that)")
  func disturbances() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("whatif-\(UInt32.random(in: 0...UInt32.max))")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let path = folder.appendingPathComponent("s.yaml").path
    let base = "model: job-shop\nseed: 1\nhorizon: 1 h\nparameters:\n  instance: \(JobShopScenarioTests.jobshop)/ft06.txt\n  rule: mwkr\n  disturbances:\n"
    do {
      _ = try ScenarioLoader.load(text: base + "    mtbf: 50 s\n", path: path)
      Issue.record("expected an error")
    } catch {
      #expect(error.issues.contains { $0.keyPath == "disturbances.mttr" }, "\(error.issues)")
    }
    let loaded = try ScenarioLoader.load(text: base.replacingOccurrences(of: "seed: 1", with: "seed: 1\nreplications: 20") + "    processing_cv: 0.3\n", path: path)
    let output = try JobShopModel.run(loaded, context: RunContext())
    let table = try #require(output.tables.first { $0.name == "policies.csv" })
    let planned = output.kpis.first { $0.name == "makespan" }!.value
    #expect(table.rows.count == 3 && table.rows.allSatisfy { $0[1] >= $0[2] && $0[1] <= $0[3] })
    // Right shift with nothing broken starts nothing before its planned time, so by Jensen each
    // operation's expected end, hence the expected makespan, is at least the plan's: the interval
    // must reach it.
    #expect(table.rows[0][3] >= planned)
  }

  @Test("Quantities: unit_time x quantity is the operation's time (3 pieces of 5 min on one machine end at 15 min); unit_time without quantity is named")
  func quantities() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("qty-\(UInt32.random(in: 0...UInt32.max))")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    try "job,operation,machine,unit_time_min,quantity\n0,0,0,5,3\n".write(to: folder.appendingPathComponent("q.csv"), atomically: true, encoding: .utf8)
    try "job,operation,machine,unit_time_min\n0,0,0,5\n".write(to: folder.appendingPathComponent("n.csv"), atomically: true, encoding: .utf8)
    let path = folder.appendingPathComponent("s.yaml").path
    let loaded = try ScenarioLoader.load(text: "model: job-shop\nseed: 1\nhorizon: 1 h\nparameters:\n  instance: q.csv\n", path: path)
    #expect(try JobShopModel.run(loaded, context: RunContext()).kpis.first { $0.name == "makespan" }?.value == 900)
    do {
      _ = try ScenarioLoader.load(text: "model: job-shop\nseed: 1\nhorizon: 1 h\nparameters:\n  instance: n.csv\n", path: path)
      Issue.record("expected an error")
    } catch {
      #expect(error.issues.contains { $0.keyPath == "quantity" && $0.location.line == 1 }, "\(error.issues)")
    }
  }
}
