import Foundation
import Testing

@testable import Scheduling

/// N5 tabu search against proven optima.
@Suite("Job-shop tabu search (N5)")
struct TabuSearchTests {
  func instance(_ name: String) throws -> ShopInstance {
    try InstanceReader.orLibrary(SchedulingTests.load("jobshop/\(name).txt"), name: name)
  }

  @Test("From the best rule, tabu search reaches the proven optima of ft06 (55) and la01 (666), with a feasible schedule")
  func reachesOptima() throws {
    for (name, optimum) in [("ft06", 55.0), ("la01", 666)] {
      let shop = try instance(name)
      let start = [PriorityRule.spt, .mwkr, .mor].map { dispatchSchedule(shop, rule: $0) }.min { $0.makespan < $1.makespan }!
      var options = TabuSearchOptions()
      options.maxIterations = 5_000
      options.target = optimum
      let result = tabuSearch(shop, start: start, options: options)
      #expect(result.makespan == optimum, "\(name)")
      #expect(result.schedule.makespan == result.makespan)
      #expect(result.schedule.violations(of: shop).isEmpty)
    }
  }

  @Test("Seeded and anytime: equal seeds give equal runs; no iterations return the start; the best never worsens with budget")
  func deterministicAndAnytime() throws {
    let shop = try instance("la02")
    let start = dispatchSchedule(shop, rule: PriorityRule.mwkr)
    var options = TabuSearchOptions()
    options.maxIterations = 300
    let a = tabuSearch(shop, start: start, options: options)
    let b = tabuSearch(shop, start: start, options: options)
    #expect(a.makespan == b.makespan && a.iterations == b.iterations && a.schedule == b.schedule)
    options.maxIterations = 0
    #expect(tabuSearch(shop, start: start, options: options).makespan == start.makespan)
    options.maxIterations = 1_500
    let longer = tabuSearch(shop, start: start, options: options)
    #expect(longer.makespan <= a.makespan && a.makespan <= start.makespan)
    #expect(longer.makespan >= 655, "la02's optimum is 655")
  }
}

/// Tabu search with machine reassignment on flexible job shops.
@Suite("Flexible job-shop tabu search")
struct FlexibleTabuSearchTests {
  @Test("mk01: from the best rule, 3,000 iterations shorten the schedule, which stays feasible and above the lower bounds")
  func improvesBrandimarte() throws {
    let shop = try InstanceReader.brandimarte(SchedulingTests.load("flexible-jobshop/mk01.txt"))
    let start = [PriorityRule.spt, .mwkr, .mor].map { dispatchSchedule(shop, rule: $0) }.min { $0.makespan < $1.makespan }!
    var options = TabuSearchOptions()
    options.maxIterations = 3_000
    let result = tabuSearch(shop, start: start, options: options)
    #expect(result.schedule.violations(of: shop).isEmpty)
    #expect(result.makespan < start.makespan)
    // Lower bounds: the longest job at its fastest, and the total fastest work spread over all machines.
    let longestJob = shop.jobs.map(\.minimumWork).max()!
    let spread = (shop.jobs.reduce(0) { $0 + $1.minimumWork } / Double(shop.machines)).rounded(.up)
    #expect(result.makespan >= max(longestJob, spread))
    #expect(result.schedule.operations.contains { entry in
      entry.machine != start.operations.first { $0.job == entry.job && $0.operation == entry.operation }!.machine
    }, "some operation changed machine")
  }

  @Test("Consecutive operations of one job on one machine are never swapped (a cycle); the hand optimum 9 is found")
  func sameJobOnOneMachine() {
    // J0: m0 for 2, then m0 (3) or m1 (5), then m0 for 1; J1: m0 for 4, then m1 for 2.
    let shop = ShopInstance(name: "twice", machines: 2, jobs: [
      ShopJob(operations: [[.init(machine: 0, duration: 2)], [.init(machine: 0, duration: 3), .init(machine: 1, duration: 5)], [.init(machine: 0, duration: 1)]]),
      ShopJob(operations: [[.init(machine: 0, duration: 4)], [.init(machine: 1, duration: 2)]]),
    ])
    let start = dispatchSchedule(shop, rule: PriorityRule.spt)
    var options = TabuSearchOptions()
    options.maxIterations = 500
    options.restartAfter = 50
    let result = tabuSearch(shop, start: start, options: options)
    #expect(result.schedule.violations(of: shop).isEmpty)
    // By hand: J0's middle operation on m0 loads m0 with 10; on m1 (2-7) it lets J0 end at 8 and J1's
    // second operation follow it on m1 (7-9): 9 is optimal.
    #expect(result.makespan == 9)
  }
}

/// Tabu search for weighted tardiness.
@Suite("Weighted-tardiness tabu search")
struct WeightedTardinessTests {
  /// Brute force over every order of `jobs` on one machine: the least weighted tardiness.
  func bruteForce(_ jobs: [(p: Double, d: Double, w: Double)]) -> Double {
    var best = Double.infinity
    func permute(_ prefix: [Int], _ rest: [Int]) {
      if rest.isEmpty {
        var t = 0.0, cost = 0.0
        for j in prefix { t += jobs[j].p; cost += jobs[j].w * max(0, t - jobs[j].d) }
        best = min(best, cost)
        return
      }
      for (i, j) in rest.enumerated() { permute(prefix + [j], Array(rest[..<i] + rest[(i + 1)...])) }
    }
    permute([], Array(jobs.indices))
    return best
  }

  @Test("Seven jobs on one machine, five random draws: from EDD the search reaches the brute-force optimum over all 5,040 orders")
  func singleMachineOptimum() {
    var seed: UInt64 = 7
    func next(_ range: ClosedRange<Int>) -> Double {
      seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Double(range.lowerBound + Int((seed >> 33) % UInt64(range.count)))
    }
    for _ in 0..<5 {
      let jobs = (0..<7).map { _ in (p: next(1...10), d: next(5...30), w: next(1...5)) }
      let shop = ShopInstance(name: "1||wT", machines: 1, jobs: jobs.map {
        ShopJob(operations: [[.init(machine: 0, duration: $0.p)]], due: $0.d, weight: $0.w)
      })
      let start = dispatchSchedule(shop, rule: PriorityRule.edd)
      var options = TabuSearchOptions()
      options.objective = .weightedTardiness
      options.maxIterations = 2_000
      options.restartAfter = 200
      let result = tabuSearch(shop, start: start, options: options)
      #expect(result.schedule.violations(of: shop).isEmpty)
      #expect(abs(ScheduleKPIs(result.schedule, instance: shop).weightedTardiness - result.makespan) < 1e-9)
      #expect(result.makespan == bruteForce(jobs), "\(jobs)")
    }
  }
}
