import Foundation
internal import FuelCell
internal import Microgrid
internal import Optimization
internal import SimKernel

/// The `microgrid` model kind: a park microgrid (PV, battery, fuel cells, grid with a time-of-use tariff)
/// dispatched by a rule or by the horizon's LP, from a scenario.
public enum MicrogridModel: ScenarioModel {
  /// The `model:` value.
  public static let kind = "microgrid"
  /// `years`: one row per horizon of a multi-year run.
  public static let tableOutputs = ["years"]
  /// One line for `twinkit models`.
  public static let summary = "park microgrid: PV (PVWatts), battery, fuel cells, grid with time-of-use tariff; rule or LP dispatch"

  /// Hydrogen's lower heating value, kWh/kg (120 MJ/kg).
  static let hydrogenLHV = 120e6 / 3.6e6

  /// A three-band time-of-use tariff's keys (shared with the job-shop model's energy option); the prices
  /// are assumptions, as no official provincial schedule is shipped.
  static let tariffBandFields = [
    Field("peak_price", .quantity(.energyPrice), default: .number(1.0 / 3.6e6), range: 0...1e-3, "peak price (assumed)"),
    Field("flat_price", .quantity(.energyPrice), default: .number(0.62 / 3.6e6), range: 0...1e-3, "flat price (assumed)"),
    Field("valley_price", .quantity(.energyPrice), default: .number(0.3 / 3.6e6), range: 0...1e-3, "valley price (assumed)"),
    Field("peak_hours", .text, default: .text("8-11, 17-22"), "peak hours, ranges start-end (end exclusive)"),
    Field("valley_hours", .text, default: .text("0-8"), "valley hours; the rest are flat"),
  ]

  /// The tariff under `prefix` (e.g. `tariff.` or `tariff.season_`), prices in CNY/kWh.
  static func timeOfUseTariff(_ v: ResolvedValues, prefix: String) -> TimeOfUseTariff {
    TimeOfUseTariff(
      peakPrice: v.number("\(prefix)peak_price") * 3.6e6, flatPrice: v.number("\(prefix)flat_price") * 3.6e6,
      valleyPrice: v.number("\(prefix)valley_price") * 3.6e6,
      peakHours: TimeOfUseTariff.hours(parsing: v.text("\(prefix)peak_hours")) ?? [],
      valleyHours: TimeOfUseTariff.hours(parsing: v.text("\(prefix)valley_hours")) ?? [])
  }

