import Foundation

/// The kinetic battery model (KiBaM) of Manwell and McGowan (Solar Energy 50 (1993) 399), as HOMER uses
/// it: the stored energy sits in an available well (fraction `c` of the capacity) that the terminals draw
/// from and a bound well that feeds it at rate `k (h2 - h1)`. A battery low in its available well cannot
/// deliver its rated power, however much it holds in all.
///
/// Over a step of `dt` hours at constant internal power `P` (kW, positive out of the battery) the wells
/// move by the model's closed-form solution, linear in `(q1, q2, P)`, so the optimiser can carry it:
/// `q1' = q1 e + (q k c - P)(1 - e)/k - P c (k dt - 1 + e)/k`,
/// `q2' = q2 e + q (1 - c)(1 - e) - P (1 - c)(k dt - 1 + e)/k`, with `e = exp(-k dt)`, `q = q1 + q2`.
public struct KineticBattery: Sendable, Equatable {
  /// Capacity ratio `c`: the available well's share of the capacity (0 < c < 1).
  public var capacityRatio: Double
  /// Rate constant `k`, 1/h.
  public var rateConstant: Double

  /// Creates the model.
  public init(capacityRatio: Double, rateConstant: Double) {
    precondition(capacityRatio > 0 && capacityRatio < 1 && rateConstant > 0, "need 0 < c < 1 and k > 0")
    self.capacityRatio = capacityRatio
    self.rateConstant = rateConstant
  }

  /// The coefficients of the step map for `dt` hours:
  /// `q1' = a11 q1 + a12 q2 + b1 P`, `q2' = a21 q1 + a22 q2 + b2 P`.
  public func stepMap(hours dt: Double) -> (a11: Double, a12: Double, b1: Double, a21: Double, a22: Double, b2: Double) {
    let (c, k) = (capacityRatio, rateConstant)
    let e = exp(-k * dt)
    let ramp = (k * dt - 1 + e) / k
    return (
      a11: e + c * (1 - e), a12: c * (1 - e), b1: -(1 - e) / k - c * ramp,
      a21: (1 - c) * (1 - e), a22: e + (1 - c) * (1 - e), b2: -(1 - c) * ramp
    )
  }

  /// The wells after `dt` hours at internal power `power` (kW out of the battery).
  public func step(available q1: Double, bound q2: Double, power: Double, hours dt: Double) -> (available: Double, bound: Double) {
    let m = stepMap(hours: dt)
    return (m.a11 * q1 + m.a12 * q2 + m.b1 * power, m.a21 * q1 + m.a22 * q2 + m.b2 * power)
  }

  /// The largest internal discharge power that keeps the available well at or above zero over `dt`
  /// hours, and the largest charge power that keeps it at or below `c` times `capacity` (HOMER's
  /// maximum-power expressions), kW.
  public func powerLimits(available q1: Double, bound q2: Double, capacity: Double, hours dt: Double) -> (discharge: Double, charge: Double) {
    let m = stepMap(hours: dt)
    let drift = m.a11 * q1 + m.a12 * q2
    return (max(0, drift / -m.b1), max(0, (capacityRatio * capacity - drift) / -m.b1))
  }
}
