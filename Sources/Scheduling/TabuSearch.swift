import Foundation
import SimKernel

/// Options of ``tabuSearch(_:start:options:)``.
public struct TabuSearchOptions: Sendable, Equatable {
  /// Iterations (moves) at most; the search is deterministic for a given seed and iteration budget.
  public var maxIterations: Int = 200_000
  /// Wall-clock limit, s (infinity: none). A run stopped by time depends on the machine's speed.
  public var timeLimit: Double = .infinity
  /// What to minimise.
  public var objective: ScheduleObjective = .makespan
  /// Stop as soon as the objective reaches this (e.g. a known lower bound, or 0 tardiness).
  public var target: Double = 0
  /// Iterations without improvement before the search restarts from the best schedule, perturbed.
  public var restartAfter: Int = 3_000
  /// Random moves applied when restarting.
  public var perturbation: Int = 6
  /// Seed of the random tabu tenures and perturbations.
  public var seed: UInt64 = 1
  /// The electricity tariff, required by ``ScheduleObjective/energyCost(tardinessPrice:)``.
  public var tariff: EnergyTariff?

  /// The defaults.
  public init() {}
}

/// What the tabu search minimises.
public enum ScheduleObjective: Sendable, Equatable {
  /// The latest completion.
  case makespan
  /// Sum of `w_j max(0, C_j - d_j)`.
  case weightedTardiness
  /// The machines' energy cost under the options' tariff (``TabuSearchOptions/tariff``), each schedule
  /// timed by ``shiftIntoCheapPeriods(_:of:tariff:)``, plus `tardinessPrice` (currency per unit of
  /// weighted tardiness) times the weighted tardiness.
  case energyCost(tardinessPrice: Double)
}

/// What a tabu search returns: the best schedule, its objective value, and how far it went.
public struct TabuSearchResult: Sendable {
  /// The best schedule found.
  public var schedule: Schedule
  /// Its objective value (the makespan, or the weighted tardiness).
  public var makespan: Double
  /// Iterations performed.
  public var iterations: Int
  /// The iteration at which the best was found.
  public var bestIteration: Int
}

