// Job-shop benchmarks (issue 7): the best dispatch rule, then tabu search from it, on the bundled
// instances with known optima (ft, la) or best known makespans (Brandimarte's flexible mk01-mk10). Usage: SchedulingBenchmarks [seconds per instance] [instance...]
// Prints CSV: instance,optimum,best_rule,rule_makespan,tabu_makespan,gap,iterations,best_iteration,seconds

import Foundation
import Scheduling

let arguments = Array(CommandLine.arguments.dropFirst())
let limit = arguments.first.flatMap(Double.init) ?? 10
var names = Array(arguments.dropFirst())
if names.isEmpty { names = ["ft06", "ft10", "ft20"] + (1...40).map { String(format: "la%02d", $0) } }
let models = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
  .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Models")
// Brandimarte's best known makespans (not all proven optimal), from ../shared/benchmarks/README.md.
let brandimarteBest: [String: Double] = [
  "mk01": 40, "mk02": 26, "mk03": 204, "mk04": 60, "mk05": 172, "mk06": 57, "mk07": 139, "mk08": 523, "mk09": 307, "mk10": 195,
]
let rules: [(String, PriorityRule)] = [("SPT", .spt), ("MWKR", .mwkr), ("MOR", .mor), ("FIFO", .fifo), ("LPT", .lpt)]
print("instance,optimum,best_rule,rule_makespan,tabu_makespan,gap,iterations,best_iteration,seconds")
var gaps: [Double] = []
for name in names {
  let flexible = name.hasPrefix("mk")
  let text = try String(contentsOf: models.appendingPathComponent(flexible ? "flexible-jobshop/\(name).txt" : "jobshop/\(name).txt"), encoding: .utf8)
  let optimum = flexible ? brandimarteBest[name]! : Double(text.components(separatedBy: "optimum ")[1].prefix { $0.isNumber })!
  let instance = flexible ? try InstanceReader.brandimarte(text, name: name) : try InstanceReader.orLibrary(text, name: name)
  let start = DispatchTime.now().uptimeNanoseconds
  let (ruleName, ruleSchedule) = rules.map { ($0.0, dispatchSchedule(instance, rule: $0.1)) }.min { $0.1.makespan < $1.1.makespan }!
  var options = TabuSearchOptions()
  options.maxIterations = .max
  options.timeLimit = limit
  options.target = optimum
  let result = tabuSearch(instance, start: ruleSchedule, options: options)
  let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
  precondition(result.schedule.violations(of: instance).isEmpty, "infeasible schedule for \(name)")
  let gap = (result.makespan - optimum) / optimum
  gaps.append(gap)
  print("\(name),\(optimum),\(ruleName),\(ruleSchedule.makespan),\(result.makespan),\(gap),\(result.iterations),\(result.bestIteration),\(seconds)")
}
print("mean_gap,\(gaps.reduce(0, +) / Double(gaps.count))")
