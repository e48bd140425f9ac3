/// One operation placed in time on a machine.
public struct ScheduledOperation: Sendable, Equatable {
  /// Job index.
  public var job: Int
  /// Operation index within the job's routing.
  public var operation: Int
  /// Machine index.
  public var machine: Int
  /// Start time of processing.
  public var start: Double
  /// End time.
  public var end: Double
  /// Start of the setup before it (equal to ``start`` when there is none).
  public var setupStart: Double

  /// Creates an entry.
  public init(job: Int, operation: Int, machine: Int, start: Double, end: Double, setupStart: Double? = nil) {
    self.job = job
    self.operation = operation
    self.machine = machine
    self.start = start
    self.end = end
    self.setupStart = setupStart ?? start
  }
}

/// A schedule: every operation of an instance placed once.
public struct Schedule: Sendable, Equatable {
  /// The entries, in no particular order.
  public var operations: [ScheduledOperation]

  /// Creates a schedule.
  public init(operations: [ScheduledOperation]) { self.operations = operations }

  /// The latest end time (0 for an empty schedule).
  public var makespan: Double { operations.map(\.end).max() ?? 0 }

  /// Each job's completion time, indexed by job.
  public func completionTimes(jobs: Int) -> [Double] {
    var completion = Array(repeating: 0.0, count: jobs)
    for entry in operations { completion[entry.job] = max(completion[entry.job], entry.end) }
    return completion
  }

  /// Every way the schedule breaks the instance, one line each (empty: feasible). Checked independently
  /// of how the schedule was made: each operation placed exactly once on one of its machines for its
  /// processing time (working time, with calendars) and its setup, the routing order and release dates
  /// kept, no machine doing two things at once or starting in a break, and no secondary resource used
  /// beyond its capacity.
  public func violations(of instance: ShopInstance, tolerance: Double = 1e-9) -> [String] {
    var problems: [String] = []
    var placed: [[ScheduledOperation?]] = instance.jobs.map { Array(repeating: nil, count: $0.operations.count) }
    for entry in operations {
      guard instance.jobs.indices.contains(entry.job), placed[entry.job].indices.contains(entry.operation) else {
        problems.append("job \(entry.job) operation \(entry.operation) does not exist")
        continue
      }
      if placed[entry.job][entry.operation] != nil { problems.append("job \(entry.job) operation \(entry.operation) placed twice") }
      placed[entry.job][entry.operation] = entry
      let options = instance.jobs[entry.job].operations[entry.operation]
      let calendar = instance.calendars[entry.machine]
      if let option = options.first(where: { $0.machine == entry.machine }) {
        // Working time, breaks excluded (a calendar's breaks do not count).
        let worked = calendar?.workingTime(from: entry.start, to: entry.end) ?? (entry.end - entry.start)
        if abs(worked - option.duration) > tolerance {
          problems.append("job \(entry.job) operation \(entry.operation) works \(worked), needs \(option.duration)")
        }
        if let calendar {
          if calendar.nextAvailable(entry.setupStart) != entry.setupStart {
            problems.append("job \(entry.job) operation \(entry.operation) starts in a break of machine \(entry.machine)")
          }
          if calendar.mode == .nonPreemptive,
            calendar.workingTime(from: entry.setupStart, to: entry.end) < entry.end - entry.setupStart - tolerance
          {
            problems.append("job \(entry.job) operation \(entry.operation) runs over a break of machine \(entry.machine), which does not allow it")
          }
        }
      } else {
        problems.append("job \(entry.job) operation \(entry.operation) on machine \(entry.machine), which cannot process it")
      }
    }
    for (j, job) in placed.enumerated() {
      var previousEnd = instance.jobs[j].release
      for (k, entry) in job.enumerated() {
        guard let entry else {
          problems.append("job \(j) operation \(k) is not scheduled")
          continue
        }
        if entry.start < previousEnd - tolerance {
          problems.append("job \(j) operation \(k) starts at \(entry.start), before \(previousEnd) (precedence or release)")
        }
        previousEnd = entry.end
      }
    }
    var byMachine = Array(repeating: [ScheduledOperation](), count: instance.machines)
    for entry in operations where (0..<instance.machines).contains(entry.machine) { byMachine[entry.machine].append(entry) }
    for (m, entries) in byMachine.enumerated() {
      let sorted = entries.sorted { ($0.start, $0.end) < ($1.start, $1.end) }
      // Setups: each operation's setup interval is exactly the family change's time, and setups
      // occupy the machine like processing does.
      var previous: Int?
      for entry in sorted {
        let family = instance.jobs.indices.contains(entry.job) ? instance.jobs[entry.job].family : 0
        let needed = instance.setup(from: previous, to: family)
        let setup = instance.calendars[m]?.workingTime(from: entry.setupStart, to: entry.start) ?? (entry.start - entry.setupStart)
        if abs(setup - needed) > tolerance {
          problems.append("machine \(m): job \(entry.job) op \(entry.operation) has a setup of \(setup), needs \(needed)")
        }
        previous = family
      }
      for (a, b) in zip(sorted, sorted.dropFirst()) where b.setupStart < a.end - tolerance {
        problems.append("machine \(m): job \(a.job) op \(a.operation) and job \(b.job) op \(b.operation) (with its setup) overlap")
      }
    }
    // Secondary resources: at no time more units held than the pool has (a sweep over the intervals'
    // ends, releases before acquisitions at equal times).
    for (r, resource) in instance.resources.enumerated() {
      var changes: [(time: Double, delta: Int)] = []
      for entry in operations where instance.jobs.indices.contains(entry.job) && instance.jobs[entry.job].operations.indices.contains(entry.operation) {
        guard let option = instance.jobs[entry.job].operations[entry.operation].first(where: { $0.machine == entry.machine }) else { continue }
        let held = option.resources.filter { $0 == r }.count
        if held > 0 {
          changes.append((entry.setupStart + tolerance, held))
          changes.append((entry.end, -held))
        }
      }
      var inUse = 0
      for change in changes.sorted(by: { ($0.time, $0.delta) < ($1.time, $1.delta) }) {
        inUse += change.delta
        if inUse > resource.capacity {
          problems.append("resource \(resource.name): \(inUse) units in use at \(change.time), capacity \(resource.capacity)")
          break
        }
      }
    }
    return problems
  }
}

