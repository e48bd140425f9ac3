import Foundation
import SimKernel

/// PIBT's one-step planner, priority inheritance with backtracking (Okumura, Machida, Défago and
/// Tamura, AIJ 310 (2022) 103752): from a configuration, agents plan in a given order; each takes the
/// free neighbour (or stays) closest to its goal, and an agent it would push out of the way inherits
/// its priority and plans next, the pusher backtracking to its next choice if that agent cannot move.
/// The result has no vertex or swap conflict. Agents may be fixed to a vertex first (LaCAM's
/// constraints); the generator then fails if the fixed moves conflict or leave an agent nowhere to go.
///
/// It keeps its buffers between calls: generating a configuration allocates nothing.
struct ConfigurationGenerator {
  let graph: LayoutGraph
  /// Moves from every vertex to each agent's goal (-1: unreachable); lifelong planners swap an
  /// agent's table when its goal changes.
  var distances: [[Int]]
  private var occupiedNow: [Int]
  private var occupiedNext: [Int]
  private var next: [Int]
  private var positions: [Int] = []
  private var candidates: [(vertex: Int, tie: Double)] = []
  private let random: RandomStream

  init(graph: LayoutGraph, distances: [[Int]], seed: UInt64) {
    self.graph = graph
    self.distances = distances
    occupiedNow = Array(repeating: -1, count: graph.vertexCount)
    occupiedNext = Array(repeating: -1, count: graph.vertexCount)
    next = Array(repeating: -1, count: distances.count)
    random = RandomStreams(seed: seed).stream("pibt")
  }

  /// The next configuration from `current`, agents planned in `order`, `fixed` agents first on their
  /// vertices; nil if the fixed moves conflict or an agent fixed in place is pushed.
  mutating func generate(from current: [Int], order: [Int], fixed: [(agent: Int, vertex: Int)] = []) -> [Int]? {
    positions = current
    for (a, v) in current.enumerated() { occupiedNow[v] = a }
    defer {
      for a in current.indices {
        occupiedNow[current[a]] = -1
        if next[a] >= 0 { occupiedNext[next[a]] = -1 }
        next[a] = -1
      }
    }
    for (a, v) in fixed {
      // Taken, or a swap with an agent fixed before.
      if occupiedNext[v] >= 0 { return nil }
      let other = occupiedNow[v]
      if other >= 0, other != a, next[other] == current[a] { return nil }
      next[a] = v
      occupiedNext[v] = a
    }
    for a in order where next[a] < 0 { _ = plan(a, pushedBy: -1) }
    // Fixed agents can leave another with nowhere to go: then two agents share a vertex or swap.
    for a in current.indices {
      let other = occupiedNow[next[a]]
      if occupiedNext[next[a]] != a || (other >= 0 && other != a && next[other] == current[a]) { return nil }
    }
    return next
  }

  /// Plans agent `a`, pushed by `pusher` (-1: none); false if it has to stay.
  private mutating func plan(_ a: Int, pushedBy pusher: Int) -> Bool {
    let here = positions[a]
    let start = candidates.count
    candidates.append((here, random.uniform()))
    for v in graph.neighbours(of: here) { candidates.append((v, random.uniform())) }
    // Closest to the goal first, then unoccupied, then at random.
    let d = distances[a]
    let occupied = occupiedNow
    candidates[start...].sort {
      (d[$0.vertex], occupied[$0.vertex] >= 0 ? 1 : 0, $0.tie) < (d[$1.vertex], occupied[$1.vertex] >= 0 ? 1 : 0, $1.tie)
    }
    defer { candidates.removeSubrange(start...) }
    for index in start..<candidates.count {
      let v = candidates[index].vertex
      if d[v] < 0 || occupiedNext[v] >= 0 { continue }
      if pusher >= 0 && v == positions[pusher] { continue }  // no swap with the agent pushing
      let other = occupiedNow[v]
      if other >= 0, other != a, next[other] == here { continue }  // no swap with an agent already planned
      occupiedNext[v] = a
      next[a] = v
      if other >= 0, other != a, next[other] < 0, !plan(other, pushedBy: a) { continue }
      return true
    }
    if occupiedNext[here] >= 0 && occupiedNext[here] != a && occupiedNext[here] != pusher {
      // A fixed agent enters: staying collides, and the configuration will be rejected.
      next[a] = here
      return false
    }
    occupiedNext[here] = a
    next[a] = here
    return false
  }
}

/// Options of ``priorityInheritanceWithBacktracking(_:options:)``.
public struct PIBTOptions: Sendable {
  /// Steps at most before giving up.
  public var maxSteps: Int = 10_000
  /// Seed of the tie-breaking among equally good moves.
  public var seed: UInt64 = 1

  /// The defaults.
  public init() {}
}

/// One-shot MAPF by PIBT alone: steps until every agent is at its goal or the step budget runs out.
/// Priorities grow while an agent is away from its goal and fall back to a small tie-breaker when it
/// arrives; PIBT reaches every goal on graphs where each pair of neighbours lies on a cycle, and may
/// cycle forever elsewhere (use ``lazyConstraintsAdditionSearch(_:options:)`` for completeness).
public func priorityInheritanceWithBacktracking(_ problem: MAPFProblem, options: PIBTOptions = PIBTOptions()) -> MAPFOutcome {
  let distances = problem.goals.map { problem.graph.distances(to: $0) }
  if let reason = problem.obviousInfeasibility(distances: distances) { return .unsolvable(reason) }
  var generator = ConfigurationGenerator(graph: problem.graph, distances: distances, seed: options.seed)
  let n = problem.agentCount
  // Initial priorities: distinct tie-breakers below 1, larger for longer trips (as in the paper's code).
  let tieBreak = (0..<n).map { Double(distances[$0][problem.starts[$0]]) / Double(problem.graph.vertexCount + 1) }
  var priorities = tieBreak
  var order = Array(0..<n)
  var current = problem.starts
  var paths = problem.starts.map { [$0] }
  var steps = 0
  while current != problem.goals, steps < options.maxSteps {
    for a in 0..<n { priorities[a] = current[a] == problem.goals[a] ? tieBreak[a] : priorities[a] + 1 }
    order.sort { (priorities[$0], -$0) > (priorities[$1], -$1) }
    current = generator.generate(from: current, order: order)!
    steps += 1
    for a in 0..<n { paths[a].append(current[a]) }
  }
  guard current == problem.goals else { return .gaveUp("not every agent at its goal after \(steps) steps") }
  for a in paths.indices { paths[a].removeLast(paths[a].count - 1 - pathCost(paths[a])) }
  return .solved(MAPFPlan(paths: paths), optimal: false)
}
