/// A schedule's electricity: energy, cost under a tariff, and the shop's power over time.
public struct ScheduleEnergy: Sendable, Equatable {
  /// Energy drawn by the machines while setting up and processing, J.
  public var energy: Double
  /// Its cost under the tariff, currency.
  public var cost: Double
  /// The share of the energy drawn while the tariff's price is above its lowest.
  public var shareAboveValley: Double

  /// The energy of `schedule` (machines draw ``ShopInstance/machinePower`` over their working time, breaks
  /// excluded) priced by `tariff`.
  public init(_ schedule: Schedule, instance: ShopInstance, tariff: EnergyTariff) {
    let valley = tariff.bands.map(\.price).min() ?? 0
    var (energy, cost, aboveValley) = (0.0, 0.0, 0.0)
    for entry in schedule.operations where instance.machinePower.indices.contains(entry.machine) {
      let power = instance.machinePower[entry.machine]
      let stretches = instance.calendars[entry.machine]?.workingIntervals(from: entry.setupStart, to: entry.end) ?? [(entry.setupStart, entry.end)]
      for stretch in stretches {
        energy += power * (stretch.end - stretch.start)
        cost += tariff.cost(power: power, from: stretch.start, to: stretch.end)
        // Split at the price changes to find the part above the valley price.
        var time = stretch.start
        for change in tariff.changes(from: stretch.start, to: stretch.end) + [stretch.end] {
          if tariff.price(at: time) > valley { aboveValley += power * (change - time) }
          time = change
        }
      }
    }
    self.energy = energy
    self.cost = cost
    shareAboveValley = energy > 0 ? aboveValley / energy : 0
  }
}

extension Schedule {
  /// The shop's mean electric power in each `step` from time 0 to the makespan, W (machines draw
  /// ``ShopInstance/machinePower`` while setting up and processing, not in breaks). The area under the
  /// profile is the schedule's energy.
  public func powerProfile(of instance: ShopInstance, step: Double) -> [Double] {
    let steps = Int((makespan / step).rounded(.up))
    var profile = Array(repeating: 0.0, count: steps)
    for entry in operations where instance.machinePower.indices.contains(entry.machine) {
      let power = instance.machinePower[entry.machine]
      for stretch in instance.calendars[entry.machine]?.workingIntervals(from: entry.setupStart, to: entry.end) ?? [(entry.setupStart, entry.end)] {
        var k = Int(stretch.start / step)
        while k < steps, Double(k) * step < stretch.end {
          let overlap = min(stretch.end, Double(k + 1) * step) - max(stretch.start, Double(k) * step)
          profile[k] += power * overlap / step
          k += 1
        }
      }
    }
    return profile
  }
}

/// Energy-aware timing: the same machine and resource sequences, with each operation slid later within
/// its float to where its setup and processing cost least under `tariff`, so that no job finishes later
/// than before or than its due date, whichever is later, and the makespan does not grow. Operations on
/// machines with a calendar keep their times.
///
/// Operations are placed in reverse topological order, each at the cheapest start between its earliest
/// start and the latest start its already placed successors allow; the cost of a block of fixed length
/// is piecewise linear in its start with kinks where the block's start or end meets a price change,
/// so the cheapest start is one of those points or an end of the window (ties: the earliest).
public func shiftIntoCheapPeriods(_ schedule: Schedule, of instance: ShopInstance, tariff: EnergyTariff) -> Schedule {
  var graph = DisjunctiveGraph(instance, schedule: schedule)
  _ = graph.evaluate()
  return graph.schedule(blockStarts: graph.cheapestTiming(tariff: tariff, power: instance.machinePower).blockStarts)
}

extension DisjunctiveGraph {
  /// The energy-aware timing of the last evaluation (see ``shiftIntoCheapPeriods(_:of:tariff:)``): each
  /// operation's block (setup) start, and the energy cost.
  func cheapestTiming(tariff: EnergyTariff, power: [Double]) -> (blockStarts: [Double], cost: Double) {
    let makespan = last >= 0 ? finish[last] : 0
    var start = blockStart
    var cost = 0.0
    for position in stride(from: operationCount - 1, through: 0, by: -1) {
      let op = order[position]
      let length = finish[op] - blockStart[op]
      let draw = power.indices.contains(machine[op]) ? power[machine[op]] : 0
      // The latest end that delays no successor, no job beyond its due date and not the makespan.
      var latestEnd = makespan
      if jobNext[op] >= 0 {
        let next = jobNext[op]
        latestEnd = min(latestEnd, start[next] + head[next] - blockStart[next])
      } else {
        latestEnd = max(finish[op], min(due[index[op].job], makespan))
      }
      if machineNext[op] >= 0 { latestEnd = min(latestEnd, start[machineNext[op]]) }
      if unitCount > 0 { for next in unitNext[op] where next >= 0 { latestEnd = min(latestEnd, start[next]) } }
      let earliest = blockStart[op], latest = latestEnd - length
      guard draw > 0, calendars[machine[op]] == nil else { continue }
      var best = (start: earliest, cost: tariff.cost(power: draw, from: earliest, to: earliest + length))
      if latest > earliest {
        for s in [latest] + tariff.changes(from: earliest, to: latest + length).flatMap({ [$0, $0 - length] }) where s > earliest && s <= latest {
          let c = tariff.cost(power: draw, from: s, to: s + length)
          if c < best.cost || (c == best.cost && s < best.start) { best = (s, c) }
        }
      }
      start[op] = best.start
      cost += best.cost
    }
    return (start, cost)
  }

  /// The schedule of the current sequences with the given block starts (setup, processing and end
  /// moved together from the evaluated times).
  func schedule(blockStarts start: [Double]) -> Schedule {
    Schedule(operations: (0..<operationCount).map { op in
      let shift = start[op] - blockStart[op]
      return ScheduledOperation(
        job: index[op].job, operation: index[op].operation, machine: machine[op], start: head[op] + shift, end: finish[op] + shift,
        setupStart: start[op])
    })
  }
}
