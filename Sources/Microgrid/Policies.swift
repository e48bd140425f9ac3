/// What a dispatch policy sees at the start of a step.
public struct DispatchState: Sendable {
  /// Step index.
  public var step: Int
  /// Battery energy, kWh (0 without a battery).
  public var storedEnergy: Double
  /// With a kinetic battery, the energy in its available well, kWh (else the stored energy).
  public var availableEnergy: Double = 0
  /// This step's load, kW, with the vehicles charged by the site's ``ChargingRule``.
  public var load: Double
  /// This step's available PV power, kW.
  public var pv: Double
  /// This step's import price, CNY/kWh.
  public var importPrice: Double
  /// Fuel-cell systems running in the previous step (0 before the first).
  public var previousFuelCellUnits: Int
  /// Hydrogen in the tank, kg (0 without hydrogen storage).
  public var hydrogenLevel: Double = 0
  /// Energy each charging session still needs, kWh.
  public var sessionRemaining: [Double] = []
}

/// A policy's decisions for one step, kW. The grid covers whatever remains (import up to its limit,
/// export up to its limit, PV curtailed beyond that), so the bus balances by construction.
public struct SetPoints: Sendable, Equatable {
  /// Battery power: positive discharges to the bus, negative charges from it.
  public var battery: Double
  /// Fuel-cell output.
  public var fuelCell: Double
  /// Fuel-cell systems to keep running (nil: the fewest that deliver `fuelCell`). More systems than the
  /// output needs stay on only where the output still meets their minimum load.
  public var fuelCellUnits: Int?
  /// Electrolyser power for production (its standby power comes on top while it runs).
  public var electrolyser: Double
  /// Charging power per session (nil: the site's ``ChargingRule``). The simulator raises each to what
  /// the session's deadline requires and caps it at its charger and remaining energy.
  public var sessionCharging: [Double]?

  /// Creates set-points.
  public init(
    battery: Double = 0, fuelCell: Double = 0, fuelCellUnits: Int? = nil, electrolyser: Double = 0, sessionCharging: [Double]? = nil
  ) {
    self.battery = battery
    self.fuelCell = fuelCell
    self.fuelCellUnits = fuelCellUnits
    self.electrolyser = electrolyser
    self.sessionCharging = sessionCharging
  }
}

/// A rule that chooses set-points step by step, without the optimiser's look-ahead (unless it reads
/// ahead in `profiles` itself). Write one to test your own controller: ``MicrogridSystem/simulate(_:profiles:)``
/// clips the set-points to every physical limit before applying them.
public protocol DispatchPolicy {
  /// The set-points for `state.step`; `profiles` is the forecast the policy may look ahead in.
  mutating func setPoints(for state: DispatchState, site: MicrogridSystem, profiles: SiteProfiles) -> SetPoints
}

/// Load following as HOMER defines it (HOMER Pro manual, "Load Following Strategy"): PV first, a surplus
/// charges the battery and what the battery cannot take runs the electrolyser; a deficit is met by the
/// battery, then by fuel cells only where they are cheaper than the grid, each source just covering what
/// remains (never charging the battery from fuel cells).
public struct LoadFollowing: DispatchPolicy, Sendable {
  /// Creates the policy.
  public init() {}

  /// See ``DispatchPolicy``.
  public func setPoints(for state: DispatchState, site: MicrogridSystem, profiles: SiteProfiles) -> SetPoints {
    let net = state.load - state.pv
    if net <= 0 {
      let charge = min(-net, site.chargeablePower(from: state.storedEnergy))
      return SetPoints(battery: net, electrolyser: -net - charge)
    }
    let fromBattery = min(net, site.battery?.maxDischarge ?? 0, site.deliverableEnergy(from: state.storedEnergy) / site.stepHours)
    let remaining = net - fromBattery
    let fuelCellFirst = (site.fuelCells?.marginalCost ?? .infinity) < state.importPrice
    return SetPoints(battery: fromBattery, fuelCell: fuelCellFirst ? remaining : 0)
  }
}

/// Cycle charging as HOMER defines it (HOMER Pro manual, "Cycle Charging Strategy"): whenever fuel cells
/// run (here: whenever they are cheaper than the grid and PV leaves a deficit) they run at full output,
/// the battery absorbs what the load does not take until it reaches `setPointSOC`, and covers what full
/// output cannot. While fuel cells are off the battery follows the load.
public struct CycleCharging: DispatchPolicy, Sendable {
  /// State of charge up to which fuel-cell surplus charges the battery, fraction of capacity.
  public var setPointSOC: Double

  /// Creates the policy.
  public init(setPointSOC: Double = 0.8) { self.setPointSOC = setPointSOC }

