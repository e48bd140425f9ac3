import Foundation
internal import FuelCell

/// The `fuel-cell-ageing` model kind: a stack aged over a duty cycle by the mechanistic model
/// (``FuelCell/MechanisticAgeingModel``), with a what-if power floor and cap for hybrid control.
public enum FuelCellAgeingModel: ScenarioModel {
  /// The `model:` value.
  public static let kind = "fuel-cell-ageing"
  /// One line for `twinkit models`.
  public static let summary =
    "PEM stack ageing: Pt dissolution in size bins, membrane thinning, resistance growth (CVODE); life, polarization vs age"

  /// `polarization`: polarization curves at the ages in `run.polarization_ages`.
  public static let tableOutputs = ["polarization"]

  /// The `parameters:` schema. Kinetic defaults are the model's illustrative values (see
  /// ``FuelCell/CatalystParameters`` and ``FuelCell/MembraneParameters``); calibrate before quoting lives.
  public static let fields: [Field] = [
    Field("use", .text, default: .text(""), "a stored parameter set in Models/fuel-cell-ageing/"),
    Field("duty", .section([
      Field("profile", .choice(["city-bus", "eu-square-wave", "constant", "file", "microgrid"]), default: .text("city-bus"),
        "city-bus: shifts of a depot stop then stop-and-go; eu-square-wave: 0.6/0.9 V catalyst test; constant: one current density; file: a load CSV repeated; microgrid: a microgrid run's timeseries.csv, its fuel-cell output shared by the units"),
      Field("file", .text, default: .text(""), "load CSV (time with unit, then power_kW, current_A or cell_potential_V), or a microgrid timeseries.csv; relative to the scenario"),
      Field("column", .text, default: .text("fuel_cell_kW"), "microgrid: the column with the fuel-cell plant's output"),
      Field("units", .integer, default: .integer(8), range: 1...10_000, "microgrid: systems sharing that output equally (one stack each); zero output is shut down, not open circuit"),
      Field("current_density", .quantity(.currentDensity), default: .number(1e4), range: 0...1e5, "constant: the current density"),
      Field("depot_time", .quantity(.time), default: .number(600), range: 0...1e7, "city-bus: parked at open circuit per shift"),
      Field("stops", .integer, default: .integer(475), range: 1...1_000_000, "city-bus: stop-and-go repeats per shift"),
      Field("dwell", .quantity(.time), default: .number(20), range: 0...1e5, "city-bus: idling at a stop"),
      Field("acceleration", .quantity(.time), default: .number(15), range: 0...1e5, "city-bus: at peak power after a stop"),
      Field("cruise", .quantity(.time), default: .number(85), range: 0...1e5, "city-bus: cruising to the next stop"),
      Field("idle_power", .quantity(.power), default: .number(6e3), range: 0...1e8, "city-bus: stack power at a stop"),
      Field("peak_power", .quantity(.power), default: .number(76e3), range: 0...1e8, "city-bus: stack power accelerating"),
      Field("cruise_power", .quantity(.power), default: .number(40e3), range: 0...1e8, "city-bus: stack power cruising"),
    ]), "the duty cycle, repeated over the horizon"),
    Field("stack", .section([
      Field("cells", .integer, default: .integer(440), range: 1...10_000, "cells in series"),
      Field("active_area", .quantity(.area), default: .number(300e-4), range: 1e-6...10, "active area per cell"),
      Field("rated_current_density", .quantity(.currentDensity), default: .number(1e4), range: 1...1e5, "where the end-of-life voltage loss is judged"),
      Field("open_circuit_voltage", .quantity(.voltage), default: .number(1.178), range: 0.5...1.5, "reversible voltage E0 (Larminie-Dicks)"),
      Field("tafel_slope", .quantity(.voltage), default: .number(0.06), range: 0.001...0.5, "Tafel slope A"),
      Field("exchange_current_density", .quantity(.currentDensity), default: .number(6.54e-3 / 50e-4), range: 1e-9...1e4, "fresh exchange current density"),
      Field("limiting_current_density", .quantity(.currentDensity), default: .number(2e4), range: 1...1e6, "limiting current density"),
      Field("temperature", .quantity(.temperature), default: .number(353.15), range: 273.15...473.15, "cell temperature"),
    ]), "the stack and its fresh polarization curve"),
    Field("catalyst", .section([
      Field("platinum_loading", .quantity(.coefficient), default: .number(4e-3), range: 1e-6...1, "cathode platinum, kg/m2 (0.4 mg/cm2 = 0.004)"),
      Field("median_radius", .quantity(.length), default: .number(1.5e-9), range: 0.6e-9...1e-7, "median particle radius (lognormal by number)"),
      Field("radius_spread", .quantity(.coefficient), default: .number(0.3), range: 0...2, "standard deviation of ln(radius)"),
      Field("bins", .integer, default: .integer(8), range: 1...64, "particle-size bins"),
      Field("dissolution_rate_constant", .quantity(.coefficient), default: .number(4e-9), range: 0...1, "Pt dissolution k1, mol/(m2 s) (illustrative)"),
      Field("oxide_rate_constant", .quantity(.coefficient), default: .number(1.36e-7), range: 0...1, "Pt oxide formation k2, mol/(m2 s)"),
      Field("ionomer_volume", .quantity(.length), default: .number(3e-6), range: 1e-9...1e-3, "ionomer volume per electrode area (m3/m2, a length)"),
      Field("membrane_transfer", .quantity(.speed), default: .number(1e-5), range: 0...1, "transfer of dissolved Pt into the membrane"),
    ]), "the cathode catalyst (Darling-Meyers kinetics, see the model's notes)"),
    Field("membrane", .section([
      Field("thickness", .quantity(.length), default: .number(25.4e-6), range: 1e-6...1e-3, "initial membrane thickness"),
      Field("hydrogen_permeability", .quantity(.coefficient), default: .number(2e-14), range: 0...1e-10, "H2 permeability, mol/(m s Pa)"),
      Field("hydrogen_pressure", .quantity(.pressure), default: .number(1e5), range: 0...1e7, "anode hydrogen partial pressure"),
      Field("thinning_coefficient", .quantity(.coefficient), default: .number(1.6e-9), range: 0...1e-3, "thickness lost per crossover H2, m3/mol (illustrative)"),
      Field("conductivity", .quantity(.coefficient), default: .number(10), range: 0.01...1000, "membrane proton conductivity, S/m"),
      Field("contact_resistance", .quantity(.areaResistance), default: .number(1.5e-6), range: 0...1e-2, "initial contact and ionomer resistance"),
      Field("contact_resistance_growth", .quantity(.coefficient), default: .number(2.5e-14), range: 0...1e-6, "its growth under load, ohm m2/s (illustrative)"),
    ]), "the membrane and the ohmic path"),
    Field("control", .section([
      Field("power_floor", .quantity(.power), default: .number(0), range: 0...1e9, "the stack never runs below this (a battery takes the surplus); 0: off"),
      Field("power_cap", .quantity(.power), default: .number(0), range: 0...1e9, "the stack never runs above this (a battery covers the rest); 0: no cap"),
    ]), "what-if: degradation-aware power limits of a fuel-cell/battery hybrid (power-driven duty cycles)"),
    Field("run", .section([
      Field("end_of_life_loss", .quantity(.fraction), default: .number(0.10), range: 0.001...0.9, "rated-voltage loss that ends the life"),
      Field("record_interval", .quantity(.time), default: .number(100 * 3600), range: 1...1e10, "time series spacing (at cycle boundaries)"),
      Field("polarization_ages", .text, default: .text("0, 1000, 3000"), "ages (h) for polarization.csv, comma-separated"),
      Field("jump_tolerance", .quantity(.fraction), default: .number(2e-3), range: 1e-6...0.1, "cycle jumps: largest relative change of a slow quantity per jump"),
      Field("stop_at_end_of_life", .flag, default: .flag(false), "stop when the life ends"),
    ]), "how the life is run and recorded"),
  ]

