import HeapModule

/// Constraints on one agent's path in conflict-based search: vertices it may not occupy and moves it
/// may not make at given steps.
struct PathConstraints: Sendable {
  /// `t * V + v`: not at v at step t.
  var vertices: Set<Int> = []
  /// `(t * V + u) * V + v`: not moving u -> v between steps t and t + 1.
  var moves: Set<Int> = []
  /// The last step named by a constraint (-1: none); beyond it the search forgets time.
  var lastStep = -1
  /// The last step at which the agent may not be at each constrained vertex, for the goal test.
  var lastStepAt: [Int: Int] = [:]

  mutating func forbid(vertex v: Int, at t: Int, vertexCount: Int) {
    vertices.insert(t * vertexCount + v)
    lastStep = max(lastStep, t)
    lastStepAt[v] = max(lastStepAt[v] ?? -1, t)
  }

  mutating func forbid(move u: Int, to v: Int, at t: Int, vertexCount: Int) {
    moves.insert((t * vertexCount + u) * vertexCount + v)
    lastStep = max(lastStep, t + 1)
  }
}

/// Counts, for tie-breaking, how many other agents' paths occupy a vertex at a step (the conflict
/// avoidance table of Standley, AAAI 2010), agents staying at their last vertex after their paths end.
struct ConflictAvoidanceTable {
  private var counts: [Int: Int] = [:]
  /// From each vertex where an agent parks for good, the step from which it is there.
  private var parked: [Int: [Int]] = [:]
  private let vertexCount: Int

  init(paths: [[Int]], excluding agent: Int, vertexCount: Int) {
    self.vertexCount = vertexCount
    for (a, path) in paths.enumerated() where a != agent && !path.isEmpty {
      for (t, v) in path.enumerated() { counts[t * vertexCount + v, default: 0] += 1 }
      parked[path[path.count - 1], default: []].append(path.count)
    }
  }

  func conflicts(at v: Int, step t: Int) -> Int {
    (counts[t * vertexCount + v] ?? 0) + (parked[v]?.reduce(0) { $0 + ($1 <= t ? 1 : 0) } ?? 0)
  }
}

/// A* in space and time for one agent (the low level of conflict-based search, Sharon et al., AIJ 219
/// (2015) 40): states are (vertex, step), moves go to a neighbour or wait, the heuristic is the true
/// distance to the goal on the empty layout (exact, so the first path found is shortest), ties go to
/// fewer conflicts with the other agents, then to deeper states. Past the last constrained step the
/// state forgets time, so the search ends: it returns nil only when no path exists.
func shortestPath(
  graph: LayoutGraph, from start: Int, to goal: Int, heuristic: [Int], constraints: PathConstraints,
  avoid table: ConflictAvoidanceTable?
) -> [Int]? {
  let vertexCount = graph.vertexCount
  guard heuristic[start] >= 0, !constraints.vertices.contains(start) else { return nil }
  struct Node: Comparable {
    var f: Int, conflicts: Int, g: Int, index: Int
    static func < (a: Node, b: Node) -> Bool { (a.f, a.conflicts, -a.g, a.index) < (b.f, b.conflicts, -b.g, b.index) }
  }
  var states: [(vertex: Int, step: Int, parent: Int, conflicts: Int)] = [(start, 0, -1, 0)]
  var open = Heap<Node>()
  open.insert(Node(f: heuristic[start], conflicts: 0, g: 0, index: 0))
  var closed = Set<Int>()
  let horizon = constraints.lastStep + 1
  // A state's key: (step, vertex), with steps past the horizon folded into one.
  func key(_ v: Int, _ t: Int) -> Int { min(t, horizon) * vertexCount + v }
  let earliestFinish = constraints.lastStepAt[goal].map { $0 + 1 } ?? 0
  while let node = open.popMin() {
    let state = states[node.index]
    guard closed.insert(key(state.vertex, state.step)).inserted else { continue }
    if state.vertex == goal, state.step >= earliestFinish {
      var path: [Int] = []
      var index = node.index
      while index >= 0 {
        path.append(states[index].vertex)
        index = states[index].parent
      }
      return path.reversed()
    }
    let t = state.step + 1
    for v in graph.neighbours(of: state.vertex) + [state.vertex] where heuristic[v] >= 0 {
      if t <= constraints.lastStep {
        if constraints.vertices.contains(t * vertexCount + v) { continue }
        if constraints.moves.contains(((t - 1) * vertexCount + state.vertex) * vertexCount + v) { continue }
      }
      guard !closed.contains(key(v, t)) else { continue }
      let conflicts = state.conflicts + (table?.conflicts(at: v, step: t) ?? 0)
      states.append((v, t, node.index, conflicts))
      open.insert(Node(f: t + heuristic[v], conflicts: conflicts, g: t, index: states.count - 1))
    }
  }
  return nil
}
