import Foundation
import Testing

@testable import Scheduling

/// Instance readers, the independent schedule checker, KPIs and dispatch rules on the kernel.
@Suite("Scheduling: readers, checker, dispatch rules")
struct SchedulingTests {
  /// `Models/` in the repository.
  static let models = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Models")

  static func load(_ path: String) throws -> String {
    try String(contentsOf: models.appendingPathComponent(path), encoding: .utf8)
  }

  /// The optimum (or best known makespan) stated in an instance file's comment.
  static func optimum(_ text: String) -> Double? {
    guard let range = text.range(of: "optimum ") else { return nil }
    return Double(text[range.upperBound...].prefix { $0.isNumber })
  }

  @Test("OR-Library, Taillard and Brandimarte files read: ft06 6x6 with 197 time units of work, ft10 5,109, mk01 10 jobs 6 machines 55 operations")
  func readers() throws {
    let ft06 = try InstanceReader.orLibrary(Self.load("jobshop/ft06.txt"), name: "ft06")
    #expect(ft06.machines == 6 && ft06.jobs.count == 6 && !ft06.isFlexible)
    #expect(ft06.jobs.reduce(0) { $0 + $1.minimumWork } == 197)
    #expect(ft06.jobs[0].operations[0] == [ShopJob.Alternative(machine: 2, duration: 1)])
    let ft10 = try InstanceReader.orLibrary(Self.load("jobshop/ft10.txt"))
    #expect(ft10.jobs.reduce(0) { $0 + $1.minimumWork } == 5_109)
    let mk01 = try InstanceReader.brandimarte(Self.load("flexible-jobshop/mk01.txt"))
    #expect(mk01.jobs.count == 10 && mk01.machines == 6 && mk01.operationCount == 55 && mk01.isFlexible)
    // Taillard layout: times block, then 1-based machines block.
    let taillard = try InstanceReader.taillard("2 2\n3 2\n1 4\n1 2\n1 2\n")
    #expect(taillard.jobs[1].operations == [[.init(machine: 0, duration: 1)], [.init(machine: 1, duration: 4)]])
    // The original .fjs layout: a third header field and 1-based machines.
    let fjs = try InstanceReader.brandimarte("1 2 1.5\n2 2 1 5 2 7 1 2 3\n")
    #expect(fjs.jobs[0].operations[0] == [.init(machine: 0, duration: 5), .init(machine: 1, duration: 7)])
    #expect(fjs.jobs[0].operations[1] == [.init(machine: 1, duration: 3)])
  }