  /// Polarization ages parse as hours; a duty file reads as a load profile; the control limits are ordered.
  public static func consistencyIssues(_ v: ResolvedValues, at location: SourceLocation) -> [ScenarioIssue] {
    var issues: [ScenarioIssue] = []
    if ages(v.text("run.polarization_ages")) == nil {
      issues.append(ScenarioIssue(location: location, keyPath: "run.polarization_ages", message: "expected hours like '0, 1000, 3000', found '\(v.text("run.polarization_ages"))'"))
    }
    let profile = v.text("duty.profile")
    if profile == "file" || profile == "microgrid" {
      if v.text("duty.file").isEmpty {
        issues.append(ScenarioIssue(location: location, keyPath: "duty.file", message: "profile '\(profile)' needs a CSV file"))
      } else {
        do {
          let read = try LoadProfileReader.read(
            path: MicrogridModel.relativePath(v.text("duty.file"), scenarioFile: location.file),
            column: profile == "microgrid" ? v.text("duty.column") : nil)
          if profile == "microgrid", read.quantity != .power {
            issues.append(ScenarioIssue(location: location, keyPath: "duty.column", message: "expected a power column, found \(read.quantity.rawValue)"))
          }
        } catch {
          issues += error.issues
        }
      }
    }
    let cap = v.number("control.power_cap")
    if cap > 0, cap < v.number("control.power_floor") {
      issues.append(ScenarioIssue(location: location, keyPath: "control.power_cap", message: "must not be below control.power_floor"))
    }
    return issues
  }

