import Foundation
import ODE

/// Test problems with published or closed-form reference solutions.
enum ReferenceProblems {
  /// Robertson's chemical kinetics (ROBER), Hairer and Wanner, Solving ODEs II, section IV.1.
  static func rober(until end: Double) -> ODEProblem<Void> {
    ODEProblem(initialState: [1, 0, 0], timeSpan: 0...end, jacobian: roberJacobian) { _, y, dy in
      dy[0] = -0.04 * y[0] + 1e4 * y[1] * y[2]
      dy[2] = 3e7 * y[1] * y[1]
      dy[1] = -dy[0] - dy[2]
    }
  }

  private static func roberJacobian(
    _ t: Double, _ y: UnsafeBufferPointer<Double>, _ fy: UnsafeBufferPointer<Double>, _ p: Void, _ j: JacobianMatrix
  ) {
    j[0, 0] = -0.04
    j[0, 1] = 1e4 * y[2]
    j[0, 2] = 1e4 * y[1]
    j[1, 0] = 0.04
    j[1, 1] = -1e4 * y[2] - 6e7 * y[1]
    j[1, 2] = -1e4 * y[1]
    j[2, 1] = 6e7 * y[1]
  }

  /// ROBER at t = 1e5: Hairer and Wanner's reference table (outputs at t = 10^k).
  static let roberAt1e5: [Double] = [0.1786592114209946e-01, 0.7274751468436319e-07, 0.9821340061103859e+00]
  /// ROBER at t = 1e11: Bari IVP test set (Mazzia and Magherini, release 2.4), problem ROBER.
  static let roberAt1e11: [Double] = [0.2083340149701255e-07, 0.8333360770334713e-13, 0.9999999791665050]

  /// Van der Pol with mu = 1000 in the unscaled form x'' = mu (1 - x^2) x' - x, x(0) = 2, x'(0) = 0.
  ///
  /// With tau = t / mu and eps = 1 / mu^2 this is the Bari test set's VDPOL, so its reference at
  /// tau = 2 gives x(2000) and x'(2000) = y2(2) / mu.
  static func vanDerPol(mu: Double = 1000, until end: Double = 2000) -> ODEProblem<Double> {
    ODEProblem(
      initialState: [2, 0], timeSpan: 0...end, parameters: mu,
      jacobian: { _, y, _, mu, j in
        j[0, 1] = 1
        j[1, 0] = -2 * mu * y[0] * y[1] - 1
        j[1, 1] = mu * (1 - y[0] * y[0])
      }
    ) { _, y, mu, dy in
      dy[0] = y[1]
      dy[1] = mu * (1 - y[0] * y[0]) * y[1] - y[0]
    }
  }

  /// Van der Pol (mu = 1000) at t = 2000, the reference given in the issue.
  static let vanDerPolAt2000: [Double] = [1.706167732170469, -8.928097010248125e-4]

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

  /// Significant correct digits: -log10 of the largest relative error over the components.
  static func correctDigits(_ computed: [Double], _ reference: [Double]) -> Double {
    let worst = zip(computed, reference).map { abs(($0 - $1) / $1) }.max() ?? .infinity
    return -log10(worst)
  }
}
