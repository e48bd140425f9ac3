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