  /// Hours from "0, 1000, 3000", or nil if a value does not parse or is negative.
  static func ages(_ text: String) -> [Double]? {
    let parts = text.split(separator: ",").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
    let hours = parts.compactMap(Double.init)
    guard hours.count == parts.count, hours.allSatisfy({ $0 >= 0 && $0.isFinite }) else { return nil }
    return hours
  }

  /// The model and duty cycle a scenario describes.
  static func build(_ scenario: LoadedScenario) throws -> (MechanisticAgeingModel, DutyCycle, PowerLimits.BatteryExchange) {
    let v = scenario.parameters
    var cell = CellPerformance()
    cell.activeArea = v.number("stack.active_area")
    cell.ratedCurrentDensity = v.number("stack.rated_current_density")
    cell.openCircuitVoltage = v.number("stack.open_circuit_voltage")
    cell.tafelSlope = v.number("stack.tafel_slope")
    cell.exchangeCurrentDensity = v.number("stack.exchange_current_density")
    cell.limitingCurrentDensity = v.number("stack.limiting_current_density")
    cell.temperature = v.number("stack.temperature")
    var catalyst = CatalystParameters()
    catalyst.temperature = cell.temperature
    catalyst.platinumLoading = v.number("catalyst.platinum_loading")
    catalyst.medianRadius = v.number("catalyst.median_radius")
    catalyst.radiusSpread = v.number("catalyst.radius_spread")
    catalyst.bins = v.integer("catalyst.bins")
    catalyst.dissolutionRateConstant = v.number("catalyst.dissolution_rate_constant")
    catalyst.oxideRateConstant = v.number("catalyst.oxide_rate_constant")
    catalyst.ionomerVolume = v.number("catalyst.ionomer_volume")
    catalyst.membraneTransfer = v.number("catalyst.membrane_transfer")
    var membrane = MembraneParameters()
    membrane.initialThickness = v.number("membrane.thickness")
    membrane.hydrogenPermeability = v.number("membrane.hydrogen_permeability")
    membrane.hydrogenPressure = v.number("membrane.hydrogen_pressure")
    membrane.thinningCoefficient = v.number("membrane.thinning_coefficient")
    membrane.conductivity = v.number("membrane.conductivity")
    membrane.contactResistance = v.number("membrane.contact_resistance")
    membrane.contactResistanceGrowth = v.number("membrane.contact_resistance_growth")
    let model = MechanisticAgeingModel(
      catalyst: catalyst, membrane: membrane, cell: cell, stack: StackDesign(cells: v.integer("stack.cells"), cell: cell))

    let cycle: DutyCycle
    switch v.text("duty.profile") {
    case "eu-square-wave":
      cycle = .euSquareWave
    case "constant":
      cycle = DutyCycle(segments: [DutySegment(duration: 3600, drive: .currentDensity(v.number("duty.current_density")))])
    case "file":
      let profile = try LoadProfileReader.read(path: MicrogridModel.relativePath(v.text("duty.file"), scenarioFile: scenario.path))
      cycle = DutyCycle(profile: profile, activeArea: cell.activeArea)
    case "microgrid":
      // Each unit's share of the plant output; the last step is held for one more step.
      let plant = try LoadProfileReader.read(
        path: MicrogridModel.relativePath(v.text("duty.file"), scenarioFile: scenario.path), column: v.text("duty.column"))
      let units = Double(v.integer("duty.units"))
      let spacing = plant.times.count > 1 ? plant.times[plant.times.count - 1] - plant.times[plant.times.count - 2] : 3600
      let perUnit = LoadProfile(
        times: plant.times + [(plant.times.last ?? 0) + spacing], values: (plant.values + [plant.values.last ?? 0]).map { $0 / units },
        quantity: .power)
      cycle = DutyCycle(profile: perUnit, activeArea: cell.activeArea, zeroPowerIsOff: true)
    default:
      let pattern = [
        DutySegment(duration: v.number("duty.dwell"), drive: .stackPower(v.number("duty.idle_power"))),
        DutySegment(duration: v.number("duty.acceleration"), drive: .stackPower(v.number("duty.peak_power"))),
        DutySegment(duration: v.number("duty.cruise"), drive: .stackPower(v.number("duty.cruise_power"))),
      ]
      cycle = DutyCycle(blocks: [
        DutyBlock(segments: [DutySegment(duration: v.number("duty.depot_time"), drive: .stackPower(0))]),
        DutyBlock(segments: pattern, repeats: v.integer("duty.stops")),
      ].filter { $0.duration > 0 })
    }
    let cap = v.number("control.power_cap")
    let limits = PowerLimits(floor: v.number("control.power_floor"), cap: cap > 0 ? cap : .infinity)
    let (limited, exchange) = limits.apply(to: cycle)
    return (model, limited, exchange)
  }

