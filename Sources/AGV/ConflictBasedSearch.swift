import Foundation
import HeapModule

/// Options of ``conflictBasedSearch(_:options:)``.
public struct CBSOptions: Sendable {
  /// Suboptimality bound: 1 is optimal CBS; above 1, the high level expands, among nodes whose cost is
  /// within this factor of the lowest, the one with the fewest conflicts (a focal search, as in ECBS by
  /// Barer et al., SoCS 2014, here on the high level only), and the sum of costs is at most this factor
  /// times the optimum.
  public var suboptimality: Double = 1
  /// High-level nodes at most.
  public var maxNodes: Int = 200_000
  /// Wall-clock limit, s.
  public var timeLimit: Double = 60

  /// The defaults (optimal, 200,000 nodes, 60 s).
  public init() {}
}

/// Conflict-based search (Sharon, Stern, Felner and Sturtevant, AIJ 219 (2015) 40) for the sum of
/// costs: a best-first search over sets of constraints. Each node plans every agent alone under its
/// constraints (space-time A*, ties broken towards fewer conflicts with the others); at the node's
/// first conflict, preferring cardinal ones (both agents' costs must rise: Boyarski et al., IJCAI
/// 2015, tested here by replanning), it splits into two children, each forbidding one agent the
/// conflicting vertex or move. With `suboptimality` 1 the first conflict-free node is optimal.
///
/// Returns ``MAPFOutcome/unsolvable(_:)`` for shared starts or goals and unreachable goals, and
/// ``MAPFOutcome/gaveUp(_:)`` when the node or time budget runs out.
public func conflictBasedSearch(_ problem: MAPFProblem, options: CBSOptions = CBSOptions()) -> MAPFOutcome {
  let clock = ContinuousClock.now
  let graph = problem.graph, n = problem.agentCount, vertexCount = graph.vertexCount
  let heuristics = problem.goals.map { graph.distances(to: $0) }
  if let reason = problem.obviousInfeasibility(distances: heuristics) { return .unsolvable(reason) }

  final class Node {
    let constraints: [PathConstraints]
    let paths: [[Int]]
    let cost: Int
    let conflicts: Int
    init(constraints: [PathConstraints], paths: [[Int]], cost: Int, conflicts: Int) {
      self.constraints = constraints
      self.paths = paths
      self.cost = cost
      self.conflicts = conflicts
    }
  }
  func plan(_ a: Int, _ constraints: PathConstraints, _ paths: [[Int]]) -> [Int]? {
    shortestPath(
      graph: graph, from: problem.starts[a], to: problem.goals[a], heuristic: heuristics[a], constraints: constraints,
      avoid: ConflictAvoidanceTable(paths: paths, excluding: a, vertexCount: vertexCount))
  }
  var paths: [[Int]] = []
  for a in 0..<n {
    guard let path = plan(a, PathConstraints(), paths) else { return .unsolvable("agent \(a) cannot reach its goal") }
    paths.append(path)
  }
  let root = Node(
    constraints: Array(repeating: PathConstraints(), count: n), paths: paths, cost: paths.reduce(0) { $0 + pathCost($1) },
    conflicts: findConflicts(paths, limit: .max).count)

  // The open list by (cost, conflicts, insertion); the focal list is scanned from it.
  struct Entry: Comparable {
    var cost: Int, conflicts: Int, order: Int
    static func < (a: Entry, b: Entry) -> Bool { (a.cost, a.conflicts, a.order) < (b.cost, b.conflicts, b.order) }
  }
  var nodes = [root]
  var open = Heap<Entry>()
  open.insert(Entry(cost: root.cost, conflicts: root.conflicts, order: 0))
  var expanded = 0
  while !open.isEmpty {
    if expanded >= options.maxNodes { return .gaveUp("\(expanded) high-level nodes without a conflict-free plan") }
    if expanded % 64 == 0, ContinuousClock.now - clock > .seconds(options.timeLimit) {
      return .gaveUp("time limit \(options.timeLimit) s after \(expanded) high-level nodes")
    }
    expanded += 1
    // Focal: among entries within the bound of the lowest cost, the fewest conflicts.
    var entry = open.min!
    if options.suboptimality > 1 {
      let bound = Double(entry.cost) * options.suboptimality
      var best = entry
      for candidate in open.unordered where Double(candidate.cost) <= bound && (candidate.conflicts, candidate.cost, candidate.order) < (best.conflicts, best.cost, best.order) {
        best = candidate
      }
      entry = best
      open = Heap(open.unordered.filter { $0.order != entry.order })
    } else {
      _ = open.popMin()
    }
    let node = nodes[entry.order]
    let conflicts = findConflicts(node.paths, limit: .max)
    guard !conflicts.isEmpty else {
      return .solved(MAPFPlan(paths: node.paths), optimal: options.suboptimality == 1)
    }
    // Children of each conflict until a cardinal one is found (both children cost more).
    var chosen: [Node]?
    for conflict in conflicts.prefix(8) {
      var children: [Node] = []
      for side in 0..<2 {
        let agent = side == 0 ? conflict.a : conflict.b
        var constraints = node.constraints
        switch conflict.kind {
        case .vertex(let v, let t):
          constraints[agent].forbid(vertex: v, at: t, vertexCount: vertexCount)
        case .swap(let u, let v, let t):
          // Agent a moves u -> v, agent b v -> u, between t and t + 1.
          if side == 0 {
            constraints[agent].forbid(move: u, to: v, at: t, vertexCount: vertexCount)
          } else {
            constraints[agent].forbid(move: v, to: u, at: t, vertexCount: vertexCount)
          }
        }
        guard let path = plan(agent, constraints[agent], node.paths) else { continue }
        var childPaths = node.paths
        childPaths[agent] = path
        children.append(Node(
          constraints: constraints, paths: childPaths, cost: node.cost - pathCost(node.paths[agent]) + pathCost(path),
          conflicts: findConflicts(childPaths, limit: .max).count))
      }
      if chosen == nil { chosen = children }
      if children.allSatisfy({ $0.cost > node.cost }) {
        chosen = children
        break
      }
    }
    for child in chosen ?? [] {
      nodes.append(child)
      open.insert(Entry(cost: child.cost, conflicts: child.conflicts, order: nodes.count - 1))
    }
  }
  return .unsolvable("every branch of the constraint tree is infeasible")
}