  /// The `parameters:` schema. Defaults are assumptions for a park like the guide's reference site, not
  /// data from it; every study should state its own.
  public static let fields: [Field] = [
    Field("use", .text, default: .text(""), "a stored parameter set in Models/microgrid/"),
    Field("site", .section([
      Field("latitude", .quantity(.angle), default: .number(32.0 * .pi / 180), range: -1.5707...1.5707, "latitude, north positive"),
      Field("longitude", .quantity(.angle), default: .number(118.8 * .pi / 180), range: -3.1416...3.1416, "longitude, east positive"),
      Field("utc_offset", .quantity(.time), default: .number(8 * 3600), range: -12 * 3600...14 * 3600, "local standard time minus UT"),
      Field("year", .integer, default: .integer(2026), range: 1950...2100, "calendar year of the run (sun position)"),
      Field("weather_file", .text, default: .text(""), "EPW weather file relative to the scenario (its location replaces the three above); empty: synthetic weather from the seed"),
    ]), "where the park is"),
    Field("load", .section([
      Field("file", .text, default: .text(""), "measured load CSV (time_h,power_kW), relative to the scenario; repeats when shorter than the horizon; empty: the built-in shape"),
      Field("annual_energy", .quantity(.energy), default: .number(450e3 * 3.6e6), range: 0...1e18, "built-in shape: consumption per 8,760 h"),
      Field("night_share", .quantity(.fraction), default: .number(0.45), range: 0...1, "night load over day load (built-in shape)"),
      Field("weekend_share", .quantity(.fraction), default: .number(0.6), range: 0...1, "weekend load over weekday load"),
    ]), "the park load: a measured file, or the built-in two-shift industrial shape"),
    Field("pv", .section([
      Field("rated", .quantity(.power), default: .number(35.75e3), range: 0...1e9, "DC rating at STC"),
      Field("tilt", .quantity(.angle), default: .number(25 * .pi / 180), range: 0...1.5708, "tilt from horizontal"),
      Field("azimuth", .quantity(.angle), default: .number(.pi), range: 0...6.2832, "azimuth clockwise from north"),
      Field("losses", .quantity(.fraction), default: .number(0.14), range: 0...1, "DC system losses (PVWatts default)"),
      Field("dc_to_ac", .quantity(.fraction), default: .number(1.2), range: 0.5...3, "DC-to-AC ratio"),
    ]), "the PV array (PVWatts v5, synthetic weather from the scenario seed)"),
    Field("battery", .section([
      Field("capacity", .quantity(.energy), default: .number(200 * 3.6e6), range: 0...1e15, "usable nameplate energy"),
      Field("max_charge", .quantity(.power), default: .number(100e3), range: 0...1e9, "charging power limit"),
      Field("max_discharge", .quantity(.power), default: .number(100e3), range: 0...1e9, "discharging power limit"),
      Field("charge_efficiency", .quantity(.fraction), default: .number(0.95), range: 0.01...1, "one-way charging efficiency"),
      Field("discharge_efficiency", .quantity(.fraction), default: .number(0.95), range: 0.01...1, "one-way discharging efficiency"),
      Field("soc_min", .quantity(.fraction), default: .number(0.1), range: 0...1, "lowest state of charge"),
      Field("soc_max", .quantity(.fraction), default: .number(0.95), range: 0...1, "highest state of charge"),
      Field("soc_initial", .quantity(.fraction), default: .number(0.5), range: 0...1, "state of charge at the start"),
      Field("wear_cost", .quantity(.energyPrice), default: .number(0), range: 0...1e-5, "wear cost per kWh discharged (0: cycling is free)"),
      Field("full_depth_cycles", .quantity(.coefficient), default: .number(6_000), range: 1...1e7, "fade: cycles at 100 % depth to end of life (assumed, LFP)"),
      Field("depth_exponent", .quantity(.coefficient), default: .number(1.5), range: 0...5, "fade: k in N(d) = N100 d^-k (assumed)"),
      Field("end_of_life_capacity", .quantity(.fraction), default: .number(0.8), range: 0...0.99, "fade: capacity left at end of life"),
      Field("calendar_fade", .quantity(.fraction), default: .number(0.01), range: 0...1, "fade: capacity lost per year of age (assumed)"),
      Field("kinetic_ratio", .quantity(.fraction), default: .number(0), range: 0...0.999, "KiBaM available-well share c (0: the simple energy balance)"),
      Field("kinetic_rate", .quantity(.rate), default: .number(0.5 / 3600), range: 1e-9...1, "KiBaM rate constant k"),
    ]), "the battery"),
    Field("fuel_cells", .section([
      Field("units", .integer, default: .integer(8), range: 0...10_000, "fuel-cell systems"),
      Field("unit_rating", .quantity(.power), default: .number(100e3), range: 0...1e9, "net electric rating per system"),
      Field("efficiency", .quantity(.fraction), default: .number(0.5), range: 0.01...1, "net electric efficiency on hydrogen LHV (incremental, beyond idle_hydrogen)"),
      Field("hydrogen_price", .quantity(.massPrice), default: .number(35), range: 0...1e6, "delivered hydrogen price"),
      Field("minimum_load", .quantity(.fraction), default: .number(0), range: 0...1, "lowest stable output of a running system (> 0: MILP)"),
      Field("start_cost", .quantity(.money), default: .number(0), range: 0...1e9, "cost per system start (> 0: MILP)"),
      Field("minimum_up", .quantity(.time), default: .number(0), range: 0...1e9, "time a started system stays on (> one step: MILP)"),
      Field("minimum_down", .quantity(.time), default: .number(0), range: 0...1e9, "time a stopped system stays off (> one step: MILP)"),
      Field("startup_time", .quantity(.time), default: .number(0), range: 0...1e9, "time a started system warms up before it delivers power (> 0: MILP; whole steps, rounded up)"),
      Field("om_cost", .quantity(.energyPrice), default: .number(0), range: 0...1e-5, "operation and maintenance per kWh delivered (assumed; 0: none)"),
      Field("idle_hydrogen", .quantity(.massFlow), default: .number(0), range: 0...1, "hydrogen a running system uses at any output (balance of plant); efficiency then rises with load (> 0: MILP)"),
    ]), "the fuel-cell systems; unit commitment (Cbc) when minimum load, start cost, minimum up or down time, start-up time or idle hydrogen is set"),
    Field("hydrogen", .section([
      Field("storage", .flag, default: .flag(false), "fuel cells draw from an on-site tank filled by deliveries (at fuel_cells.hydrogen_price) and the electrolyser"),
      Field("electrolyser_rating", .quantity(.power), default: .number(0), range: 0...1e9, "electrolyser electric rating (0: none)"),
      Field("electrolyser_energy", .quantity(.specificEnergy), default: .number(55 * 3.6e6), range: 1e6...1e9, "electricity per kg of hydrogen (assumed)"),
      Field("electrolyser_minimum_load", .quantity(.fraction), default: .number(0), range: 0...1, "lowest stable load (> 0: MILP)"),
      Field("electrolyser_standby", .quantity(.power), default: .number(0), range: 0...1e9, "power drawn while committed (> 0: MILP)"),
      Field("tank_capacity", .quantity(.mass), default: .number(200), range: 0...1e7, "most hydrogen in the tank"),
      Field("tank_minimum", .quantity(.mass), default: .number(10), range: 0...1e7, "least hydrogen kept"),
      Field("tank_initial", .quantity(.mass), default: .number(100), range: 0...1e7, "hydrogen at the start (the LP ends with at least as much)"),
      Field("tank_volume", .quantity(.volume), default: .number(10), range: 1e-3...1e6, "tank volume (pressure by Abel-Noble)"),
      Field("tank_temperature", .quantity(.temperature), default: .number(288.15), range: 200...400, "gas temperature"),
      Field("delivery_limit", .quantity(.massFlow), default: .number(1e3 / 3600), range: 0...1e3, "most hydrogen delivered per hour"),
    ]), "on-site hydrogen: electrolyser, tank and deliveries (off by default: the fuel cells burn delivered hydrogen)"),
    Field("vehicles", .section([
      Field("file", .text, default: .text(""), "charging sessions CSV (arrival_h, departure_h, energy_kWh, max_power_kW), relative to the scenario; empty: the built-in fleet"),
      Field("fleet", .integer, default: .integer(0), range: 0...100_000, "built-in fleet: vehicles charging once a day (0: none)"),
      Field("arrival", .quantity(.time), default: .number(8 * 3600), range: 0...86_400, "built-in fleet: mean plug-in time of day"),
      Field("departure", .quantity(.time), default: .number(18 * 3600), range: 0...86_400, "built-in fleet: mean departure time of day"),
      Field("spread", .quantity(.time), default: .number(3600), range: 0...43_200, "built-in fleet: uniform jitter of both times, +-"),
      Field("energy", .quantity(.energy), default: .number(30 * 3.6e6), range: 0...1e12, "built-in fleet: energy per session"),
      Field("max_power", .quantity(.power), default: .number(11e3), range: 1...1e9, "charger power limit"),
      Field("weekdays_only", .flag, default: .flag(true), "built-in fleet: no sessions on Saturdays and Sundays (the run starts on a Monday)"),
      Field("charging_rule", .choice(["immediate", "cheapest"]), default: .text("immediate"),
        "how the rule-based policies charge: at once, or in each session's cheapest hours (the LP and MPC optimise)"),
    ]), "EV/AGV charging: flexible load with an energy and a deadline per session"),
    Field("grid", .section([
      Field("import_limit", .quantity(.power), default: .number(1e6), range: 0...1e12, "connection capacity"),
      Field("reverse_flow", .flag, default: .flag(false), "whether export is allowed"),
      Field("export_price", .quantity(.energyPrice), default: .number(0), range: 0...1, "export revenue"),
      Field("demand_charge", .quantity(.powerPrice), default: .number(0), range: 0...1, "charge on each calendar month's peak import"),
      Field("carbon_intensity", .quantity(.emissionIntensity), default: .number(0.57 / 3.6e6), range: 0...1e-5, "grid CO2 per energy (assumed)"),
    ]), "the grid connection"),
    Field("tariff", .section(tariffBandFields + [
      Field("season_months", .text, default: .text(""), "calendar months of a season with its own schedule, e.g. '7-8, 12-1' (empty: none)"),
      Field("season_peak_price", .quantity(.energyPrice), default: .number(1.0 / 3.6e6), range: 0...1e-3, "season: peak price (assumed)"),
      Field("season_flat_price", .quantity(.energyPrice), default: .number(0.62 / 3.6e6), range: 0...1e-3, "season: flat price (assumed)"),
      Field("season_valley_price", .quantity(.energyPrice), default: .number(0.3 / 3.6e6), range: 0...1e-3, "season: valley price (assumed)"),
      Field("season_peak_hours", .text, default: .text("8-11, 17-22"), "season: peak hours"),
      Field("season_valley_hours", .text, default: .text("0-8"), "season: valley hours"),
    ]), "the time-of-use tariff, optionally with a season (no official provincial schedule is shipped: state yours)"),
    Field("dispatch", .section([
      Field("policy", .choice(["optimal", "mpc", "load-following", "cycle-charging", "tou-shaving"]), default: .text("optimal"),
        "optimal: the horizon's LP (Clp); mpc: rolling LP; rules as HOMER defines them; tou-shaving: valley charge, peak discharge"),
      Field("relative_gap", .quantity(.fraction), default: .number(1e-4), range: 0...1, "MILP: stop within this relative gap"),
      Field("time_limit", .quantity(.time), default: .number(300), range: 1...1e7, "LP/MILP wall-clock limit per solve (results then depend on machine speed)"),
      Field("window", .quantity(.time), default: .number(24 * 3600), range: 1...1e9, "mpc: look-ahead"),
      Field("replan", .quantity(.time), default: .number(3600), range: 1...1e9, "mpc: time between re-plans (at most the window)"),
      Field("forecast_error", .quantity(.fraction), default: .number(0), range: 0...2, "mpc: relative standard deviation of load and PV forecasts"),
      Field("years", .integer, default: .integer(1), range: 1...50, "horizons played in a row, the battery's capacity reduced by its fade after each (years.csv)"),
    ]), "how the units are dispatched"),
  ]