/// Makespan minimisation of a (flexible) job shop by tabu search on the critical path with the N5 neighbourhood
/// (Nowicki and Smutnicki, Manage. Sci. 42 (1996) 797): swap the first two or the last two operations of
/// each critical block (not the first two of the first block nor the last two of the last), which never
/// creates a cycle (van Laarhoven, Aarts and Lenstra 1992). Every candidate is evaluated exactly (heads
/// by a topological pass, O(operations)); reversed arcs stay tabu for a random tenure; a move that beats
/// the best is allowed anyway (aspiration); after `restartAfter` idle iterations the search restarts
/// from the best schedule with a few random N5 moves. Anytime: it returns the best schedule so far when
/// the budget or time runs out.
///
/// For a flexible job shop the neighbourhood also moves each critical operation to each of its other
/// machines, inserted where its current start time places it (the assignment moves of Mastrolilli and
/// Gambardella, J. Sched. 3 (2000) 3, without their position search); moving it back is tabu for a
/// while.
///
/// Secondary resources enter the graph as their units: each unit is one more sequence, like a machine,
/// with its arcs weighted so that the next holder's setup starts after the last one ends. Critical
/// blocks on a unit get the same N5 swaps, an operation on the path may move to another unit of the
/// same pool, and machine moves are limited to alternatives holding the same resources.
public func tabuSearch(_ instance: ShopInstance, start: Schedule, options: TabuSearchOptions = TabuSearchOptions()) -> TabuSearchResult {
  var state = DisjunctiveGraph(instance, schedule: start)
  if case .energyCost = options.objective {
    precondition(options.tariff != nil, "the energy-cost objective needs a tariff")
    state.energy = (options.tariff!, instance.machinePower)
  }
  let random = RandomStreams(seed: options.seed).stream("tabu")
  let clock = ContinuousClock.now
  var best = state.snapshot
  _ = state.evaluate()
  var bestMakespan = state.score(options.objective)
  var bestIteration = 0
  var current = bestMakespan
  var tabu: [Int: Int] = [:]  // move attribute -> iteration until which restoring it is forbidden
  let n = state.operationCount
  let baseTenure = 10 + instance.jobs.count / max(1, instance.machines)
  var idle = 0
  var iteration = 0

  while iteration < options.maxIterations, bestMakespan > options.target {
    if options.timeLimit.isFinite, iteration % 1_024 == 0, (ContinuousClock.now - clock) > .seconds(options.timeLimit) { break }
    iteration += 1
    let moves = state.moves(for: options.objective)
    guard !moves.isEmpty else { break }  // nothing on a critical path can move: optimal for this objective
    var chosen: (move: Move, makespan: Double)?
    var fallback: (move: Move, makespan: Double, expiry: Int)?
    for move in moves {
      let makespan = state.trial(move, objective: options.objective)
      guard makespan.isFinite else { continue }  // a cycle (possible with resource units)
      let expiry = tabu[move.restoringKey(n: n, graph: state)] ?? 0
      if expiry < iteration || makespan < bestMakespan {
        if chosen == nil || makespan < chosen!.makespan { chosen = (move, makespan) }
      } else if fallback == nil || expiry < fallback!.expiry {
        fallback = (move, makespan, expiry)
      }
    }
    guard let move = chosen?.move ?? fallback?.move else { break }
    // Undoing the move is tabu for a while.
    tabu[move.appliedKey(n: n, graph: state)] = iteration + baseTenure + Int(random.uniform(0, Double(baseTenure)))
    state.apply(move)
    _ = state.evaluate()
    current = state.score(options.objective)
    if current < bestMakespan {
      bestMakespan = current
      best = state.snapshot
      bestIteration = iteration
      idle = 0
    } else {
      idle += 1
    }
    if idle >= options.restartAfter {
      state.restore(best)
      _ = state.evaluate()
      for _ in 0..<options.perturbation {
        let moves = state.moves(for: options.objective)
        guard !moves.isEmpty else { break }
        let move = moves[Int(random.uniform(0, Double(moves.count))) % moves.count]
        guard state.trial(move, objective: options.objective).isFinite else { continue }
        state.apply(move)
        _ = state.evaluate()
      }
      tabu.removeAll(keepingCapacity: true)
      idle = 0
    }
  }
  state.restore(best)
  _ = state.evaluate()
  let schedule = state.energy.map { state.schedule(blockStarts: state.cheapestTiming(tariff: $0.tariff, power: $0.power).blockStarts) } ?? state.schedule()
  return TabuSearchResult(schedule: schedule, makespan: bestMakespan, iterations: iteration, bestIteration: bestIteration)
}

/// A move of the tabu search.
enum Move {
  /// Swap adjacent operations `a` (first) and `b` on every sequence (machine, resource unit) where `b`
  /// directly follows `a`.
  case swap(Int, Int)
  /// Move operation `op` to `machine`.
  case reassign(Int, machine: Int)
  /// Move operation `op` from resource unit `from` to `to` (of the same pool).
  case reassignUnit(Int, from: Int, to: Int)

  /// The attribute a later move would restore by undoing this one: the arc `a before b`, or the
  /// operation on its old machine. Keys of arcs and of assignments live in separate ranges.
  func appliedKey(n: Int, graph: DisjunctiveGraph) -> Int {
    switch self {
    case .swap(let a, let b): return a * n + b
    case .reassign(let op, _): return n * n + op * graph.machineCount + graph.machine[op]
    case .reassignUnit(let op, let from, _): return -1 - op * graph.unitCount - from
    }
  }

  /// The attribute this move restores (tabu if a recent move removed it).
  func restoringKey(n: Int, graph: DisjunctiveGraph) -> Int {
    switch self {
    case .swap(let a, let b): return b * n + a
    case .reassign(let op, let machine): return n * n + op * graph.machineCount + machine
    case .reassignUnit(let op, _, let to): return -1 - op * graph.unitCount - to
    }
  }
}

