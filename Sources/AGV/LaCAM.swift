import Foundation

/// Options of ``lazyConstraintsAdditionSearch(_:options:)``.
public struct LaCAMOptions: Sendable {
  /// High-level nodes (configurations) at most.
  public var maxNodes: Int = 2_000_000
  /// Wall-clock limit, s.
  public var timeLimit: Double = 60
  /// Seed of PIBT's tie-breaking.
  public var seed: UInt64 = 1

  /// The defaults (2 million configurations, 60 s).
  public init() {}
}

/// LaCAM, lazy constraints addition search (Okumura, AAAI 2023): a depth-first search over joint
/// configurations whose successors come from PIBT one at a time. Each configuration keeps a
/// breadth-first queue of low-level constraints ("agent i moves to v", added lazily, one agent deeper
/// per level in the configuration's agent order); each time the configuration is visited, the next
/// constraint set is tried and PIBT completes the other agents' moves. Visited configurations are
/// never created twice. Complete: it returns a plan whenever one exists (not optimal), and
/// ``MAPFOutcome/unsolvable(_:)`` after exhausting every reachable configuration otherwise; the node
/// and time budgets bound the work on large unsolvable instances.
public func lazyConstraintsAdditionSearch(_ problem: MAPFProblem, options: LaCAMOptions = LaCAMOptions()) -> MAPFOutcome {
  let clock = ContinuousClock.now
  let graph = problem.graph, n = problem.agentCount
  let distances = problem.goals.map { graph.distances(to: $0) }
  if let reason = problem.obviousInfeasibility(distances: distances) { return .unsolvable(reason) }
  var generator = ConfigurationGenerator(graph: graph, distances: distances, seed: options.seed)

  /// A low-level node: a chain of "agent moves to vertex" constraints.
  final class Constraint {
    let parent: Constraint?
    let agent: Int
    let vertex: Int
    let depth: Int
    init(parent: Constraint?, agent: Int, vertex: Int) {
      self.parent = parent
      self.agent = agent
      self.vertex = vertex
      depth = (parent?.depth ?? -1) + 1
    }
    var list: [(agent: Int, vertex: Int)] {
      var result: [(agent: Int, vertex: Int)] = []
      var node: Constraint? = self
      while let c = node, c.agent >= 0 {
        result.append((c.agent, c.vertex))
        node = c.parent
      }
      return result.reversed()
    }
  }
  final class Node {
    let configuration: [Int]
    let parent: Node?
    /// PIBT's priorities here, and the agents in planning order (highest priority first).
    let priorities: [Double]
    let order: [Int]
    var queue: [Constraint]
    var head = 0
    init(configuration: [Int], parent: Node?, priorities: [Double]) {
      self.configuration = configuration
      self.parent = parent
      self.priorities = priorities
      order = priorities.indices.sorted { (priorities[$0], -$0) > (priorities[$1], -$1) }
      queue = [Constraint(parent: nil, agent: -1, vertex: -1)]
    }
  }
  // Priorities as PIBT's: a tie-breaker below 1 (longer trips first), plus one per step away from the
  // goal, back to the tie-breaker on arrival (the reference implementation's rule).
  let tieBreak = (0..<n).map { Double(distances[$0][problem.starts[$0]]) / Double(graph.vertexCount + 1) }
  func priorities(after parent: [Double], at configuration: [Int]) -> [Double] {
    (0..<n).map { configuration[$0] == problem.goals[$0] ? tieBreak[$0] : parent[$0] + 1 }
  }

  var explored: [[Int]: Node] = [:]
  let root = Node(configuration: problem.starts, parent: nil, priorities: priorities(after: tieBreak, at: problem.starts))
  explored[problem.starts] = root
  var open: [Node] = [root]
  var created = 1
  while let node = open.last {
    if node.configuration == problem.goals {
      // Back along the parents: one configuration per step.
      var configurations: [[Int]] = []
      var cursor: Node? = node
      while let c = cursor {
        configurations.append(c.configuration)
        cursor = c.parent
      }
      configurations.reverse()
      var paths = (0..<n).map { a in configurations.map { $0[a] } }
      for a in paths.indices { paths[a].removeLast(paths[a].count - 1 - pathCost(paths[a])) }
      return .solved(MAPFPlan(paths: paths), optimal: false)
    }
    if created >= options.maxNodes { return .gaveUp("\(created) configurations without reaching the goals") }
    if created % 256 == 0, ContinuousClock.now - clock > .seconds(options.timeLimit) {
      return .gaveUp("time limit \(options.timeLimit) s after \(created) configurations")
    }
    guard node.head < node.queue.count else {
      open.removeLast()
      continue
    }
    let constraint = node.queue[node.head]
    node.head += 1
    // Lazily expand the constraint tree by one agent.
    if constraint.depth < n {
      let agent = node.order[constraint.depth]
      let here = node.configuration[agent]
      for v in [here] + graph.neighbours(of: here) where distances[agent][v] >= 0 {
        node.queue.append(Constraint(parent: constraint, agent: agent, vertex: v))
      }
    }
    // Release what the queue no longer needs now and then (the consumed prefix).
    if node.head > 4_096 {
      node.queue.removeFirst(node.head)
      node.head = 0
    }
    guard let successor = generator.generate(from: node.configuration, order: node.order, fixed: constraint.list) else { continue }
    if let known = explored[successor] {
      open.append(known)
      continue
    }
    let child = Node(configuration: successor, parent: node, priorities: priorities(after: node.priorities, at: successor))
    explored[successor] = child
    created += 1
    open.append(child)
  }
  return .unsolvable("every reachable configuration explored")
}
