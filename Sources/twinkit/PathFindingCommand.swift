import ArgumentParser
import Foundation
import TwinKit

extension TwinKitCommand {
  struct PathFinding: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "mapf",
      abstract: "Solve a multi-agent path finding benchmark: a MovingAI map and scenario, the first K agents.",
      discussion: """
        Prints the sum of costs, the makespan and the time, after checking the plan for vertex and swap
        conflicts. Solvers: cbs (optimal), ecbs (bounded suboptimal, --bound), lacam (complete and
        scalable, not optimal), pibt (fast, not complete). Moves are 4-connected; the scenario's optimal lengths are 8-connected, a reference only.

        Examples:
          twinkit mapf ../shared/benchmarks/mapf/random-32-32-20.map ../shared/benchmarks/mapf/random-32-32-20-random-1.scen --agents 20
          twinkit mapf MAP SCEN --agents 400 --solver pibt --out runs/mapf

        Exit codes: 0 solved, 1 no solution (unsolvable, or the budget ran out), 2 bad input.
        """)

    @Argument(help: "The MovingAI .map file.")
    var map: String

    @Argument(help: "The MovingAI .scen file.")
    var scenario: String

    @Option(help: "How many agents (the scenario's first K).")
    var agents: Int

    @Option(help: "Solver: cbs, ecbs, lacam or pibt.")
    var solver: String = "cbs"

    @Option(help: "ecbs: suboptimality bound on the sum of costs.")
    var bound: Double = 1.5

    @Option(help: "Time limit, s (cbs, ecbs, lacam).")
    var timeLimit: Double = 60

    @Option(help: "Seed of PIBT's tie-breaking (pibt, lacam).")
    var seed: UInt64 = 1

    @Option(help: "Where to write paths.csv (agent, step, x, y) (default: print only).")
    var out: String?

    func run() throws {
      guard ["cbs", "ecbs", "lacam", "pibt"].contains(solver) else {
        printError("--solver \(solver): expected cbs, ecbs, lacam or pibt")
        throw ExitCodes.badInput
      }
      guard agents >= 1 else {
        printError("--agents \(agents): expected at least 1")
        throw ExitCodes.badInput
      }
      let problem = try load()
      let clock = ContinuousClock.now
      let outcome: MAPFOutcome
      if solver == "pibt" {
        var options = PIBTOptions()
        options.seed = seed
        outcome = priorityInheritanceWithBacktracking(problem, options: options)
      } else if solver == "lacam" {
        var options = LaCAMOptions()
        options.seed = seed
        options.timeLimit = timeLimit
        outcome = lazyConstraintsAdditionSearch(problem, options: options)
      } else {
        var options = CBSOptions()
        options.timeLimit = timeLimit
        if solver == "ecbs" { options.suboptimality = bound }
        outcome = conflictBasedSearch(problem, options: options)
      }
      let seconds = String(format: "%.3f", (ContinuousClock.now - clock) / .seconds(1))
      switch outcome {
      case .solved(let plan, let optimal):
        let problems = plan.violations(of: problem)
        guard problems.isEmpty else {
          printError("internal error, the plan has conflicts: \(problems.prefix(3))")
          throw ExitCodes.modelFailure
        }
        print("\(solver): \(agents) agents solved in \(seconds) s\(optimal ? " (optimal)" : "")")
        print("  sum of costs  \(plan.sumOfCosts)")
        print("  makespan      \(plan.makespan)")
        if let out {
          try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
          var csv = "agent,step,x,y\n"
          for (a, path) in plan.paths.enumerated() {
            for (t, v) in path.enumerated() { csv += "\(a),\(t),\(Int(problem.graph.positions[v].x)),\(Int(problem.graph.positions[v].y))\n" }
          }
          try csv.write(toFile: (out as NSString).appendingPathComponent("paths.csv"), atomically: true, encoding: .utf8)
        }
      case .unsolvable(let reason):
        print("\(solver): no solution: \(reason)")
        throw ExitCodes.modelFailure
      case .gaveUp(let reason):
        print("\(solver): no solution found: \(reason) (\(seconds) s)")
        throw ExitCodes.modelFailure
      }
    }

    /// The map and scenario; errors name the file and line.
    private func load() throws -> MAPFProblem {
      func read(_ path: String) throws -> String {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
          printError("\(path): cannot read the file")
          throw ExitCodes.badInput
        }
        return text
      }
      let (mapText, scenText) = (try read(map), try read(scenario))
      var file = map
      do {
        let grid = try GridMap.parse(mapText)
        file = scenario
        return try MAPFProblem(grid: grid, scenario: try MAPFScenario.parse(scenText, map: grid), agents: agents)
      } catch {
        printError("\(file):\(error.line): \(error.message)")
        throw ExitCodes.badInput
      }
    }
  }
}
