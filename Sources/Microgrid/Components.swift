/// A park microgrid for dispatch: loads, PV, battery, fuel cells and the grid over equal time steps.
///
/// Units (stated, as the domain quotes them): power kW, energy kWh, time h, money CNY.
public struct MicrogridSystem: Sendable, Equatable {
  /// Length of one step, h.
  public var stepHours: Double
  /// The battery, if any.
  public var battery: Battery?
  /// The fuel-cell plant, if any.
  public var fuelCells: FuelCellPlant?
  /// The grid connection.
  public var grid: GridConnection
  /// Hydrogen storage the fuel cells draw from (nil: they burn delivered hydrogen at the plant's
  /// ``FuelCellPlant/energyCost``). With storage, hydrogen is costed where it is bought.
  public var hydrogen: HydrogenStorage?
  /// Vehicle charging sessions: flexible load with energy and deadline per session.
  public var sessions: [ChargingSession] = []
  /// How the rule-based policies charge the vehicles.
  public var chargingRule: ChargingRule = .immediate

  /// Creates a system.
  public init(
    stepHours: Double, battery: Battery? = nil, fuelCells: FuelCellPlant? = nil, grid: GridConnection,
    hydrogen: HydrogenStorage? = nil
  ) {
    precondition(stepHours > 0, "the step must be positive")
    self.stepHours = stepHours
    self.battery = battery
    self.fuelCells = fuelCells
    self.grid = grid
    self.hydrogen = hydrogen
  }
}

/// A battery: energy balance with charge and discharge efficiencies, power limits and SOC bounds
/// (the "simple" storage model of HOMER and PyPSA's StorageUnit).
public struct Battery: Sendable, Equatable {
  /// Usable capacity, kWh.
  public var capacity: Double
  /// Largest charging power, kW.
  public var maxCharge: Double
  /// Largest discharging power, kW.
  public var maxDischarge: Double
  /// Fraction of charging energy stored.
  public var chargeEfficiency: Double
  /// Fraction of stored energy delivered.
  public var dischargeEfficiency: Double
  /// Lowest state of charge, fraction of capacity.
  public var minimumSOC: Double
  /// Highest state of charge, fraction of capacity.
  public var maximumSOC: Double
  /// State of charge at the start, fraction of capacity.
  public var initialSOC: Double
  /// Whether the optimiser must end at least at the initial state of charge (no free energy).
  public var endAtLeastInitial: Bool
  /// Wear cost per kWh discharged to the bus, CNY/kWh (e.g. replacement cost over lifetime throughput);
  /// 0 treats cycling as free.
  public var wearCost: Double
  /// How the capacity fades with cycling and age (nil: not tracked).
  public var fade: BatteryFade?
  /// Kinetic (two-well) limits on power (nil: the simple energy balance).
  public var kinetic: KineticBattery?

  /// Creates a battery.
  public init(
    capacity: Double, maxCharge: Double, maxDischarge: Double, chargeEfficiency: Double = 0.95,
    dischargeEfficiency: Double = 0.95, minimumSOC: Double = 0.1, maximumSOC: Double = 0.95, initialSOC: Double = 0.5,
    endAtLeastInitial: Bool = true, wearCost: Double = 0, fade: BatteryFade? = nil, kinetic: KineticBattery? = nil
  ) {
    self.wearCost = wearCost
    self.fade = fade
    self.kinetic = kinetic
    self.capacity = capacity
    self.maxCharge = maxCharge
    self.maxDischarge = maxDischarge
    self.chargeEfficiency = chargeEfficiency
    self.dischargeEfficiency = dischargeEfficiency
    self.minimumSOC = minimumSOC
    self.maximumSOC = maximumSOC
    self.initialSOC = initialSOC
    self.endAtLeastInitial = endAtLeastInitial
  }
}

/// Identical fuel-cell systems dispatched together. Without a minimum load, start cost or minimum up
/// time the plant is continuous (an LP); with any of them the optimiser commits whole units (a MILP).
public struct FuelCellPlant: Sendable, Equatable {
  /// Total rated power, kW.
  public var capacity: Double
  /// Cost of one kWh of electricity from hydrogen (price over efficiency), CNY/kWh.
  public var energyCost: Double
  /// Hydrogen per kWh of electricity, kg/kWh.
  public var hydrogenPerKWh: Double
  /// Number of identical systems sharing `capacity`.
  public var units: Int
  /// Lowest stable output of a running system, fraction of its rating.
  public var minimumLoad: Double
  /// Cost of one start of one system (hydrogen purge, wear), CNY.
  public var startCost: Double
  /// Steps a system stays on once started.
  public var minimumUpSteps: Int
  /// Steps a system stays off once stopped (cool-down, purge).
  public var minimumDownSteps: Int = 1
  /// Steps a started system warms up before it delivers power (running, not producing); 0: at once.
  public var startupSteps: Int = 0
  /// Operation and maintenance cost per kWh delivered, CNY/kWh (stack replacement reserve, service).
  public var operatingCost: Double = 0
  /// Hydrogen a running system uses whatever its output (balance of plant, purge), kg/h. With it the
  /// efficiency rises with load, `P / (LHV (idle + h P))`, the standard no-load-plus-incremental fuel
  /// curve of unit commitment (Wood and Wollenberg, *Power Generation, Operation and Control*, ch. 3);
  /// > 0 makes the dispatch a MILP.
  public var idleHydrogen: Double = 0

