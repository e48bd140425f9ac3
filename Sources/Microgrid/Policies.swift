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
    let h = stepHours
    var dispatch = Dispatch(steps: profiles.steps, sessions: sessions.count)
    var stored = (battery?.initialSOC ?? 0) * (battery?.capacity ?? 0)
    var available = stored * (battery?.kinetic?.capacityRatio ?? 1)
    var level = hydrogen?.tank.initialLevel ?? 0
    var remaining = sessions.map(\.energy)
    let ruleCharging = chargingRule == .cheapest ? cheapestCharging() : nil
    for t in 0..<profiles.steps {
      // Vehicles: the asked power (the policy's, else the rule's), at least what the deadline requires,
      // at most the charger and what is left.
      func vehiclePower(_ asked: [Double]?) -> [Double] {
        sessions.indices.map { s in
          let session = sessions[s]
          guard session.isPresent(at: t) else { return 0 }
          let wish = asked?[s] ?? ruleCharging?[s][t] ?? session.maxPower
          return min(max(wish, session.requiredPower(at: t, remaining: remaining[s], stepHours: h)), session.maxPower, remaining[s] / h)
        }
      }
      let byRule = vehiclePower(nil)
      // Rule-based policies see the vehicles charged by the site's rule as part of the load.
      var state = DispatchState(
        step: t, storedEnergy: stored, load: profiles.load[t] + byRule.reduce(0, +), pv: profiles.pv[t],
        importPrice: grid.importPrice[t], previousFuelCellUnits: t > 0 ? dispatch.fuelCellUnits[t - 1] : 0, hydrogenLevel: level,
        sessionRemaining: remaining)
      state.availableEnergy = available
      let wanted = policy.setPoints(for: state, site: self, profiles: profiles)
      let charging = wanted.sessionCharging.map { vehiclePower($0) } ?? byRule
      var vehicles = 0.0
      for s in sessions.indices {
        dispatch.sessionCharging[s][t] = charging[s]
        remaining[s] -= charging[s] * h
        vehicles += charging[s]
      }
      var discharge = 0.0, charge = 0.0
      if let b = battery {
        // A kinetic battery also limits power by its available well.
        let limits = b.kinetic?.powerLimits(available: available, bound: stored - available, capacity: b.capacity, hours: h)
        if wanted.battery > 0 {
          discharge = min(
            wanted.battery, b.maxDischarge, deliverableEnergy(from: stored) / h, (limits?.discharge ?? .infinity) * b.dischargeEfficiency)
        } else if wanted.battery < 0 {
          let room = max(0, b.maximumSOC * b.capacity - stored) / (b.chargeEfficiency * h)
          charge = min(-wanted.battery, b.maxCharge, room, (limits?.charge ?? .infinity) / b.chargeEfficiency)
        }
      }
      var wantedFuelCell = wanted.fuelCell
      var electrolyserDraw = 0.0, production = 0.0
      if let storage = hydrogen {
        // Fuel cells only as far as the tank and deliveries hold hydrogen; the electrolyser only as far
        // as the tank has room (counted before this step's draw, so the level cannot overshoot).
        let perKWh = fuelCells?.hydrogenPerKWh ?? 0
        let available = max(0, level - storage.tank.minimumLevel) + storage.purchaseLimit * h
        let idle = (fuelCells?.idleHydrogen ?? 0) * Double(fuelCells?.unitsRunning(for: wantedFuelCell) ?? 0) * h
        if perKWh > 0 { wantedFuelCell = min(wantedFuelCell, max(0, available - idle) / (perKWh * h)) }
        if let e = storage.electrolyser, wanted.electrolyser > 0 {
          production = min(wanted.electrolyser, e.rating, max(0, storage.tank.capacity - level) * e.energyPerKg / h)
          if production < e.minimumLoad * e.rating { production = 0 }
          if production > 0 { electrolyserDraw = production + e.standbyPower }
        }
      }
      // With a start-up time only warm systems produce; systems started within it keep running.
      var warmingBefore = 0
      if let plant = fuelCells, plant.startupSteps > 0 {
        let previous = t > 0 ? dispatch.fuelCellUnits[t - 1] : 0
        warmingBefore = min(
          previous, FuelCellPlant.starts(in: max(0, t - plant.startupSteps + 1)..<t, running: dispatch.fuelCellUnits))
        wantedFuelCell = min(wantedFuelCell, Double(previous - warmingBefore) * plant.unitRating)
      }
      var fuelCell = fuelCells?.feasibleOutput(atMost: wantedFuelCell) ?? 0
      var pvUsed = profiles.pv[t]
      let net = profiles.load[t] + vehicles + charge + electrolyserDraw - pvUsed - fuelCell - discharge
      if net > 0 {
        dispatch.gridImport[t] = min(net, grid.importLimit)
        dispatch.unmetLoad[t] = net - dispatch.gridImport[t]
      } else {
        var surplus = -net
        dispatch.gridExport[t] = min(surplus, grid.exportLimit)
        surplus -= dispatch.gridExport[t]
        let curtailed = min(surplus, pvUsed)
        pvUsed -= curtailed
        surplus -= curtailed
        let fuelCellCut = min(surplus, fuelCell)
        fuelCell -= fuelCellCut
        discharge -= surplus - fuelCellCut
        // Below a running system's minimum load the cut output is not available: take the shortfall
        // from curtailed PV, then the grid.
        let feasible = fuelCells?.feasibleOutput(atMost: fuelCell) ?? 0
        var shortfall = fuelCell - feasible
        fuelCell = feasible
        let restored = min(shortfall, profiles.pv[t] - pvUsed)
        pvUsed += restored
        shortfall -= restored
        dispatch.gridImport[t] = min(shortfall, grid.importLimit)
        dispatch.unmetLoad[t] = shortfall - dispatch.gridImport[t]
      }
      if let b = battery {
        let power = discharge / b.dischargeEfficiency - b.chargeEfficiency * charge
        if let kinetic = b.kinetic {
          available = kinetic.step(available: available, bound: stored - available, power: power, hours: h).available
        }
        stored -= power * h
        if b.kinetic == nil { available = stored }
      }
      dispatch.charge[t] = charge
      dispatch.discharge[t] = discharge
      dispatch.fuelCell[t] = fuelCell
      if let plant = fuelCells {
        let needed = plant.unitsRunning(for: fuelCell)
        let asked = min(plant.units, max(needed, wanted.fuelCellUnits ?? 0))
        dispatch.fuelCellUnits[t] = fuelCell >= Double(asked) * plant.minimumLoad * plant.unitRating - 1e-9 ? asked : needed
        if plant.startupSteps > 0 {
          // Producing systems, those still warming, and new starts for what the policy wanted beyond them.
          let wantedUnits = max(plant.unitsRunning(for: min(wanted.fuelCell, plant.capacity)), wanted.fuelCellUnits ?? 0)
          dispatch.fuelCellUnits[t] = min(plant.units, max(needed + warmingBefore, wantedUnits))
        }
      }
      if let storage = hydrogen {
        // After the commitment is known: running systems burn their idle hydrogen too.
        let used = fuelCells?.hydrogenUse(output: fuelCell, running: dispatch.fuelCellUnits[t], hours: h) ?? 0
        let purchased = max(0, used - max(0, level - storage.tank.minimumLevel))
        let produced: Double = production * h / (storage.electrolyser?.energyPerKg ?? 1)
        level += produced - used + purchased
        dispatch.hydrogenPurchased[t] = purchased
        dispatch.electrolyser[t] = electrolyserDraw
        dispatch.electrolyserOn[t] = electrolyserDraw > 0
      }
      dispatch.pvUsed[t] = pvUsed
    }
    return dispatch
  }
}