  /// Tariff hours parse, SOC bounds are ordered, MPC re-plans within its window, a load file reads as
  /// power, a weather file reads as EPW.
  public static func consistencyIssues(_ v: ResolvedValues, at location: SourceLocation) -> [ScenarioIssue] {
    var issues: [ScenarioIssue] = []
    if !v.text("site.weather_file").isEmpty {
      do {
        _ = try EPWReader.read(path: relativePath(v.text("site.weather_file"), scenarioFile: location.file))
      } catch {
        issues += error.issues
      }
    }
    if !v.text("load.file").isEmpty {
      do {
        let profile = try LoadProfileReader.read(path: relativePath(v.text("load.file"), scenarioFile: location.file))
        if profile.quantity != .power {
          issues.append(ScenarioIssue(location: location, keyPath: "load.file", message: "expected a power column (power_kW), found \(profile.quantity.rawValue)"))
        }
      } catch {
        issues += error.issues
      }
    }
    if SeasonalTariff.months(parsing: v.text("tariff.season_months")) == nil {
      issues.append(ScenarioIssue(location: location, keyPath: "tariff.season_months", message: "expected month ranges like '7-8, 12-1', found '\(v.text("tariff.season_months"))'"))
    }
    for key in ["tariff.peak_hours", "tariff.valley_hours", "tariff.season_peak_hours", "tariff.season_valley_hours"]
    where TimeOfUseTariff.hours(parsing: v.text(key)) == nil {
      issues.append(ScenarioIssue(location: location, keyPath: key, message: "expected hour ranges like '8-11, 17-22', found '\(v.text(key))'"))
    }
    if v.number("dispatch.replan") > v.number("dispatch.window") {
      issues.append(ScenarioIssue(location: location, keyPath: "dispatch.replan", message: "must not exceed dispatch.window"))
    }
    if v.flag("hydrogen.storage"),
      !(v.number("hydrogen.tank_minimum") <= v.number("hydrogen.tank_initial") && v.number("hydrogen.tank_initial") <= v.number("hydrogen.tank_capacity"))
    {
      issues.append(ScenarioIssue(location: location, keyPath: "hydrogen.tank_initial", message: "need tank_minimum <= tank_initial <= tank_capacity"))
    }
    if !v.text("vehicles.file").isEmpty {
      do {
        _ = try ChargingSessionReader.read(path: relativePath(v.text("vehicles.file"), scenarioFile: location.file))
      } catch {
        issues += error.issues
      }
    } else if v.integer("vehicles.fleet") > 0 {
      let stay = v.number("vehicles.departure") - v.number("vehicles.arrival") - 2 * v.number("vehicles.spread") - 2 * 3600
      if stay <= 0 || v.number("vehicles.energy") > v.number("vehicles.max_power") * stay {
        issues.append(ScenarioIssue(location: location, keyPath: "vehicles.energy", message: "the shortest stay (departure - arrival - 2 spread, less an hour at each end for the time grid) cannot take this energy at max_power"))
      }
    }
    let (low, start, high) = (v.number("battery.soc_min"), v.number("battery.soc_initial"), v.number("battery.soc_max"))
    if !(low <= start && start <= high && low < high) {
      issues.append(ScenarioIssue(location: location, keyPath: "battery.soc_initial", message: "need soc_min <= soc_initial <= soc_max with soc_min < soc_max"))
    }
    return issues
  }