  /// Ages the stack over the horizon and reports its life and state.
  public static func run(_ scenario: LoadedScenario, context: RunContext) throws -> RunOutput {
    let v = scenario.parameters
    let (model, cycle, exchange) = try build(scenario)
    guard cycle.duration > 0 else {
      throw ScenarioError(issues: [ScenarioIssue(location: SourceLocation(file: scenario.path, line: 0, column: 0), keyPath: "parameters.duty", message: "the duty cycle has no duration")])
    }
    var options = AgeingOptions()
    options.endOfLifeLoss = v.number("run.end_of_life_loss")
    options.recordInterval = v.number("run.record_interval")
    options.maxRelativeChange = v.number("run.jump_tolerance")
    options.stopAtEndOfLife = v.flag("run.stop_at_end_of_life")
    let ages = ages(v.text("run.polarization_ages")) ?? []
    options.snapshotTimes = ages.map { $0 * 3600 }
    let run = model.age(cycle, for: scenario.header.horizon, options: options)
    let records = run.records
    let last = records[records.count - 1]

    if let sink = context.sink, scenario.outputs.contains("timeseries") {
      let series = try sink.timeSeries(
        "timeseries.csv",
        columns: ["surface_area_ratio", "mean_radius_nm", "platinum_lost_fraction", "membrane_thickness_um",
          "crossover_mA_per_cm2", "area_specific_resistance_mohm_cm2", "rated_voltage_V", "rated_stack_power_kW",
          "hydrogen_kg_per_h"])
      // Stack power at the rated current density: cells x cell voltage x rated current.
      let ratedCurrent = model.cell.ratedCurrentDensity * model.cell.activeArea
      for r in records {
        try series.append(time: r.time, values: [
          r.surfaceAreaRatio, r.meanRadius * 1e9, r.lostPlatinumFraction, r.membraneThickness * 1e6,
          r.crossoverCurrentDensity / 10, r.areaSpecificResistance * 1e7, r.ratedVoltage,
          Double(v.integer("stack.cells")) * r.ratedVoltage * ratedCurrent / 1e3, r.hydrogenRate * 3600,
        ])
      }
    }

    // Life: reached, or extrapolated linearly from the last recorded decline.
    let endVoltage = (1 - options.endOfLifeLoss) * run.freshRatedVoltage
    var life = run.endOfLifeTime
    var extrapolated = 0.0
    if life == nil, records.count >= 2 {
      let before = records[records.count - 2]
      let slope = (last.ratedVoltage - before.ratedVoltage) / (last.time - before.time)
      if slope < 0 {
        life = last.time + (endVoltage - last.ratedVoltage) / slope
        extrapolated = 1
      }
    }

    var tables: [(name: String, header: [String], rows: [[Double]])] = []
    if !run.snapshots.isEmpty {
      let densities = stride(from: 0.0, through: 0.95 * model.cell.limitingCurrentDensity, by: 0.05e4).map { $0 }
      let curves = run.snapshots.map { model.polarization(of: $0.state) }
      let header = ["current_density_A_per_cm2"] + run.snapshots.map { "voltage_V_at_\(Int(($0.requested / 3600).rounded()))h" }
      let rows = densities.map { j in [j / 1e4] + curves.map { $0.cellVoltage(current: j * model.cell.activeArea) } }
      tables.append(("polarization.csv", header, rows))
    }

    let cyclesPlayed = scenario.header.horizon / cycle.duration
    var kpis = [
      KPI(name: "end_of_life", value: (life ?? .infinity) / 3600, unit: "h"),
      KPI(name: "end_of_life_extrapolated", value: extrapolated, unit: "flag"),
      KPI(name: "remaining_useful_life", value: max(0, ((life ?? .infinity) - last.time) / 3600), unit: "h"),
      KPI(name: "rated_voltage_fresh", value: run.freshRatedVoltage, unit: "V"),
      KPI(name: "rated_voltage_final", value: last.ratedVoltage, unit: "V"),
      KPI(name: "rated_voltage_loss", value: 1 - last.ratedVoltage / run.freshRatedVoltage, unit: "fraction"),
      KPI(name: "surface_area_remaining", value: last.surfaceAreaRatio, unit: "fraction"),
      KPI(name: "platinum_lost", value: last.lostPlatinumFraction, unit: "fraction"),
      KPI(name: "membrane_thickness", value: last.membraneThickness * 1e6, unit: "um"),
      KPI(name: "crossover", value: last.crossoverCurrentDensity / 10, unit: "mA/cm2"),
      KPI(name: "area_specific_resistance", value: last.areaSpecificResistance * 1e7, unit: "mohm*cm2"),
      KPI(name: "hydrogen_per_stack", value: run.hydrogen, unit: "kg"),
      KPI(name: "battery_charged", value: exchange.charged * cyclesPlayed / 3.6e6, unit: "kWh"),
      KPI(name: "battery_discharged", value: exchange.discharged * cyclesPlayed / 3.6e6, unit: "kWh"),
      KPI(name: "simulated", value: last.time / 3600, unit: "h"),
      KPI(name: "integrated", value: run.integratedTime / 3600, unit: "h"),
    ]
    var settings = [
      "ODE": "CVODE BDF, rtol \(options.relativeTolerance), cycle jumps at \(options.maxRelativeChange) relative change",
      "duty cycle": "\(v.text("duty.profile")), \(cycle.duration) s per cycle",
    ]
    if v.text("duty.profile") == "microgrid" {
      kpis.append(KPI(name: "hydrogen_all_units", value: run.hydrogen * Double(v.integer("duty.units")), unit: "kg"))
    }
    if let failure = run.failure {
      settings["failure"] = "\(failure)"
      kpis.append(KPI(name: "completed", value: 0, unit: "flag"))
    } else {
      kpis.append(KPI(name: "completed", value: 1, unit: "flag"))
    }
    return RunOutput(kpis: kpis, tables: tables, solverSettings: settings)
  }
}