  /// Creates a plant.
  public init(
    capacity: Double, energyCost: Double, hydrogenPerKWh: Double, units: Int = 1, minimumLoad: Double = 0, startCost: Double = 0,
    minimumUpSteps: Int = 1, minimumDownSteps: Int = 1, startupSteps: Int = 0, operatingCost: Double = 0, idleHydrogen: Double = 0
  ) {
    self.startupSteps = max(0, startupSteps)
    self.minimumDownSteps = max(1, minimumDownSteps)
    self.operatingCost = operatingCost
    self.idleHydrogen = idleHydrogen
    self.capacity = capacity
    self.energyCost = energyCost
    self.hydrogenPerKWh = hydrogenPerKWh
    self.units = max(1, units)
    self.minimumLoad = minimumLoad
    self.startCost = startCost
    self.minimumUpSteps = max(1, minimumUpSteps)
  }

  /// What one more kWh costs: hydrogen plus operation and maintenance, CNY/kWh.
  public var marginalCost: Double { energyCost + operatingCost }

  /// Rating of one system, kW.
  public var unitRating: Double { capacity / Double(units) }

  /// Whether dispatch must commit whole units.
  public var needsCommitment: Bool {
    minimumLoad > 0 || startCost > 0 || minimumUpSteps > 1 || minimumDownSteps > 1 || startupSteps > 0 || idleHydrogen > 0
  }

  /// Hydrogen used in a step of `hours` delivering `output` kW with `running` systems, kg.
  public func hydrogenUse(output: Double, running: Int, hours: Double) -> Double {
    (hydrogenPerKWh * output + idleHydrogen * Double(running)) * hours
  }

  /// The price of the hydrogen, CNY/kg (the energy cost over the hydrogen per kWh).
  public var hydrogenPrice: Double { hydrogenPerKWh > 0 ? energyCost / hydrogenPerKWh : 0 }

  /// The largest output at most `output` kW (and the capacity) that running systems can deliver, each
  /// between its minimum load and its rating; 0 when none can.
  public func feasibleOutput(atMost output: Double) -> Double {
    let clipped = min(max(0, output), capacity)
    let running = unitsRunning(for: clipped)
    if running == 0 || clipped >= Double(running) * minimumLoad * unitRating - 1e-9 { return clipped }
    return running >= 2 ? feasibleOutput(atMost: Double(running - 1) * unitRating) : 0
  }

  /// Systems started over `steps` of a series of running counts: a rise by k is k starts, and every
  /// system is off before step 0.
  static func starts(in steps: Range<Int>, running: [Int]) -> Int {
    steps.reduce(0) { sum, t in sum + max(0, running[t] - (t > 0 ? running[t - 1] : 0)) }
  }

  /// Stops within `steps` of a running-systems series (a fall by k is k stops; all off before it).
  static func stops(in steps: Range<Int>, running: [Int]) -> Int {
    steps.reduce(0) { sum, t in sum + max(0, (t > 0 ? running[t - 1] : 0) - running[t]) }
  }

  /// Systems running to deliver `output` kW: the fewest that can, each at or below its rating.
  public func unitsRunning(for output: Double) -> Int {
    output > 1e-9 ? min(units, Int((output / unitRating - 1e-9).rounded(.up))) : 0
  }
}

/// The grid connection: an import limit, export allowed or not ("no reverse flow"), prices per step.
public struct GridConnection: Sendable, Equatable {
  /// Largest import, kW.
  public var importLimit: Double
  /// Largest export, kW (0 forbids reverse flow).
  public var exportLimit: Double
  /// Import price per step, CNY/kWh (a time-of-use tariff laid out over the steps).
  public var importPrice: [Double]
  /// Export price per step, CNY/kWh.
  public var exportPrice: [Double]
  /// Grid CO2 intensity, kg/kWh.
  public var carbonIntensity: Double
  /// Demand charge on the highest import of each billing period, CNY/kW (0 for none).
  public var demandCharge: Double
  /// The billing periods as step ranges (e.g. calendar months); the demand charge applies to each.
  public var billingPeriods: [Range<Int>]