  /// A data file's path: as given when absolute, else relative to the scenario file's folder.
  static func relativePath(_ file: String, scenarioFile: String) -> String {
    if file.hasPrefix("/") { return file }
    return URL(fileURLWithPath: scenarioFile).deletingLastPathComponent().appendingPathComponent(file).path
  }

  /// Load per step, kW: the file's power held between samples and repeated with the period of its last
  /// sample plus one sample spacing, or the built-in shape scaled to the annual energy.
  static func load(_ scenario: LoadedScenario, stepHours: Double, steps: Int) throws -> [Double] {
    let v = scenario.parameters
    guard !v.text("load.file").isEmpty else {
      var shape = IndustrialLoadShape()
      shape.nightShare = v.number("load.night_share")
      shape.weekendShare = v.number("load.weekend_share")
      return shape.profile(annualEnergy: v.number("load.annual_energy") / 3.6e6, stepHours: stepHours, steps: steps)
    }
    let profile = try LoadProfileReader.read(path: relativePath(v.text("load.file"), scenarioFile: scenario.path))
    let spacing = profile.times.count > 1 ? profile.times[profile.times.count - 1] - profile.times[profile.times.count - 2] : stepHours * 3600
    let period = profile.duration + spacing
    return (0..<steps).map { t in
      profile.value(at: (Double(t) * stepHours * 3600).truncatingRemainder(dividingBy: period)) / 1e3
    }
  }

