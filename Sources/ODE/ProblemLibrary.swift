/// Standard test problems with published reference solutions, for tests, benchmarks and demos
/// (in the spirit of DifferentialEquations.jl's `ODEProblemLibrary`).
public enum ProblemLibrary {
  /// Robertson's chemical kinetics (ROBER), stiff, with its analytic Jacobian:
  /// `y1' = -0.04 y1 + 1e4 y2 y3`, `y3' = 3e7 y2^2`, `y2' = -y1' - y3'`, `y(0) = (1, 0, 0)`.
  ///
  /// Hairer and Wanner, Solving Ordinary Differential Equations II, 2nd ed., section IV.1.
  public static func robertson(until end: Double) -> ODEProblem<Void> {
    ODEProblem(initialState: [1, 0, 0], timeSpan: 0...end, jacobian: robertsonJacobian) { _, y, dy in
      dy[0] = -0.04 * y[0] + 1e4 * y[1] * y[2]
      dy[2] = 3e7 * y[1] * y[1]
      dy[1] = -dy[0] - dy[2]
    }
  }

  private static func robertsonJacobian(
    _ t: Double, _ y: UnsafeBufferPointer<Double>, _ fy: UnsafeBufferPointer<Double>, _ p: Void,
    _ j: JacobianMatrix
  ) {
    j[0, 0] = -0.04
    j[0, 1] = 1e4 * y[2]
    j[0, 2] = 1e4 * y[1]
    j[1, 0] = 0.04
    j[1, 1] = -1e4 * y[2] - 6e7 * y[1]
    j[1, 2] = -1e4 * y[1]
    j[2, 1] = 6e7 * y[1]
  }

  /// ROBER at t = 1e5: Hairer and Wanner's reference table (outputs at t = 10^k, k = 0...11).
  public static let robertsonAt1e5: [Double] = [
    0.1786592114209946e-01, 0.7274751468436319e-07, 0.9821340061103859e+00,
  ]

  /// ROBER at t = 1e11: Bari IVP test set, problem ROBER (Mazzia and Magherini, release 2.4, 2008).
  public static let robertsonAt1e11: [Double] = [
    0.2083340149701255e-07, 0.8333360770334713e-13, 0.9999999791665050,
  ]

  /// Van der Pol's oscillator in the unscaled form `x'' = mu (1 - x^2) x' - x`, `x(0) = 2`, `x'(0) = 0`,
  /// state `(x, x')`, with its analytic Jacobian.
  ///
  /// With `tau = t / mu` and `eps = 1 / mu^2` this is the Bari test set's VDPOL, whose reference at
  /// `tau = 2` gives `x(2000)` and `x'(2000) = y2(2) / mu` for `mu = 1000`.
  public static func vanDerPol(mu: Double = 1000, until end: Double = 2000) -> ODEProblem<Double> {
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

  /// Van der Pol (mu = 1000) at t = 2000, from the Bari test set's VDPOL reference (see ``vanDerPol(mu:until:)``).
  public static let vanDerPolAt2000: [Double] = [1.706167732170469, -8.928097010248125e-4]

  /// Significant correct digits: `-log10` of the largest relative error over the components.
  public static func correctDigits(_ computed: [Double], _ reference: [Double]) -> Double {
    var worst = 0.0
    for (c, r) in zip(computed, reference) { worst = max(worst, abs((c - r) / r)) }
    guard computed.count == reference.count, worst.isFinite else { return -.infinity }
    return worst == 0 ? 17 : -log10(worst)
  }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
