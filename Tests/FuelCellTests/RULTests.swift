import Foundation
import FuelCell
import SimKernel
import Testing

/// Synthetic ageing histories from a known trend plus noise: the fit must recover the parameters and
/// the bootstrap band must cover the true remaining life (coverage checked over replications).
@Suite("Calibration and remaining useful life")
struct RULTests {
  static let truth = VoltageTrend(
    initialVoltage: 3.35, irreversibleRate: 3e-5 / 3600, reversibleLoss: 0.03, timeConstant: 80 * 3600)

  static func history(seed: UInt64, hours: Double = 1000, points: Int = 400, noise: Double = 0.002) -> ([Double], [Double]) {
    let stream = RandomStreams(seed: seed).stream("measurement noise")
    let times = (0..<points).map { Double($0) / Double(points - 1) * hours * 3600 }
    return (times, times.map { truth.voltage(at: $0) + stream.normal(mean: 0, standardDeviation: noise) })
  }

  @Test("Least squares recovers the trend within stated tolerances (2 mV noise, 400 points over 1000 h)")
  func fit() throws {
    let (t, v) = Self.history(seed: 1)
    let fitted = try VoltageTrend.fit(time: t, voltage: v)
    #expect(abs(fitted.initialVoltage - 3.35) < 0.002, "V0 within 2 mV")
    #expect(abs(fitted.irreversibleRate / Self.truth.irreversibleRate - 1) < 0.10, "rate within 10%")
    #expect(abs(fitted.reversibleLoss - 0.03) < 0.006, "reversible loss within 6 mV")
    #expect(abs(fitted.timeConstant / Self.truth.timeConstant - 1) < 0.35, "time constant within 35%")
  }

  @Test("Least squares on an exactly solvable problem: a line through three points")
  func exactLine() throws {
    let xs = [0.0, 1, 2], ys = [1.0, 3, 5]
    let fit = try leastSquares(initial: [0, 0], observations: 3) { p, r in
      for i in 0..<3 { r[i] = p[0] + p[1] * xs[i] - ys[i] }
    }
    #expect(abs(fit.parameters[0] - 1) < 1e-8 && abs(fit.parameters[1] - 2) < 1e-8 && fit.sumOfSquares < 1e-16)
  }

  @Test("The 95% bootstrap band covers the true remaining life in at least 8 of 10 independent histories")
  func coverage() throws {
    let now = 1000.0 * 3600
    let trueEnd = try #require(Self.truth.time(reaching: 0.9 * Self.truth.initialVoltage, after: now))
    let trueLife = trueEnd - now
    var covered = 0
    for seed in 1...10 {
      let (t, v) = Self.history(seed: UInt64(seed))
      let rul = try estimateRemainingUsefulLife(
        time: t, voltage: v, resamples: 60, streams: RandomStreams(seed: UInt64(100 + seed)))
      #expect(rul.lower <= rul.estimate && rul.estimate <= rul.upper)
      #expect(rul.upper - rul.lower < 0.5 * trueLife, "band \((rul.upper - rul.lower) / 3600) h is too wide to test anything")
      if rul.lower <= trueLife && trueLife <= rul.upper { covered += 1 }
    }
    #expect(covered >= 8, "covered \(covered) of 10 (true life \(trueLife / 3600) h)")
  }
}