/// A (flexible) job shop as a disjunctive graph with fixed machine assignments and sequences: heads,
/// makespan and one critical path.
struct DisjunctiveGraph {
  let operationCount: Int
  let machineCount: Int
  let alternatives: [[ShopJob.Alternative]]
  let jobPrevious: [Int]
  let jobNext: [Int]
  let index: [(job: Int, operation: Int)]
  /// Each operation's product family, and the instance's setup matrix (empty: none).
  let family: [Int]
  let setupTimes: [[Double]]
  /// Each operation's earliest start from its job's release (0 after the first operation).
  let releaseOf: [Double]
  /// Working calendars by machine (nil: always available), and whether there is any.
  let calendars: [MachineCalendar?]
  let hasCalendars: Bool
  /// Units of secondary resources: how many, each one's pool, and each pool's range of units.
  let unitCount: Int
  let poolOfUnit: [Int]
  let pools: [Range<Int>]
  /// The tariff and machine powers of the energy-cost objective.
  var energy: (tariff: EnergyTariff, power: [Double])?
  /// Each job's last operation, due date and weight.
  let lastOperation: [Int]
  let due: [Double]
  let weight: [Double]
  private(set) var duration: [Double]
  private(set) var machine: [Int]
  /// Operations in processing order on each machine.
  private(set) var sequences: [[Int]]
  private var machinePrevious: [Int]
  private(set) var machineNext: [Int]
  private var position: [Int]
  /// Resource units each operation holds, the operations in order on each unit, and each held unit's
  /// neighbours there (aligned with `units[op]`).
  private(set) var units: [[Int]]
  private(set) var unitSequences: [[Int]]
  private var unitPrevious: [[Int]]
  private(set) var unitNext: [[Int]]
  private(set) var head: [Double]
  /// End of each operation, and start of its setup (with calendars, breaks can lie in between).
  private(set) var finish: [Double]
  private(set) var blockStart: [Double]
  /// Spare time arrays that trials evaluate into.
  private var spareHead: [Double]
  private var spareFinish: [Double]
  private var spareBlockStart: [Double]
  private var inDegree: [Int]
  private(set) var order: [Int]
  private(set) var last = -1

  /// What ``restore(_:)`` needs: assignments and sequences.
  struct Snapshot {
    var machine: [Int]
    var duration: [Double]
    var sequences: [[Int]]
    var units: [[Int]]
    var unitSequences: [[Int]]
  }

  init(_ instance: ShopInstance, schedule: Schedule) {
    var alternatives: [[ShopJob.Alternative]] = [], jobPrevious: [Int] = [], jobNext: [Int] = []
    var index: [(job: Int, operation: Int)] = []
    var id: [[Int]] = []
    for (j, job) in instance.jobs.enumerated() {
      var ids: [Int] = []
      for (k, options) in job.operations.enumerated() {
        let op = alternatives.count
        ids.append(op)
        alternatives.append(options)
        jobPrevious.append(k > 0 ? op - 1 : -1)
        jobNext.append(k + 1 < job.operations.count ? op + 1 : -1)
        index.append((j, k))
      }
      id.append(ids)
    }
    operationCount = alternatives.count
    machineCount = instance.machines
    family = index.map { instance.jobs[$0.job].family }
    releaseOf = index.map { $0.operation == 0 ? instance.jobs[$0.job].release : 0 }
    calendars = (0..<instance.machines).map { instance.calendars[$0] }
    hasCalendars = !instance.calendars.isEmpty
    setupTimes = instance.setupTimes
    lastOperation = id.map { $0.last! }
    due = instance.jobs.map(\.due)
    weight = instance.jobs.map(\.weight)
    self.alternatives = alternatives
    self.jobPrevious = jobPrevious
    self.jobNext = jobNext
    self.index = index
    var machine = Array(repeating: 0, count: alternatives.count)
    var duration = Array(repeating: 0.0, count: alternatives.count)
    var sequences = Array(repeating: [Int](), count: instance.machines)
    for entry in schedule.operations.sorted(by: { ($0.start, $0.job) < ($1.start, $1.job) }) {
      let op = id[entry.job][entry.operation]
      machine[op] = entry.machine
      duration[op] = alternatives[op].first { $0.machine == entry.machine }!.duration
      sequences[entry.machine].append(op)
    }
    self.machine = machine
    self.duration = duration
    self.sequences = sequences
    let offsets = instance.unitOffsets
    unitCount = instance.unitCount
    let pools = instance.resources.indices.map { offsets[$0]..<(offsets[$0] + instance.resources[$0].capacity) }
    self.pools = pools
    poolOfUnit = pools.indices.flatMap { r in Array(repeating: r, count: pools[r].count) }
    let held = schedule.resourceUnits(of: instance)
    units = index.map { held[$0.job][$0.operation] }
    var unitSequences = Array(repeating: [Int](), count: unitCount)
    for entry in schedule.operations.sorted(by: { ($0.setupStart, $0.end, $0.job) < ($1.setupStart, $1.end, $1.job) }) {
      for unit in held[entry.job][entry.operation] { unitSequences[unit].append(id[entry.job][entry.operation]) }
    }
    self.unitSequences = unitSequences
    unitPrevious = units.map { Array(repeating: -1, count: $0.count) }
    unitNext = unitPrevious
    machinePrevious = Array(repeating: -1, count: operationCount)
    machineNext = Array(repeating: -1, count: operationCount)
    position = Array(repeating: 0, count: operationCount)
    head = Array(repeating: 0, count: operationCount)
    finish = Array(repeating: 0, count: operationCount)
    blockStart = Array(repeating: 0, count: operationCount)
    spareHead = head
    spareFinish = finish
    spareBlockStart = blockStart
    inDegree = Array(repeating: 0, count: operationCount)
    order = Array(repeating: 0, count: operationCount)
    link()
  }

