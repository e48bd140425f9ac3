import ArgumentParser
import TwinKit

extension TwinKitCommand {
  /// The main demo; later issues grow it into the park twin.
  struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Run the TwinKit demo: stiff chemistry and a bouncing ball through the ODE layer.")

    func run() throws {
      let rober = ODEProblem(initialState: [1, 0, 0], timeSpan: 0...1e5, parameters: (0.04, 3e7, 1e4)) {
        _, y, k, dy in
        dy[0] = -k.0 * y[0] + k.2 * y[1] * y[2]
        dy[2] = k.1 * y[1] * y[1]
        dy[1] = -dy[0] - dy[2]
      }
      let solution = try solve(
        rober, .cvodeBDF(), options: SolverOptions(relativeTolerance: 1e-8, absoluteTolerance: .scalar(1e-14)))
      print("Robertson kinetics to t = 1e5 with CVODE BDF: \(solution.returnCode), y = \(solution.finalState)")
      print("  \(solution.statistics.steps) steps, \(solution.statistics.functionEvaluations) f evaluations")
    }
  }
}
