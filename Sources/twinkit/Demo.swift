import ArgumentParser
import Foundation
import TwinKit

extension TwinKitCommand {
  /// The main demo: the ODE layer, the kernel, and the park twin, TwinKit's flagship.
  struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Run the TwinKit demo: stiff kinetics, event location, a refuelling station, and a week of the park twin.")

    func run() throws {
      try robertson()
      try bouncingBall()
      try refuellingStation()
      try parkTwin()
    }

    /// A week of the park twin: the plant's plan, its AGVs, the park microgrid and its stacks, coupled.
    private func parkTwin() throws {
      let path = "Examples/park/park-twin.yaml"
      guard FileManager.default.fileExists(atPath: path) else { return }
      let loaded = try ScenarioLoader.load(path: path)
      let start = Date()
      let output = try ParkTwinModel.run(loaded, context: RunContext())
      print("\nPark twin, one week: 240 orders on 12 machines, 6 AGVs, the guide park, its stacks (\(path), \(String(format: "%.2f", Date().timeIntervalSince(start))) s)")
      let shown = ["on_time_rate", "agv_orders", "agv_latency_mean", "total_cost", "co2", "on_site_share", "stack_voltage_loss"]
      for kpi in output.kpis where shown.contains(kpi.name) {
        print("  \(kpi.name.padding(20)) \(String(format: "%9.3f", kpi.value)) \(kpi.unit)")
      }
      print("  (policies side by side: twinkit sweep Examples/park/park-policies.yaml; a year: --set horizon=52week)")
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
