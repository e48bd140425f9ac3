/// Something that upsets a schedule while it runs.
public enum Disturbance: Sendable, Equatable {
  /// Machine `machine` stops at `at` and is repaired `repair` later. An operation in progress on it is
  /// lost and must restart (non-resumable, the pessimistic case).
  case breakdown(machine: Int, at: Double, repair: Double)
  /// A new job arrives at `at` (its release is set to `at`).
  case rushOrder(ShopJob, at: Double)

  /// When it happens.
  public var time: Double {
    switch self {
    case .breakdown(_, let at, _), .rushOrder(_, let at): at
    }
  }
}

/// How to repair a schedule after a disturbance.
public enum ReschedulingPolicy: Sendable, Equatable {
  /// Keep every machine sequence and push operations later as far as needed (breakdowns only).
  case rightShift
  /// Keep what starts within `frozenWindow` after the disturbance, dispatch everything else again by
  /// `rule` from the disturbance time.
  case partial(frozenWindow: Double, rule: PriorityRule)
  /// Dispatch every operation not yet started again by `rule`.
  case full(rule: PriorityRule)
}

/// Why a repair could not be made.
public enum ReschedulingError: Error, Equatable {
  /// Right shift keeps the machine sequences, so it has no place for a new job.
  case rightShiftCannotInsert
}

/// A repaired schedule with its stability cost next to its performance.
public struct ReschedulingResult: Sendable {
  /// The instance after the disturbance (a rush order appended as the last job).
  public var instance: ShopInstance
  /// The repaired schedule.
  public var schedule: Schedule
  /// Operations of the original schedule whose machine or start time changed.
  public var operationsMoved: Int
  /// Sum over the original operations of the absolute change of their start times.
  public var totalStartShift: Double
}

/// Repairs `schedule` of `instance` after `disturbance` by `policy`. Operations that ended before the
/// disturbance never change; the result is checked independently in the tests.
///
/// - Throws: ``ReschedulingError/rightShiftCannotInsert`` for a rush order under right shift.
public func reschedule(
  _ schedule: Schedule, of instance: ShopInstance, after disturbance: Disturbance, policy: ReschedulingPolicy
) throws(ReschedulingError) -> ReschedulingResult {
  var shop = instance
  let t = disturbance.time
  var downtime: (machine: Int, start: Double, end: Double)?
  switch disturbance {
  case .breakdown(let machine, let at, let repair):
    downtime = (machine, at, at + repair)
  case .rushOrder(var job, let at):
    job.release = at
    shop.jobs.append(job)
  }
  let repaired: Schedule
  switch policy {
  case .rightShift:
    guard let downtime else { throw .rightShiftCannotInsert }
    repaired = rightShift(schedule, of: shop, downtime: downtime)
  case .partial(let window, let rule):
    repaired = redispatch(schedule, of: shop, from: t, frozenUntil: t + window, downtime: downtime, rule: rule)
  case .full(let rule):
    repaired = redispatch(schedule, of: shop, from: t, frozenUntil: t, downtime: downtime, rule: rule)
  }
  let cost = stabilityCost(from: schedule, to: repaired)
  return ReschedulingResult(instance: shop, schedule: repaired, operationsMoved: cost.moved, totalStartShift: cost.shift)
}

/// How much `repaired` disturbs `plan`: the plan's operations whose machine or start changed, and the sum
/// of the absolute changes of their start times.
func stabilityCost(from plan: Schedule, to repaired: Schedule) -> (moved: Int, shift: Double) {
  let key = { (entry: ScheduledOperation) in entry.job * 1_000_003 + entry.operation }
  let after = Dictionary(uniqueKeysWithValues: repaired.operations.map { (key($0), $0) })
  var moved = 0
  var shift = 0.0
  for entry in plan.operations {
    guard let new = after[key(entry)] else { continue }
    if new.machine != entry.machine || new.start != entry.start { moved += 1 }
    shift += abs(new.start - entry.start)
  }
  return (moved, shift)
}

