/// Plays a dispatch policy one step at a time, so that a co-simulation can fill the load as other
/// models produce it and change the site between steps (aged fuel cells). ``MicrogridSystem/simulate(_:profiles:)``
/// is this stepper run over the whole horizon; the rules of a step are documented there.
public struct MicrogridSimulator {
  /// The site; changes take effect from the next step.
  public var site: MicrogridSystem
  /// The dispatch so far (steps not yet played are zero).
  public private(set) var dispatch: Dispatch
  /// Battery energy, kWh.
  public private(set) var stored: Double
  /// Energy in a kinetic battery's available well, kWh (else the stored energy).
  private var available: Double
  /// Hydrogen in the tank, kg.
  public private(set) var level: Double
  /// Energy each charging session still needs, kWh.
  private var remaining: [Double]
  private var ruleCharging: [[Double]]?

  /// A simulator at the start of a horizon of `steps` steps, battery and tank at their initial levels.
  public init(site: MicrogridSystem, steps: Int) {
    self.site = site
    dispatch = Dispatch(steps: steps, sessions: site.sessions.count)
    stored = (site.battery?.initialSOC ?? 0) * (site.battery?.capacity ?? 0)
    available = stored * (site.battery?.kinetic?.capacityRatio ?? 1)
    level = site.hydrogen?.tank.initialLevel ?? 0
    remaining = site.sessions.map(\.energy)
    ruleCharging = site.chargingRule == .cheapest ? site.cheapestCharging() : nil
  }

  /// Puts a new session into charging slot `slot` (a co-simulation keeps one slot per vehicle, so that
  /// a long run does not grow one row per visit to a charger): from now on the slot needs
  /// `session.energy` by `session.departure`. Energy the slot delivered before stays in its row.
  public mutating func startSession(_ slot: Int, _ session: ChargingSession) {
    site.sessions[slot] = session
    remaining[slot] = session.energy
    if site.chargingRule == .cheapest { ruleCharging = site.cheapestCharging() }
  }

  /// Ends slot `slot`'s session at step `t` (the vehicle left or is full): it draws nothing more.
  public mutating func endSession(_ slot: Int, at t: Int) {
    site.sessions[slot].departure = max(site.sessions[slot].arrival + 1, min(site.sessions[slot].departure, t))
    remaining[slot] = 0
  }

