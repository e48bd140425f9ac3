import SimKernel
import Foundation

/// Capacity fade of a battery from its cycling and its age: rainflow-counted cycles of the state of
/// charge (ASTM E1049-85), each costing `1 / N(d)` of the cycle life at depth `d` with the Wöhler-type
/// curve `N(d) = N_100 d^-k` and Miner's rule, plus a linear calendar fade. This is the cycle-counting
/// model of Xu et al. (IEEE Trans. Smart Grid 9 (2018) 1131) reduced to its depth stress; the defaults
/// are assumed round numbers for LFP, not fitted data.
public struct BatteryFade: Sendable, Equatable {
  /// Cycles at 100 % depth of discharge to end of life.
  public var fullDepthCycles: Double
  /// Exponent `k` of the depth stress.
  public var depthExponent: Double
  /// Capacity left at end of life, fraction of the initial.
  public var endOfLifeCapacity: Double
  /// Capacity lost per year from calendar ageing, fraction of the initial per year.
  public var calendarFadePerYear: Double

  /// Creates the model (defaults: 6,000 full cycles, k = 1.5, 80 % at end of life, 1 % a year).
  public init(
    fullDepthCycles: Double = 6_000, depthExponent: Double = 1.5, endOfLifeCapacity: Double = 0.8, calendarFadePerYear: Double = 0.01
  ) {
    precondition(fullDepthCycles > 0 && depthExponent >= 0 && (0..<1).contains(endOfLifeCapacity) && calendarFadePerYear >= 0, "invalid fade model")
    self.fullDepthCycles = fullDepthCycles
    self.depthExponent = depthExponent
    self.endOfLifeCapacity = endOfLifeCapacity
    self.calendarFadePerYear = calendarFadePerYear
  }

  /// The fraction of life a cycle of depth `depth` (fraction of capacity) uses.
  public func lifeUsed(depth: Double) -> Double {
    depth > 0 ? pow(depth, depthExponent) / fullDepthCycles : 0
  }

  /// Capacity lost, as a fraction of the initial capacity, over a state-of-charge trajectory (fractions
  /// of capacity, one per step) lasting `hours`.
  public func capacityLost(stateOfCharge: [Double], hours: Double) -> Double {
    let lifeUsed = rainflowCycles(stateOfCharge).reduce(0) { $0 + $1.count * self.lifeUsed(depth: $1.range) }
    return (1 - endOfLifeCapacity) * lifeUsed + calendarFadePerYear * hours / 8_760
  }
}
