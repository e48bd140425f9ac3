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