  /// Plays step `t` (steps must be played in order): the policy's set-points, clipped to every limit,
  /// with `profiles.load[t]` and `profiles.pv[t]` as they stand now.
  public mutating func step(_ t: Int, policy: inout some DispatchPolicy, profiles: SiteProfiles) {
    let h = site.stepHours
    // Vehicles: the asked power (the policy's, else the rule's), at least what the deadline requires,
    // at most the charger and what is left.
    func vehiclePower(_ asked: [Double]?) -> [Double] {
      site.sessions.indices.map { s in
        let session = site.sessions[s]
        guard session.isPresent(at: t) else { return 0 }
        // A session started after the policy planned has no asked power yet: the rule's, or the most.
        let wish = asked.flatMap { s < $0.count ? $0[s] : nil } ?? ruleCharging?[s][t] ?? session.maxPower
        return min(max(wish, session.requiredPower(at: t, remaining: remaining[s], stepHours: h)), session.maxPower, remaining[s] / h)
      }
    }
    let byRule = vehiclePower(nil)
    // Rule-based policies see the vehicles charged by the site's rule as part of the load.
    var state = DispatchState(
      step: t, storedEnergy: stored, load: profiles.load[t] + byRule.reduce(0, +), pv: profiles.pv[t],
      importPrice: site.grid.importPrice[t], previousFuelCellUnits: t > 0 ? dispatch.fuelCellUnits[t - 1] : 0, hydrogenLevel: level,
      sessionRemaining: remaining)
    state.availableEnergy = available
    let wanted = policy.setPoints(for: state, site: site, profiles: profiles)
    let charging = wanted.sessionCharging.map { vehiclePower($0) } ?? byRule
    var vehicles = 0.0
    for s in site.sessions.indices {
      dispatch.sessionCharging[s][t] = charging[s]
      remaining[s] -= charging[s] * h
      vehicles += charging[s]
    }
    var discharge = 0.0, charge = 0.0
    if let b = site.battery {
      // A kinetic site.battery also limits power by its available well.
      let limits = b.kinetic?.powerLimits(available: available, bound: stored - available, capacity: b.capacity, hours: h)
      if wanted.battery > 0 {
        discharge = min(
          wanted.battery, b.maxDischarge, site.deliverableEnergy(from: stored) / h, (limits?.discharge ?? .infinity) * b.dischargeEfficiency)
      } else if wanted.battery < 0 {
        let room = max(0, b.maximumSOC * b.capacity - stored) / (b.chargeEfficiency * h)
        charge = min(-wanted.battery, b.maxCharge, room, (limits?.charge ?? .infinity) / b.chargeEfficiency)
      }
    }
    var wantedFuelCell = wanted.fuelCell
    var electrolyserDraw = 0.0, production = 0.0
    if let storage = site.hydrogen {
      // Fuel cells only as far as the tank and deliveries hold site.hydrogen; the electrolyser only as far
      // as the tank has room (counted before this step's draw, so the level cannot overshoot).
      let perKWh = site.fuelCells?.hydrogenPerKWh ?? 0
      let available = max(0, level - storage.tank.minimumLevel) + storage.purchaseLimit * h
      let idle = (site.fuelCells?.idleHydrogen ?? 0) * Double(site.fuelCells?.unitsRunning(for: wantedFuelCell) ?? 0) * h
      if perKWh > 0 { wantedFuelCell = min(wantedFuelCell, max(0, available - idle) / (perKWh * h)) }
      if let e = storage.electrolyser, wanted.electrolyser > 0 {
        production = min(wanted.electrolyser, e.rating, max(0, storage.tank.capacity - level) * e.energyPerKg / h)
        if production < e.minimumLoad * e.rating { production = 0 }
        if production > 0 { electrolyserDraw = production + e.standbyPower }
      }
    }
    // With a start-up time only warm systems produce; systems started within it keep running.
    var warmingBefore = 0
    if let plant = site.fuelCells, plant.startupSteps > 0 {
      let previous = t > 0 ? dispatch.fuelCellUnits[t - 1] : 0
      warmingBefore = min(
        previous, FuelCellPlant.starts(in: max(0, t - plant.startupSteps + 1)..<t, running: dispatch.fuelCellUnits))
      wantedFuelCell = min(wantedFuelCell, Double(previous - warmingBefore) * plant.unitRating)
    }
    var fuelCell = site.fuelCells?.feasibleOutput(atMost: wantedFuelCell) ?? 0
    var pvUsed = profiles.pv[t]
    let net = profiles.load[t] + vehicles + charge + electrolyserDraw - pvUsed - fuelCell - discharge
    if net > 0 {
      dispatch.gridImport[t] = min(net, site.grid.importLimit)
      dispatch.unmetLoad[t] = net - dispatch.gridImport[t]
    } else {
      var surplus = -net
      dispatch.gridExport[t] = min(surplus, site.grid.exportLimit)
      surplus -= dispatch.gridExport[t]
      let curtailed = min(surplus, pvUsed)
      pvUsed -= curtailed
      surplus -= curtailed
      let fuelCellCut = min(surplus, fuelCell)
      fuelCell -= fuelCellCut
      discharge -= surplus - fuelCellCut
      // Below a running system's minimum load the cut output is not available: take the shortfall
      // from curtailed PV, then the site.grid.
      let feasible = site.fuelCells?.feasibleOutput(atMost: fuelCell) ?? 0
      var shortfall = fuelCell - feasible
      fuelCell = feasible
      let restored = min(shortfall, profiles.pv[t] - pvUsed)
      pvUsed += restored
      shortfall -= restored
      dispatch.gridImport[t] = min(shortfall, site.grid.importLimit)
      dispatch.unmetLoad[t] = shortfall - dispatch.gridImport[t]
    }
    if let b = site.battery {
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
    if let plant = site.fuelCells {
      let needed = plant.unitsRunning(for: fuelCell)
      let asked = min(plant.units, max(needed, wanted.fuelCellUnits ?? 0))
      dispatch.fuelCellUnits[t] = fuelCell >= Double(asked) * plant.minimumLoad * plant.unitRating - 1e-9 ? asked : needed
      if plant.startupSteps > 0 {
        // Producing systems, those still warming, and new starts for what the policy wanted beyond them.
        let wantedUnits = max(plant.unitsRunning(for: min(wanted.fuelCell, plant.capacity)), wanted.fuelCellUnits ?? 0)
        dispatch.fuelCellUnits[t] = min(plant.units, max(needed + warmingBefore, wantedUnits))
      }
    }
    if let storage = site.hydrogen {
      // After the commitment is known: running systems burn their idle site.hydrogen too.
      let used = site.fuelCells?.hydrogenUse(output: fuelCell, running: dispatch.fuelCellUnits[t], hours: h) ?? 0
      let purchased = max(0, used - max(0, level - storage.tank.minimumLevel))
      let produced: Double = production * h / (storage.electrolyser?.energyPerKg ?? 1)
      level += produced - used + purchased
      dispatch.hydrogenPurchased[t] = purchased
      dispatch.electrolyser[t] = electrolyserDraw
      dispatch.electrolyserOn[t] = electrolyserDraw > 0
    }
    dispatch.pvUsed[t] = pvUsed
  }
}
