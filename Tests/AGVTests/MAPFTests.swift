import Foundation
import Testing

@testable import AGV

/// Multi-agent path finding: readers, the conflict checker, CBS against exhaustive search, PIBT.
@Suite("Multi-agent path finding")
struct MAPFTests {
  static let shared = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/benchmarks/mapf")

  /// A problem on a grid drawn as rows, agents given as (start x, y, goal x, y).
  static func problem(_ rows: [String], _ agents: [(Int, Int, Int, Int)]) -> MAPFProblem {
    let graph = LayoutGraph(grid: GridMap(rows: rows))
    return MAPFProblem(
      graph: graph, starts: agents.map { graph.vertex(x: $0.0, y: $0.1)! }, goals: agents.map { graph.vertex(x: $0.2, y: $0.3)! })
  }

  @Test("MovingAI readers: random-32-32-20 is 32 x 32 with 819 free cells; its scenario's first agent goes from (x 5, y 16) to (x 31, y 24); errors name the line")
  func readers() throws {
    let map = try GridMap.parse(try String(contentsOf: Self.shared.appendingPathComponent("random-32-32-20.map"), encoding: .utf8))
    #expect(map.width == 32 && map.height == 32)
    #expect(map.passable.filter { $0 }.count == 819)
    let scenario = try MAPFScenario.parse(try String(contentsOf: Self.shared.appendingPathComponent("random-32-32-20-random-1.scen"), encoding: .utf8), map: map)
    #expect(scenario.agents.count == 409)
    #expect(scenario.agents[0].start == (5, 16) && scenario.agents[0].goal == (31, 24))
    #expect(throws: LayoutFormatError(line: 3, message: "expected type, height, width or map, found 'depth'")) {
      try GridMap.parse("type octile\nheight 2\ndepth 2\nmap\n..\n..\n")
    }
    #expect(throws: LayoutFormatError.self) { try GridMap.parse("type octile\nheight 2\nwidth 2\nmap\n.x\n..\n") }
  }

  @Test("The checker catches a vertex conflict, a swap, a jump and a wrong goal, and accepts following")
  func checker() {
    let corridor = Self.problem(["...."], [(0, 0, 2, 0), (1, 0, 3, 0)])
    // Following: agent 1 leaves 1 as agent 0 enters it.
    #expect(MAPFPlan(paths: [[0, 1, 2], [1, 2, 3]]).violations(of: corridor).isEmpty)
    #expect(MAPFPlan(paths: [[0, 1, 2], [1, 1, 2, 3]]).violations(of: corridor).contains { $0.contains("both at vertex 1") })
    let swap = Self.problem(["..."], [(0, 0, 1, 0), (1, 0, 0, 0)])
    #expect(MAPFPlan(paths: [[0, 1], [1, 0]]).violations(of: swap).contains { $0.contains("swap") })
    #expect(MAPFPlan(paths: [[0, 2, 1], [1, 0]]).violations(of: swap).contains { $0.contains("jumps") })
    #expect(MAPFPlan(paths: [[0], [1, 0]]).violations(of: swap).contains { $0.contains("not its goal") })
  }

  @Test("Hand-checkable: two agents crossing a plus-shaped junction need 2 moves each and one wait, 5 in all (also the exhaustive optimum)")
  func handInstances() {
    // A cross: agent 0 west to east, agent 1 north to south, both through the centre at step 2.
    let cross = Self.problem([
      "@.@",
      "...",
      "@.@",
    ], [(0, 1, 2, 1), (1, 0, 1, 2)])
    let result = conflictBasedSearch(cross)
    let plan = try! #require(result.plan)
    #expect(plan.violations(of: cross).isEmpty)
    // Each alone needs 2 moves; they cannot both pass the centre at step 1: one waits once.
    #expect(plan.sumOfCosts == 5)
    #expect(exhaustiveOptimum(cross, maxSteps: 6) == 5)
  }

  @Test("A corridor with one side pocket: two agents swap ends only through the pocket; CBS finds the exhaustive optimum")
  func swapThroughPocket() {
    let pocket = Self.problem([
      "@.@@",
      "....",
    ], [(0, 1, 3, 1), (3, 1, 0, 1)])
    let plan = try! #require(conflictBasedSearch(pocket).plan)
    #expect(plan.violations(of: pocket).isEmpty)
    #expect(plan.sumOfCosts == exhaustiveOptimum(pocket, maxSteps: 8))
  }

  @Test("CBS is optimal against exhaustive joint search on 12 random 4 x 4 instances with 3 agents; bounded CBS (w 1.5) stays within its bound; LaCAM solves each")
  func optimalityAgainstExhaustive() {
    var seed: UInt64 = 2024
    func next(_ bound: Int) -> Int {
      seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return Int((seed >> 33) % UInt64(bound))
    }
    var checked = 0
    while checked < 12 {
      var rows = (0..<4).map { _ in String((0..<4).map { _ in next(5) == 0 ? Character("@") : Character(".") }) }
      rows[0] = "...."
      let graph = LayoutGraph(grid: GridMap(rows: rows))
      guard graph.vertexCount >= 8 else { continue }
      var cells = Array(0..<graph.vertexCount)
      for i in stride(from: cells.count - 1, to: 0, by: -1) { cells.swapAt(i, next(i + 1)) }
      let problem = MAPFProblem(graph: graph, starts: Array(cells[0..<3]), goals: Array(cells[3..<6]))
      let optimum = exhaustiveOptimum(problem, maxSteps: 8)
      let outcome = conflictBasedSearch(problem)
      if let optimum {
        let plan = try! #require(outcome.plan, "\(rows)")
        #expect(plan.violations(of: problem).isEmpty)
        #expect(plan.sumOfCosts == optimum, "\(rows) \(problem.starts) \(problem.goals)")
        var bounded = CBSOptions()
        bounded.suboptimality = 1.5
        let approximate = try! #require(conflictBasedSearch(problem, options: bounded).plan)
        #expect(approximate.violations(of: problem).isEmpty && Double(approximate.sumOfCosts) <= 1.5 * Double(optimum))
        let lacam = try! #require(lazyConstraintsAdditionSearch(problem).plan)
        #expect(lacam.violations(of: problem).isEmpty && lacam.sumOfCosts >= optimum)
      }
      checked += 1
    }
  }

  @Test("Unsolvable instances end in bounded time: a shared goal, a goal behind a wall, and two agents that must swap in a dead-end corridor")
  func unsolvable() {
    #expect(conflictBasedSearch(Self.problem(["..."], [(0, 0, 2, 0), (1, 0, 2, 0)])) == .unsolvable("two agents share a goal"))
    if case .unsolvable = conflictBasedSearch(Self.problem([".@."], [(0, 0, 2, 0)])) {} else { Issue.record("expected unsolvable") }
    var options = CBSOptions()
    options.maxNodes = 2_000
    let deadEnd = conflictBasedSearch(Self.problem(["..."], [(0, 0, 2, 0), (2, 0, 0, 0)]), options: options)
    #expect(deadEnd.plan == nil)
    var pibt = PIBTOptions()
    pibt.maxSteps = 200
    #expect(priorityInheritanceWithBacktracking(Self.problem(["..."], [(0, 0, 2, 0), (2, 0, 0, 0)]), options: pibt).plan == nil)
    // LaCAM is complete: it exhausts the 6 configurations and proves there is no plan.
    #expect(lazyConstraintsAdditionSearch(Self.problem(["..."], [(0, 0, 2, 0), (2, 0, 0, 0)])) == .unsolvable("every reachable configuration explored"))
  }

  @Test("PIBT on an open 8 x 8 grid (every pair of neighbours on a cycle, so it must finish): 20 agents reach their goals without conflicts")
  func pibtOnOpenGrid() {
    let graph = LayoutGraph(grid: GridMap(rows: Array(repeating: "........", count: 8)))
    let starts = Array(0..<20).map { $0 * 3 % 64 }, goals = Array(0..<20).map { (63 - $0 * 3 + 64) % 64 }
    let problem = MAPFProblem(graph: graph, starts: starts, goals: goals)
    let plan = try! #require(priorityInheritanceWithBacktracking(problem).plan)
    #expect(plan.violations(of: problem).isEmpty)
  }

  @Test("LaCAM on random-32-32-20 with 100 agents of the benchmark scenario: every agent at its goal, no conflicts, and no agent cheaper than its own shortest path")
  func lacamOnBenchmark() throws {
    let map = try GridMap.parse(try String(contentsOf: Self.shared.appendingPathComponent("random-32-32-20.map"), encoding: .utf8))
    let scenario = try MAPFScenario.parse(try String(contentsOf: Self.shared.appendingPathComponent("random-32-32-20-random-1.scen"), encoding: .utf8))
    let problem = try MAPFProblem(grid: map, scenario: scenario, agents: 100)
    let plan = try #require(lazyConstraintsAdditionSearch(problem).plan)
    #expect(plan.violations(of: problem).isEmpty)
    for a in 0..<problem.agentCount {
      #expect(plan.cost(of: a) >= problem.graph.distances(to: problem.goals[a])[problem.starts[a]])
    }
    // CBS on the first 8 agents: optimal, so no cheaper than the sum of shortest paths and no dearer than LaCAM's plan for them.
    let small = try MAPFProblem(grid: map, scenario: scenario, agents: 8)
    let optimal = try #require(conflictBasedSearch(small).plan)
    #expect(optimal.violations(of: small).isEmpty)
    let lowerBound = (0..<8).reduce(0) { $0 + small.graph.distances(to: small.goals[$1])[small.starts[$1]] }
    let lacamSmall = try #require(lazyConstraintsAdditionSearch(small).plan)
    #expect(optimal.sumOfCosts >= lowerBound && optimal.sumOfCosts <= lacamSmall.sumOfCosts)
  }
}