  /// See ``DispatchPolicy``.
  public func setPoints(for state: DispatchState, site: MicrogridSystem, profiles: SiteProfiles) -> SetPoints {
    let net = state.load - state.pv
    if net <= 0 { return SetPoints(battery: net) }
    guard let plant = site.fuelCells, plant.marginalCost < state.importPrice else {
      return LoadFollowing().setPoints(for: state, site: site, profiles: profiles)
    }
    if net >= plant.capacity { return SetPoints(battery: net - plant.capacity, fuelCell: plant.capacity) }
    guard let battery = site.battery, state.storedEnergy < setPointSOC * battery.capacity else {
      return SetPoints(fuelCell: net)
    }
    let room = (setPointSOC * battery.capacity - state.storedEnergy) / (battery.chargeEfficiency * site.stepHours)
    let charge = min(plant.capacity - net, battery.maxCharge, room)
    return SetPoints(battery: -charge, fuelCell: net + charge)
  }
}

/// Time-of-use arbitrage and peak shaving: charge from the grid at full power while the import price is
/// at most `valleyPrice`; cover the net load from the battery while it is at least `peakPrice`; run fuel
/// cells whenever they are cheaper than the grid; otherwise store PV surplus and leave the battery idle.
public struct TimeOfUseShaving: DispatchPolicy, Sendable {
  /// Import price at or below which the battery charges from the grid, CNY/kWh.
  public var valleyPrice: Double
  /// Import price at or above which the battery discharges, CNY/kWh.
  public var peakPrice: Double

  /// Creates the policy.
  public init(valleyPrice: Double, peakPrice: Double) {
    self.valleyPrice = valleyPrice
    self.peakPrice = peakPrice
  }

  /// See ``DispatchPolicy``.
  public func setPoints(for state: DispatchState, site: MicrogridSystem, profiles: SiteProfiles) -> SetPoints {
    let net = state.load - state.pv
    let fuelCellCheaper = (site.fuelCells?.marginalCost ?? .infinity) < state.importPrice
    let fuelCell = fuelCellCheaper ? min(max(0, net), site.fuelCells?.capacity ?? 0) : 0
    if state.importPrice <= valleyPrice { return SetPoints(battery: -.infinity, fuelCell: fuelCell) }
    if net <= 0 { return SetPoints(battery: net) }
    if state.importPrice >= peakPrice { return SetPoints(battery: net - fuelCell, fuelCell: fuelCell) }
    return SetPoints(fuelCell: fuelCell)
  }
}

extension MicrogridSystem {
  /// The ``ChargingRule/cheapest`` plan: each session fills its cheapest steps by import price (earliest
  /// first on ties) at full charger power, kW per session and step.
  func cheapestCharging() -> [[Double]] {
    let steps = grid.importPrice.count
    return sessions.map { session in
      var plan = Array(repeating: 0.0, count: steps)
      var left = session.energy
      let span = max(0, session.arrival)..<max(max(0, session.arrival), min(steps, session.departure))
      for t in span.sorted(by: { (grid.importPrice[$0], $0) < (grid.importPrice[$1], $1) }) where left > 0 {
        plan[t] = min(session.maxPower, left / stepHours)
        left -= plan[t] * stepHours
      }
      return plan
    }
  }

  /// Power the battery can take this step from `storedEnergy`, kW.
  public func chargeablePower(from storedEnergy: Double) -> Double {
    guard let b = battery else { return 0 }
    return min(b.maxCharge, max(0, b.maximumSOC * b.capacity - storedEnergy) / (b.chargeEfficiency * stepHours))
  }

  /// Energy the battery can deliver to the bus from `storedEnergy` before reaching its minimum, kWh.
  public func deliverableEnergy(from storedEnergy: Double) -> Double {
    guard let b = battery else { return 0 }
    return max(0, storedEnergy - b.minimumSOC * b.capacity) * b.dischargeEfficiency
  }

  /// Runs `policy` over the horizon. Each step its set-points are clipped to the battery's power and
  /// energy limits and the fuel cells' capacity; the grid then imports the deficit up to its limit (the
  /// rest is unmet load) or takes the surplus up to its export limit, beyond which PV is curtailed,
  /// then fuel-cell output and battery discharge are reduced. Fuel-cell output is held to what whole
  /// running systems can deliver above their minimum load. The bus therefore balances exactly. Minimum
  /// up times are the policy's to keep (``ModelPredictive`` does); ``evaluate(_:profiles:tolerance:)`` flags breaches.
  public func simulate(_ policy: inout some DispatchPolicy, profiles: SiteProfiles) -> Dispatch {
    var simulator = MicrogridSimulator(site: self, steps: profiles.steps)
    for t in 0..<profiles.steps { simulator.step(t, policy: &policy, profiles: profiles) }
    return simulator.dispatch
  }
}
