/// The result of replaying a dispatch: states, costs, energy totals and any violated limits.
public struct DispatchEvaluation: Sendable {
  /// Battery state of charge after each step, kWh.
  public var stateOfCharge: [Double]
  /// Cost of grid imports minus export revenue, CNY.
  public var energyCost: Double
  /// Demand charges on each billing period's peak import, CNY.
  public var demandCost: Double
  /// Battery wear: the wear cost on the energy discharged, CNY.
  public var wearCost: Double
  /// Fuel-cell system starts (a rise in the running count by k is k starts; all off before the horizon).
  public var fuelCellStarts: Int
  /// Fuel-cell system running hours, summed over systems, h.
  public var fuelCellHours: Double
  /// Start costs, CNY.
  public var startCost: Double
  /// Energy discharged from the battery to the bus, kWh.
  public var batteryThroughput: Double
  /// Cost of hydrogen: bought for the tank with hydrogen storage, else the fuel cells' energy cost, CNY.
  public var hydrogenCost: Double
  /// Hydrogen the fuel cells used, kg.
  public var hydrogen: Double
  /// Hydrogen delivered into the tank, kg.
  public var hydrogenPurchased = 0.0
  /// Hydrogen the electrolyser produced, kg.
  public var hydrogenProduced = 0.0
  /// Electricity the electrolyser drew, standby included, kWh.
  public var electrolyserEnergy = 0.0
  /// Hydrogen in the tank after each step, kg (empty without hydrogen storage).
  public var hydrogenLevel: [Double] = []
  /// Battery capacity lost over the run, fraction of its capacity (0 without a fade model).
  public var batteryCapacityLost = 0.0
  /// Fuel-cell operation and maintenance, CNY.
  public var operatingCost = 0.0
  /// PV energy used, kWh.
  public var pvEnergy = 0.0
  /// Fuel-cell energy delivered, kWh.
  public var fuelCellEnergy = 0.0
  /// Energy charged into vehicles, kWh.
  public var vehicleEnergy = 0.0
  /// Energy sessions still lacked at their departure (or could no longer get before it), kWh.
  public var vehicleShortfall = 0.0
  /// Grid CO2, kg.
  public var carbon: Double
  /// Energy imported, kWh.
  public var imported: Double
  /// Energy exported, kWh.
  public var exported: Double
  /// Load energy, kWh.
  public var loadEnergy: Double
  /// Load energy no source served, kWh.
  public var unmetEnergy: Double
  /// Highest grid import, kW.
  public var peakImport: Double
  /// Largest energy-balance residual over the steps, relative to that step's load plus generation.
  public var worstBalanceResidual: Double
  /// Limits the dispatch broke, one line each (empty for a feasible dispatch).
  public var violations: [String]

  /// Total cost, CNY.
  public var totalCost: Double { energyCost + demandCost + hydrogenCost + operatingCost + wearCost + startCost }
  /// Renewable fraction as HOMER defines it, one minus the non-renewable share of the energy delivered
  /// to the bus: PV over PV + fuel cells + grid imports (fuel cells and the grid count as non-renewable,
  /// whatever made their hydrogen or power); 0 when nothing was delivered.
  public var renewableFraction: Double {
    let delivered = pvEnergy + fuelCellEnergy + imported
    return delivered > 0 ? pvEnergy / delivered : 0
  }
  /// Equivalent full cycles: energy discharged over the usable capacity (nil without a battery).
  public func equivalentFullCycles(of battery: Battery?) -> Double? {
    guard let b = battery, b.capacity > 0 else { return nil }
    return batteryThroughput / ((b.maximumSOC - b.minimumSOC) * b.capacity * b.dischargeEfficiency)
  }
  /// Self-sufficiency: the share of the load not met by grid imports (0 when there is no load).
  public var selfSufficiency: Double { loadEnergy > 0 ? 1 - imported / loadEnergy : 0 }
}