  /// The site, its profiles and tariff in the Microgrid module's units (kW, kWh, h, CNY).
  static func build(_ scenario: LoadedScenario) throws -> (MicrogridSystem, SiteProfiles) {
    let v = scenario.parameters
    let stepHours = (scenario.header.timeStep ?? 3600) / 3600
    let steps = Int((scenario.header.horizon / 3600 / stepHours).rounded())
    let degrees = 180 / Double.pi
    let perKWh = 3.6e6
    let location = SiteLocation(
      latitude: v.number("site.latitude") * degrees, longitude: v.number("site.longitude") * degrees,
      utcOffset: v.number("site.utc_offset") / 3600)
    let weather: [WeatherSample]
    if v.text("site.weather_file").isEmpty {
      weather = SyntheticWeather(location: location, year: v.integer("site.year"))
        .generate(stepHours: stepHours, steps: steps, random: RandomStreams(seed: scenario.header.seed).stream("sky"))
    } else {
      // EPW hour k (1-24) covers the hour before it; a step takes its hour's values, the sun at its midpoint.
      let epw = try EPWReader.read(path: relativePath(v.text("site.weather_file"), scenarioFile: scenario.path))
      let site = SiteLocation(latitude: epw.latitude, longitude: epw.longitude, utcOffset: epw.utcOffset)
      weather = (0..<steps).map { t in
        let hours = Double(t) * stepHours
        let hour = Int(hours) % epw.global.count
        return WeatherSample(
          irradiance: Irradiance(global: epw.global[hour], directNormal: epw.directNormal[hour], diffuse: epw.diffuse[hour]),
          airTemperature: epw.airTemperature[hour], sun: site.sun(year: v.integer("site.year"), hours: hours + stepHours / 2))
      }
    }
    let array = PVArray(
      ratedDC: v.number("pv.rated") / 1e3, tilt: v.number("pv.tilt") * degrees, azimuth: v.number("pv.azimuth") * degrees,
      losses: v.number("pv.losses"), dcToAC: v.number("pv.dc_to_ac"))
    let load = try load(scenario, stepHours: stepHours, steps: steps)
    let tariff = SeasonalTariff(
      base: timeOfUseTariff(v, prefix: "tariff."), seasonMonths: SeasonalTariff.months(parsing: v.text("tariff.season_months")) ?? [],
      season: timeOfUseTariff(v, prefix: "tariff.season_"))
    let electricityPerKg = v.number("fuel_cells.efficiency") * hydrogenLHV
    let capacity = v.number("battery.capacity") / perKWh
    let system = MicrogridSystem(
      stepHours: stepHours,
      battery: capacity > 0
        ? Battery(
          capacity: capacity, maxCharge: v.number("battery.max_charge") / 1e3, maxDischarge: v.number("battery.max_discharge") / 1e3,
          chargeEfficiency: v.number("battery.charge_efficiency"), dischargeEfficiency: v.number("battery.discharge_efficiency"),
          minimumSOC: v.number("battery.soc_min"), maximumSOC: v.number("battery.soc_max"), initialSOC: v.number("battery.soc_initial"),
          wearCost: v.number("battery.wear_cost") * perKWh, fade: BatteryFade(
            fullDepthCycles: v.number("battery.full_depth_cycles"), depthExponent: v.number("battery.depth_exponent"),
            endOfLifeCapacity: v.number("battery.end_of_life_capacity"), calendarFadePerYear: v.number("battery.calendar_fade")),
          kinetic: v.number("battery.kinetic_ratio") > 0
            ? KineticBattery(capacityRatio: v.number("battery.kinetic_ratio"), rateConstant: v.number("battery.kinetic_rate") * 3600) : nil)
        : nil,
      fuelCells: FuelCellPlant(
        capacity: Double(v.integer("fuel_cells.units")) * v.number("fuel_cells.unit_rating") / 1e3,
        energyCost: v.number("fuel_cells.hydrogen_price") / electricityPerKg, hydrogenPerKWh: 1 / electricityPerKg,
        units: v.integer("fuel_cells.units"), minimumLoad: v.number("fuel_cells.minimum_load"), startCost: v.number("fuel_cells.start_cost"),
        minimumUpSteps: Int((v.number("fuel_cells.minimum_up") / 3600 / stepHours).rounded(.up)),
        minimumDownSteps: Int((v.number("fuel_cells.minimum_down") / 3600 / stepHours).rounded(.up)),
        startupSteps: Int((v.number("fuel_cells.startup_time") / 3600 / stepHours).rounded(.up)),
        operatingCost: v.number("fuel_cells.om_cost") * perKWh, idleHydrogen: v.number("fuel_cells.idle_hydrogen") * 3600),
      grid: GridConnection(
        importLimit: v.number("grid.import_limit") / 1e3, exportLimit: v.flag("grid.reverse_flow") ? .infinity : 0,
        importPrice: tariff.prices(year: v.integer("site.year"), stepHours: stepHours, steps: steps),
        exportPrice: Array(repeating: v.number("grid.export_price") * perKWh, count: steps),
        carbonIntensity: v.number("grid.carbon_intensity") * perKWh, demandCharge: v.number("grid.demand_charge") * 1e3,
        billingPeriods: GridConnection.calendarMonths(year: v.integer("site.year"), stepHours: stepHours, steps: steps)),
      hydrogen: v.flag("hydrogen.storage")
        ? HydrogenStorage(
          electrolyser: v.number("hydrogen.electrolyser_rating") > 0
            ? Electrolyser(
              rating: v.number("hydrogen.electrolyser_rating") / 1e3, energyPerKg: v.number("hydrogen.electrolyser_energy") / perKWh,
              minimumLoad: v.number("hydrogen.electrolyser_minimum_load"), standbyPower: v.number("hydrogen.electrolyser_standby") / 1e3)
            : nil,
          tank: HydrogenTank(
            capacity: v.number("hydrogen.tank_capacity"), minimumLevel: v.number("hydrogen.tank_minimum"),
            initialLevel: v.number("hydrogen.tank_initial"), volume: v.number("hydrogen.tank_volume"),
            temperature: v.number("hydrogen.tank_temperature")),
          purchasePrice: v.number("fuel_cells.hydrogen_price"), purchaseLimit: v.number("hydrogen.delivery_limit") * 3600)
        : nil)
    var site = system
    site.sessions = try sessions(scenario, stepHours: stepHours, steps: steps)
    site.chargingRule = ChargingRule(rawValue: v.text("vehicles.charging_rule")) ?? .immediate
    return (site, SiteProfiles(load: load, pv: array.acPower(weather)))
  }