  /// The current assignments and sequences.
  var snapshot: Snapshot {
    Snapshot(machine: machine, duration: duration, sequences: sequences, units: units, unitSequences: unitSequences)
  }

  /// Exchanges the time arrays with their spares (no copy).
  private mutating func swapTimeBuffers() {
    Swift.swap(&head, &spareHead)
    Swift.swap(&finish, &spareFinish)
    Swift.swap(&blockStart, &spareBlockStart)
  }

  /// Returns to a snapshot.
  mutating func restore(_ snapshot: Snapshot) {
    machine = snapshot.machine
    duration = snapshot.duration
    sequences = snapshot.sequences
    units = snapshot.units
    unitSequences = snapshot.unitSequences
    link()
  }

  /// Rebuilds the machine links and positions from the sequences.
  private mutating func link() {
    for sequence in sequences {
      for (p, op) in sequence.enumerated() {
        position[op] = p
        machinePrevious[op] = p > 0 ? sequence[p - 1] : -1
        machineNext[op] = p + 1 < sequence.count ? sequence[p + 1] : -1
      }
    }
    for unit in 0..<unitCount { linkUnit(unit) }
  }

  /// Rebuilds the links along one resource unit.
  private mutating func linkUnit(_ unit: Int) {
    let sequence = unitSequences[unit]
    for (p, op) in sequence.enumerated() {
      let slot = units[op].firstIndex(of: unit)!
      unitPrevious[op][slot] = p > 0 ? sequence[p - 1] : -1
      unitNext[op][slot] = p + 1 < sequence.count ? sequence[p + 1] : -1
    }
  }

  /// Applies a move (the heads are stale until ``evaluate()``).
  mutating func apply(_ move: Move) {
    switch move {
    case .swap(let a, let b): swap(a, b)
    case .reassign(let op, let target): reassign(op, to: target)
    case .reassignUnit(let op, let from, let to): reassignUnit(op, from: from, to: to)
    }
  }

  /// The objective after `move`, leaving the graph as it was.
  mutating func trial(_ move: Move, objective: ScheduleObjective) -> Double {
    // The times must stay those of the current sequences: reassignments insert by them, and the next
    // neighbourhood walks the current critical path. The trial evaluates into the spare buffers
    // (swapped in after the move, which may read the current times, and out before undoing it), so a
    // trial allocates and copies nothing.
    let savedLast = last
    var value = Double.infinity
    func evaluateInSpares(_ graph: inout DisjunctiveGraph) {
      graph.swapTimeBuffers()
      value = graph.evaluate().isFinite ? graph.score(objective) : .infinity
      graph.swapTimeBuffers()
    }
    switch move {
    case .swap(let a, let b):
      swap(a, b)
      evaluateInSpares(&self)
      swap(b, a)
    case .reassignUnit(let op, let from, let to):
      let position = unitSequences[from].firstIndex(of: op)!
      reassignUnit(op, from: from, to: to)
      evaluateInSpares(&self)
      unitSequences[to].removeAll { $0 == op }
      unitSequences[from].insert(op, at: position)
      units[op][units[op].firstIndex(of: to)!] = from
      linkUnit(from)
      linkUnit(to)
    case .reassign:
      let saved = snapshot
      apply(move)
      evaluateInSpares(&self)
      restore(saved)
    }
    last = savedLast
    return value
  }

