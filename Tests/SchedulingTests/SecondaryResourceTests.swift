import Foundation
import Testing

@testable import Scheduling

/// Operators and tools held besides the machine.
@Suite("Secondary resources")
struct SecondaryResourceTests {
  /// ft06 with every operation needing one unit of a pool of `operators`.
  func ft06(operators: Int) throws -> ShopInstance {
    let plain = try InstanceReader.orLibrary(SchedulingTests.load("jobshop/ft06.txt"))
    var shop = ShopInstance(
      name: "ft06-operators", machines: plain.machines,
      jobs: plain.jobs.map { job in
        var job = job
        job.operations = job.operations.map { $0.map { ShopJob.Alternative(machine: $0.machine, duration: $0.duration, resources: [0]) } }
        return job
      })
    shop.resources = [SecondaryResource(name: "operator", capacity: operators)]
    return shop
  }

  @Test("Two machines, one operator: the jobs run one after the other (3 + 4 = 7); two operators: in parallel (4); the checker catches two at once")
  func handCase() {
    var shop = ShopInstance(name: "operator", machines: 2, jobs: [
      ShopJob(operations: [[.init(machine: 0, duration: 3, resources: [0])]]),
      ShopJob(operations: [[.init(machine: 1, duration: 4, resources: [0])]]),
    ])
    shop.resources = [SecondaryResource(name: "operator", capacity: 1)]
    let serial = dispatchSchedule(shop, rule: PriorityRule.spt)
    #expect(serial.violations(of: shop).isEmpty && serial.makespan == 7)
    let parallel = Schedule(operations: [
      ScheduledOperation(job: 0, operation: 0, machine: 0, start: 0, end: 3), ScheduledOperation(job: 1, operation: 0, machine: 1, start: 0, end: 4),
    ])
    #expect(parallel.violations(of: shop).contains { $0.contains("resource operator: 2 units") })
    shop.resources[0].capacity = 2
    #expect(parallel.violations(of: shop).isEmpty && dispatchSchedule(shop, rule: PriorityRule.spt).makespan == 4)
  }

  @Test("ft06 with one operator for all machines: everything is serial, so rules and tabu search give the total work, 197")
  func oneOperator() throws {
    let shop = try ft06(operators: 1)
    let total = shop.jobs.reduce(0) { $0 + $1.minimumWork }
    #expect(total == 197)
    let start = dispatchSchedule(shop, rule: PriorityRule.mwkr)
    #expect(start.violations(of: shop).isEmpty && start.makespan == total)
    var options = TabuSearchOptions()
    options.maxIterations = 500
    let result = tabuSearch(shop, start: start, options: options)
    #expect(result.schedule.violations(of: shop).isEmpty && result.makespan == total)
  }

  @Test("ft06 with six operators (never binding: six machines): tabu search still reaches the optimum 55, moving operations between units")
  func nonBindingPool() throws {
    let shop = try ft06(operators: 6)
    var options = TabuSearchOptions()
    options.maxIterations = 20_000
    options.target = 55
    let result = tabuSearch(shop, start: dispatchSchedule(shop, rule: PriorityRule.mwkr), options: options)
    #expect(result.schedule.violations(of: shop).isEmpty)
    #expect(result.makespan == 55)
  }

  @Test("ft06 with three operators: feasible schedules no shorter than the bound max(55, 197 / 3) from rules, tabu search and every rescheduling policy")
  func bindingPool() throws {
    let shop = try ft06(operators: 3)
    let start = dispatchSchedule(shop, rule: PriorityRule.mwkr)
    var options = TabuSearchOptions()
    options.maxIterations = 1_500
    let result = tabuSearch(shop, start: start, options: options)
    #expect(result.schedule.violations(of: shop).isEmpty)
    #expect(result.makespan <= start.makespan && result.makespan >= (197.0 / 3).rounded(.up))
    for policy in [ReschedulingPolicy.rightShift, .partial(frozenWindow: 10, rule: .mwkr), .full(rule: .spt)] {
      let repaired = try reschedule(result.schedule, of: shop, after: .breakdown(machine: 2, at: 20, repair: 8), policy: policy)
      #expect(repaired.schedule.violations(of: shop).isEmpty, "\(policy)")
    }
  }
}

