import ArgumentParser
import Foundation
import TwinKit

extension TwinKitCommand {
  /// The main demo; later issues grow it into the park twin.
  struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Run the TwinKit demo: stiff kinetics, event location, and a refuelling station from its scenario file.")

    func run() throws {
      try robertson()
      try bouncingBall()
      try refuellingStation()
    }

    /// The refuelling-station scenario: discrete events, a hybrid buffer tank and replications.
    private func refuellingStation() throws {
      let path = "Examples/refuelling-station.yaml"
      guard FileManager.default.fileExists(atPath: path) else { return }
      let loaded = try ScenarioLoader.load(path: path)
      guard let model = ModelCatalog.model(named: loaded.header.model) else { return }
      let start = Date()
      let output = try model.run(loaded, context: RunContext())
      print("\nRefuelling station, one day, \(loaded.header.replications) replications (\(path), \(String(format: "%.2f", Date().timeIntervalSince(start))) s)")
      for kpi in output.kpis where ["served", "mean_wait", "hydrogen_dispensed", "compressor_starts"].contains(kpi.name) {
        print("  \(kpi.name.padding(20)) \(String(format: "%9.3f", kpi.value)) ± \(String(format: "%.3f", kpi.halfWidth ?? 0)) \(kpi.unit)")
      }
      print("  (full results: twinkit run \(path))")
    }

    /// ROBER with three algorithms, against the published reference at t = 1e5.
    private func robertson() throws {
      print("Robertson kinetics to t = 1e5, rtol 1e-8 (reference: Hairer and Wanner, table at t = 10^k)")
      let options = SolverOptions(
        relativeTolerance: 1e-8, absoluteTolerance: .perComponent([1e-14, 1e-20, 1e-14]), saveAt: .finalState)
      for algorithm in [ODEAlgorithm.cvodeBDF(), .gslMSBDF, .arkodeDIRK()] {
        let solution = try solve(ProblemLibrary.robertson(until: 1e5), algorithm, options: options)
        let outcome: String
        if let failure = solution.failure {
          outcome = "failed: \(failure)"
        } else {
          let digits = ProblemLibrary.correctDigits(solution.finalState, ProblemLibrary.robertsonAt1e5)
          outcome = "\(String(format: "%.1f", digits)) correct digits"
        }
        print("  \(algorithm.description.padding(12)) \(solution.statistics.steps) steps  \(outcome)")
      }
    }

    /// A ball dropped from 10 m with restitution 0.8: bounce times located by root finding.
    private func bouncingBall() throws {
      print("\nBouncing ball from 10 m, restitution 0.8 (CVODE root finding)")
      let problem = ODEProblem(initialState: [10, 0], timeSpan: 0...9, parameters: 9.81) { _, y, g, dy in
        dy[0] = y[1]
        dy[1] = -g
      }
      var bounces: [Double] = []
      let floor = ContinuousEvent<Double>("floor", direction: .downward, condition: { _, y, _ in y[0] }) { event in
        bounces.append(event.time)
        event.state[1] *= -0.8
      }
      let solution = try solve(problem, .cvodeBDF(), events: EventSet(continuous: [floor]))
      let list = bounces.map { String(format: "%.4f", $0) }.joined(separator: ", ")
      print("  \(solution.returnCode): bounces at t = \(list) s")
      print("  height at t = 2.5 s from the dense output: \(String(format: "%.4f", solution(2.5)[0])) m")
    }
  }
}

extension String {
  fileprivate func padding(_ width: Int) -> String {
    count >= width ? self : self + String(repeating: " ", count: width - count)
  }
}
