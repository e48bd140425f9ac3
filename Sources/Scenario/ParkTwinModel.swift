import Foundation
internal import AGV
internal import FuelCell
internal import Microgrid
internal import ParkTwin
internal import Scheduling

/// The `park-twin` model kind: a fuel-cell component plant and its park microgrid, coupled. It reads four
/// scenario files, one per module, each validated by its own model (errors point into that file):
/// a `job-shop` scenario for one week's orders and machine powers, an `agv-fleet` scenario for the layout
/// and fleet, a `microgrid` scenario for the park (its load is the park's own, without the plant), and
/// optionally a `fuel-cell-ageing` scenario for the stacks. This file sets the run's horizon and step,
/// the policies under study, and which couplings are on.
public enum ParkTwinModel: ScenarioModel {
  /// The `model:` value.
  public static let kind = "park-twin"
  /// One line for `twinkit models`.
  public static let summary = "the plant and its park microgrid coupled: weekly APS plans, AGVs carrying their material, the park's dispatch and the stacks it ages, on one kernel clock"
  /// `schedule`: the first week's schedule (for the Gantt chart); `stacks`: the stacks' rated voltage
  /// at each period's end.
  public static let tableOutputs = ["schedule", "stacks"]

  /// The `parameters:` schema.
  public static let fields: [Field] = [
    Field("production", .text, "job-shop scenario with one week's orders (native CSV, times from the week's start) and energy.machine_power"),
    Field("logistics", .text, "agv-fleet scenario with the layout and fleet (its own orders are replaced by the schedule's material moves)"),
    Field("energy", .text, "microgrid scenario of the park (its load is the park's own load without the plant and the chargers)"),
    Field("stacks", .text, default: .text(""), "fuel-cell-ageing scenario of one system's stack (empty: the stacks do not age)"),
    Field("machine_prefix", .text, default: .text("M"), "machine m's buffer station in the layout is named prefix + m"),
    Field("inbound", .text, default: .text("IN"), "station the material comes from (empty or missing: no first move)"),
    Field("outbound", .text, default: .text("OUT"), "station finished jobs go to (empty or missing: no last move)"),
    Field("period", .quantity(.time), default: .number(7 * 86_400), range: 3600...1e9, "planning and ageing period (the order book repeats each period)"),
    Field("policies", .section([
      Field("schedule", .choice(ParkTwinSetup.SchedulePolicy.allCases.map(\.rawValue)), default: .text("energy-blind"),
        "energy-blind: the rule's schedule; energy-aware: operations slid into cheap tariff windows within their float"),
      Field("agv_charging", .choice(["greedy", "valley"]), default: .text("greedy"),
        "greedy: each plug-in charged as fast as the charger allows; valley: each plug-in may take up to agv_charging_window (the microgrid chooses when), and idle vehicles top up in the tariff's valley hours"),
      Field("agv_charging_window", .quantity(.time), default: .number(4 * 3600), range: 60...1e6, "valley: the longest a plug-in may take"),
      Field("energy", .choice(["rules", "mpc"]), default: .text("rules"), "rules: time-of-use shaving; mpc: model-predictive LP dispatch"),
      Field("mpc_window", .quantity(.time), default: .number(86_400), range: 60...1e8, "mpc: look-ahead"),
      Field("mpc_replan", .quantity(.time), default: .number(3600), range: 60...1e8, "mpc: re-plan interval"),
    ]), "the policies under study"),
    Field("couplings", .section([
      Field("production_load", .flag, default: .flag(true), "the schedule's machine power is park load"),
      Field("material_moves", .flag, default: .flag(true), "the schedule's material moves are AGV orders"),
      Field("charging_load", .flag, default: .flag(true), "the chargers' power is park load"),
      Field("ageing_feedback", .flag, default: .flag(true), "aged stacks lower the fuel cells' power and efficiency"),
    ]), "couplings (all off: each module as it runs alone)"),
  ]

  /// Every module file must load as its own model kind, and the layout must have the machines' stations.
  public static func consistencyIssues(_ v: ResolvedValues, at location: SourceLocation) -> [ScenarioIssue] {
    do {
      _ = try modules(v, scenarioPath: location.file, horizon: 7 * 86_400, timeStep: 3600)
      return []
    } catch let error as ScenarioError {
      return error.issues
    } catch {
      return [ScenarioIssue(location: location, keyPath: "", message: "\(error)")]
    }
  }

