public import Optimization

/// Why a dispatch could not be computed.
public enum DispatchError: Error, Equatable, CustomStringConvertible {
  /// The optimiser found no feasible dispatch (e.g. load above every source).
  case infeasible
  /// The solver stopped without an optimum.
  case solverStopped(SolveStatus)

  /// One line.
  public var description: String {
    switch self {
    case .infeasible: "no dispatch can meet the load within the limits"
    case .solverStopped(let status): "the LP solver stopped: \(status.rawValue)"
    }
  }
}

/// The fuel-cell commitment a plan starts from: what a rolling horizon must carry across windows.
public struct FuelCellHistory: Sendable, Equatable {
  /// Systems running in the step before the first.
  public var running: Int
  /// Lower bounds on the systems running in the first steps (started within their minimum up time).
  public var mustRun: [Int]
  /// Systems that must stay off in the first steps (stopped within their minimum down time).
  public var mustStayOff: [Int]
  /// Systems still warming up in the first steps (started within their start-up time).
  public var warming: [Int]

  /// Creates a history (default: all off, nothing pending).
  public init(running: Int = 0, mustRun: [Int] = [], mustStayOff: [Int] = [], warming: [Int] = []) {
    self.running = running
    self.mustRun = mustRun
    self.mustStayOff = mustStayOff
    self.warming = warming
  }
}