  /// Charging sessions on the time grid: plugged in over the whole steps inside its stay.
  static func sessions(_ scenario: LoadedScenario, stepHours: Double, steps: Int) throws -> [ChargingSession] {
    let v = scenario.parameters
    let step = stepHours * 3600
    var rows: [ChargingSessionReader.Row] = []
    if !v.text("vehicles.file").isEmpty {
      rows = try ChargingSessionReader.read(path: relativePath(v.text("vehicles.file"), scenarioFile: scenario.path))
    } else if v.integer("vehicles.fleet") > 0 {
      let random = RandomStreams(seed: scenario.header.seed).stream("vehicles")
      let spread = v.number("vehicles.spread")
      for day in 0..<Int((Double(steps) * step / 86_400).rounded(.up)) {
        if v.flag("vehicles.weekdays_only"), day % 7 >= 5 { continue }
        for _ in 0..<v.integer("vehicles.fleet") {
          let arrival = Double(day) * 86_400 + v.number("vehicles.arrival") + random.uniform(-spread, spread)
          let departure = Double(day) * 86_400 + v.number("vehicles.departure") + random.uniform(-spread, spread)
          rows.append(.init(arrival: arrival, departure: departure, energy: v.number("vehicles.energy"), maxPower: v.number("vehicles.max_power"), line: 0))
        }
      }
    }
    var sessions: [ChargingSession] = []
    for row in rows {
      let first = Int((row.arrival / step).rounded(.up))
      let end = Int((row.departure / step).rounded(.down))
      guard first < steps else { continue }
      let session = ChargingSession(
        arrival: first, departure: max(end, first + 1), energy: row.energy / 3.6e6, maxPower: row.maxPower / 1e3)
      guard session.isFeasible(stepHours: stepHours) else {
        throw ScenarioError(issues: [ScenarioIssue(
          location: SourceLocation(file: row.line > 0 ? v.text("vehicles.file") : scenario.path, line: row.line, column: 1),
          keyPath: "vehicles", message: "a session needs \(session.energy) kWh but its whole steps (\(session.departure - session.arrival) of \(stepHours) h) at \(session.maxPower) kW cannot take it")])
      }
      sessions.append(session)
    }
    return sessions
  }

