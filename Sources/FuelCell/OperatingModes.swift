import SimKernel

/// How much of a fuel-cell load profile falls into each operating mode that ages stacks (the categories
/// of Pei, Chang and Tang, Int. J. Hydrogen Energy 33 (2008) 3829: load changes, start-stops, idling,
/// high power).
public struct OperatingModeSummary: Sendable, Equatable {
  /// Profile length, s.
  public var duration: Double = 0
  /// Switches from off to on.
  public var startStops = 0
  /// Time running below the idle threshold, s.
  public var idleTime: Double = 0
  /// Time above the high-power threshold, s.
  public var highPowerTime: Double = 0
  /// Load-change cycles as equivalent full cycles (rated power to zero and back): the rainflow cycles
  /// of the power signal while running, each weighted by its range over rated power.
  public var loadChangeCycles: Double = 0

  /// An empty summary.
  public init() {}
}

/// Where the operating modes begin.
public struct OperatingModeThresholds: Sendable, Equatable {
  /// Power at or below which the stack counts as off, W.
  public var offPower: Double
  /// Running below this fraction of rated power is idling (Pei et al.: 10%).
  public var idleFraction: Double
  /// Running above this fraction of rated power is high power (Pei et al.: 90%).
  public var highPowerFraction: Double

  /// Creates thresholds (defaults after Pei et al. 2008).
  public init(offPower: Double = 0, idleFraction: Double = 0.10, highPowerFraction: Double = 0.90) {
    self.offPower = offPower
    self.idleFraction = idleFraction
    self.highPowerFraction = highPowerFraction
  }
}

/// Summarises a load profile sample by sample, holding each sample's power until the next sample
/// (zero-order hold), in constant memory.
public struct OperatingModeCounter {
  /// Rated power, W.
  public let ratedPower: Double
  /// The thresholds.
  public let thresholds: OperatingModeThresholds
  private var previous: (time: Double, power: Double)?
  private var summary = OperatingModeSummary()
  private var rainflow: RainflowCounter
  private let cycles: CycleSum
  private var running = false

  private final class CycleSum: @unchecked Sendable { var total = 0.0 }

  /// Creates a counter for a stack of `ratedPower` (W).
  public init(ratedPower: Double, thresholds: OperatingModeThresholds = OperatingModeThresholds()) {
    precondition(ratedPower > 0, "rated power must be positive")
    self.ratedPower = ratedPower
    self.thresholds = thresholds
    let cycles = CycleSum()
    self.cycles = cycles
    rainflow = RainflowCounter { cycle in cycles.total += cycle.count * cycle.range / ratedPower }
  }

  /// Adds the sample `power` (W) at `time` (s); times must increase.
  public mutating func add(time: Double, power: Double) {
    if let (t0, p0) = previous {
      precondition(time >= t0, "load profile times must not decrease")
      let dt = time - t0
      summary.duration += dt
      if p0 > thresholds.offPower {
        if p0 < thresholds.idleFraction * ratedPower { summary.idleTime += dt }
        if p0 > thresholds.highPowerFraction * ratedPower { summary.highPowerTime += dt }
      }
    }
    let on = power > thresholds.offPower
    if on, !running { summary.startStops += 1 }
    if on {
      rainflow.add(power)
    } else if running {
      rainflow.finish()  // cycles while running; the shut-down itself is a start-stop, not a load change
    }
    running = on
    previous = (time, power)
  }

  /// The summary so far (residual load changes counted as half cycles).
  public mutating func finish() -> OperatingModeSummary {
    rainflow.finish()
    var result = summary
    result.loadChangeCycles = cycles.total
    return result
  }
}

/// Summarises a whole load profile (`times` in s, `power` in W).
public func summarizeOperatingModes(
  times: [Double], power: [Double], ratedPower: Double, thresholds: OperatingModeThresholds = OperatingModeThresholds()
) -> OperatingModeSummary {
  precondition(times.count == power.count, "times and power must have the same length")
  var counter = OperatingModeCounter(ratedPower: ratedPower, thresholds: thresholds)
  for (t, p) in zip(times, power) { counter.add(time: t, power: p) }
  return counter.finish()
}

/// The empirical operating-mode degradation model of Pei, Chang and Tang (Int. J. Hydrogen Energy 33
/// (2008) 3829): the relative voltage loss is `k_p (L_c n_c + L_s n_s + L_i t_i + L_h t_h)` for
/// load-change cycles, start-stop cycles, idle time and high-power time.
///
/// The rates are inputs here: the published values (and the accelerating coefficient `k_p`) are to be
/// checked against the paper's tables before they become defaults.
public struct OperatingModeDegradation: Sendable, Equatable {
  /// Relative voltage loss per equivalent full load-change cycle.
  public var perLoadChangeCycle: Double
  /// Relative voltage loss per start-stop cycle.
  public var perStartStop: Double
  /// Relative voltage loss per second of idling.
  public var perIdleSecond: Double
  /// Relative voltage loss per second at high power.
  public var perHighPowerSecond: Double
  /// Accelerating coefficient for field conditions (>= 1).
  public var acceleration: Double

  /// Creates the model from its rates (relative loss, e.g. 5.93e-7 for 5.93e-5 %).
  public init(
    perLoadChangeCycle: Double, perStartStop: Double, perIdleSecond: Double, perHighPowerSecond: Double,
    acceleration: Double = 1
  ) {
    self.perLoadChangeCycle = perLoadChangeCycle
    self.perStartStop = perStartStop
    self.perIdleSecond = perIdleSecond
    self.perHighPowerSecond = perHighPowerSecond
    self.acceleration = acceleration
  }

  /// The relative voltage loss a profile causes.
  public func voltageLoss(_ s: OperatingModeSummary) -> Double {
    acceleration
      * (perLoadChangeCycle * s.loadChangeCycles + perStartStop * Double(s.startStops) + perIdleSecond * s.idleTime
        + perHighPowerSecond * s.highPowerTime)
  }

  /// Running time until the relative loss reaches `endOfLife` (default 10%), repeating the profile, s.
  public func lifetime(_ s: OperatingModeSummary, endOfLife: Double = 0.10) -> Double {
    let loss = voltageLoss(s)
    return loss > 0 ? endOfLife / loss * s.duration : .infinity
  }
}