extension MicrogridSystem {
  /// The cost-optimal dispatch over the whole horizon as one LP (perfect foresight), solved by Clp, or a
  /// MILP solved by Cbc when the fuel cells need unit commitment (``FuelCellPlant/needsCommitment``):
  /// minimise `sum_t (p_t import_t - q_t export_t + (c_FC + c_OM) fc_t + w discharge_t) h + sum_m d peak_m`
  /// (fuel-cell energy and O&M costs, wear `w`, demand charge `d` on
  /// each billing period's peak import, `peak_m >= import_t`) subject to the bus balance, the
  /// battery energy balance `s_t = s_{t-1} + (eta_c charge_t - discharge_t / eta_d) h` within SOC bounds,
  /// and every unit's power limits (the formulation of PyPSA's linear optimal power flow for one bus).
  ///
  /// - Parameter startingEnergy: battery energy at the start, kWh (default: the battery's initial state
  ///   of charge); the end condition still refers to the initial state of charge.
  /// - Parameter startingAvailableEnergy: with a kinetic battery, the available well at the start, kWh
  ///   (default: its equilibrium share `c` of the starting energy).
  /// - Parameter fuelCellHistory: systems running before the first step and systems that must stay on
  ///   (their minimum up time started earlier); ignored without unit commitment.
  /// - Parameter options: solver limits. A MILP stopped by its time limit with an incumbent returns that
  ///   incumbent (status `timeLimit`, with its gap); such a result depends on the machine's speed, so
  ///   reproducible studies set a relative gap the solver reaches instead.
  /// - Returns: the dispatch and the solver's result (objective, status, bound, gap, time).
  /// - Throws: ``DispatchError``.
  public func optimalDispatch(
    profiles: SiteProfiles, startingEnergy: Double? = nil, startingAvailableEnergy: Double? = nil, startingHydrogen: Double? = nil,
    sessionRemaining: [Double]? = nil, fuelCellHistory: FuelCellHistory = FuelCellHistory(),
    options: SolveOptions = SolveOptions()
  ) throws(DispatchError) -> (Dispatch, Solution) {
    let n = profiles.steps
    let h = stepHours
    var lp = LinearProgram(direction: .minimize)
    let gridImport = (0..<n).map { t in lp.addVariable("import\(t)", upper: grid.importLimit, cost: grid.importPrice[t] * h) }
    let gridExport = (0..<n).map { t in lp.addVariable("export\(t)", upper: grid.exportLimit, cost: -grid.exportPrice[t] * h) }
    let pvUsed = (0..<n).map { t in lp.addVariable("pv\(t)", upper: profiles.pv[t]) }
    // With hydrogen storage the fuel cells' hydrogen is costed where it is bought.
    let fuelCellCost = (hydrogen == nil ? (fuelCells?.energyCost ?? 0) : 0) + (fuelCells?.operatingCost ?? 0)
    let fuelCell = (0..<n).map { t in lp.addVariable("fc\(t)", upper: fuelCells?.capacity ?? 0, cost: fuelCellCost * h) }
    let charge = (0..<n).map { t in lp.addVariable("charge\(t)", upper: battery?.maxCharge ?? 0) }
    let discharge = (0..<n).map { t in lp.addVariable("discharge\(t)", upper: battery?.maxDischarge ?? 0, cost: (battery?.wearCost ?? 0) * h) }
    var committed: [LinearProgram.Variable] = []
    if let plant = fuelCells, plant.needsCommitment {
      // Unit commitment for identical systems (the aggregated formulation): on_t systems running,
      // start_t >= on_t - on_{t-1} (on_{-1} from the history), min-load * rating * on_t <= fc_t <=
      // rating * on_t, systems started within the last U steps still running: sum start <= on_t, and
      // systems stopped within the last D steps still off: stop_t >= on_{t-1} - on_t,
      // on_t + sum stop <= units (Rajan and Takriti's minimum up/down inequalities, aggregated).
      committed = (0..<n).map { t in
        let mustRun = t < fuelCellHistory.mustRun.count ? Double(fuelCellHistory.mustRun[t]) : 0
        let mustStayOff = t < fuelCellHistory.mustStayOff.count ? Double(fuelCellHistory.mustStayOff[t]) : 0
        return lp.addVariable("on\(t)", lower: mustRun, upper: Double(plant.units) - mustStayOff, integer: true)
      }
      let starts = (0..<n).map { t in lp.addVariable("start\(t)", cost: plant.startCost) }
      // Idle hydrogen of each running system: bought directly without storage, drawn from the tank with it.
      if hydrogen == nil, plant.idleHydrogen > 0 {
        for t in 0..<n { lp.setCost(committed[t], plant.hydrogenPrice * plant.idleHydrogen * h) }
      }
      for t in 0..<n {
        var rise: [(LinearProgram.Variable, Double)] = [(starts[t], 1), (committed[t], -1)]
        if t > 0 { rise.append((committed[t - 1], 1)) }
        lp.addConstraint(rise, lower: t > 0 ? 0 : -Double(fuelCellHistory.running))
        // Systems started within the start-up time run without producing: the output limits apply to
        // on_t - sum of recent starts (and those still warming from before the plan).
        let warmingBefore = t < fuelCellHistory.warming.count ? Double(fuelCellHistory.warming[t]) : 0
        let warmingNow: [(LinearProgram.Variable, Double)] =
          plant.startupSteps > 0 ? (max(0, t - plant.startupSteps + 1)...t).map { (starts[$0], 1.0) } : []
        lp.addConstraint(
          [(fuelCell[t], 1), (committed[t], -plant.unitRating)] + warmingNow.map { ($0.0, plant.unitRating) },
          upper: -warmingBefore * plant.unitRating)
        lp.addConstraint(
          [(fuelCell[t], 1), (committed[t], -plant.minimumLoad * plant.unitRating)]
            + warmingNow.map { ($0.0, plant.minimumLoad * plant.unitRating) },
          lower: -warmingBefore * plant.minimumLoad * plant.unitRating)
        if plant.minimumUpSteps > 1 {
          let recent = (max(0, t - plant.minimumUpSteps + 1)...t).map { (starts[$0], 1.0) }
          let pending = t < fuelCellHistory.mustRun.count ? Double(fuelCellHistory.mustRun[t]) : 0
          lp.addConstraint(recent + [(committed[t], -1)], upper: -pending)
        }
      }
      if plant.minimumDownSteps > 1 {
        let stops = (0..<n).map { t in lp.addVariable("stop\(t)") }
        for t in 0..<n {
          var fall: [(LinearProgram.Variable, Double)] = [(stops[t], 1), (committed[t], 1)]
          if t > 0 { fall.append((committed[t - 1], -1)) }
          lp.addConstraint(fall, lower: t > 0 ? 0 : Double(fuelCellHistory.running))
          let recent = (max(0, t - plant.minimumDownSteps + 1)...t).map { (stops[$0], 1.0) }
          let pending = t < fuelCellHistory.mustStayOff.count ? Double(fuelCellHistory.mustStayOff[t]) : 0
          lp.addConstraint(recent + [(committed[t], 1)], upper: Double(plant.units) - pending)
        }
      }
    }
    let electrolysis = hydrogenProgram(&lp, steps: n, fuelCell: fuelCell, committed: committed, startingLevel: startingHydrogen)
    // Vehicle charging: x_{s,t} <= charger power in the session's span; its energy within this horizon
    // lies between what must be in before the horizon ends (the rest fits after it at full power) and
    // what is still to go.
    let charging: [[LinearProgram.Variable?]] = sessions.indices.map { s in
      let session = sessions[s]
      let (first, end) = (max(0, session.arrival), min(n, session.departure))
      guard first < end else { return Array(repeating: nil, count: n) }
      let span = first..<end
      let vars: [LinearProgram.Variable?] = (0..<n).map { t in
        span.contains(t) ? lp.addVariable("ev\(s)_\(t)", upper: session.maxPower) : nil
      }
      let remaining = sessionRemaining?[s] ?? session.energy
      let after = session.maxPower * Double(max(0, session.departure - n)) * h
      lp.addConstraint(span.map { (vars[$0]!, h) }, lower: max(0, remaining - after), upper: remaining)
      return vars
    }
    for t in 0..<n {
      var terms: [(LinearProgram.Variable, Double)] = [
        (pvUsed[t], 1), (fuelCell[t], 1), (gridImport[t], 1), (discharge[t], 1), (charge[t], -1), (gridExport[t], -1),
      ]
      for session in charging { if let x = session[t] { terms.append((x, -1)) } }
      if let e = electrolysis {
        terms.append((e.power[t], -1))
        if let on = e.on { terms.append((on[t], -(hydrogen?.electrolyser?.standbyPower ?? 0))) }
      }
      lp.addEquality(terms, equals: profiles.load[t])
    }
    if let b = battery {
      let soc = (0..<n).map { t in lp.addVariable("soc\(t)", lower: b.minimumSOC * b.capacity, upper: b.maximumSOC * b.capacity) }
      for t in 0..<n {
        // s_t - s_{t-1} - eta_c h charge_t + h / eta_d discharge_t = 0 (s_{-1} is the initial state).
        var terms: [(LinearProgram.Variable, Double)] = [(soc[t], 1), (charge[t], -b.chargeEfficiency * h), (discharge[t], h / b.dischargeEfficiency)]
        if t > 0 { terms.append((soc[t - 1], -1)) }
        lp.addEquality(terms, equals: t == 0 ? startingEnergy ?? b.initialSOC * b.capacity : 0)
      }
      if b.endAtLeastInitial, let last = soc.last { lp.addConstraint([(last, 1)], lower: b.initialSOC * b.capacity) }
      if let kinetic = b.kinetic {
        // The available well q1_t (the bound one is s_t - q1_t) follows KiBaM's step map with the internal
        // power P_t = discharge_t / eta_d - eta_c charge_t, and stays within 0...c capacity.
        let m = kinetic.stepMap(hours: h)
        let c = kinetic.capacityRatio
        let available = (0..<n).map { t in lp.addVariable("q1_\(t)", lower: 0, upper: c * b.capacity) }
        let start = startingEnergy ?? b.initialSOC * b.capacity
        let startAvailable = startingAvailableEnergy ?? c * start
        for t in 0..<n {
          // q1_t = a11 q1 + a12 (s - q1) + b1 P  =>  q1_t - (a11 - a12) q1_{t-1} - a12 s_{t-1} - b1 P_t = 0
          var terms: [(LinearProgram.Variable, Double)] = [
            (available[t], 1), (discharge[t], -m.b1 / b.dischargeEfficiency), (charge[t], m.b1 * b.chargeEfficiency),
          ]
          var constant = 0.0
          if t > 0 {
            terms += [(available[t - 1], -(m.a11 - m.a12)), (soc[t - 1], -m.a12)]
          } else {
            constant = (m.a11 - m.a12) * startAvailable + m.a12 * start
          }
          lp.addEquality(terms, equals: constant)
          // The bound well stays within its share: s_t - q1_t <= (1 - c) capacity.
          lp.addConstraint([(soc[t], 1), (available[t], -1)], upper: (1 - c) * b.capacity)
        }
      }
    }
    if grid.demandCharge > 0 {
      for period in grid.billingPeriods {
        // peak >= import_t for every step of the period; the charge is paid on the peak.
        let peak = lp.addVariable("peak\(period.lowerBound)", upper: grid.importLimit, cost: grid.demandCharge)
        for t in period { lp.addConstraint([(peak, 1), (gridImport[t], -1)], lower: 0) }
      }
    }
    let solution = solve(lp, options: options)
    switch solution.status {
    case .optimal: break
    case .timeLimit where !solution.values.isEmpty: break
    case .infeasible: throw .infeasible
    default: throw .solverStopped(solution.status)
    }
    var dispatch = Dispatch(steps: n, sessions: sessions.count)
    for (s, vars) in charging.enumerated() {
      for t in 0..<n { if let x = vars[t] { dispatch.sessionCharging[s][t] = solution[x] } }
    }
    dispatch.gridImport = gridImport.map { solution[$0] }
    dispatch.gridExport = gridExport.map { solution[$0] }
    dispatch.pvUsed = pvUsed.map { solution[$0] }
    dispatch.fuelCell = fuelCell.map { solution[$0] }
    dispatch.charge = charge.map { solution[$0] }
    dispatch.discharge = discharge.map { solution[$0] }
    dispatch.fuelCellUnits = committed.isEmpty
      ? dispatch.fuelCell.map { fuelCells?.unitsRunning(for: $0) ?? 0 }
      : committed.map { Int(solution[$0].rounded()) }
    if let e = electrolysis {
      let standby = hydrogen?.electrolyser?.standbyPower ?? 0
      for t in 0..<n {
        let on = e.on.map { solution[$0[t]] > 0.5 } ?? (solution[e.power[t]] > 0)
        dispatch.electrolyserOn[t] = on
        dispatch.electrolyser[t] = solution[e.power[t]] + (e.on != nil && on ? standby : 0)
        dispatch.hydrogenPurchased[t] = solution[e.purchase[t]]
      }
    }
    return (dispatch, solution)
  }

