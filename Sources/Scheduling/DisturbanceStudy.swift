public import SimKernel

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
}

/// Plays `policies` over the same random breakdown streams (common random numbers, one stream
/// "breakdowns" per replication from `seed` + replication) and summarises each with 95 % intervals.
/// Disturbances are applied in time order; each repair starts from the previous one's schedule, and the
/// stability cost is measured against the original plan.
public func compareReschedulingPolicies(
  _ plan: Schedule, of instance: ShopInstance, policies: [ReschedulingPolicy], breakdowns: BreakdownProcess,
  replications: Int, seed: UInt64
) -> [PolicyComparison] {
  precondition(replications >= 2, "intervals need at least two replications")
  let tallies = policies.map { _ in (makespan: Tally(), moved: Tally(), shift: Tally()) }
  for replication in 0..<replications {
    let stream = RandomStreams(seed: seed &+ UInt64(replication)).stream("breakdowns")
    let events = breakdowns.draw(machines: instance.machines, horizon: plan.makespan, stream: stream)
    for (p, policy) in policies.enumerated() {
      var current = plan
      for event in events {
        // A breakdown after everything finished changes nothing.
        guard event.time < current.makespan, let repaired = try? reschedule(current, of: instance, after: event, policy: policy) else { continue }
        current = repaired.schedule
      }
      let cost = stabilityCost(from: plan, to: current)
      tallies[p].makespan.add(current.makespan)
      tallies[p].moved.add(Double(cost.moved))
      tallies[p].shift.add(cost.shift)
    }
  }
  return zip(policies, tallies).map { policy, t in
    PolicyComparison(
      policy: policy, makespan: t.makespan.confidenceInterval(), operationsMoved: t.moved.confidenceInterval(),
      startShift: t.shift.confidenceInterval())
  }
}
