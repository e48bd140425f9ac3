import Foundation
import SimKernel
import Testing

@testable import Scheduling

/// Repairs after breakdowns and rush orders, checked by the independent checker and by hand.
@Suite("Rescheduling: right shift, partial and full")
struct ReschedulingTests {
  /// No operation on `machine` overlaps `[start, end)`.
  func respects(_ schedule: Schedule, machine: Int, start: Double, end: Double) -> Bool {
    !schedule.operations.contains { $0.machine == machine && $0.start < end && $0.end > start }
  }

  @Test("By hand: A (0-3) and B (3-5) on one machine; it breaks at 1 for 2: A restarts at 3, B at 6; 2 moved, 6 of shift")
  func rightShiftByHand() throws {
    let shop = ShopInstance(name: "one", machines: 1, jobs: [
      ShopJob(operations: [[.init(machine: 0, duration: 3)]]), ShopJob(operations: [[.init(machine: 0, duration: 2)]]),
    ])
    let plan = Schedule(operations: [
      ScheduledOperation(job: 0, operation: 0, machine: 0, start: 0, end: 3),
      ScheduledOperation(job: 1, operation: 0, machine: 0, start: 3, end: 5),
    ])
    let result = try reschedule(plan, of: shop, after: .breakdown(machine: 0, at: 1, repair: 2), policy: .rightShift)
    #expect(result.schedule.makespan == 8)
    #expect(result.operationsMoved == 2 && result.totalStartShift == 6)
    #expect(result.schedule.violations(of: shop).isEmpty && respects(result.schedule, machine: 0, start: 1, end: 3))
    #expect(throws: ReschedulingError.rightShiftCannotInsert) {
      try reschedule(plan, of: shop, after: .rushOrder(ShopJob(operations: [[.init(machine: 0, duration: 1)]]), at: 2), policy: .rightShift)
    }
  }

  @Test("ft06, machine 2 down at 15 for 10: every policy gives a feasible repair that keeps the past and avoids the downtime")
  func breakdownOnFt06() throws {
    let shop = try InstanceReader.orLibrary(SchedulingTests.load("jobshop/ft06.txt"))
    let plan = dispatchSchedule(shop, rule: PriorityRule.mwkr)
    let disturbance = Disturbance.breakdown(machine: 2, at: 15, repair: 10)
    for policy in [ReschedulingPolicy.rightShift, .partial(frozenWindow: 10, rule: .mwkr), .full(rule: .mwkr)] {
      let result = try reschedule(plan, of: shop, after: disturbance, policy: policy)
      #expect(result.schedule.violations(of: shop).isEmpty, "\(policy)")
      #expect(respects(result.schedule, machine: 2, start: 15, end: 25), "\(policy)")
      // Operations that ended before the breakdown are untouched.
      for entry in plan.operations where entry.end <= 15 {
        #expect(result.schedule.operations.contains(entry), "\(policy)")
      }
      #expect(result.schedule.makespan >= plan.makespan || policy != .rightShift)
    }
  }

  @Test("A rush order at time 20 on ft06: fully and partially rescheduled, it starts no earlier than its arrival and all else stays feasible")
  func rushOrder() throws {
    let shop = try InstanceReader.orLibrary(SchedulingTests.load("jobshop/ft06.txt"))
    let plan = dispatchSchedule(shop, rule: PriorityRule.spt)
    let rush = ShopJob(operations: shop.jobs[0].operations, name: "rush")
    for policy in [ReschedulingPolicy.full(rule: .mwkr), .partial(frozenWindow: 15, rule: .spt)] {
      let result = try reschedule(plan, of: shop, after: .rushOrder(rush, at: 20), policy: policy)
      #expect(result.instance.jobs.count == 7)
      #expect(result.schedule.violations(of: result.instance).isEmpty, "\(policy)")
      #expect(result.schedule.operations.filter { $0.job == 6 }.allSatisfy { $0.start >= 20 })
      for entry in plan.operations where entry.start < 20 { #expect(result.schedule.operations.contains(entry)) }
    }
  }
}

/// Random breakdowns and the policy comparison.
@Suite("Breakdown streams and policy comparison")
struct DisturbanceStudyTests {
  @Test("Failures drawn over [0, H] match the alternating renewal expectation lambda mu/(lambda+mu) H + lambda^2/(lambda+mu)^2 (1 - e^{-(lambda+mu)H}) within a 99 % interval")
  func renewalCount() {
    let process = BreakdownProcess(meanTimeBetweenFailures: 50, meanTimeToRepair: 10)
    let (lambda, mu, horizon) = (1.0 / 50, 1.0 / 10, 300.0)
    let expected = lambda * mu / (lambda + mu) * horizon + lambda * lambda / ((lambda + mu) * (lambda + mu)) * (1 - exp(-(lambda + mu) * horizon))
    let tally = Tally()
    let streams = RandomStreams(seed: 99)
    let stream = streams.stream("breakdowns")
    for _ in 0..<4_000 { tally.add(Double(process.draw(machines: 1, horizon: horizon, stream: stream).count)) }
    #expect(tally.confidenceInterval(level: 0.99).contains(expected), "\(tally.confidenceInterval(level: 0.99)) vs \(expected)")
  }