/// Right shift: same machines, sequences and resource units; each operation (with its setup) starts at
/// the latest of its old start, its job predecessor's, machine predecessor's and unit predecessors' new
/// ends, and, on the broken machine, the repair's end if it would overlap the downtime. A setup may run
/// while the job's previous operation is still in process elsewhere. `processing` gives each operation's
/// actual processing time (nil: as planned).
func rightShift(
  _ schedule: Schedule, of shop: ShopInstance, downtime: (machine: Int, start: Double, end: Double)?,
  processing: ((ScheduledOperation) -> Double)? = nil
) -> Schedule {
  // Processing in order of old start times respects both predecessor relations of a feasible schedule.
  let ordered = schedule.operations.sorted { ($0.start, $0.end, $0.job) < ($1.start, $1.end, $1.job) }
  var jobEnd: [Int: Double] = [:]
  var machineEnd: [Int: Double] = [:]
  // Resource units keep their holders' order too.
  let held = schedule.resourceUnits(of: shop)
  var unitEnd: [Int: Double] = [:]
  var result: [ScheduledOperation] = []
  for entry in ordered {
    // The setup moves with its operation (the sequences, hence the setups, stay the same).
    let setup = entry.start - entry.setupStart
    let planned = shop.calendars[entry.machine]?.workingTime(from: entry.start, to: entry.end) ?? (entry.end - entry.start)
    let actual = processing?(entry) ?? planned
    let length = setup + actual
    let units = held[entry.job][entry.operation]
    var begin = max(entry.setupStart, machineEnd[entry.machine] ?? 0, (jobEnd[entry.job] ?? 0) - setup, units.map { unitEnd[$0] ?? 0 }.max() ?? 0)
    if let downtime, entry.machine == downtime.machine, begin < downtime.end, begin + length > downtime.start {
      begin = max(begin, downtime.end)
    }
    var placed = ScheduledOperation(
      job: entry.job, operation: entry.operation, machine: entry.machine, start: begin + setup, end: begin + length, setupStart: begin)
    if let calendar = shop.calendars[entry.machine] {
      // Re-place the same work by the calendar, and again after the downtime if it would overlap it.
      let setupWork = calendar.workingTime(from: entry.setupStart, to: entry.start)
      let work = setupWork + actual
      var block = calendar.place(after: begin, work: work)
      if let downtime, entry.machine == downtime.machine, block.start < downtime.end, block.end > downtime.start {
        block = calendar.place(after: downtime.end, work: work)
      }
      let start = calendar.mode == .resumable ? calendar.finish(from: block.start, work: setupWork) : block.start + setupWork
      placed = ScheduledOperation(
        job: entry.job, operation: entry.operation, machine: entry.machine, start: start, end: block.end, setupStart: block.start)
    }
    jobEnd[entry.job] = placed.end
    machineEnd[entry.machine] = placed.end
    for unit in units { unitEnd[unit] = placed.end }
    result.append(placed)
  }
  return Schedule(operations: result)
}

/// A plan as the shop floor runs it when processing times differ from the plan: the same machines,
/// sequences and resource units, each operation starting at its planned time or, if later, when its
/// job, machine and unit predecessors have actually finished (right-shift execution).
/// `processingTimes[job][operation]` are the actual times.
public func realise(_ plan: Schedule, of instance: ShopInstance, processingTimes: [[Double]]) -> Schedule {
  rightShift(plan, of: instance, downtime: nil) { processingTimes[$0.job][$0.operation] }
}

/// Keeps the operations that started before the disturbance or start before `frozenUntil` (except those
/// the downtime hits), and dispatches the rest from `from` with the broken machine busy until repaired.
func redispatch(
  _ schedule: Schedule, of shop: ShopInstance, from: Double, frozenUntil: Double,
  downtime: (machine: Int, start: Double, end: Double)?, rule: PriorityRule
) -> Schedule {
  var fixed = schedule.operations.filter { entry in
    guard entry.start < max(frozenUntil, from) || entry.end <= from else { return false }
    if let d = downtime, entry.machine == d.machine, entry.end > d.start, entry.start < d.end { return false }
    return true
  }
  // Keep only each job's fixed prefix of its routing.
  var prefix: [Int: Int] = [:]
  for entry in fixed.sorted(by: { ($0.job, $0.operation) < ($1.job, $1.operation) }) where entry.operation == (prefix[entry.job] ?? 0) {
    prefix[entry.job] = entry.operation + 1
  }
  fixed = fixed.filter { $0.operation < (prefix[$0.job] ?? 0) }
  var busy: [Int: Double] = [:]
  if let d = downtime { busy[d.machine] = d.end }
  return dispatchSchedule(shop, rule: rule, fixed: fixed, from: from, busyUntil: busy)
}
