/// One vehicle's charging session (an EV or an AGV): plugged in for a span of steps, it needs a given
/// energy by the time it leaves, at up to its charger's power. A flexible load: when within the span it
/// charges is the dispatcher's choice.
public struct ChargingSession: Sendable, Equatable {
  /// First step the vehicle is plugged in.
  public var arrival: Int
  /// The step it leaves at (exclusive): the energy must be in by the start of this step.
  public var departure: Int
  /// Energy it needs from the bus, kWh.
  public var energy: Double
  /// Charger power limit, kW.
  public var maxPower: Double

  /// Creates a session.
  ///
  /// - Precondition: `arrival < departure`, non-negative energy and power.
  public init(arrival: Int, departure: Int, energy: Double, maxPower: Double) {
    precondition(arrival < departure && energy >= 0 && maxPower >= 0, "invalid charging session")
    self.arrival = arrival
    self.departure = departure
    self.energy = energy
    self.maxPower = maxPower
  }

  /// Whether the charger can deliver the energy in the time plugged in, for steps of `stepHours` h.
  public func isFeasible(stepHours: Double) -> Bool {
    energy <= maxPower * Double(departure - arrival) * stepHours * (1 + 1e-12)
  }

  /// Whether the vehicle is plugged in during step `t`.
  public func isPresent(at t: Int) -> Bool { (arrival..<departure).contains(t) }

  /// The least power it must draw in step `t` to still finish with `remaining` kWh to go, kW.
  public func requiredPower(at t: Int, remaining: Double, stepHours: Double) -> Double {
    guard isPresent(at: t) else { return 0 }
    let later = maxPower * Double(departure - t - 1) * stepHours
    return min(maxPower, max(0, remaining - later) / stepHours)
  }
}

/// How the rule-based policies charge vehicles (the optimiser and MPC choose for themselves).
public enum ChargingRule: String, Sendable, Equatable, CaseIterable {
  /// At full power from arrival until done (uncontrolled charging).
  case immediate
  /// In the session's cheapest steps by import price, known ahead (the tariff is), earliest first on
  /// ties; what the deadline forces comes first.
  case cheapest
}
