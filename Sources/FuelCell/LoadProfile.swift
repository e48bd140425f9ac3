/// A fuel-cell load over time, sample-and-hold: `values[i]` applies from `times[i]` to `times[i + 1]`.
public struct LoadProfile: Sendable, Equatable {
  /// What the values are.
  public enum Quantity: String, Sendable, Equatable {
    /// Stack power, W.
    case power
    /// Stack current, A.
    case current
    /// Cell potential, V (for catalyst stress protocols).
    case cellPotential
  }

  /// Sample times, s, increasing.
  public var times: [Double]
  /// Values in the quantity's SI unit.
  public var values: [Double]
  /// What the values are.
  public var quantity: Quantity

  /// Creates a profile.
  public init(times: [Double], values: [Double], quantity: Quantity) {
    precondition(times.count == values.count, "times and values must have the same length")
    self.times = times
    self.values = values
    self.quantity = quantity
  }

  /// The profile's length: the last sample time, s.
  public var duration: Double { times.last ?? 0 }

  /// The value held at `time`.
  public func value(at time: Double) -> Double {
    var low = 0
    var high = times.count
    while low + 1 < high {
      let mid = (low + high) / 2
      if times[mid] <= time { low = mid } else { high = mid }
    }
    return values[low]
  }

  /// A constant value for `duration` s.
  public static func constant(_ value: Double, duration: Double, quantity: Quantity = .power) -> LoadProfile {
    LoadProfile(times: [0, duration], values: [value, value], quantity: quantity)
  }

  /// Steps `(duration s, value)` played in order, `repeats` times.
  public static func steps(_ steps: [(duration: Double, value: Double)], repeats: Int = 1, quantity: Quantity = .power)
    -> LoadProfile
  {
    var times: [Double] = []
    var values: [Double] = []
    var t = 0.0
    for _ in 0..<repeats {
      for step in steps {
        times.append(t)
        values.append(step.value)
        t += step.duration
      }
    }
    times.append(t)
    values.append(steps.last?.value ?? 0)
    return LoadProfile(times: times, values: values, quantity: quantity)
  }

  /// The EU harmonised catalyst stress protocol: a non-symmetric square wave of the cell potential,
  /// 0.6 V held 10 s and 0.9 V held 30 s (as described by Kovtunenko, Technologies 11 (2023) 184, after
  /// the EU harmonised test protocols of the JRC).
  public static func euSquareWave(cycles: Int) -> LoadProfile {
    steps([(10, 0.6), (30, 0.9)], repeats: cycles, quantity: .cellPotential)
  }

  /// A city-bus route (assumed shape): at each stop the stack idles for `dwell` s, then accelerates at
  /// `peakPower` for `acceleration` s, then cruises at `cruisePower` until the next stop, `stopSpacing` s
  /// later; `stops` stops.
  public static func cityBus(
    stops: Int, stopSpacing: Double = 120, dwell: Double = 30, acceleration: Double = 15, idlePower: Double = 4_000,
    peakPower: Double = 75_000, cruisePower: Double = 35_000
  ) -> LoadProfile {
    precondition(dwell + acceleration < stopSpacing, "a stop interval must fit its dwell and acceleration")
    return steps(
      [(dwell, idlePower), (acceleration, peakPower), (stopSpacing - dwell - acceleration, cruisePower)],
      repeats: stops, quantity: .power)
  }

  /// The operating-mode summary of a power profile (``summarizeOperatingModes(times:power:ratedPower:thresholds:)``).
  public func operatingModes(ratedPower: Double, thresholds: OperatingModeThresholds = OperatingModeThresholds())
    -> OperatingModeSummary
  {
    precondition(quantity == .power, "operating modes are counted on a power profile")
    return summarizeOperatingModes(times: times, power: values, ratedPower: ratedPower, thresholds: thresholds)
  }
}
