// Work-precision benchmark of TwinKit's ODE layer: ROBER and Van der Pol at rtol 1e-4 ... 1e-10.
//
//   ODEBenchmarks accuracy          one solve per configuration: CSV of digits and work counters
//   ODEBenchmarks [swift-benchmark options]   timings via google/swift-benchmark
//
// Benchmarks/run-ode.sh runs both, plus scipy's solve_ivp, and writes the merged table.

import Benchmark
import CVODEBaseline
import Foundation
import ODE

let tolerances = [1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9, 1e-10]
let algorithms: [(name: String, algorithm: ODEAlgorithm)] = [
  ("CVODE-BDF", .cvodeBDF()), ("ARKODE-DIRK", .arkodeDIRK()), ("GSL-msbdf", .gslMSBDF),
]

func options(rtol: Double, atol: Double) -> SolverOptions {
  SolverOptions(relativeTolerance: rtol, absoluteTolerance: .scalar(atol), maxSteps: 1_000_000, saveAt: .finalState)
}

/// Solves one configuration; returns the final state and statistics, or nil on failure.
func solveSwift(_ problem: String, _ algorithm: ODEAlgorithm, rtol: Double) -> (state: [Double], steps: Int, evaluations: Int)? {
  switch problem {
  case "ROBER":
    guard let s = try? solve(ProblemLibrary.robertson(until: 1e5), algorithm, options: options(rtol: rtol, atol: rtol * 1e-6)),
      s.returnCode == .success
    else { return nil }
    return (s.finalState, s.statistics.steps, s.statistics.functionEvaluations)
  default:
    guard let s = try? solve(ProblemLibrary.vanDerPol(), algorithm, options: options(rtol: rtol, atol: rtol)),
      s.returnCode == .success
    else { return nil }
    return (s.finalState, s.statistics.steps, s.statistics.functionEvaluations)
  }
}

func solveC(_ problem: String, rtol: Double) -> [Double]? {
  var y = [Double](repeating: 0, count: problem == "ROBER" ? 3 : 2)
  let flag = problem == "ROBER"
    ? twinkit_c_rober(1e5, rtol, rtol * 1e-6, &y) : twinkit_c_vanderpol(1000, 2000, rtol, rtol, &y)
  return flag == 0 ? y : nil
}

let problems = [("ROBER", ProblemLibrary.robertsonAt1e5), ("VDP", ProblemLibrary.vanDerPolAt2000)]

/// Resident set size in kB, from /proc/self/statm (pages of 4 kB).
func residentKilobytes() -> Int {
  guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return -1 }
  return (Int(text.split(separator: " ")[1]) ?? -1) * 4
}

let mode = CommandLine.arguments.dropFirst().first
if mode == "leak" {
  // Solves ROBER to t = 1 (with an event function, so root finding is set up too) a million times
  // per algorithm family and prints the resident set size every 100,000 solves: flat means no leak.
  let problem = ProblemLibrary.robertson(until: 1)
  let never = ContinuousEvent<Void>("never", condition: { _, y, _ in y[0] + 1 }) { _ in }
  print("algorithm,solves,rss_kb")
  for algorithm in [ODEAlgorithm.cvodeBDF(), .arkodeDIRK(), .gslMSBDF] {
    for solves in 1...1_000_000 {
      _ = try? solve(problem, algorithm, options: SolverOptions(saveAt: .finalState), events: EventSet(continuous: [never]))
      if solves % 100_000 == 0 { print("\(algorithm),\(solves),\(residentKilobytes())") }
    }
  }
} else if mode == "accuracy" {
  print("problem,implementation,rtol,digits,steps,evaluations")
  for (problem, reference) in problems {
    for rtol in tolerances {
      for (name, algorithm) in algorithms {
        if let result = solveSwift(problem, algorithm, rtol: rtol) {
          let digits = ProblemLibrary.correctDigits(result.state, reference)
          print("\(problem),TwinKit \(name),\(rtol),\(digits),\(result.steps),\(result.evaluations)")
        } else {
          print("\(problem),TwinKit \(name),\(rtol),fail,,")
        }
      }
      if let y = solveC(problem, rtol: rtol) {
        print("\(problem),C CVODE-BDF,\(rtol),\(ProblemLibrary.correctDigits(y, reference)),,")
      }
    }
  }
} else {
  for (problem, _) in problems {
    for rtol in tolerances {
      for (name, algorithm) in algorithms {
        benchmark("\(problem)|TwinKit \(name)|\(rtol)") { _ = solveSwift(problem, algorithm, rtol: rtol) }
      }
      benchmark("\(problem)|C CVODE-BDF|\(rtol)") { _ = solveC(problem, rtol: rtol) }
    }
  }
  Benchmark.main()
}