  /// The four modules' scenarios, loaded and checked, with the microgrid's horizon and step set to the run's.
  static func modules(_ v: ResolvedValues, scenarioPath: String, horizon: Double, timeStep: Double) throws -> (
    production: LoadedScenario, logistics: LoadedScenario, energy: LoadedScenario, stacks: LoadedScenario?
  ) {
    func load(_ key: String, kind: String, overrides: [(String, String)] = []) throws -> LoadedScenario {
      let path = MicrogridModel.relativePath(v.text(key), scenarioFile: scenarioPath)
      let loaded = try ScenarioLoader.load(path: path, overrides: overrides)
      guard loaded.header.model == kind else {
        throw ScenarioError(issues: [ScenarioIssue(location: SourceLocation(file: scenarioPath, line: 0, column: 0), keyPath: key, message: "expected a \(kind) scenario, \(path) is a \(loaded.header.model) scenario")])
      }
      return loaded
    }
    let production = try load("production", kind: JobShopModel.kind)
    let logistics = try load("logistics", kind: AGVFleetModel.kind, overrides: [("horizon", "\(horizon) s")])
    let energy = try load("energy", kind: MicrogridModel.kind, overrides: [("horizon", "\(horizon) s"), ("time_step", "\(timeStep) s")])
    let stacks = v.text("stacks").isEmpty ? nil : try load("stacks", kind: FuelCellAgeingModel.kind)
    // The layout names a station for every machine.
    let shop = try JobShopModel.instance(production.parameters, scenarioFile: production.path)
    let fleet = try AGVFleetModel.fleetScenario(logistics)
    let missing = (0..<shop.machines).map { "\(v.text("machine_prefix"))\($0)" }.filter { fleet.layout.station(named: $0) == nil }
    if !missing.isEmpty {
      throw ScenarioError(issues: [ScenarioIssue(
        location: SourceLocation(file: scenarioPath, line: 0, column: 0), keyPath: "machine_prefix",
        message: "the layout of \(logistics.path) has no station \(missing.joined(separator: ", ")); it has \(fleet.layout.stations.map(\.name).joined(separator: ", "))")])
    }
    return (production, logistics, energy, stacks)
  }

  /// The coupled setup from the four module scenarios and this file's policies and couplings.
  static func setup(_ scenario: LoadedScenario) throws -> ParkTwinSetup {
    let v = scenario.parameters
    let step = scenario.header.timeStep ?? 900
    let m = try modules(v, scenarioPath: scenario.path, horizon: scenario.header.horizon, timeStep: step)
    var shop = try JobShopModel.instance(m.production.parameters, scenarioFile: m.production.path)
    if case .success(let power) = JobShopModel.machinePower(m.production.parameters, machines: shop.machines) { shop.machinePower = power }
    let factor = m.production.parameters.number("due_factor")
    if factor > 0 { for j in shop.jobs.indices { shop.jobs[j].due = shop.jobs[j].release + factor * shop.jobs[j].minimumWork } }
    let (site, profiles) = try MicrogridModel.build(m.energy)
    var fleet = try AGVFleetModel.fleetScenario(m.logistics)
    let tou = MicrogridModel.timeOfUseTariff(m.energy.parameters, prefix: "tariff.")
    let valley = v.text("policies.agv_charging") == "valley"
    if valley { fleet.charging.opportunityHours = tou.valleyHours.sorted().map { Double($0)..<Double($0 + 1) } }
    let ageing = try m.stacks.map { try FuelCellAgeingModel.build($0).0 }
    let stations = (0..<shop.machines).map { fleet.layout.station(named: "\(v.text("machine_prefix"))\($0)")! }
    let energyPolicy: ParkTwinSetup.EnergyPolicy
    if v.text("policies.energy") == "mpc" {
      let steps = { (seconds: Double) in max(1, Int((seconds / step).rounded())) }
      energyPolicy = .modelPredictive(window: steps(v.number("policies.mpc_window")), replan: steps(v.number("policies.mpc_replan")))
    } else {
      energyPolicy = .rules
    }
    // The tariff by the hour from midnight, CNY/J, for the energy-aware planning.
    let tariff = EnergyTariff(period: 86_400, bands: (0..<24).map { .init(start: Double($0) * 3600, price: tou.price(atHour: Double($0)) / 3.6e6) })
    var setup = ParkTwinSetup(
      shop: shop, rule: PriorityRule.named(m.production.parameters.text("rule")) ?? .mwkr,
      schedulePolicy: ParkTwinSetup.SchedulePolicy(rawValue: v.text("policies.schedule")) ?? .energyBlind, tariff: tariff, fleet: fleet,
      machineStations: stations, inboundStore: fleet.layout.station(named: v.text("inbound")),
      outboundStore: fleet.layout.station(named: v.text("outbound")), site: site, profiles: profiles, energyPolicy: energyPolicy, ageing: ageing,
      horizon: scenario.header.horizon, seed: scenario.header.seed)
    setup.period = v.number("period")
    setup.agvCharging = valley ? .deferred(window: v.number("policies.agv_charging_window")) : .greedy
    setup.couplings.productionLoad = v.flag("couplings.production_load")
    setup.couplings.materialMoves = v.flag("couplings.material_moves")
    setup.couplings.chargingLoad = v.flag("couplings.charging_load")
    setup.couplings.ageingFeedback = v.flag("couplings.ageing_feedback")
    return setup
  }