  /// One horizon dispatched by the scenario's policy; solver notes go into `settings`.
  static func dispatchSite(
    _ system: MicrogridSystem, profiles: SiteProfiles, scenario: LoadedScenario, forecast: RandomStream,
    settings: inout [String: String]
  ) throws -> Dispatch {
    let solveOptions = SolveOptions(
      timeLimit: scenario.parameters.number("dispatch.time_limit"), relativeGap: scenario.parameters.number("dispatch.relative_gap"))
    let policyName = scenario.parameters.text("dispatch.policy")
    let dispatch: Dispatch
    switch policyName {
    case "optimal":
      let (optimal, solution) = try system.optimalDispatch(profiles: profiles, options: solveOptions)
      dispatch = optimal
      settings["optimiser"] = "\(solution.solver), status \(solution.status.rawValue), objective \(solution.objective) CNY, gap \(solution.gap), \(solution.iterations) iterations"
    case "mpc":
      let v = scenario.parameters
      let steps = { (seconds: Double) in max(1, Int((seconds / 3600 / system.stepHours).rounded())) }
      var policy = ModelPredictive(
        window: steps(v.number("dispatch.window")), replanEvery: steps(v.number("dispatch.replan")),
        forecastError: v.number("dispatch.forecast_error"), random: forecast,
        options: solveOptions)
      dispatch = system.simulate(&policy, profiles: profiles)
      settings["MPC"] = "window \(policy.window) steps, re-plan every \(policy.replanEvery), forecast error \(policy.forecastError), \(policy.failedWindows) failed windows"
    case "load-following":
      var policy = LoadFollowing()
      dispatch = system.simulate(&policy, profiles: profiles)
    case "cycle-charging":
      var policy = CycleCharging()
      dispatch = system.simulate(&policy, profiles: profiles)
    default:
      let prices = system.grid.importPrice
      var policy = TimeOfUseShaving(valleyPrice: prices.min() ?? 0, peakPrice: prices.max() ?? 0)
      dispatch = system.simulate(&policy, profiles: profiles)
    }
    return dispatch
  }