/// The optimal sum of costs by exhaustive search over joint moves (every combination of moves per
/// step, vertex and swap conflicts excluded), memoised on (positions, step, deferred charges). An
/// agent's cost is the step of its final arrival: a step spent waiting at its goal is charged only if
/// it leaves the goal later. Only for tiny instances. Nil: no plan within `maxSteps`.
func exhaustiveOptimum(_ problem: MAPFProblem, maxSteps: Int) -> Int? {
  let n = problem.agentCount
  var memo: [[Int]: Int?] = [:]
  func remaining(_ positions: [Int], _ pending: [Int], _ t: Int) -> Int? {
    let key = positions + pending + [t]
    if let cached = memo[key] { return cached }
    var result: Int? = positions == problem.goals ? 0 : nil
    if t < maxSteps {
      func recurse(_ a: Int, _ next: [Int], _ nextPending: [Int], _ paid: Int) {
        if a == n {
          for i in 0..<n { for j in (i + 1)..<n where next[i] == positions[j] && next[j] == positions[i] { return } }
          guard let rest = remaining(next, nextPending, t + 1) else { return }
          if result == nil || rest + paid < result! { result = rest + paid }
          return
        }
        let here = positions[a]
        for v in [here] + problem.graph.neighbours(of: here) where !next.contains(v) {
          if v == here && here == problem.goals[a] {
            recurse(a + 1, next + [v], nextPending + [pending[a] + 1], paid)
          } else {
            recurse(a + 1, next + [v], nextPending + [0], paid + pending[a] + 1)
          }
        }
      }
      recurse(0, [], [], 0)
    }
    memo[key] = result
    return result
  }
  return remaining(problem.starts, Array(repeating: 0, count: n), 0)
}