  /// The objective of the last evaluation.
  func score(_ objective: ScheduleObjective) -> Double {
    switch objective {
    case .makespan:
      return last >= 0 ? finish[last] : 0
    case .weightedTardiness:
      return weightedTardiness
    case .energyCost(let tardinessPrice):
      let (tariff, power) = energy!
      return tardinessPrice * weightedTardiness + cheapestTiming(tariff: tariff, power: power).cost
    }
  }

  /// Sum of `w_j max(0, C_j - d_j)` of the last evaluation.
  private var weightedTardiness: Double {
    var total = 0.0
    for (j, op) in lastOperation.enumerated() {
      total += weight[j] * max(0, finish[op] - due[j])
    }
    return total
  }

  /// Swaps `a` and `b` wherever `b` directly follows `a`: on their machine and on resource units. (On
  /// one sequence only, the other would keep the old order and close a cycle.)
  mutating func swap(_ a: Int, _ b: Int) {
    if machineNext[a] == b { swapOnMachine(a, b) }
    guard unitCount > 0 else { return }
    for (slot, unit) in units[a].enumerated() where unitNext[a][slot] == b {
      let pa = unitSequences[unit].firstIndex(of: a)!
      unitSequences[unit].swapAt(pa, pa + 1)
      linkUnit(unit)
    }
  }

  /// Swaps adjacent operations `a` (first) and `b` on their machine.
  private mutating func swapOnMachine(_ a: Int, _ b: Int) {
    let m = machine[a]
    let (pa, pb) = (position[a], position[b])
    sequences[m][pa] = b
    sequences[m][pb] = a
    position[a] = pb
    position[b] = pa
    let before = machinePrevious[a], after = machineNext[b]
    machinePrevious[b] = before
    machineNext[b] = a
    machinePrevious[a] = b
    machineNext[a] = after
    if before >= 0 { machineNext[before] = b }
    if after >= 0 { machinePrevious[after] = a }
  }

  /// Moves `op` from resource unit `from` to `to`, inserted by the current setup starts.
  mutating func reassignUnit(_ op: Int, from: Int, to: Int) {
    unitSequences[from].removeAll { $0 == op }
    let start = blockStart[op]
    let insertion = unitSequences[to].firstIndex { blockStart[$0] > start || (blockStart[$0] == start && $0 > op) } ?? unitSequences[to].count
    unitSequences[to].insert(op, at: insertion)
    units[op][units[op].firstIndex(of: from)!] = to
    linkUnit(from)
    linkUnit(to)
  }

  /// Moves `op` to machine `target`, inserted before the first operation there that starts later
  /// (by the current heads), so that the sequences stay consistent with a schedule.
  mutating func reassign(_ op: Int, to target: Int) {
    sequences[machine[op]].remove(at: position[op])
    let start = head[op]
    let insertion = sequences[target].firstIndex { head[$0] > start || (head[$0] == start && $0 > op) } ?? sequences[target].count
    sequences[target].insert(op, at: insertion)
    machine[op] = target
    duration[op] = alternatives[op].first { $0.machine == target }!.duration
    link()
  }

  /// The setup before `op` on its machine after `previous` (-1: the machine's first operation).
  @inline(__always)
  func setup(after previous: Int, before op: Int) -> Double {
    guard !setupTimes.isEmpty else { return 0 }
    return setupTimes[previous >= 0 ? family[previous] : setupTimes.count - 1][family[op]]
  }

  /// Heads (processing starts) by a topological pass (Kahn), with each machine arc weighted by the
  /// setup it implies; returns the makespan (infinity if the sequences form a cycle) and remembers the
  /// last operation.
  ///
  /// This is the search's hot loop: the arrays it writes are moved out of `self` and walked through
  /// unsafe buffers, so no write pays for a uniqueness check or a bounds check.
  mutating func evaluate() -> Double {
    var (head, finish, blockStart, inDegree, order) = ([Double](), [Double](), [Double](), [Int](), [Int]())
    Swift.swap(&head, &self.head)
    Swift.swap(&finish, &self.finish)
    Swift.swap(&blockStart, &self.blockStart)
    Swift.swap(&inDegree, &self.inDegree)
    Swift.swap(&order, &self.order)
    let (makespan, lastOperation) = head.withUnsafeMutableBufferPointer { h in
      finish.withUnsafeMutableBufferPointer { f in
        blockStart.withUnsafeMutableBufferPointer { b in
          inDegree.withUnsafeMutableBufferPointer { d in
            order.withUnsafeMutableBufferPointer { o in topologicalPass(head: h, finish: f, blockStart: b, inDegree: d, order: o) }
          }
        }
      }
    }
    Swift.swap(&head, &self.head)
    Swift.swap(&finish, &self.finish)
    Swift.swap(&blockStart, &self.blockStart)
    Swift.swap(&inDegree, &self.inDegree)
    Swift.swap(&order, &self.order)
    last = lastOperation
    return makespan
  }

