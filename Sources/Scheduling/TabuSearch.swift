import Foundation
import SimKernel

/// Options of ``tabuSearch(_:start:options:)``.
public struct TabuSearchOptions: Sendable, Equatable {
  /// Iterations (moves) at most; the search is deterministic for a given seed and iteration budget.
  public var maxIterations: Int = 200_000
  /// Wall-clock limit, s (infinity: none). A run stopped by time depends on the machine's speed.
  public var timeLimit: Double = .infinity
  /// Stop as soon as the makespan reaches this (e.g. a known lower bound).
  public var target: Double = 0
  /// Iterations without improvement before the search restarts from the best schedule, perturbed.
  public var restartAfter: Int = 3_000
  /// Random moves applied when restarting.
  public var perturbation: Int = 6
  /// Seed of the random tabu tenures and perturbations.
  public var seed: UInt64 = 1

  /// The defaults.
  public init() {}
}

/// What a tabu search returns: the best schedule, its makespan, and how far it went.
public struct TabuSearchResult: Sendable {
  /// The best schedule found.
  public var schedule: Schedule
  /// Its makespan.
  public var makespan: Double
  /// Iterations performed.
  public var iterations: Int
  /// The iteration at which the best was found.
  public var bestIteration: Int
}

/// Makespan minimisation of a job shop by tabu search on the critical path with the N5 neighbourhood
/// (Nowicki and Smutnicki, Manage. Sci. 42 (1996) 797): swap the first two or the last two operations of
/// each critical block (not the first two of the first block nor the last two of the last), which never
/// creates a cycle (van Laarhoven, Aarts and Lenstra 1992). Every candidate is evaluated exactly (heads
/// by a topological pass, O(operations)); reversed arcs stay tabu for a random tenure; a move that beats
/// the best is allowed anyway (aspiration); after `restartAfter` idle iterations the search restarts
/// from the best schedule with a few random N5 moves. Anytime: it returns the best schedule so far when
/// the budget or time runs out.
///
/// - Precondition: a classic job shop (one machine per operation, no release dates).
public func tabuSearch(_ instance: ShopInstance, start: Schedule, options: TabuSearchOptions = TabuSearchOptions()) -> TabuSearchResult {
  precondition(!instance.isFlexible, "the N5 tabu search is for classic job shops")
  var state = DisjunctiveGraph(instance, schedule: start)
  let random = RandomStreams(seed: options.seed).stream("tabu")
  let clock = ContinuousClock.now
  var best = state.sequences
  var bestMakespan = state.evaluate()
  var bestIteration = 0
  var current = bestMakespan
  var tabu: [Int: Int] = [:]  // arc (a before b) key -> iteration until which restoring it is forbidden
  let n = state.operationCount
  let baseTenure = 10 + instance.jobs.count / max(1, instance.machines)
  var idle = 0
  var iteration = 0
  func key(_ a: Int, _ b: Int) -> Int { a * n + b }

  while iteration < options.maxIterations, bestMakespan > options.target {
    if options.timeLimit.isFinite, iteration % 1_024 == 0, (ContinuousClock.now - clock) > .seconds(options.timeLimit) { break }
    iteration += 1
    let moves = state.n5Moves()
    guard !moves.isEmpty else { break }  // a single critical block: the makespan is optimal for this order
    var chosen: (a: Int, b: Int, makespan: Double)?
    var fallback: (a: Int, b: Int, makespan: Double, expiry: Int)?
    for (a, b) in moves {
      state.swap(a, b)
      let makespan = state.evaluate()
      state.swap(b, a)
      let isTabu = (tabu[key(b, a)] ?? 0) >= iteration
      if !isTabu || makespan < bestMakespan {
        if chosen == nil || makespan < chosen!.makespan { chosen = (a, b, makespan) }
      } else if fallback == nil || (tabu[key(b, a)] ?? 0) < fallback!.expiry {
        fallback = (a, b, makespan, tabu[key(b, a)] ?? 0)
      }
    }
    guard let move = chosen ?? fallback.map({ ($0.a, $0.b, $0.makespan) }) else { break }
    state.swap(move.a, move.b)
    // Restoring "a before b" is tabu for a while.
    tabu[key(move.a, move.b)] = iteration + baseTenure + Int(random.uniform(0, Double(baseTenure)))
    current = state.evaluate()
    if current < bestMakespan {
      bestMakespan = current
      best = state.sequences
      bestIteration = iteration
      idle = 0
    } else {
      idle += 1
    }
    if idle >= options.restartAfter {
      state.load(best)
      _ = state.evaluate()
      for _ in 0..<options.perturbation {
        let moves = state.n5Moves()
        guard !moves.isEmpty else { break }
        let (a, b) = moves[Int(random.uniform(0, Double(moves.count))) % moves.count]
        state.swap(a, b)
        _ = state.evaluate()
      }
      tabu.removeAll(keepingCapacity: true)
      idle = 0
    }
  }
  state.load(best)
  _ = state.evaluate()
  return TabuSearchResult(schedule: state.schedule(), makespan: bestMakespan, iterations: iteration, bestIteration: bestIteration)
}

