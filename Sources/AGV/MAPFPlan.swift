/// A one-shot multi-agent path finding problem: agents with start and goal vertices on a layout. Time
/// advances in unit steps; an agent moves along an edge or waits. Two agents may never share a vertex
/// at one time (vertex conflict) nor traverse one edge in opposite directions at one step (swap
/// conflict); following another agent into the vertex it just left is allowed (Stern et al., "Multi-agent
/// pathfinding: definitions, variants, and benchmarks", SoCS 2019).
public struct MAPFProblem: Sendable {
  /// The layout.
  public let graph: LayoutGraph
  /// Start vertex per agent.
  public let starts: [Int]
  /// Goal vertex per agent.
  public let goals: [Int]

  /// Creates a problem.
  ///
  /// - Precondition: as many starts as goals, all vertices of the graph.
  public init(graph: LayoutGraph, starts: [Int], goals: [Int]) {
    precondition(starts.count == goals.count && (starts + goals).allSatisfy { (0..<graph.vertexCount).contains($0) }, "starts and goals must be vertices")
    self.graph = graph
    self.starts = starts
    self.goals = goals
  }

  /// The first `agents` agents of a MovingAI scenario on its grid.
  ///
  /// - Throws: ``LayoutFormatError`` if the scenario has fewer agents or one on a blocked cell.
  public init(grid: GridMap, scenario: MAPFScenario, agents: Int) throws(LayoutFormatError) {
    guard agents <= scenario.agents.count else {
      throw LayoutFormatError(line: 0, message: "the scenario has \(scenario.agents.count) agents, \(agents) asked")
    }
    let graph = LayoutGraph(grid: grid)
    var starts: [Int] = [], goals: [Int] = []
    for (index, agent) in scenario.agents.prefix(agents).enumerated() {
      guard let s = graph.vertex(x: agent.start.x, y: agent.start.y), let g = graph.vertex(x: agent.goal.x, y: agent.goal.y) else {
        throw LayoutFormatError(line: index + 2, message: "agent \(index): start or goal is blocked")
      }
      starts.append(s)
      goals.append(g)
    }
    self.init(graph: graph, starts: starts, goals: goals)
  }

  /// The number of agents.
  public var agentCount: Int { starts.count }
}

/// Paths for every agent: `paths[a][t]` is agent a's vertex at step t; after its path ends an agent
/// stays at its last vertex.
public struct MAPFPlan: Sendable, Equatable {
  /// One path per agent, from its start.
  public var paths: [[Int]]

  /// Creates a plan.
  public init(paths: [[Int]]) { self.paths = paths }

  /// Agent `a`'s vertex at step `t`.
  @inline(__always)
  public func position(_ a: Int, at t: Int) -> Int { t < paths[a].count ? paths[a][t] : paths[a][paths[a].count - 1] }

  /// An agent's cost: the step at which it reaches its final vertex and stays (waits there at the end
  /// are not counted).
  public func cost(of a: Int) -> Int {
    var t = paths[a].count - 1
    while t > 0 && paths[a][t - 1] == paths[a][t] { t -= 1 }
    return t
  }

  /// Sum of the agents' costs.
  public var sumOfCosts: Int { paths.indices.reduce(0) { $0 + cost(of: $1) } }

  /// The largest agent cost.
  public var makespan: Int { paths.indices.map { cost(of: $0) }.max() ?? 0 }

  /// Every way the plan breaks `problem`, one line each (empty: valid). Checked independently of any
  /// solver: each path starts at its agent's start, ends at its goal and moves only along edges or
  /// waits; no two agents share a vertex at a step (agents stay at their last vertex after their path
  /// ends) or swap along an edge.
  public func violations(of problem: MAPFProblem, limit: Int = 20) -> [String] {
    var problems: [String] = []
    guard paths.count == problem.agentCount else { return ["\(paths.count) paths for \(problem.agentCount) agents"] }
    for (a, path) in paths.enumerated() {
      guard let first = path.first, let last = path.last else {
        problems.append("agent \(a) has an empty path")
        continue
      }
      if first != problem.starts[a] { problems.append("agent \(a) starts at \(first), not \(problem.starts[a])") }
      if last != problem.goals[a] { problems.append("agent \(a) ends at \(last), not its goal \(problem.goals[a])") }
      for (t, (u, v)) in zip(path, path.dropFirst()).enumerated() where u != v && !problem.graph.neighbours(of: u).contains(v) {
        problems.append("agent \(a) jumps from \(u) to \(v) at step \(t)")
      }
    }
    let horizon = paths.map(\.count).max() ?? 0
    var occupant = [Int: Int]()
    for t in 0..<horizon {
      occupant.removeAll(keepingCapacity: true)
      for a in paths.indices {
        let v = position(a, at: t)
        if let b = occupant.updateValue(a, forKey: v) {
          problems.append("agents \(b) and \(a) both at vertex \(v) at step \(t)")
        }
      }
      guard t + 1 < horizon else { break }
      // Swaps: a moves u -> v while the agent at v moves v -> u.
      for a in paths.indices {
        let (u, v) = (position(a, at: t), position(a, at: t + 1))
        guard u != v, let b = occupant[v], b != a, position(b, at: t + 1) == u else { continue }
        if a < b { problems.append("agents \(a) and \(b) swap along \(u)-\(v) at step \(t)") }
      }
      if problems.count >= limit { break }
    }
    return Array(problems.prefix(limit))
  }
}

/// How a MAPF solver ended.
public enum MAPFOutcome: Sendable, Equatable {
  /// A plan, with whether it is proven optimal for the sum of costs.
  case solved(MAPFPlan, optimal: Bool)
  /// The instance has no solution, for the stated reason.
  case unsolvable(String)
  /// The budget (time, nodes or steps) ran out first.
  case gaveUp(String)

  /// The plan, if there is one.
  public var plan: MAPFPlan? {
    if case .solved(let plan, _) = self { return plan }
    return nil
  }
}

extension MAPFProblem {
  /// Reasons no plan can exist that need no search: two agents sharing a start or a goal, or a goal
  /// that cannot be reached from its start (nil: none found).
  func obviousInfeasibility(distances: [[Int]]) -> String? {
    if Set(starts).count < starts.count { return "two agents share a start" }
    if Set(goals).count < goals.count { return "two agents share a goal" }
    for a in 0..<agentCount where distances[a][starts[a]] < 0 { return "agent \(a) cannot reach its goal" }
    return nil
  }
}
