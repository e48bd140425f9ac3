public import SimKernel

/// An empirical stack-voltage trend for ageing data: an irreversible linear loss plus a reversible loss
/// that saturates, `V(t) = V0 - a t - b (1 - exp(-t / tau))` (the usual form for FCLAB-type histories,
/// e.g. Jouin et al., Applied Energy 177 (2016) 87, sections 3-4). SI units.
public struct VoltageTrend: Sendable, Equatable {
  /// Voltage at t = 0, V.
  public var initialVoltage: Double
  /// Irreversible loss rate, V/s.
  public var irreversibleRate: Double
  /// Saturating reversible loss, V.
  public var reversibleLoss: Double
  /// Time constant of the reversible loss, s.
  public var timeConstant: Double

  /// Creates a trend.
  public init(initialVoltage: Double, irreversibleRate: Double, reversibleLoss: Double, timeConstant: Double) {
    self.initialVoltage = initialVoltage
    self.irreversibleRate = irreversibleRate
    self.reversibleLoss = reversibleLoss
    self.timeConstant = timeConstant
  }

  /// The voltage at `time` (s), V.
  public func voltage(at time: Double) -> Double {
    initialVoltage - irreversibleRate * time - reversibleLoss * (1 - exp(-time / timeConstant))
  }

  /// The first time at or after `start` (s) when the voltage falls to `threshold` (V), by bisection on
  /// a bracket found by doubling (the trend is monotone for non-negative losses); `nil` if it never does.
  public func time(reaching threshold: Double, after start: Double) -> Double? {
    if voltage(at: start) <= threshold { return start }
    guard irreversibleRate > 0 else { return nil }
    var low = start
    var high = start + max(3600, (voltage(at: start) - threshold) / irreversibleRate)
    while voltage(at: high) > threshold { (low, high) = (high, high * 2) }
    for _ in 0..<200 where high - low > 1e-6 * max(1, high) {
      let mid = (low + high) / 2
      if voltage(at: mid) > threshold { low = mid } else { high = mid }
    }
    return high
  }

  /// Fits the trend to a history by nonlinear least squares (``leastSquares(initial:observations:maxIterations:residuals:)``),
  /// in hours internally for conditioning. The start guess comes from the data unless given.
  ///
  /// - Throws: ``FitError``.
  public static func fit(time: [Double], voltage: [Double], start: VoltageTrend? = nil) throws(FitError) -> VoltageTrend {
    precondition(time.count == voltage.count, "time and voltage must have the same length")
    let hours = time.map { $0 / 3600 }
    let guess = start ?? {
      let span = max(hours.last! - hours.first!, 1)
      let slope = max((voltage.first! - voltage.last!) / span, 1e-9)
      return VoltageTrend(initialVoltage: voltage.first!, irreversibleRate: slope / 3600, reversibleLoss: 0.01 * voltage.first!, timeConstant: span / 10 * 3600)
    }()
    let initial = [guess.initialVoltage, guess.irreversibleRate * 3600, guess.reversibleLoss, log(guess.timeConstant / 3600)]
    let result = try leastSquares(initial: initial, observations: time.count) { x, r in
      let tau = exp(x[3])  // log-parametrised: the time constant stays positive
      for i in 0..<hours.count {
        r[i] = x[0] - x[1] * hours[i] - x[2] * (1 - exp(-hours[i] / tau)) - voltage[i]
      }
    }
    let x = result.parameters
    return VoltageTrend(initialVoltage: x[0], irreversibleRate: x[1] / 3600, reversibleLoss: x[2], timeConstant: exp(x[3]) * 3600)
  }
}

/// A remaining-useful-life estimate with its uncertainty band, s.
public struct RemainingUsefulLife: Sendable, Equatable {
  /// The central estimate (from the fit to the data), s.
  public var estimate: Double
  /// Lower end of the band, s.
  public var lower: Double
  /// Upper end of the band, s.
  public var upper: Double
  /// The voltage at end of life, V.
  public var threshold: Double
}

/// Estimates remaining useful life from a voltage history: fit ``VoltageTrend``, find when it reaches
/// `(1 - endOfLifeLoss)` of its initial voltage, and bound that by a residual bootstrap (Efron and
/// Tibshirani, An Introduction to the Bootstrap, 1993, section 9.5): refit `resamples` data sets made of
/// the fitted curve plus resampled residuals, and take the `level` percentile band of their lives.
/// Each refit starts from the full fit, so new measurements are cheap to add.
///
/// - Throws: ``FitError``.
public func estimateRemainingUsefulLife(
  time: [Double], voltage: [Double], endOfLifeLoss: Double = 0.10, resamples: Int = 200, level: Double = 0.95,
  streams: RandomStreams
) throws(FitError) -> RemainingUsefulLife {
  let trend = try VoltageTrend.fit(time: time, voltage: voltage)
  let threshold = (1 - endOfLifeLoss) * trend.initialVoltage
  let now = time.last!
  let central = (trend.time(reaching: threshold, after: now) ?? .infinity) - now
  let fitted = time.map(trend.voltage(at:))
  let residuals = zip(voltage, fitted).map { $0 - $1 }
  let draw = streams.stream("bootstrap")
  var lives: [Double] = []
  for _ in 0..<resamples {
    let synthetic = fitted.map { $0 + residuals[min(residuals.count - 1, Int(draw.uniform() * Double(residuals.count)))] }
    guard let refit = try? VoltageTrend.fit(time: time, voltage: synthetic, start: trend) else { continue }
    let bootThreshold = (1 - endOfLifeLoss) * refit.initialVoltage
    lives.append((refit.time(reaching: bootThreshold, after: now) ?? .infinity) - now)
  }
  lives.sort()
  guard !lives.isEmpty else { return RemainingUsefulLife(estimate: central, lower: central, upper: central, threshold: threshold) }
  let tail = (1 - level) / 2
  let lower = lives[Int((tail * Double(lives.count - 1)).rounded())]
  let upper = lives[Int(((1 - tail) * Double(lives.count - 1)).rounded())]
  return RemainingUsefulLife(estimate: central, lower: lower, upper: upper, threshold: threshold)
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
