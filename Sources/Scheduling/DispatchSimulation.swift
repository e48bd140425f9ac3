import SimKernel

/// Plays a dispatch rule out on the discrete-event kernel: jobs arrive at their release dates; whenever a
/// machine is idle and operations wait that it can process, the rule picks one (a non-delay schedule).
/// For flexible routings `machineChoice` picks each waiting operation's machine among those whose
/// secondary resources are free, and the rule ranks the operations; an operation whose resources are
/// all taken waits, and the machine may take another (the resources are held from the
/// dispatch to the end). A sequence-dependent setup (by product family) runs on the machine right
/// before an operation; the rules rank by processing time, not setup. Events at one time are all taken
/// in before anyone is dispatched, so the result does not depend on the order of simultaneous events.
///
/// The simulation uses event notices (``SimKernel/Simulation/register(_:)``): a release kind per job
/// and a finish kind per machine, and one dispatch notice after each batch of simultaneous events.
///
/// For rescheduling, `fixed` operations keep their machines and times (each job's fixed operations must
/// be a prefix of its routing), nothing starts before `from`, and machine `m` is unavailable until
/// `busyUntil[m]` (a repair) as well as until its last fixed operation ends.
public func dispatchSchedule(
  _ instance: ShopInstance, rule: some DispatchRule, machineChoice: MachineChoice = .fastest, fixed: [ScheduledOperation] = [],
  from: Double = 0, busyUntil: [Int: Double] = [:]
) -> Schedule {
  let sim = Simulation(startTime: from)
  let shop = Shop(machines: instance.machines, jobs: instance.jobs.count, resources: instance.resources.map(\.capacity))
  shop.placed = fixed
  let remainingWork: [[Double]] = instance.jobs.map { job in
    var suffix = Array(repeating: 0.0, count: job.operations.count + 1)
    for k in stride(from: job.operations.count - 1, through: 0, by: -1) {
      suffix[k] = suffix[k + 1] + (job.operations[k].map(\.duration).min() ?? 0)
    }
    return suffix
  }

  var dispatchKind: EventKind!
  let requestDispatch = { (sim: Simulation) in
    guard !shop.dispatchPending else { return }
    shop.dispatchPending = true
    // Priority 1: after every other event at this time.
    sim.schedule(dispatchKind, at: sim.now, priority: 1)
  }
  let finish = sim.register { sim, notice in
    let machine = notice.entity
    shop.idle[machine] = true
    if let last = shop.placed.last(where: { $0.machine == machine && $0.end == sim.now }) {
      shop.release(instance.heldResources(of: last))
      shop.next[last.job] += 1
      if shop.next[last.job] < instance.jobs[last.job].operations.count {
        shop.ready.append((last.job, shop.next[last.job], sim.now))
      }
    }
    requestDispatch(sim)
  }
  let release = sim.register { sim, notice in
    shop.ready.append((notice.entity, shop.next[notice.entity], sim.now))
    requestDispatch(sim)
  }
  let available = sim.register { sim, notice in
    shop.idle[notice.entity] = true
    requestDispatch(sim)
  }
  // A fixed operation running past `from` hands back its resources when it ends (entity: its index).
  let resourcesBack = sim.register { sim, notice in
    shop.release(instance.heldResources(of: fixed[notice.entity]))
    requestDispatch(sim)
  }
  dispatchKind = sim.register { sim, _ in
    shop.dispatchPending = false
    while true {
      // Every waiting operation with an idle machine that can take it, at its fastest idle machine.
      var candidates: [(index: Int, candidate: DispatchCandidate)] = []
      for (index, waiting) in shop.ready.enumerated() {
        let job = instance.jobs[waiting.job]
        let alternatives = job.operations[waiting.operation]
        let best: ShopJob.Alternative?
        switch machineChoice {
        case .fastest:
          best = alternatives.filter { shop.idle[$0.machine] && shop.canHold($0.resources) }
            .min { ($0.duration, $0.machine) < ($1.duration, $1.machine) }
        case .leastLoaded:
          best = alternatives.filter { shop.idle[$0.machine] && shop.canHold($0.resources) }
            .min { (shop.load[$0.machine], $0.duration, $0.machine) < (shop.load[$1.machine], $1.duration, $1.machine) }
        case .earliestCompletion:
          // The machine that would finish it first, busy or not; if that one is busy, the operation waits for it.
          let finish = { (a: ShopJob.Alternative) in max(sim.now, shop.freeAt[a.machine]) + a.duration }
          best = alternatives.min { (finish($0), $0.machine) < (finish($1), $1.machine) }
            .flatMap { shop.idle[$0.machine] && shop.canHold($0.resources) ? $0 : nil }
        }
        guard let best else { continue }
        candidates.append((index, DispatchCandidate(
          job: waiting.job, operation: waiting.operation, machine: best.machine, duration: best.duration,
          readySince: waiting.since, remainingWork: remainingWork[waiting.job][waiting.operation],
          remainingOperations: job.operations.count - waiting.operation, due: job.due, weight: job.weight)))
      }
      guard !candidates.isEmpty else { break }
      let context = DispatchContext(
        now: sim.now, meanDuration: candidates.reduce(0) { $0 + $1.candidate.duration } / Double(candidates.count))
      let chosen = candidates.min { a, b in
        let (pa, pb) = (rule.priority(a.candidate, context: context), rule.priority(b.candidate, context: context))
        return (pa, a.candidate.readySince, a.candidate.job) < (pb, b.candidate.readySince, b.candidate.job)
      }!
      let c = chosen.candidate
      shop.ready.remove(at: chosen.index)
      shop.idle[c.machine] = false
      let family = instance.jobs[c.job].family
      let setup = instance.setup(from: shop.lastFamily[c.machine], to: family)
      shop.lastFamily[c.machine] = family
      // A calendar may make the operation wait for its shift or pause over breaks; the machine is
      // committed to it meanwhile.
      var (setupStart, start, end) = (sim.now, sim.now + setup, sim.now + setup + c.duration)
      if let calendar = instance.calendars[c.machine] {
        let placed = calendar.place(after: sim.now, work: setup + c.duration)
        setupStart = placed.start
        start = calendar.mode == .resumable ? calendar.finish(from: placed.start, work: setup) : placed.start + setup
        end = placed.end
      }
      let entry = ScheduledOperation(job: c.job, operation: c.operation, machine: c.machine, start: start, end: end, setupStart: setupStart)
      shop.hold(instance.heldResources(of: entry))
      shop.placed.append(entry)
      shop.freeAt[c.machine] = end
      shop.load[c.machine] += end - setupStart
      sim.schedule(finish, entity: c.machine, at: end)
    }
  }
  // Fixed prefixes: each job continues after its last fixed operation, each machine after its last
  // fixed operation or its repair.
  var jobReady = instance.jobs.map { max($0.release, from) }
  var machineFree = Array(repeating: from, count: instance.machines)
  for entry in fixed.sorted(by: { $0.start < $1.start }) {
    shop.lastFamily[entry.machine] = instance.jobs[entry.job].family
    shop.next[entry.job] = max(shop.next[entry.job], entry.operation + 1)
    jobReady[entry.job] = max(jobReady[entry.job], entry.end)
    machineFree[entry.machine] = max(machineFree[entry.machine], entry.end)
  }
  for m in 0..<instance.machines { shop.freeAt[m] = max(machineFree[m], busyUntil[m] ?? 0) }
  for (index, entry) in fixed.enumerated() where entry.end > from {
    shop.hold(instance.heldResources(of: entry))
    sim.schedule(resourcesBack, entity: index, at: entry.end)
  }
  for (machine, until) in busyUntil { machineFree[machine] = max(machineFree[machine], until) }
  for m in 0..<instance.machines where machineFree[m] > from {
    shop.idle[m] = false
    sim.schedule(available, entity: m, at: machineFree[m])
  }
  for (j, job) in instance.jobs.enumerated() where shop.next[j] < job.operations.count {
    sim.schedule(release, entity: j, at: jobReady[j])
  }
  do { try sim.run() } catch { preconditionFailure("the dispatch simulation has no failing events: \(error)") }
  return Schedule(operations: shop.placed)
}