  @Test("A broken file names its line")
  func readerErrors() {
    #expect(throws: InstanceError(line: 3, message: "expected 2 'machine time' pairs, found 3 numbers")) {
      try InstanceReader.orLibrary("# comment\n2 2\n0 1 1\n0 1 1 1\n")
    }
    #expect(throws: InstanceError.self) { try InstanceReader.brandimarte("1 2\n2 1 0 5\n") }
  }

  /// Two jobs on two machines: J0 = (m0: 3, m1: 2), J1 = (m0: 1, m1: 4).
  let small = ShopInstance(name: "small", machines: 2, jobs: [
    ShopJob(operations: [[.init(machine: 0, duration: 3)], [.init(machine: 1, duration: 2)]], due: 6),
    ShopJob(operations: [[.init(machine: 0, duration: 1)], [.init(machine: 1, duration: 4)]], due: 6),
  ])

  @Test("By hand: SPT runs J1 first on m0 (makespan 7), LPT runs J0 first (makespan 9)")
  func handSchedules() {
    let spt = dispatchSchedule(small, rule: PriorityRule.spt)
    #expect(spt.violations(of: small).isEmpty)
    #expect(spt.makespan == 7)
    // SPT: J1 0-1 and 1-5, J0 1-4 and 5-7. Tardiness: J0 1, J1 0.
    let k = ScheduleKPIs(spt, instance: small)
    #expect(k.totalTardiness == 1 && k.lateJobs == 1 && k.onTimeRate == 0.5)
    #expect(k.meanFlowTime == 6 && k.meanWorkInProcess == 12.0 / 7)
    #expect(k.utilisation == [4.0 / 7, 6.0 / 7])
    let lpt = dispatchSchedule(small, rule: PriorityRule.lpt)
    #expect(lpt.violations(of: small).isEmpty && lpt.makespan == 9)
  }

  @Test("The checker finds overlaps, broken precedence, wrong machines or times, and missing operations")
  func checkerCatchesErrors() {
    let good = dispatchSchedule(small, rule: PriorityRule.spt)
    var overlap = good
    overlap.operations[1].start -= 1
    overlap.operations[1].end -= 1
    #expect(!overlap.violations(of: small).isEmpty)
    var wrongMachine = good
    wrongMachine.operations[0].machine = 1
    #expect(wrongMachine.violations(of: small).contains { $0.contains("cannot process") })
    var missing = good
    missing.operations.removeLast()
    #expect(missing.violations(of: small).contains { $0.contains("not scheduled") })
    var early = good
    let index = early.operations.firstIndex { $0.job == 0 && $0.operation == 1 }!
    early.operations[index].start = 0
    early.operations[index].end = 2
    #expect(early.violations(of: small).contains { $0.contains("precedence") })
  }

  @Test("Every rule on ft06, ft10, la01-la10 and mk01-mk10 gives a feasible schedule no shorter than the proven optimum or best known makespan")
  func rulesOnBenchmarks() throws {
    let rules: [PriorityRule] = [.fifo, .spt, .lpt, .edd, .mwkr, .mor, .criticalRatio, .slack, .apparentTardinessCost(lookAhead: 2)]
    var instances: [(ShopInstance, Double)] = []
    for name in ["ft06", "ft10"] + (1...10).map({ String(format: "la%02d", $0) }) {
      let text = try Self.load("jobshop/\(name).txt")
      instances.append((try InstanceReader.orLibrary(text, name: name), try #require(Self.optimum(text))))
    }
    // Brandimarte's best known makespans (shared/benchmarks/README.md).
    let bestKnown: [Double] = [40, 26, 204, 60, 172, 57, 139, 523, 307, 195]
    for (i, best) in bestKnown.enumerated() {
      let name = String(format: "mk%02d", i + 1)
      instances.append((try InstanceReader.brandimarte(Self.load("flexible-jobshop/\(name).txt"), name: name), best))
    }
    for (instance, bound) in instances {
      for rule in rules {
        let schedule = dispatchSchedule(instance, rule: rule)
        #expect(schedule.violations(of: instance).isEmpty, "\(instance.name) \(rule)")
        #expect(schedule.operations.count == instance.operationCount)
        #expect(schedule.makespan >= bound, "\(instance.name) \(rule): \(schedule.makespan) below the optimum \(bound)")
      }
    }
  }

  @Test("SPT and MWKR reproduce job-shop-lib 1.7.2's non-delay dispatching makespans: ft06 88/61, ft10 1074/1108, la01 751/735")
  func matchesJobShopLib() throws {
    // Reference: job_shop_lib.dispatching.rules.DispatchingRuleSolver (PyPI job-shop-lib 1.7.2, MIT),
    // rules "shortest_processing_time" and "most_work_remaining", run on the same instances.
    for (name, spt, mwkr) in [("ft06", 88.0, 61.0), ("ft10", 1_074, 1_108), ("la01", 751, 735)] {
      let instance = try InstanceReader.orLibrary(Self.load("jobshop/\(name).txt"))
      #expect(dispatchSchedule(instance, rule: PriorityRule.spt).makespan == spt, "\(name) SPT")
      #expect(dispatchSchedule(instance, rule: PriorityRule.mwkr).makespan == mwkr, "\(name) MWKR")
    }
  }
}

/// Sequence-dependent setups by product family.
@Suite("Setups")
struct SetupTests {
  /// One machine; A and C of family 0, B of family 1, 2 each; setups 5 between families, 0 within, 1
  /// from the initial state.
  let shop = ShopInstance(
    name: "setups", machines: 1,
    jobs: [
      ShopJob(operations: [[.init(machine: 0, duration: 2)]], family: 0),
      ShopJob(operations: [[.init(machine: 0, duration: 2)]], family: 1),
      ShopJob(operations: [[.init(machine: 0, duration: 2)]], family: 0),
    ],
    setupTimes: [[0, 5], [5, 0], [1, 1]])

  @Test("SPT runs A, B, C: 1 + 2 + 5 + 2 + 5 + 2 = 17; the tabu search groups the family: A, C, B = 12 with half the busy time in setups")
  func familiesGrouped() {
    let rule = dispatchSchedule(shop, rule: PriorityRule.spt)
    #expect(rule.violations(of: shop).isEmpty && rule.makespan == 17)
    var options = TabuSearchOptions()
    options.maxIterations = 200
    let result = tabuSearch(shop, start: rule, options: options)
    #expect(result.schedule.violations(of: shop).isEmpty)
    #expect(result.makespan == 12)
    #expect(ScheduleKPIs(result.schedule, instance: shop).setupShare == 0.5)
  }

  @Test("The checker finds a setup shorter than the family change needs")
  func wrongSetup() {
    var schedule = dispatchSchedule(shop, rule: PriorityRule.spt)
    let index = schedule.operations.firstIndex { $0.job == 1 }!
    schedule.operations[index].setupStart += 1
    #expect(schedule.violations(of: shop).contains { $0.contains("setup") })
  }
}