  /// Runs the coupled park and reports every module's KPIs side by side.
  public static func run(_ scenario: LoadedScenario, context: RunContext) throws -> RunOutput {
    let setup = try setup(scenario)
    // A solver failure (the stacks' ageing) keeps the run up to it, reported as not completed.
    let r: ParkTwinResult
    var failure: ParkTwinError?
    do {
      r = try runParkTwin(setup)
    } catch let error as ParkTwinError {
      r = error.partial
      failure = error
    }
    let simulated = failure?.time ?? setup.horizon
    let h = setup.site.stepHours
    let evaluation = setup.site.evaluate(r.dispatch, profiles: SiteProfiles(load: r.load, pv: Array(setup.profiles.pv.prefix(r.load.count))))
    // Without storage the fuel cells' hydrogen is costed with each period's efficiency; with storage it
    // is costed where it is bought, as the evaluation does (the purchases followed the aged efficiency).
    let pricePerKg = (setup.site.fuelCells?.energyCost ?? 0) / max(1e-12, setup.site.fuelCells?.hydrogenPerKWh ?? 1)
    let hydrogenCost = setup.site.hydrogen == nil ? r.hydrogen * pricePerKg : evaluation.hydrogenCost
    let totalCost = evaluation.totalCost - evaluation.hydrogenCost + hydrogenCost
    let weeks = Double(max(1, r.scheduleKPIs.count))
    let loss = 1 - (r.stackRecords.last?.ratio ?? 1)
    // The lead stack's running hours to 10 % rated-voltage loss, at its loss per running hour so far.
    let lifeHours = loss > 0 ? r.stackHours * 0.10 / loss : 0
    var kpis = [
      KPI(name: "weeks_planned", value: weeks, unit: "weeks"),
      KPI(name: "on_time_rate", value: r.scheduleKPIs.map(\.onTimeRate).reduce(0, +) / weeks, unit: "fraction"),
      KPI(name: "makespan", value: r.scheduleKPIs.map(\.makespan).reduce(0, +) / weeks / 3600, unit: "h"),
      KPI(name: "total_tardiness", value: r.scheduleKPIs.map(\.totalTardiness).reduce(0, +) / 3600, unit: "h"),
      KPI(name: "production_energy", value: r.productionEnergy / 3.6e9, unit: "MWh"),
      KPI(name: "agv_orders", value: Double(r.fleet.tasksCreated), unit: "orders"),
      KPI(name: "agv_throughput", value: Double(r.fleet.tasksDone) / (simulated / 3600), unit: "orders/h"),
      KPI(name: "agv_latency_mean", value: r.fleet.latencies.isEmpty ? 0 : r.fleet.latencies.reduce(0, +) / Double(r.fleet.latencies.count), unit: "s"),
      KPI(name: "agv_charging_energy", value: r.fleet.energyCharged / 3.6e6, unit: "kWh"),
      KPI(name: "agv_charging_valley_share", value: valleyShare(r.chargingLoad, prices: setup.site.grid.importPrice), unit: "fraction"),
      KPI(name: "agv_soc_min", value: r.fleet.minimumStateOfCharge, unit: "fraction"),
      KPI(name: "agv_stranded", value: Double(r.fleet.strandedVehicles), unit: "vehicles"),
      KPI(name: "load_energy", value: (evaluation.loadEnergy + evaluation.vehicleEnergy) / 1000, unit: "MWh"),
      KPI(name: "total_cost", value: totalCost, unit: "CNY"),
      KPI(name: "grid_energy_cost", value: evaluation.energyCost, unit: "CNY"),
      KPI(name: "hydrogen_cost", value: hydrogenCost, unit: "CNY"),
      KPI(name: "co2", value: evaluation.carbon / 1000, unit: "t"),
      KPI(name: "on_site_share", value: evaluation.loadEnergy > 0 ? 1 - evaluation.imported / (evaluation.loadEnergy + evaluation.vehicleEnergy) : 0, unit: "fraction"),
      KPI(name: "unmet_energy", value: evaluation.unmetEnergy, unit: "kWh"),
      KPI(name: "fuel_cell_energy", value: evaluation.fuelCellEnergy / 1000, unit: "MWh"),
      KPI(name: "hydrogen", value: r.hydrogen, unit: "kg"),
      KPI(name: "fuel_cell_hours", value: r.fuelCellHours, unit: "h"),
    ]
    if setup.ageing != nil {
      kpis += [
        KPI(name: "stack_voltage_loss", value: loss, unit: "fraction"),
        KPI(name: "stack_hours_to_end_of_life", value: lifeHours, unit: "h"),
      ]
    }
    kpis += [
      KPI(name: "simulated", value: simulated / 3600, unit: "h"),
      KPI(name: "completed", value: failure == nil ? 1 : 0, unit: "flag"),
    ]
    var tables: [(name: String, header: [String], rows: [[Double]])] = []
    if let first = r.schedules.first {
      let rows = first.operations.sorted { ($0.machine, $0.start) < ($1.machine, $1.start) }.map {
        [Double($0.job), Double($0.operation), Double($0.machine), $0.setupStart, $0.start, $0.end]
      }
      tables.append(("schedule.csv", ["job", "operation", "machine", "setup_start", "start", "end"], rows))
    }
    tables.append(("stacks.csv", ["time_h", "rated_voltage_V", "voltage_ratio"], r.stackRecords.map { [$0.time / 3600, $0.ratedVoltage, $0.ratio] }))
    if scenario.outputs.contains("timeseries"), let sink = context.sink {
      let series = try sink.timeSeries(
        "timeseries.csv", columns: ["park_load_kW", "production_kW", "charging_kW", "pv_kW", "fuel_cell_kW", "battery_kW", "grid_import_kW", "unmet_kW"])
      let d = r.dispatch
      for k in r.load.indices {
        try series.append(
          time: Double(k) * h * 3600,
          values: [r.baseLoad[k], r.load[k] - r.baseLoad[k], r.chargingLoad[k], d.pvUsed[k], d.fuelCell[k], d.discharge[k] - d.charge[k], d.gridImport[k], d.unmetLoad[k]])
      }
    }
    var settings = [
      "coupling": "one kernel clock: fleet steps \(setup.fleet.layout.stepTime) s, microgrid \(h) h, planning and ageing every \(setup.period / 3600) h",
      "policies": "\(v(scenario, "policies.schedule")), AGV charging \(v(scenario, "policies.agv_charging")), energy \(v(scenario, "policies.energy"))",
    ]
    if let failure { settings["failure"] = failure.description }
    return RunOutput(kpis: kpis, tables: tables, solverSettings: settings)
  }

  private static func v(_ scenario: LoadedScenario, _ key: String) -> String { scenario.parameters.text(key) }

  /// The share of the chargers' energy drawn at the lowest import price.
  static func valleyShare(_ charging: [Double], prices: [Double]) -> Double {
    let total = charging.reduce(0, +)
    guard total > 0, let valley = prices.prefix(charging.count).min() else { return 0 }
    return zip(charging, prices).filter { $0.1 <= valley + 1e-12 }.map(\.0).reduce(0, +) / total
  }
}