extension MicrogridSystem {
  /// Replays `dispatch` step by step: integrates the battery's energy balance and the tank's hydrogen
  /// balance, checks every limit and the bus balance
  /// `pv + fuel cell + import + discharge + unmet = load + vehicles + charge + electrolyser + export`,
  /// checks every charging session's power and energy, and adds up costs.
  public func evaluate(_ dispatch: Dispatch, profiles: SiteProfiles, tolerance: Double = 1e-6) -> DispatchEvaluation {
    let h = stepHours
    var soc = (battery?.initialSOC ?? 0) * (battery?.capacity ?? 0)
    var available = soc * (battery?.kinetic?.capacityRatio ?? 1)
    var level = hydrogen?.tank.initialLevel ?? 0
    var result = DispatchEvaluation(
      stateOfCharge: [], energyCost: 0, demandCost: 0, wearCost: 0, fuelCellStarts: 0, fuelCellHours: 0, startCost: 0, batteryThroughput: 0, hydrogenCost: 0, hydrogen: 0, carbon: 0, imported: 0, exported: 0,
      loadEnergy: 0, unmetEnergy: 0, peakImport: 0, worstBalanceResidual: 0, violations: [])
    func check(_ ok: Bool, _ message: @autoclosure () -> String) { if !ok { result.violations.append(message()) } }
    for t in 0..<profiles.steps {
      let supply = dispatch.pvUsed[t] + dispatch.fuelCell[t] + dispatch.gridImport[t] + dispatch.discharge[t] + dispatch.unmetLoad[t]
      let vehicles = dispatch.sessionCharging.reduce(0) { $0 + $1[t] }
      result.vehicleEnergy += vehicles * h
      let demand = profiles.load[t] + vehicles + dispatch.charge[t] + dispatch.electrolyser[t] + dispatch.gridExport[t]
      let scale = max(1, supply + demand)
      result.worstBalanceResidual = max(result.worstBalanceResidual, abs(supply - demand) / scale)
      check(abs(supply - demand) <= tolerance * scale, "step \(t): bus imbalance \(supply - demand) kW")
      check(dispatch.unmetLoad[t] >= -tolerance && dispatch.unmetLoad[t] <= profiles.load[t] + tolerance, "step \(t): unmet load outside 0...load")
      check(dispatch.pvUsed[t] <= profiles.pv[t] + tolerance && dispatch.pvUsed[t] >= -tolerance, "step \(t): PV used outside 0...available")
      check(dispatch.gridImport[t] <= grid.importLimit + tolerance && dispatch.gridImport[t] >= -tolerance, "step \(t): import outside its limit")
      check(dispatch.gridExport[t] <= grid.exportLimit + tolerance && dispatch.gridExport[t] >= -tolerance, "step \(t): export outside its limit (reverse flow)")
      check(dispatch.fuelCell[t] <= (fuelCells?.capacity ?? 0) + tolerance && dispatch.fuelCell[t] >= -tolerance, "step \(t): fuel cells outside their capacity")
      if let b = battery {
        check(dispatch.charge[t] <= b.maxCharge + tolerance && dispatch.discharge[t] <= b.maxDischarge + tolerance, "step \(t): battery power limit")
        let power = dispatch.discharge[t] / b.dischargeEfficiency - b.chargeEfficiency * dispatch.charge[t]
        if let kinetic = b.kinetic {
          available = kinetic.step(available: available, bound: soc - available, power: power, hours: h).available
          let top = kinetic.capacityRatio * b.capacity
          check(available >= -tolerance * b.capacity && available <= top + tolerance * b.capacity, "step \(t): available well \(available) kWh outside 0...\(top)")
        }
        soc -= power * h
        check(soc >= b.minimumSOC * b.capacity - tolerance && soc <= b.maximumSOC * b.capacity + tolerance, "step \(t): state of charge \(soc) kWh out of bounds")
      } else {
        check(dispatch.charge[t] <= tolerance && dispatch.discharge[t] <= tolerance, "step \(t): no battery to use")
      }
      result.stateOfCharge.append(soc)
      result.energyCost += (grid.importPrice[t] * dispatch.gridImport[t] - grid.exportPrice[t] * dispatch.gridExport[t]) * h
      let used = fuelCells?.hydrogenUse(output: dispatch.fuelCell[t], running: dispatch.fuelCellUnits[t], hours: h) ?? 0
      result.operatingCost += (fuelCells?.operatingCost ?? 0) * dispatch.fuelCell[t] * h
      result.pvEnergy += dispatch.pvUsed[t] * h
      result.fuelCellEnergy += dispatch.fuelCell[t] * h
      result.hydrogen += used
      if let storage = hydrogen {
        let standby = dispatch.electrolyserOn[t] ? (storage.electrolyser?.standbyPower ?? 0) : 0
        let power = dispatch.electrolyser[t] - standby
        if let e = storage.electrolyser {
          check(
            power <= e.rating + tolerance && power >= -tolerance
              && (!dispatch.electrolyserOn[t] || power >= e.minimumLoad * e.rating - tolerance),
            "step \(t): electrolyser outside its minimum load and rating")
        } else {
          check(dispatch.electrolyser[t] <= tolerance, "step \(t): no electrolyser to run")
        }
        let produced = max(0, power) * h / (storage.electrolyser?.energyPerKg ?? 1)
        check(dispatch.hydrogenPurchased[t] >= -tolerance && dispatch.hydrogenPurchased[t] <= storage.purchaseLimit * h + tolerance, "step \(t): hydrogen delivery outside its limit")
        level += produced + dispatch.hydrogenPurchased[t] - used
        check(level >= storage.tank.minimumLevel - tolerance && level <= storage.tank.capacity + tolerance, "step \(t): tank level \(level) kg out of bounds")
        result.hydrogenLevel.append(level)
        result.hydrogenProduced += produced
        result.hydrogenPurchased += dispatch.hydrogenPurchased[t]
        result.electrolyserEnergy += dispatch.electrolyser[t] * h
        result.hydrogenCost += storage.purchasePrice * dispatch.hydrogenPurchased[t]
      } else {
        check(dispatch.electrolyser[t] <= tolerance, "step \(t): no electrolyser to run")
        result.hydrogenCost += (fuelCells?.hydrogenPrice ?? 0) * used
      }
      result.carbon += grid.carbonIntensity * dispatch.gridImport[t] * h
      result.imported += dispatch.gridImport[t] * h
      result.exported += dispatch.gridExport[t] * h
      result.loadEnergy += profiles.load[t] * h
      result.unmetEnergy += dispatch.unmetLoad[t] * h
      result.peakImport = max(result.peakImport, dispatch.gridImport[t])
      result.batteryThroughput += dispatch.discharge[t] * h
      if let plant = fuelCells {
        let running = dispatch.fuelCellUnits[t]
        let rating = plant.unitRating
        // Systems started within the start-up time are running but not yet producing.
        let warming = plant.startupSteps > 0
          ? FuelCellPlant.starts(in: max(0, t - plant.startupSteps + 1)..<t + 1, running: dispatch.fuelCellUnits) : 0
        let producing = Double(max(0, running - warming))
        check(
          (0...plant.units).contains(running) && dispatch.fuelCell[t] <= producing * rating + tolerance
            && dispatch.fuelCell[t] >= producing * plant.minimumLoad * rating - tolerance,
          "step \(t): fuel cells outside their producing systems' minimum load and rating (start-up time included)")
        let started = FuelCellPlant.starts(in: t..<t + 1, running: dispatch.fuelCellUnits)
        result.fuelCellStarts += started
        result.startCost += plant.startCost * Double(started)
        result.fuelCellHours += Double(running) * h
        let recentStarts = FuelCellPlant.starts(in: max(0, t - plant.minimumUpSteps + 1)..<t + 1, running: dispatch.fuelCellUnits)
        check(recentStarts <= running, "step \(t): a fuel-cell system stopped before its minimum up time")
        let recentStops = FuelCellPlant.stops(in: max(0, t - plant.minimumDownSteps + 1)..<t + 1, running: dispatch.fuelCellUnits)
        check(recentStops + running <= plant.units, "step \(t): a fuel-cell system restarted before its minimum down time")
      }
      result.wearCost += (battery?.wearCost ?? 0) * dispatch.discharge[t] * h
    }
    for (s, session) in sessions.enumerated() {
      let power = dispatch.sessionCharging[s]
      for t in power.indices {
        check(
          power[t] >= -tolerance && power[t] <= (session.isPresent(at: t) ? session.maxPower : 0) + tolerance,
          "step \(t): session \(s) charging outside its charger limit or its stay")
      }
      // What it must have by the horizon's end: all of it, or what cannot fit after the horizon.
      let after = session.maxPower * Double(max(0, session.departure - profiles.steps)) * h
      let delivered = power.reduce(0, +) * h
      let short = max(0, session.energy - after - delivered)
      result.vehicleShortfall += short
      check(short <= tolerance * max(1, session.energy), "session \(s) is \(short) kWh short at departure")
      check(delivered <= session.energy + tolerance * max(1, session.energy), "session \(s) got more than it needs")
    }
    if let b = battery, let fade = b.fade, b.capacity > 0 {
      result.batteryCapacityLost = fade.capacityLost(
        stateOfCharge: [b.initialSOC] + result.stateOfCharge.map { $0 / b.capacity }, hours: Double(profiles.steps) * h)
    }
    if grid.demandCharge > 0 {
      for period in grid.billingPeriods where !period.isEmpty {
        result.demandCost += grid.demandCharge * (dispatch.gridImport[period].max() ?? 0)
      }
    }
    return result
  }
}