  /// The pass of ``evaluate()`` on the buffers; returns the makespan (infinity on a cycle) and the
  /// operation ending last.
  private func topologicalPass(
    head: UnsafeMutableBufferPointer<Double>, finish: UnsafeMutableBufferPointer<Double>,
    blockStart: UnsafeMutableBufferPointer<Double>, inDegree: UnsafeMutableBufferPointer<Int>, order: UnsafeMutableBufferPointer<Int>
  ) -> (Double, Int) {
    var count = 0
    for op in 0..<operationCount {
      var degree = (jobPrevious[op] >= 0 ? 1 : 0) + (machinePrevious[op] >= 0 ? 1 : 0)
      if unitCount > 0 { for previous in unitPrevious[op] where previous >= 0 { degree += 1 } }
      inDegree[op] = degree
      head[op] = max(releaseOf[op], machinePrevious[op] < 0 ? setup(after: -1, before: op) : 0)
      if degree == 0 {
        order[count] = op
        count += 1
      }
    }
    @inline(__always) func relax(_ next: Int, _ end: Double) {
      guard next >= 0 else { return }
      if end > head[next] { head[next] = end }
      inDegree[next] -= 1
      if inDegree[next] == 0 {
        order[count] = next
        count += 1
      }
    }
    var cursor = 0
    var makespan = 0.0
    var lastOperation = -1
    while cursor < count {
      let op = order[cursor]
      cursor += 1
      let setupTime = setup(after: machinePrevious[op], before: op)
      var end = head[op] + duration[op]
      blockStart[op] = head[op] - setupTime
      if hasCalendars, let calendar = calendars[machine[op]] {
        // Setup and processing as one block placed by the calendar (waiting for a shift, or pausing).
        let placed = calendar.place(after: head[op] - setupTime, work: setupTime + duration[op])
        blockStart[op] = placed.start
        head[op] = calendar.mode == .resumable ? calendar.finish(from: placed.start, work: setupTime) : placed.start + setupTime
        end = placed.end
      }
      finish[op] = end
      if end > makespan {
        makespan = end
        lastOperation = op
      }
      relax(jobNext[op], end)
      let next = machineNext[op]
      relax(next, next >= 0 ? end + setup(after: op, before: next) : end)
      if unitCount > 0 {
        // The next holder's setup starts once this one lets the unit go.
        for next in unitNext[op] where next >= 0 { relax(next, end + setup(after: machinePrevious[next], before: next)) }
      }
    }
    return (count == operationCount ? makespan : .infinity, lastOperation)
  }

  /// A critical path of the last evaluation to `end` (default: the operation ending last), walking back
  /// along tight arcs (machine predecessor first).
  func criticalPath(to end: Int? = nil) -> [Int] {
    var path: [Int] = []
    var op = end ?? last
    while op >= 0 {
      path.append(op)
      let m = machinePrevious[op], j = jobPrevious[op]
      let ownSetup = setup(after: m, before: op)
      if m >= 0, finish[m] + ownSetup == head[op] {
        op = m
      } else if j >= 0, finish[j] == head[op] {
        op = j
      } else if let u = unitPrevious[op].first(where: { $0 >= 0 && finish[$0] + ownSetup == head[op] }) {
        op = u
      } else {
        op = -1
      }
    }
    return path.reversed()
  }