  @Test("ft06 under breakdowns: right shift never shortens the plan; with failures vanishingly rare every policy keeps the plan")
  func compareOnFt06() throws {
    let shop = try InstanceReader.orLibrary(SchedulingTests.load("jobshop/ft06.txt"))
    let plan = dispatchSchedule(shop, rule: PriorityRule.mwkr)
    let policies: [ReschedulingPolicy] = [.rightShift, .partial(frozenWindow: 5, rule: .mwkr), .full(rule: .mwkr)]
    let busy = compareReschedulingPolicies(
      plan, of: shop, policies: policies, breakdowns: BreakdownProcess(meanTimeBetweenFailures: 30, meanTimeToRepair: 5),
      replications: 30, seed: 1)
    #expect(busy[0].makespan.lower >= plan.makespan && busy[0].makespan.mean > plan.makespan)
    #expect(busy.allSatisfy { $0.makespan.count == 30 })
    let calm = compareReschedulingPolicies(
      plan, of: shop, policies: policies, breakdowns: BreakdownProcess(meanTimeBetweenFailures: 1e12, meanTimeToRepair: 5),
      replications: 5, seed: 1)
    for summary in calm {
      #expect(summary.makespan.mean == plan.makespan && summary.operationsMoved.mean == 0 && summary.startShift.mean == 0)
    }
  }

  @Test("Processing-time variability: a chain of 10, 20 and 30 realised with CV 0.3 works 60 on average with variance 0.09 x 1400 = 126 (95 % intervals over 2,000 draws), each realisation feasible for its actual times")
  func variabilityMoments() {
    let shop = ShopInstance(name: "chain", machines: 3, jobs: [
      ShopJob(operations: [[.init(machine: 0, duration: 10)], [.init(machine: 1, duration: 20)], [.init(machine: 2, duration: 30)]]),
    ])
    let plan = dispatchSchedule(shop, rule: PriorityRule.fifo)
    let variability = ProcessingTimeVariability(coefficientOfVariation: 0.3)
    let stream = RandomStreams(seed: 11).stream("processing-times")
    let work = Tally(), squaredError = Tally()
    for _ in 0..<2_000 {
      let actual = variability.draw(plan, of: shop, stream: stream)
      let realised = realise(plan, of: shop, processingTimes: actual)
      var actualShop = shop
      actualShop.jobs[0].operations = (0..<3).map { [.init(machine: $0, duration: actual[0][$0])] }
      #expect(realised.violations(of: actualShop, tolerance: 1e-9).isEmpty)
      // Nothing starts before its planned time.
      #expect(zip(realised.operations, plan.operations).allSatisfy { $0.start >= $1.start })
      let total = actual[0].reduce(0, +)
      work.add(total)
      squaredError.add((total - 60) * (total - 60))
    }
    #expect(work.confidenceInterval().contains(60), "\(work.confidenceInterval())")
    #expect(squaredError.confidenceInterval().contains(126), "\(squaredError.confidenceInterval())")
  }

  @Test("Realised with the planned times, every plan is itself; with longer times on ft06 the realised schedule keeps the sequences and is never shorter")
  func realiseKeepsSequences() throws {
    let shop = try InstanceReader.orLibrary(SchedulingTests.load("jobshop/ft06.txt"))
    let plan = dispatchSchedule(shop, rule: PriorityRule.mwkr)
    let planned = shop.jobs.map { $0.operations.map { $0[0].duration } }
    #expect(realise(plan, of: shop, processingTimes: planned).makespan == plan.makespan)
    let longer = realise(plan, of: shop, processingTimes: planned.map { $0.map { $0 * 1.5 } })
    #expect(longer.makespan >= plan.makespan * 1.5 - 1e-9)
    let order = { (s: Schedule) in s.operations.sorted { ($0.machine, $0.start) < ($1.machine, $1.start) }.map { [$0.job, $0.machine] } }
    #expect(order(longer) == order(plan))
  }

  @Test("Policies under breakdowns and variable times: the realised makespan is no shorter than the plan's on average, and with CV 0 it equals the breakdown-only study")
  func compareWithVariability() throws {
    let shop = try InstanceReader.orLibrary(SchedulingTests.load("jobshop/ft06.txt"))
    let plan = dispatchSchedule(shop, rule: PriorityRule.mwkr)
    let breakdowns = BreakdownProcess(meanTimeBetweenFailures: 40, meanTimeToRepair: 4)
    let policies: [ReschedulingPolicy] = [.rightShift, .full(rule: .mwkr)]
    let plain = compareReschedulingPolicies(plan, of: shop, policies: policies, breakdowns: breakdowns, replications: 10, seed: 5)
    let exact = compareReschedulingPolicies(
      plan, of: shop, policies: policies, breakdowns: breakdowns, variability: .init(coefficientOfVariation: 0), replications: 10, seed: 5)
    #expect(zip(plain, exact).allSatisfy { abs($0.makespan.mean - $1.makespan.mean) < 1e-9 })
    let noisy = compareReschedulingPolicies(
      plan, of: shop, policies: policies, breakdowns: breakdowns, variability: .init(coefficientOfVariation: 0.5), replications: 30, seed: 5)
    #expect(noisy.allSatisfy { $0.makespan.upper >= plan.makespan })
  }
}