/// A job shop as a disjunctive graph with fixed machine sequences: heads, makespan and one critical path.
struct DisjunctiveGraph {
  let operationCount: Int
  let duration: [Double]
  let machine: [Int]
  let jobPrevious: [Int]
  let jobNext: [Int]
  let index: [(job: Int, operation: Int)]
  /// Operations in processing order on each machine.
  private(set) var sequences: [[Int]]
  private var machinePrevious: [Int]
  private var machineNext: [Int]
  private var position: [Int]
  private var head: [Double]
  private var inDegree: [Int]
  private var order: [Int]
  private var last = -1

  init(_ instance: ShopInstance, schedule: Schedule) {
    var duration: [Double] = [], machine: [Int] = [], jobPrevious: [Int] = [], jobNext: [Int] = []
    var index: [(job: Int, operation: Int)] = []
    var id: [[Int]] = []
    for (j, job) in instance.jobs.enumerated() {
      var ids: [Int] = []
      for (k, options) in job.operations.enumerated() {
        let op = duration.count
        ids.append(op)
        duration.append(options[0].duration)
        machine.append(options[0].machine)
        jobPrevious.append(k > 0 ? op - 1 : -1)
        jobNext.append(k + 1 < job.operations.count ? op + 1 : -1)
        index.append((j, k))
      }
      id.append(ids)
    }
    operationCount = duration.count
    self.duration = duration
    self.machine = machine
    self.jobPrevious = jobPrevious
    self.jobNext = jobNext
    self.index = index
    var sequences = Array(repeating: [Int](), count: instance.machines)
    for entry in schedule.operations.sorted(by: { ($0.start, $0.job) < ($1.start, $1.job) }) {
      sequences[entry.machine].append(id[entry.job][entry.operation])
    }
    self.sequences = sequences
    machinePrevious = Array(repeating: -1, count: operationCount)
    machineNext = Array(repeating: -1, count: operationCount)
    position = Array(repeating: 0, count: operationCount)
    head = Array(repeating: 0, count: operationCount)
    inDegree = Array(repeating: 0, count: operationCount)
    order = Array(repeating: 0, count: operationCount)
    load(sequences)
  }

  /// Sets the machine sequences.
  mutating func load(_ sequences: [[Int]]) {
    self.sequences = sequences
    for sequence in sequences {
      for (p, op) in sequence.enumerated() {
        position[op] = p
        machinePrevious[op] = p > 0 ? sequence[p - 1] : -1
        machineNext[op] = p + 1 < sequence.count ? sequence[p + 1] : -1
      }
    }
  }

  /// Swaps adjacent operations `a` (first) and `b` on their machine.
  mutating func swap(_ a: Int, _ b: Int) {
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

  /// Heads by a topological pass (Kahn); returns the makespan and remembers the last operation.
  mutating func evaluate() -> Double {
    var count = 0
    for op in 0..<operationCount {
      inDegree[op] = (jobPrevious[op] >= 0 ? 1 : 0) + (machinePrevious[op] >= 0 ? 1 : 0)
      head[op] = 0
      if inDegree[op] == 0 {
        order[count] = op
        count += 1
      }
    }
    var cursor = 0
    var makespan = 0.0
    while cursor < count {
      let op = order[cursor]
      cursor += 1
      let end = head[op] + duration[op]
      if end > makespan {
        makespan = end
        last = op
      }
      relax(jobNext[op], end: end, count: &count)
      relax(machineNext[op], end: end, count: &count)
    }
    precondition(count == operationCount, "the machine sequences form a cycle")
    return makespan
  }

  @inline(__always)
  private mutating func relax(_ next: Int, end: Double, count: inout Int) {
    guard next >= 0 else { return }
    if end > head[next] { head[next] = end }
    inDegree[next] -= 1
    if inDegree[next] == 0 {
      order[count] = next
      count += 1
    }
  }

  /// The N5 moves on a critical path of the last evaluation, as (first, second) adjacent pairs.
  func n5Moves() -> [(Int, Int)] {
    // Walk back from the last operation along tight arcs, preferring the machine predecessor.
    var path: [Int] = []
    var op = last
    while op >= 0 {
      path.append(op)
      let m = machinePrevious[op], j = jobPrevious[op]
      if m >= 0, head[m] + duration[m] == head[op] {
        op = m
      } else if j >= 0, head[j] + duration[j] == head[op] {
        op = j
      } else {
        op = -1
      }
    }
    path.reverse()
    // Blocks: maximal runs of consecutive path operations on one machine.
    var blocks: [[Int]] = []
    for op in path {
      if let lastBlock = blocks.last, let tail = lastBlock.last, machine[tail] == machine[op], machineNext[tail] == op {
        blocks[blocks.count - 1].append(op)
      } else {
        blocks.append([op])
      }
    }
    // One block from time 0 to the makespan: the makespan is that machine's load, a lower bound.
    guard blocks.count > 1 else { return [] }
    var moves: [(Int, Int)] = []
    for (b, block) in blocks.enumerated() where block.count >= 2 {
      let first = b == 0, final = b == blocks.count - 1
      if !first { moves.append((block[0], block[1])) }
      if !final, first || block.count > 2 { moves.append((block[block.count - 2], block[block.count - 1])) }
    }
    return moves
  }

  /// The schedule of the current sequences (heads as start times).
  func schedule() -> Schedule {
    Schedule(operations: (0..<operationCount).map { op in
      ScheduledOperation(job: index[op].job, operation: index[op].operation, machine: machine[op], start: head[op], end: head[op] + duration[op])
    })
  }
}