/// Overall equipment effectiveness by hand.
@Suite("OEE")
struct OEETests {
  /// One machine, jobs of 4 (family 0) and 6 (family 1), a 2-unit changeover, 10 % scrap.
  func shop() -> ShopInstance {
    var shop = ShopInstance(
      name: "oee", machines: 1,
      jobs: [ShopJob(operations: [[.init(machine: 0, duration: 4)]], family: 0), ShopJob(operations: [[.init(machine: 0, duration: 6)]], family: 1)],
      setupTimes: [[0, 2], [2, 0], [0, 0]])
    shop.scrapRates = [0.1]
    return shop
  }

  @Test("Availability 10/12 (a 2-unit setup), performance 1, quality 0.9: OEE 0.75; 3 units of downtime make availability 10/15; times 25 % long make performance 0.8")
  func byHand() {
    let shop = shop()
    let schedule = dispatchSchedule(shop, rule: PriorityRule.spt)
    #expect(schedule.makespan == 12)
    let k = ScheduleKPIs(schedule, instance: shop)
    #expect(abs(k.availability - 10.0 / 12) < 1e-12 && k.performance == 1 && abs(k.quality - 0.9) < 1e-12 && abs(k.oee - 0.75) < 1e-12)
    #expect(abs(ScheduleKPIs(schedule, instance: shop, downtime: [3]).availability - 10.0 / 15) < 1e-12)
    let slow = realise(schedule, of: shop, processingTimes: [[5], [7.5]])
    #expect(abs(ScheduleKPIs(slow, instance: shop).performance - 0.8) < 1e-12)
  }
}

/// Machine choice for flexible operations, by hand.
@Suite("Machine choice")
struct MachineChoiceTests {
  @Test("A fast machine busy until 3: fastest-idle sends the late job to the slow machine (ends 11), earliest completion waits for the fast one (ends 5)")
  func earliestCompletion() {
    let shop = ShopInstance(name: "ect", machines: 2, jobs: [
      ShopJob(operations: [[.init(machine: 0, duration: 3)]]),
      ShopJob(operations: [[.init(machine: 0, duration: 2), .init(machine: 1, duration: 10)]], release: 1),
    ])
    let fastest = dispatchSchedule(shop, rule: PriorityRule.spt)
    let ect = dispatchSchedule(shop, rule: PriorityRule.spt, machineChoice: .earliestCompletion)
    #expect(fastest.violations(of: shop).isEmpty && ect.violations(of: shop).isEmpty)
    #expect(fastest.makespan == 11 && ect.makespan == 5)
  }

  @Test("Jobs arriving at 0, 10 and 20 (5 on machine 0, 6 on machine 1): fastest puts all on machine 0, least-loaded alternates 0, 1, 0")
  func leastLoaded() {
    let shop = ShopInstance(name: "load", machines: 2, jobs: [0.0, 10, 20].map {
      ShopJob(operations: [[.init(machine: 0, duration: 5), .init(machine: 1, duration: 6)]], release: $0)
    })
    let machines = { (s: Schedule) in s.operations.sorted { $0.job < $1.job }.map(\.machine) }
    #expect(machines(dispatchSchedule(shop, rule: PriorityRule.fifo)) == [0, 0, 0])
    #expect(machines(dispatchSchedule(shop, rule: PriorityRule.fifo, machineChoice: .leastLoaded)) == [0, 1, 0])
  }

  @Test("Every machine choice gives feasible schedules no shorter than the best known on mk01-mk03")
  func feasibleOnBrandimarte() throws {
    for (name, best) in [("mk01", 40.0), ("mk02", 26), ("mk03", 204)] {
      let shop = try InstanceReader.brandimarte(SchedulingTests.load("flexible-jobshop/\(name).txt"))
      for choice in MachineChoice.allCases {
        let schedule = dispatchSchedule(shop, rule: PriorityRule.mwkr, machineChoice: choice)
        #expect(schedule.violations(of: shop).isEmpty && schedule.makespan >= best, "\(name) \(choice)")
      }
    }
  }
}
