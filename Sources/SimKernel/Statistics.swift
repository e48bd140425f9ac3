import CGSL

/// A confidence interval for a mean.
public struct ConfidenceInterval: Sendable, Equatable, CustomStringConvertible {
  /// The point estimate.
  public let mean: Double
  /// Half the interval's width.
  public let halfWidth: Double
  /// The confidence level, e.g. 0.95.
  public let level: Double
  /// The number of observations it rests on.
  public let count: Int

  /// The lower end.
  public var lower: Double { mean - halfWidth }
  /// The upper end.
  public var upper: Double { mean + halfWidth }
  /// Whether `value` lies in the interval.
  public func contains(_ value: Double) -> Bool { value >= lower && value <= upper }
  /// `mean ± halfWidth (level, n)`.
  public var description: String { "\(mean) ± \(halfWidth) (\(Int(level * 100))%, n = \(count))" }

  /// The Student-t interval from a sample's mean, standard deviation and size:
  /// `mean ± t_{(1+level)/2, n-1} s / sqrt(n)` (t quantile from GSL's `gsl_cdf_tdist_Pinv`).
  public init(mean: Double, standardDeviation: Double, count: Int, level: Double = 0.95) {
    self.mean = mean
    self.level = level
    self.count = count
    if count < 2 {
      halfWidth = .infinity
    } else {
      let t = gsl_cdf_tdist_Pinv((1 + level) / 2, Double(count - 1))
      halfWidth = t * standardDeviation / Double(count).squareRoot()
    }
  }
}

/// Observations summarised on the fly: count, mean, variance (Welford's algorithm, Knuth TAOCP vol. 2,
/// 4.2.2), minimum and maximum.
public final class Tally: @unchecked Sendable {
  /// The number of observations.
  public private(set) var count = 0
  /// The sample mean.
  public private(set) var mean = 0.0
  private var sumOfSquares = 0.0
  /// The smallest observation.
  public private(set) var minimum = Double.infinity
  /// The largest observation.
  public private(set) var maximum = -Double.infinity

  /// Creates an empty tally.
  public init() {}

  /// Adds an observation.
  public func add(_ x: Double) {
    count += 1
    let delta = x - mean
    mean += delta / Double(count)
    sumOfSquares += delta * (x - mean)
    minimum = min(minimum, x)
    maximum = max(maximum, x)
  }

  /// The sample variance (n - 1 in the denominator); 0 for fewer than two observations.
  public var variance: Double { count > 1 ? sumOfSquares / Double(count - 1) : 0 }
  /// The sample standard deviation.
  public var standardDeviation: Double { variance.squareRoot() }

  /// The t confidence interval for the mean, treating observations as independent.
  public func confidenceInterval(level: Double = 0.95) -> ConfidenceInterval {
    ConfidenceInterval(mean: mean, standardDeviation: standardDeviation, count: count, level: level)
  }

  /// Forgets every observation (warm-up deletion).
  public func reset() {
    count = 0
    mean = 0
    sumOfSquares = 0
    minimum = .infinity
    maximum = -.infinity
  }
}

/// A piecewise-constant quantity over simulated time (queue length, busy servers, tank level) and its
/// time average `(1/T) integral x(t) dt`.
public final class TimeWeighted: @unchecked Sendable {
  private var start: Double
  private var lastTime: Double
  /// The current value.
  public private(set) var current: Double
  private var integral = 0.0
  /// The largest value taken since the start (or the last reset).
  public private(set) var maximum: Double
  /// The smallest value taken since the start (or the last reset).
  public private(set) var minimum: Double

  /// Starts recording `initial` at `time`.
  public init(initial: Double = 0, at time: Double = 0) {
    start = time
    lastTime = time
    current = initial
    maximum = initial
    minimum = initial
  }

  /// Records that the quantity changes to `value` at `time` (not before the previous change).
  public func record(_ value: Double, at time: Double) {
    precondition(time >= lastTime, "time-weighted records must not go back in time (\(time) < \(lastTime))")
    integral += current * (time - lastTime)
    lastTime = time
    current = value
    maximum = max(maximum, value)
    minimum = min(minimum, value)
  }

  /// The time average from the start (or the last reset) to `time`.
  public func mean(at time: Double) -> Double {
    let span = time - start
    guard span > 0 else { return current }
    return (integral + current * (time - lastTime)) / span
  }

  /// The integral of the quantity from the start (or the last reset) to `time`.
  public func area(at time: Double) -> Double { integral + current * (time - lastTime) }

  /// Restarts the average at `time`, keeping the current value (warm-up deletion).
  public func reset(at time: Double) {
    start = time
    lastTime = time
    integral = 0
    maximum = current
    minimum = current
  }
}

/// Counts of observations in equal-width bins over `[lower, upper)`, with under- and overflow.
public struct Histogram: Sendable, Equatable {
  /// The lower edge of the first bin.
  public let lower: Double
  /// The upper edge of the last bin.
  public let upper: Double
  /// Counts per bin.
  public private(set) var counts: [Int]
  /// Observations below `lower`.
  public private(set) var underflow = 0
  /// Observations at or above `upper`.
  public private(set) var overflow = 0

  /// Creates `bins` equal bins over `[lower, upper)`.
  public init(lower: Double, upper: Double, bins: Int) {
    precondition(upper > lower && bins > 0, "a histogram needs upper > lower and at least one bin")
    self.lower = lower
    self.upper = upper
    counts = Array(repeating: 0, count: bins)
  }

  /// Adds an observation.
  public mutating func add(_ x: Double) {
    if x < lower {
      underflow += 1
    } else if x >= upper {
      overflow += 1
    } else {
      let bin = Int((x - lower) / (upper - lower) * Double(counts.count))
      counts[min(bin, counts.count - 1)] += 1
    }
  }

  /// The edges of bin `i`.
  public func binEdges(_ i: Int) -> (Double, Double) {
    let width = (upper - lower) / Double(counts.count)
    return (lower + Double(i) * width, lower + Double(i + 1) * width)
  }
}

/// The method of batch means for one long run of correlated observations (Law, Simulation Modeling and
/// Analysis, 5th ed., section 9.5.3): split into `batches` equal batches, and build a t interval from
/// the batch averages, which are nearly independent when batches are long.
public func batchMeans(_ observations: [Double], batches: Int = 20, level: Double = 0.95) -> ConfidenceInterval {
  precondition(batches >= 2, "batch means needs at least two batches")
  let size = observations.count / batches
  guard size > 0 else {
    return ConfidenceInterval(mean: .nan, standardDeviation: .nan, count: 0, level: level)
  }
  let tally = Tally()
  for b in 0..<batches {
    var sum = 0.0
    for x in observations[(b * size)..<((b + 1) * size)] { sum += x }
    tally.add(sum / Double(size))
  }
  return tally.confidenceInterval(level: level)
}
