public import SimKernel
import Foundation

/// Random machine breakdowns: every machine alternates up times and repairs, both exponential (an
/// alternating renewal process), starting up at time 0.
public struct BreakdownProcess: Sendable, Equatable {
  /// Mean time between failures (mean up time).
  public var meanTimeBetweenFailures: Double
  /// Mean time to repair.
  public var meanTimeToRepair: Double

  /// Creates the process.
  public init(meanTimeBetweenFailures: Double, meanTimeToRepair: Double) {
    precondition(meanTimeBetweenFailures > 0 && meanTimeToRepair > 0, "need positive means")
    self.meanTimeBetweenFailures = meanTimeBetweenFailures
    self.meanTimeToRepair = meanTimeToRepair
  }

  /// The breakdowns of `machines` machines that start before `horizon`, in time order (ties by machine),
  /// drawn from `stream`.
  public func draw(machines: Int, horizon: Double, stream: RandomStream) -> [Disturbance] {
    var events: [Disturbance] = []
    for machine in 0..<machines {
      var t = stream.exponential(mean: meanTimeBetweenFailures)
      while t < horizon {
        let repair = stream.exponential(mean: meanTimeToRepair)
        events.append(.breakdown(machine: machine, at: t, repair: repair))
        t += repair + stream.exponential(mean: meanTimeBetweenFailures)
      }
    }
    return events.sorted { a, b in
      guard case .breakdown(let ma, let ta, _) = a, case .breakdown(let mb, let tb, _) = b else { return false }
      return (ta, ma) < (tb, mb)
    }
  }
}

/// Processing times that vary around the plan's: each operation's actual time is its planned time
/// times a lognormal factor of mean 1 and coefficient of variation `coefficientOfVariation` (so
/// `sigma^2 = ln(1 + cv^2)`, `mu = -sigma^2 / 2`; Law, Simulation Modeling and Analysis, 5th ed., 6.2.2).
public struct ProcessingTimeVariability: Sendable, Equatable {
  /// Standard deviation over mean of the actual times.
  public var coefficientOfVariation: Double

  /// Creates the variability.
  public init(coefficientOfVariation: Double) {
    precondition(coefficientOfVariation >= 0, "need a non-negative coefficient of variation")
    self.coefficientOfVariation = coefficientOfVariation
  }

  /// Actual processing times of `schedule`'s operations, `[job][operation]`, drawn from `stream` in job
  /// and operation order.
  public func draw(_ schedule: Schedule, of instance: ShopInstance, stream: RandomStream) -> [[Double]] {
    let sigma2 = log(1 + coefficientOfVariation * coefficientOfVariation)
    var factors = instance.jobs.map { $0.operations.map { _ in stream.lognormal(mu: -sigma2 / 2, sigma: sigma2.squareRoot()) } }
    for entry in schedule.operations {
      let planned = instance.jobs[entry.job].operations[entry.operation].first { $0.machine == entry.machine }?.duration ?? 0
      factors[entry.job][entry.operation] *= planned
    }
    return factors
  }
}

/// One rescheduling policy's performance over replications, with 95 % confidence intervals.
public struct PolicyComparison: Sendable {
  /// The policy.
  public var policy: ReschedulingPolicy
  /// Makespan after all disturbances.
  public var makespan: ConfidenceInterval
  /// Operations of the plan that changed machine or start time.
  public var operationsMoved: ConfidenceInterval
  /// Total absolute start-time shift of the plan's operations.
  public var startShift: ConfidenceInterval
  /// Overall equipment effectiveness of the realised schedule, breakdowns counted as downtime
  /// (``ScheduleKPIs/oee``).
  public var oee: ConfidenceInterval
}

/// Plays `policies` over the same random breakdown streams (nil: none) (common random numbers, one stream
/// "breakdowns" per replication from `seed` + replication) and summarises each with 95 % intervals.
/// Disturbances are applied in time order; each repair starts from the previous one's schedule, and the
/// stability cost is measured against the original plan. With `variability`, the repaired schedule then
/// runs with actual processing times (stream "processing-times", the same for every policy) by
/// ``realise(_:of:processingTimes:)``, and the makespan is the realised one.
public func compareReschedulingPolicies(
  _ plan: Schedule, of instance: ShopInstance, policies: [ReschedulingPolicy], breakdowns: BreakdownProcess?,
  variability: ProcessingTimeVariability? = nil, replications: Int, seed: UInt64
) -> [PolicyComparison] {
  precondition(replications >= 2, "intervals need at least two replications")
  let tallies = policies.map { _ in (makespan: Tally(), moved: Tally(), shift: Tally(), oee: Tally()) }
  for replication in 0..<replications {
    let stream = RandomStreams(seed: seed &+ UInt64(replication)).stream("breakdowns")
    let events = breakdowns?.draw(machines: instance.machines, horizon: plan.makespan, stream: stream) ?? []
    for (p, policy) in policies.enumerated() {
      var current = plan
      for event in events {
        // A breakdown after everything finished changes nothing.
        guard event.time < current.makespan, let repaired = try? reschedule(current, of: instance, after: event, policy: policy) else { continue }
        current = repaired.schedule
      }
      let cost = stabilityCost(from: plan, to: current)
      if let variability {
        // Common random numbers: every policy's operations get the same factors (drawn per replication).
        let actual = variability.draw(current, of: instance, stream: RandomStreams(seed: seed &+ UInt64(replication)).stream("processing-times"))
        current = realise(current, of: instance, processingTimes: actual)
      }
      tallies[p].makespan.add(current.makespan)
      // Downtime: the repairs that fall before the realised end.
      var downtime = Array(repeating: 0.0, count: instance.machines)
      for case .breakdown(let machine, let at, let repair) in events where at < current.makespan {
        downtime[machine] += min(at + repair, current.makespan) - at
      }
      tallies[p].oee.add(ScheduleKPIs(current, instance: instance, downtime: downtime).oee)
      tallies[p].moved.add(Double(cost.moved))
      tallies[p].shift.add(cost.shift)
    }
  }
  return zip(policies, tallies).map { policy, t in
    PolicyComparison(
      policy: policy, makespan: t.makespan.confidenceInterval(), operationsMoved: t.moved.confidenceInterval(),
      startShift: t.shift.confidenceInterval(), oee: t.oee.confidenceInterval())
  }
}