/// A path's cost: the step from which it stays at its last vertex.
func pathCost(_ path: [Int]) -> Int {
  var t = path.count - 1
  while t > 0 && path[t - 1] == path[t] { t -= 1 }
  return t
}

/// A conflict between agents `a < b`.
struct PathConflict: Equatable {
  enum Kind: Equatable {
    /// Both at `v` at step `t`.
    case vertex(Int, Int)
    /// `a` moves u -> v while `b` moves v -> u, between t and t + 1.
    case swap(Int, Int, Int)
  }
  var a: Int
  var b: Int
  var kind: Kind
  var step: Int {
    switch kind {
    case .vertex(_, let t), .swap(_, _, let t): t
    }
  }
}

/// The conflicts among `paths`, earliest first (agents stay at their last vertex), at most `limit`.
func findConflicts(_ paths: [[Int]], limit: Int) -> [PathConflict] {
  let horizon = paths.map(\.count).max() ?? 0
  func at(_ a: Int, _ t: Int) -> Int { t < paths[a].count ? paths[a][t] : paths[a][paths[a].count - 1] }
  var conflicts: [PathConflict] = []
  var occupant: [Int: Int] = [:]
  for t in 0..<horizon {
    occupant.removeAll(keepingCapacity: true)
    for a in paths.indices {
      if let b = occupant.updateValue(a, forKey: at(a, t)) {
        conflicts.append(PathConflict(a: b, b: a, kind: .vertex(at(a, t), t)))
        if conflicts.count >= limit { return conflicts }
      }
    }
    guard t + 1 < horizon else { break }
    for a in paths.indices {
      let (u, v) = (at(a, t), at(a, t + 1))
      guard u != v, let b = occupant[v], b > a, at(b, t + 1) == u else { continue }
      conflicts.append(PathConflict(a: a, b: b, kind: .swap(u, v, t)))
      if conflicts.count >= limit { return conflicts }
    }
  }
  return conflicts
}