/// The dispatch simulation's mutable state (one simulation, one thread).
private final class Shop: @unchecked Sendable {
  var idle: [Bool]
  var ready: [(job: Int, operation: Int, since: Double)] = []
  var next: [Int]
  var placed: [ScheduledOperation] = []
  var dispatchPending = false
  /// The family of each machine's last operation (nil: none yet), for setups.
  var lastFamily: [Int?]
  /// Free units of each secondary resource.
  var freeUnits: [Int]
  /// When each machine is next free, and the time it has been committed so far.
  var freeAt: [Double]
  var load: [Double]
  init(machines: Int, jobs: Int, resources: [Int]) {
    idle = Array(repeating: true, count: machines)
    next = Array(repeating: 0, count: jobs)
    lastFamily = Array(repeating: nil, count: machines)
    freeUnits = resources
    freeAt = Array(repeating: 0, count: machines)
    load = Array(repeating: 0, count: machines)
  }

  /// Whether a unit of each listed resource is free (a resource listed twice needs two).
  func canHold(_ resources: [Int]) -> Bool {
    resources.allSatisfy { r in freeUnits[r] >= resources.lazy.filter { $0 == r }.count }
  }

  func hold(_ resources: [Int]) { for r in resources { freeUnits[r] -= 1 } }
  func release(_ resources: [Int]) { for r in resources { freeUnits[r] += 1 } }
}

extension ShopInstance {
  /// The resources the alternative a scheduled operation runs on holds (none if it is not one).
  func heldResources(of entry: ScheduledOperation) -> [Int] {
    jobs[entry.job].operations[entry.operation].first { $0.machine == entry.machine }?.resources ?? []
  }
}

/// How a dispatch picks the machine of a flexible operation.
public enum MachineChoice: String, Sendable, CaseIterable {
  /// The idle machine that processes it fastest (ties: lowest index).
  case fastest
  /// The idle machine with the least work committed so far (ties: fastest, then lowest index), spreading
  /// the load.
  case leastLoaded = "least-loaded"
  /// The machine, idle or busy, on which it would finish first (ECT); the operation waits if that machine
  /// is busy, so schedules may hold a fast machine rather than use a slow idle one.
  case earliestCompletion = "earliest-completion"
}