  /// Dispatches the site by the chosen policy and reports KPIs (of the last horizon of a multi-year run,
  /// with its totals in `total_cost_all_years` and `years.csv`); `timeseries` streams the last horizon.
  public static func run(_ scenario: LoadedScenario, context: RunContext) throws -> RunOutput {
    let (site, profiles) = try build(scenario)
    let policyName = scenario.parameters.text("dispatch.policy")
    let weatherFile = scenario.parameters.text("site.weather_file")
    var settings = [
      "weather": weatherFile.isEmpty ? "synthetic (Haurwitz clear sky, Markov sky states, Erbs split), stream 'sky'" : "EPW \(weatherFile)",
      "policy": policyName,
    ]
    // Multi-year: each horizon runs on the capacity the battery has left after the previous ones.
    var system = site
    let initialCapacity = system.battery?.capacity ?? 0
    var lost = 0.0
    var yearRows: [[Double]] = []
    var dispatch = Dispatch(steps: 0)
    var result: DispatchEvaluation!
    var totalCost = 0.0
    let forecastStream = RandomStreams(seed: scenario.header.seed).stream("forecast")
    for year in 0..<scenario.parameters.integer("dispatch.years") {
      system.battery?.capacity = initialCapacity * max(0, 1 - lost)
      dispatch = try dispatchSite(system, profiles: profiles, scenario: scenario, forecast: forecastStream, settings: &settings)
      result = system.evaluate(dispatch, profiles: profiles)
      lost += result.batteryCapacityLost
      totalCost += result.totalCost
      yearRows.append([
        Double(year + 1), result.totalCost, result.imported / 1e3, result.selfSufficiency, system.battery?.capacity ?? 0,
        result.equivalentFullCycles(of: system.battery) ?? 0, lost,
      ])
    }

    if let sink = context.sink, scenario.outputs.contains("timeseries") {
      let series = try sink.timeSeries(
        "timeseries.csv",
        columns: ["load_kW", "pv_available_kW", "pv_used_kW", "fuel_cell_kW", "import_kW", "export_kW", "charge_kW", "discharge_kW",
          "stored_kWh", "unmet_kW", "price_CNY_per_kWh"]
          + (system.hydrogen == nil ? [] : ["electrolyser_kW", "hydrogen_bought_kg", "tank_kg", "tank_pressure_MPa"])
          + (system.sessions.isEmpty ? [] : ["vehicles_kW"]))
      for t in 0..<profiles.steps {
        var values = [
          profiles.load[t], profiles.pv[t], dispatch.pvUsed[t], dispatch.fuelCell[t], dispatch.gridImport[t], dispatch.gridExport[t],
          dispatch.charge[t], dispatch.discharge[t], result.stateOfCharge[t], dispatch.unmetLoad[t], system.grid.importPrice[t],
        ]
        if let storage = system.hydrogen {
          let level = result.hydrogenLevel[t]
          values += [dispatch.electrolyser[t], dispatch.hydrogenPurchased[t], level, storage.tank.pressure(level: level) / 1e6]
        }
        if !system.sessions.isEmpty { values.append(dispatch.sessionCharging.reduce(0) { $0 + $1[t] }) }
        try series.append(time: Double(t) * system.stepHours * 3600, values: values)
      }
    }
    // The baseline: every kWh from the grid at the same tariff and demand charge, vehicles charged at once.
    var gridOnlySite = MicrogridSystem(stepHours: system.stepHours, grid: system.grid)
    gridOnlySite.grid.exportLimit = 0
    gridOnlySite.sessions = system.sessions
    let noPV = SiteProfiles(load: profiles.load, pv: Array(repeating: 0, count: profiles.steps))
    var gridOnlyPolicy = LoadFollowing()
    let gridOnly = gridOnlySite.evaluate(gridOnlySite.simulate(&gridOnlyPolicy, profiles: noPV), profiles: noPV).totalCost
    let pvAvailable = profiles.pv.reduce(0, +) * system.stepHours
    let pvUsed = dispatch.pvUsed.reduce(0, +) * system.stepHours
    let fuelCell = dispatch.fuelCell.reduce(0, +) * system.stepHours
    let kpis = [
      KPI(name: "total_cost", value: result.totalCost, unit: "CNY"),
      KPI(name: "grid_energy_cost", value: result.energyCost, unit: "CNY"),
      KPI(name: "demand_cost", value: result.demandCost, unit: "CNY"),
      KPI(name: "hydrogen_cost", value: result.hydrogenCost, unit: "CNY"),
      KPI(name: "battery_wear_cost", value: result.wearCost, unit: "CNY"),
      KPI(name: "fuel_cell_om_cost", value: result.operatingCost, unit: "CNY"),
      KPI(name: "grid_only_cost", value: gridOnly, unit: "CNY"),
      KPI(name: "savings", value: gridOnly - result.totalCost, unit: "CNY"),
      KPI(name: "load", value: result.loadEnergy / 1e3, unit: "MWh"),
      KPI(name: "onsite_supply", value: (result.loadEnergy - result.imported - result.unmetEnergy) / 1e3, unit: "MWh"),
      KPI(name: "self_sufficiency", value: result.selfSufficiency, unit: "fraction"),
      KPI(name: "renewable_fraction", value: result.renewableFraction, unit: "fraction"),
      KPI(name: "pv_used", value: pvUsed / 1e3, unit: "MWh"),
      KPI(name: "pv_curtailed", value: (pvAvailable - pvUsed) / 1e3, unit: "MWh"),
      KPI(name: "fuel_cell_energy", value: fuelCell / 1e3, unit: "MWh"),
      KPI(name: "hydrogen", value: result.hydrogen, unit: "kg"),
      KPI(name: "fuel_cell_starts", value: Double(result.fuelCellStarts), unit: "starts"),
      KPI(name: "fuel_cell_hours", value: result.fuelCellHours, unit: "system h"),
      KPI(name: "start_cost", value: result.startCost, unit: "CNY"),
      KPI(name: "grid_import", value: result.imported / 1e3, unit: "MWh"),
      KPI(name: "grid_export", value: result.exported / 1e3, unit: "MWh"),
      KPI(name: "peak_import", value: result.peakImport, unit: "kW"),
      KPI(name: "co2", value: result.carbon / 1e3, unit: "t"),
      KPI(name: "battery_full_cycles", value: result.equivalentFullCycles(of: system.battery) ?? 0, unit: "cycles"),
      KPI(name: "battery_capacity_lost", value: lost, unit: "fraction"),
      KPI(name: "total_cost_all_years", value: totalCost, unit: "CNY"),
      KPI(name: "unmet_load", value: result.unmetEnergy, unit: "kWh"),
      KPI(name: "hydrogen_bought", value: system.hydrogen == nil ? result.hydrogen : result.hydrogenPurchased, unit: "kg"),
      KPI(name: "hydrogen_produced", value: result.hydrogenProduced, unit: "kg"),
      KPI(name: "vehicle_energy", value: result.vehicleEnergy / 1e3, unit: "MWh"),
      KPI(name: "vehicle_shortfall", value: result.vehicleShortfall, unit: "kWh"),
      KPI(name: "electrolyser_energy", value: result.electrolyserEnergy / 1e3, unit: "MWh"),
      KPI(name: "tank_pressure_max", value: (system.hydrogen.map { s in result.hydrogenLevel.map { s.tank.pressure(level: $0) }.max() ?? 0 } ?? 0) / 1e6, unit: "MPa"),
      KPI(name: "limit_violations", value: Double(result.violations.count), unit: "steps"),
    ]
    let years = (
      name: "years.csv",
      header: ["year", "total_cost_CNY", "grid_import_MWh", "self_sufficiency", "battery_capacity_kWh", "battery_full_cycles", "battery_capacity_lost"],
      rows: yearRows)
    return RunOutput(kpis: kpis, tables: [years], solverSettings: settings)
  }
}
