/// Moves from every vertex to a goal, computed once per goal vertex and shared by every agent heading
/// there (breadth-first search on the layout; stations and chargers are few, so most lookups hit).
final class DistanceCache {
  let graph: LayoutGraph
  private var tables: [Int: [Int]] = [:]
  /// Tables kept at most before the ones no agent uses are dropped.
  private let capacity: Int

  init(graph: LayoutGraph, capacity: Int = 4096) {
    self.graph = graph
    self.capacity = capacity
  }

  /// The table towards `goal`; `inUse` are the goals to keep if the cache has to shrink.
  func table(to goal: Int, keeping inUse: [Int]) -> [Int] {
    if let table = tables[goal] { return table }
    if tables.count >= capacity {
      let keep = Set(inUse)
      tables = tables.filter { keep.contains($0.key) }
    }
    let table = graph.distances(to: goal)
    tables[goal] = table
    return table
  }

  /// Moves from `vertex` to `goal` (-1: unreachable).
  func distance(from vertex: Int, to goal: Int, keeping inUse: [Int]) -> Int { table(to: goal, keeping: inUse)[vertex] }
}

/// Lifelong multi-agent path finding by PIBT one step at a time (Okumura et al., AIJ 310 (2022), the
/// lifelong variant of section 5): agents get new goals while the others move, and every step is one
/// collision-free joint move (no vertex or swap conflict). An agent's priority grows by one each step it
/// is away from its goal and drops back to a small distinct tie-breaker when it gets a new goal, so a
/// long-waiting agent eventually pushes every other out of its way; on graphs where every pair of
/// neighbours lies on a cycle, each agent reaches its goal in finitely many steps.
///
/// Agents can be held in place for a step (loading, charging, broken down); the others then treat them
/// as obstacles. An agent without a task has its own vertex as goal: it stays unless pushed.
public struct LifelongPIBT {
  /// The layout.
  public let graph: LayoutGraph
  /// Each agent's vertex now.
  public private(set) var positions: [Int]
  /// Each agent's goal vertex.
  public private(set) var goals: [Int]
  /// Steps whose joint move PIBT could not complete with the held agents, so every agent waited (each
  /// such step is still conflict-free).
  public private(set) var fallbackSteps = 0
  private var generator: ConfigurationGenerator
  private let cache: DistanceCache
  private var priorities: [Double]
  private var order: [Int]
  private var held: [(agent: Int, vertex: Int)] = []
  private let tieBreakScale: Double

  /// Agents at `starts` (distinct vertices), each with its own vertex as goal.
  ///
  /// - Precondition: the starts are distinct vertices of `graph`.
  public init(graph: LayoutGraph, starts: [Int], seed: UInt64) {
    precondition(Set(starts).count == starts.count && starts.allSatisfy { (0..<graph.vertexCount).contains($0) }, "starts must be distinct vertices")
    self.graph = graph
    positions = starts
    goals = starts
    let cache = DistanceCache(graph: graph)
    self.cache = cache
    tieBreakScale = 1 / Double(starts.count + 1)
    priorities = starts.indices.map { Double($0) / Double(starts.count + 1) }
    order = Array(starts.indices)
    let tables = starts.map { cache.table(to: $0, keeping: []) }
    generator = ConfigurationGenerator(graph: graph, distances: tables, seed: seed)
  }

  /// Sends `agent` to `goal`; its priority restarts from its tie-breaker.
  public mutating func setGoal(_ agent: Int, _ goal: Int) {
    goals[agent] = goal
    generator.distances[agent] = cache.table(to: goal, keeping: goals)
    priorities[agent] = Double(agent) * tieBreakScale
  }

  /// Lifts `agent` above every other until its goal changes (resolving a detected deadlock).
  public mutating func raisePriority(_ agent: Int) { priorities[agent] = (priorities.max() ?? 0) + 1 }

  /// Moves from `vertex` to `goal` on the layout (-1: unreachable).
  public func distance(from vertex: Int, to goal: Int) -> Int { cache.distance(from: vertex, to: goal, keeping: goals) }

  /// Moves from every agent's position to its goal (-1: unreachable).
  public func remainingDistance(_ agent: Int) -> Int { generator.distances[agent][positions[agent]] }

  /// Advances every agent one step; `isHeld(a)` agents stay where they are. Returns false when the
  /// joint move could not be completed around the held agents and everybody waited.
  public mutating func step(isHeld: (Int) -> Bool) -> Bool {
    held.removeAll(keepingCapacity: true)
    for a in positions.indices {
      if isHeld(a) {
        held.append((a, positions[a]))
      } else if positions[a] != goals[a] {
        priorities[a] += 1
      }
    }
    let p = priorities
    order.sort { (p[$0], -$0) > (p[$1], -$1) }
    guard let next = generator.generate(from: positions, order: order, fixed: held) else {
      fallbackSteps += 1
      return false
    }
    // Debug builds check every step with the independent plan checker.
    assert(
      MAPFPlan(paths: zip(positions, next).map { [$0, $1] }).violations(of: MAPFProblem(graph: graph, starts: positions, goals: next)).isEmpty,
      "lifelong PIBT produced a conflicting step")
    positions = next
    return true
  }
}