  /// The neighbourhood. Makespan: N5 swaps on the critical blocks. Weighted tardiness: every adjacent
  /// swap inside the blocks of the critical paths to the tardy jobs' completions (after Kreipl, J. Sched.
  /// 3 (2000) 125). Both: for flexible operations on those paths, a move to each other machine whose
  /// alternative holds the same resources; for operations holding a unit of a pool, a move to each
  /// other unit of it.
  func moves(for objective: ScheduleObjective = .makespan) -> [Move] {
    var paths: [[Int]]
    var moves: [Move] = []
    switch objective {
    case .makespan:
      paths = [criticalPath()]
      moves = n5Moves(paths[0])
    case .energyCost:
      // Which operation takes a cheap window is a question for every machine: all adjacent swaps.
      paths = [criticalPath()]
      for sequence in sequences {
        for (a, b) in zip(sequence, sequence.dropFirst()) where jobNext[a] != b { moves.append(.swap(a, b)) }
      }
    case .weightedTardiness:
      paths = lastOperation.indices.filter { j in finish[lastOperation[j]] > due[j] }
        .map { criticalPath(to: lastOperation[$0]) }
      var seen = Set<Int>()
      for path in paths {
        for (a, b) in zip(path, path.dropFirst()) where jobNext[a] != b && seen.insert(a * operationCount + b).inserted {
          if sharedSequence(a, b) != nil { moves.append(.swap(a, b)) }
        }
      }
    }
    var considered = Set<Int>()
    for op in paths.joined() where considered.insert(op).inserted {
      if alternatives[op].count > 1 {
        let held = alternatives[op].first { $0.machine == machine[op] }!.resources.sorted()
        for option in alternatives[op] where option.machine != machine[op] && option.resources.sorted() == held {
          moves.append(.reassign(op, machine: option.machine))
        }
      }
      for unit in units[op] where pools[poolOfUnit[unit]].count > 1 {
        for other in pools[poolOfUnit[unit]] where !units[op].contains(other) { moves.append(.reassignUnit(op, from: unit, to: other)) }
      }
    }
    return moves
  }

  /// The sequence on which `b` directly follows `a`: their machine (`0..<machineCount`), else a unit
  /// they share (`machineCount + unit`), else nil.
  private func sharedSequence(_ a: Int, _ b: Int) -> Int? {
    if machine[a] == machine[b], machineNext[a] == b { return machine[a] }
    for (slot, unit) in units[a].enumerated() where unitNext[a][slot] == b { return machineCount + unit }
    return nil
  }

  /// The N5 swaps on `path`.
  func n5Moves(_ path: [Int]) -> [Move] {
    // Blocks: maximal runs of consecutive path operations on one machine or one resource unit.
    var blocks: [(operations: [Int], sequence: Int)] = []
    for op in path {
      if let lastBlock = blocks.last, let tail = lastBlock.operations.last, let sequence = sharedSequence(tail, op),
        sequence == lastBlock.sequence || lastBlock.operations.count == 1
      {
        blocks[blocks.count - 1].operations.append(op)
        blocks[blocks.count - 1].sequence = sequence
      } else {
        blocks.append(([op], -1))
      }
    }
    // One block from time 0 to the makespan: without setups the makespan is that machine's load, a
    // lower bound (with sequence-dependent setups, or a block starting at a release date, it is not, and
    // the block's ends are still worth trying).
    guard blocks.count > 1 || !setupTimes.isEmpty || path.first.map({ head[$0] > 0 }) == true else { return [] }
    var moves: [Move] = []
    var seen = Set<Int>()
    func add(_ a: Int, _ b: Int) {
      // In a flexible shop two consecutive operations of one job can share a machine; swapping them
      // would close a cycle. (A single block of two lists its pair twice.)
      if jobNext[a] != b, seen.insert(a * operationCount + b).inserted { moves.append(.swap(a, b)) }
    }
    for (b, block) in blocks.enumerated() where block.operations.count >= 2 {
      let ops = block.operations
      let first = b == 0, final = b == blocks.count - 1
      if !first || final { add(ops[0], ops[1]) }
      if !final || first, first || ops.count > 2 { add(ops[ops.count - 2], ops[ops.count - 1]) }
    }
    return moves
  }

  /// The schedule of the current sequences (heads as start times).
  func schedule() -> Schedule {
    Schedule(operations: (0..<operationCount).map { op in
      ScheduledOperation(
        job: index[op].job, operation: index[op].operation, machine: machine[op], start: head[op], end: finish[op],
        setupStart: blockStart[op])
    })
  }
}