  /// The hydrogen part of the program: electrolyser power `e_t` (with commitment `on_t` when it has a
  /// minimum load or standby power), deliveries `b_t` at the purchase price, and the tank level
  /// `m_t = m_{t-1} + e_t h / (kWh/kg) + b_t - (kg/kWh) fc_t h` within its bounds. Nil without storage.
  private func hydrogenProgram(
    _ lp: inout LinearProgram, steps n: Int, fuelCell: [LinearProgram.Variable], committed: [LinearProgram.Variable],
    startingLevel: Double?
  ) -> (power: [LinearProgram.Variable], on: [LinearProgram.Variable]?, purchase: [LinearProgram.Variable])? {
    guard let storage = hydrogen else { return nil }
    let h = stepHours
    let tank = storage.tank
    let electrolyser = storage.electrolyser
    let power = (0..<n).map { t in lp.addVariable("electrolyser\(t)", upper: electrolyser?.rating ?? 0) }
    var on: [LinearProgram.Variable]?
    if let e = electrolyser, e.needsCommitment {
      let committed = (0..<n).map { t in lp.addVariable("electrolyserOn\(t)", upper: 1, integer: true) }
      for t in 0..<n {
        lp.addConstraint([(power[t], 1), (committed[t], -e.rating)], upper: 0)
        lp.addConstraint([(power[t], 1), (committed[t], -e.minimumLoad * e.rating)], lower: 0)
      }
      on = committed
    }
    let purchase = (0..<n).map { t in
      lp.addVariable("h2buy\(t)", upper: storage.purchaseLimit * h, cost: storage.purchasePrice)
    }
    let level = (0..<n).map { t in lp.addVariable("h2level\(t)", lower: tank.minimumLevel, upper: tank.capacity) }
    let perKWh = fuelCells?.hydrogenPerKWh ?? 0
    let yield = 1 / (electrolyser?.energyPerKg ?? 1)
    for t in 0..<n {
      var terms: [(LinearProgram.Variable, Double)] = [
        (level[t], 1), (power[t], -yield * h), (purchase[t], -1), (fuelCell[t], perKWh * h),
      ]
      if t > 0 { terms.append((level[t - 1], -1)) }
      if !committed.isEmpty, let idle = fuelCells?.idleHydrogen, idle > 0 { terms.append((committed[t], idle * h)) }
      lp.addEquality(terms, equals: t == 0 ? startingLevel ?? tank.initialLevel : 0)
    }
    if tank.endAtLeastInitial, let last = level.last { lp.addConstraint([(last, 1)], lower: tank.initialLevel) }
    return (power, on, purchase)
  }
}