  /// Creates a connection; without `billingPeriods` the whole horizon is one period.
  public init(
    importLimit: Double, exportLimit: Double = 0, importPrice: [Double], exportPrice: [Double]? = nil, carbonIntensity: Double = 0,
    demandCharge: Double = 0, billingPeriods: [Range<Int>]? = nil
  ) {
    self.importLimit = importLimit
    self.exportLimit = exportLimit
    self.importPrice = importPrice
    self.exportPrice = exportPrice ?? Array(repeating: 0, count: importPrice.count)
    self.carbonIntensity = carbonIntensity
    self.demandCharge = demandCharge
    self.billingPeriods = billingPeriods ?? [0..<importPrice.count]
  }

  /// Calendar months as billing periods for `steps` steps of `stepHours` from January 1 of `year`
  /// (Gregorian leap years).
  public static func calendarMonths(year: Int, stepHours: Double, steps: Int) -> [Range<Int>] {
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    var days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
    var periods: [Range<Int>] = []
    var start = 0, elapsedDays = 0
    while start < steps {
      elapsedDays += days[0]
      days.append(days.removeFirst())
      let end = min(steps, Int((Double(elapsedDays) * 24 / stepHours).rounded()))
      if end > start { periods.append(start..<end) }
      start = end
    }
    return periods
  }
}

/// What the site needs and what the sun offers, per step.
public struct SiteProfiles: Sendable, Equatable {
  /// Load, kW.
  public var load: [Double]
  /// Available PV power, kW.
  public var pv: [Double]

  /// Creates profiles of equal length.
  public init(load: [Double], pv: [Double]) {
    precondition(load.count == pv.count, "load and PV need the same number of steps")
    self.load = load
    self.pv = pv
  }

  /// The number of steps.
  public var steps: Int { load.count }
}

/// Set-points per step, kW: what every unit does.
public struct Dispatch: Sendable, Equatable {
  /// Grid import.
  public var gridImport: [Double]
  /// Grid export.
  public var gridExport: [Double]
  /// Battery charging power (from the bus).
  public var charge: [Double]
  /// Battery discharging power (to the bus).
  public var discharge: [Double]
  /// Fuel-cell output.
  public var fuelCell: [Double]
  /// PV used (the rest is curtailed).
  public var pvUsed: [Double]
  /// Fuel-cell systems running.
  public var fuelCellUnits: [Int]
  /// Load no source could serve (zero in every optimal dispatch, which must serve the load).
  public var unmetLoad: [Double]
  /// Electrolyser power drawn from the bus, standby included.
  public var electrolyser: [Double]
  /// Whether the electrolyser is committed (drawing standby power, able to produce).
  public var electrolyserOn: [Bool]
  /// Hydrogen delivered into the tank, kg per step.
  public var hydrogenPurchased: [Double]
  /// Charging power per session and step, kW (zero outside a session's span).
  public var sessionCharging: [[Double]]
  /// All vehicle charging per step, kW.
  public var vehicleCharging: [Double] {
    (0..<gridImport.count).map { t in sessionCharging.reduce(0) { $0 + $1[t] } }
  }

  /// The first `steps` steps (a run cut short keeps what it dispatched).
  public func prefix(_ steps: Int) -> Dispatch {
    var cut = self
    cut.gridImport = Array(gridImport.prefix(steps))
    cut.gridExport = Array(gridExport.prefix(steps))
    cut.charge = Array(charge.prefix(steps))
    cut.discharge = Array(discharge.prefix(steps))
    cut.fuelCell = Array(fuelCell.prefix(steps))
    cut.pvUsed = Array(pvUsed.prefix(steps))
    cut.fuelCellUnits = Array(fuelCellUnits.prefix(steps))
    cut.unmetLoad = Array(unmetLoad.prefix(steps))
    cut.electrolyser = Array(electrolyser.prefix(steps))
    cut.electrolyserOn = Array(electrolyserOn.prefix(steps))
    cut.hydrogenPurchased = Array(hydrogenPurchased.prefix(steps))
    cut.sessionCharging = sessionCharging.map { Array($0.prefix(steps)) }
    return cut
  }

  /// All zeros for `steps` steps and `sessions` charging sessions.
  public init(steps: Int, sessions: Int = 0) {
    sessionCharging = Array(repeating: Array(repeating: 0, count: steps), count: sessions)
    let zeros = Array(repeating: 0.0, count: steps)
    (gridImport, gridExport, charge, discharge, fuelCell, pvUsed, unmetLoad) = (zeros, zeros, zeros, zeros, zeros, zeros, zeros)
    (electrolyser, hydrogenPurchased) = (zeros, zeros)
    electrolyserOn = Array(repeating: false, count: steps)
    fuelCellUnits = Array(repeating: 0, count: steps)
  }
}
