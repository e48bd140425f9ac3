// Multi-agent path finding benchmarks (issue 8) on the MovingAI maps in ../shared/benchmarks/mapf.
// Usage: MAPFBenchmarks SOLVER MAP SCEN TIME_LIMIT K...   (SOLVER: cbs, ecbs, lacam, pibt)
// Prints CSV: solver,map,agents,solved,sum_of_costs,makespan,lower_bound,seconds
// The lower bound is the sum of the agents' own shortest paths (4-connected).

import AGV
import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
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