/// The performance of a schedule.
public struct ScheduleKPIs: Sendable, Equatable {
  /// Latest completion.
  public var makespan: Double
  /// Sum of tardiness, `max(0, C_j - d_j)`.
  public var totalTardiness: Double
  /// Sum of weighted tardiness.
  public var weightedTardiness: Double
  /// Jobs finished after their due date.
  public var lateJobs: Int
  /// Share of jobs on time.
  public var onTimeRate: Double
  /// Mean of `C_j - r_j`.
  public var meanFlowTime: Double
  /// Time-average number of jobs released and not finished, over `[0, makespan]`.
  public var meanWorkInProcess: Double
  /// Busy time (processing and setups) over the available time in `[0, makespan]`, per machine (with a
  /// calendar, both count working time only).
  public var utilisation: [Double]
  /// Unit-time held over `capacity x makespan`, per secondary resource.
  public var resourceUtilisation: [Double]
  /// Share of the machines' busy time spent in setups.
  public var setupShare: Double
  /// Overall equipment effectiveness of the shop, `availability x performance x quality` (Nakajima,
  /// Introduction to TPM, 1988), over the machines' planned production time: their busy time
  /// (setups and processing) plus downtime. Idle time with nothing to do is not counted as a loss.
  public var oee: Double
  /// Processing time over planned production time (setups and breakdowns are the losses).
  public var availability: Double
  /// Planned (ideal) processing time over actual processing time.
  public var performance: Double
  /// Good output over all output, weighted by processing time (from ``ShopInstance/scrapRates``).
  public var quality: Double

  /// Computes the KPIs of `schedule` for `instance`; `downtime[m]` is machine `m`'s breakdown time while
  /// the schedule ran (empty: none), for the OEE.
  public init(_ schedule: Schedule, instance: ShopInstance, downtime: [Double] = []) {
    let completion = schedule.completionTimes(jobs: instance.jobs.count)
    makespan = schedule.makespan
    var tardiness = 0.0, weighted = 0.0, late = 0, flow = 0.0
    for (job, c) in zip(instance.jobs, completion) {
      let t = max(0, c - job.due)
      tardiness += t
      weighted += job.weight * t
      if t > 0 { late += 1 }
      flow += c - job.release
    }
    totalTardiness = tardiness
    weightedTardiness = weighted
    lateJobs = late
    let n = Double(max(1, instance.jobs.count))
    onTimeRate = Double(instance.jobs.count - late) / n
    meanFlowTime = flow / n
    // Little's law over the horizon: the area under the WIP curve is the total flow time.
    meanWorkInProcess = makespan > 0 ? flow / makespan : 0
    var busy = Array(repeating: 0.0, count: instance.machines)
    var held = Array(repeating: 0.0, count: instance.resources.count)
    var setups = 0.0, ideal = 0.0, good = 0.0
    for entry in schedule.operations {
      let calendar = instance.calendars[entry.machine]
      busy[entry.machine] += calendar?.workingTime(from: entry.setupStart, to: entry.end) ?? (entry.end - entry.setupStart)
      setups += calendar?.workingTime(from: entry.setupStart, to: entry.start) ?? (entry.start - entry.setupStart)
      let planned = instance.jobs[entry.job].operations[entry.operation].first { $0.machine == entry.machine }?.duration ?? 0
      ideal += planned
      good += planned * (1 - (instance.scrapRates.indices.contains(entry.machine) ? instance.scrapRates[entry.machine] : 0))
      for r in instance.heldResources(of: entry) { held[r] += entry.end - entry.setupStart }
    }
    let span = schedule.makespan
    utilisation = busy.enumerated().map { m, time in
      let available = instance.calendars[m]?.workingTime(from: 0, to: span) ?? span
      return available > 0 ? time / available : 0
    }
    resourceUtilisation = zip(held, instance.resources).map { span > 0 ? $0 / (Double($1.capacity) * span) : 0 }
    let totalBusy = busy.reduce(0, +)
    setupShare = totalBusy > 0 ? setups / totalBusy : 0
    let processing = totalBusy - setups
    let plannedTime = totalBusy + downtime.reduce(0, +)
    availability = plannedTime > 0 ? processing / plannedTime : 1
    performance = processing > 0 ? ideal / processing : 1
    quality = ideal > 0 ? good / ideal : 1
    oee = availability * performance * quality
  }
}
