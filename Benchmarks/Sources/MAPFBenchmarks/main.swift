// Multi-agent path finding benchmarks (issue 8) on the MovingAI maps in ../shared/benchmarks/mapf.
// Usage: MAPFBenchmarks SOLVER MAP SCEN TIME_LIMIT K...   (SOLVER: cbs, ecbs, lacam, pibt)
// Prints CSV: solver,map,agents,solved,sum_of_costs,makespan,lower_bound,seconds
// The lower bound is the sum of the agents' own shortest paths (4-connected).
//
// Lifelong: MAPFBenchmarks lifelong MAP STEPS K...
// Agents start on distinct random free cells and get random goals among the shelf faces (free cells
// next to a blocked one, the warehouse's pick points); on reaching one, the next. Prints CSV:
// map,agents,steps,goals_reached,throughput_per_step,ms_per_step

import AGV
import Foundation
import SimKernel

let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == "lifelong" {
  guard arguments.count >= 4, let steps = Int(arguments[2]) else {
    FileHandle.standardError.write("usage: MAPFBenchmarks lifelong MAP STEPS K...\n".data(using: .utf8)!)
    exit(2)
  }
  let grid = try GridMap.parse(try String(contentsOfFile: arguments[1], encoding: .utf8))
  let graph = LayoutGraph(grid: grid)
  let endpoints = (0..<graph.vertexCount).filter { graph.neighbours(of: $0).count < 4 }
  let mapName = URL(fileURLWithPath: arguments[1]).deletingPathExtension().lastPathComponent
  print("map,agents,steps,goals_reached,throughput_per_step,ms_per_step")
  for k in arguments.dropFirst(3).compactMap({ Int($0) }) {
    let random = RandomStreams(seed: 1).stream("lifelong")
    var starts: [Int] = [], taken = Set<Int>()
    while starts.count < k {
      let v = Int(random.uniform() * Double(graph.vertexCount))
      if taken.insert(v).inserted { starts.append(v) }
    }
    let draw = { endpoints[Int(random.uniform() * Double(endpoints.count))] }
    var planner = LifelongPIBT(graph: graph, starts: starts, seed: 1)
    for a in 0..<k { planner.setGoal(a, draw()) }
    var reached = 0
    var elapsed = Duration.zero
    for _ in 0..<steps {
      let clock = ContinuousClock.now
      _ = planner.step { _ in false }
      for a in 0..<k where planner.positions[a] == planner.goals[a] {
        reached += 1
        planner.setGoal(a, draw())
      }
      elapsed += ContinuousClock.now - clock
      precondition(Set(planner.positions).count == k, "vertex conflict")
    }
    let ms = elapsed / .milliseconds(1) / Double(steps)
    print("\(mapName),\(k),\(steps),\(reached),\(Double(reached) / Double(steps)),\(ms)")
  }
  exit(0)
}
guard arguments.count >= 5, let limit = Double(arguments[3]) else {
  FileHandle.standardError.write("usage: MAPFBenchmarks SOLVER MAP SCEN TIME_LIMIT K...\n".data(using: .utf8)!)
  exit(2)
}
let (solver, mapPath, scenPath) = (arguments[0], arguments[1], arguments[2])
let grid = try GridMap.parse(try String(contentsOfFile: mapPath, encoding: .utf8))
let scenario = try MAPFScenario.parse(try String(contentsOfFile: scenPath, encoding: .utf8), map: grid)
let mapName = URL(fileURLWithPath: mapPath).deletingPathExtension().lastPathComponent
print("solver,map,agents,solved,sum_of_costs,makespan,lower_bound,seconds")
for k in arguments.dropFirst(4).compactMap({ Int($0) }) {
  let problem = try MAPFProblem(grid: grid, scenario: scenario, agents: k)
  let clock = ContinuousClock.now
  let outcome: MAPFOutcome
  switch solver {
  case "cbs", "ecbs":
    var options = CBSOptions()
    options.timeLimit = limit
    if solver == "ecbs" { options.suboptimality = 1.5 }
    outcome = conflictBasedSearch(problem, options: options)
  case "pibt":
    outcome = priorityInheritanceWithBacktracking(problem)
  default:
    var options = LaCAMOptions()
    options.timeLimit = limit
    outcome = lazyConstraintsAdditionSearch(problem, options: options)
  }
  let seconds = (ContinuousClock.now - clock) / .seconds(1)
  // The lower bound costs k breadth-first searches: outside the timed part.
  let bound = (0..<k).reduce(0) { $0 + problem.graph.distances(to: problem.goals[$1])[problem.starts[$1]] }
  if let plan = outcome.plan {
    precondition(plan.violations(of: problem).isEmpty, "conflicting plan")
    print("\(solver),\(mapName),\(k),1,\(plan.sumOfCosts),\(plan.makespan),\(bound),\(seconds)")
  } else {
    print("\(solver),\(mapName),\(k),0,,,\(bound),\(seconds)")
  }
}
