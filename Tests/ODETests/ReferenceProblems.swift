import Foundation
import ODE

/// Test problems with closed-form solutions (the published ones live in ``ProblemLibrary``).
enum ReferenceProblems {
  /// Exponential decay y' = -k y, y(0) = 1: y(t) = exp(-k t).
  static func decay(rate: Double = 0.7, until end: Double = 5) -> ODEProblem<Double> {
    ODEProblem(initialState: [1], timeSpan: 0...end, parameters: rate) { _, y, k, dy in dy[0] = -k * y[0] }
  }

  /// Harmonic oscillator x'' = -w^2 x, x(0) = 1, x'(0) = 0: x = cos(w t), v = -w sin(w t).
  static func oscillator(omega: Double = 2, until end: Double = 10) -> ODEProblem<Double> {
    ODEProblem(initialState: [1, 0], timeSpan: 0...end, parameters: omega) { _, y, w, dy in
      dy[0] = y[1]
      dy[1] = -w * w * y[0]
    }
  }

}
