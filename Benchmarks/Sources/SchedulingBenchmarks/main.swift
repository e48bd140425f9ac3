// Job-shop benchmarks (issue 7): the best dispatch rule, then tabu search from it, on the bundled
// instances with known optima (ft, la) or best known makespans (Brandimarte's flexible mk01-mk10). Usage: SchedulingBenchmarks [seconds per instance] [instance...]
// Prints CSV: instance,optimum,best_rule,rule_makespan,tabu_makespan,gap,iterations,best_iteration,seconds

import Foundation
import Scheduling

let arguments = Array(CommandLine.arguments.dropFirst())

/// Taillard's (1993) portable uniform generator: `seed = 16807 seed mod (2^31 - 1)` by Schrage's method,
/// returning an integer in `low...high`.
func taillardUniform(_ seed: inout Int, _ low: Int, _ high: Int) -> Int {
  let k = seed / 127_773
  seed = 16_807 * (seed % 127_773) - k * 2_836
  if seed < 0 { seed += 2_147_483_647 }
  let value = Double(seed) / 2_147_483_647
  return low + Int(value * Double(high - low + 1))
}

/// A job shop drawn by Taillard's scheme: times uniform in 1...99 from `timeSeed`, each job's machine
/// order a random permutation from `machineSeed`.
func taillardInstance(jobs: Int, machines: Int, timeSeed: Int, machineSeed: Int) -> ShopInstance {
  var t = timeSeed, m = machineSeed
  let times = (0..<jobs).map { _ in (0..<machines).map { _ in Double(taillardUniform(&t, 1, 99)) } }
  let orders: [[Int]] = (0..<jobs).map { _ in
    var order = Array(0..<machines)
    for i in 0..<machines { order.swapAt(i, taillardUniform(&m, i, machines - 1)) }
    return order
  }
  return ShopInstance(name: "taillard-\(jobs)x\(machines)", machines: machines, jobs: (0..<jobs).map { j in
    ShopJob(operations: (0..<machines).map { k in [ShopJob.Alternative(machine: orders[j][k], duration: times[j][k])] })
  })
}

if arguments.first == "rules" {
  // Every rule on a 100 x 20 instance (the target: under 50 ms), best of five runs each.
  let instance = taillardInstance(jobs: 100, machines: 20, timeSeed: 1_515, machineSeed: 1_111)
  print("rule,makespan,milliseconds")
  for name in ["fifo", "spt", "lpt", "edd", "mwkr", "mor", "cr", "slack", "atc"] {
    var best = Double.infinity
    var makespan = 0.0
    for _ in 0..<5 {
      let start = DispatchTime.now().uptimeNanoseconds
      makespan = dispatchSchedule(instance, rule: PriorityRule.named(name)!).makespan
      best = min(best, Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-6)
    }
    print("\(name),\(makespan),\(best)")
  }
  exit(0)
}
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
