import ArgumentParser
import TwinKit

extension TwinKitCommand {
  /// The main demo; later issues grow it into the park twin.
  struct Demo: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Run the TwinKit demo: stiff chemistry and a bouncing ball through the ODE layer.")

    func run() throws {
      let rober = ProblemLibrary.robertson(until: 1e5)
      let solution = try solve(
        rober, .cvodeBDF(), options: SolverOptions(relativeTolerance: 1e-8, absoluteTolerance: .scalar(1e-14)))
      print("Robertson kinetics to t = 1e5 with CVODE BDF: \(solution.returnCode), y = \(solution.finalState)")
      print("  \(solution.statistics.steps) steps, \(solution.statistics.functionEvaluations) f evaluations")
    }
  }
}
