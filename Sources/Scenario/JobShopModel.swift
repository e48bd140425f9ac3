import Foundation
internal import Microgrid
internal import Scheduling

/// The `job-shop` model kind: a job-shop or flexible job-shop instance scheduled by a dispatch rule on the
/// kernel, optionally improved by tabu search.
public enum JobShopModel: ScenarioModel {
  /// The `model:` value.
  public static let kind = "job-shop"
  /// One line for `twinkit models`.
  public static let summary = "job shop / flexible job shop with setups, shift calendars and secondary resources: dispatch rules on the kernel, N5 tabu search; makespan, tardiness, utilisation"
  /// `schedule`: every operation's machine, start and end; `power`: the shop's electric power over time
  /// (with an energy model), readable as a microgrid `load.file`; `policies`: the disturbance study's
  /// rescheduling policies (0 right shift, 1 partial, 2 full) with 95 % intervals.
  public static let tableOutputs = ["schedule", "power", "policies"]

  /// The `parameters:` schema.
  public static let fields: [Field] = [
    Field("use", .text, default: .text(""), "a stored parameter set in Models/job-shop/"),
    Field("instance", .text, "instance file, relative to the scenario: a benchmark (e.g. ../Models/jobshop/ft10.txt) or a native shop CSV"),
    Field("format", .choice(["auto", "orlib", "taillard", "fjs", "csv"]), default: .text("auto"),
      "file layout; auto: .csv native, Brandimarte (.fjs, mk*), else OR-Library"),
    Field("setups", .text, default: .text(""), "native shops: setup CSV (from,to,time_<unit>) by family, relative to the scenario"),
    Field("resources", .text, default: .text(""), "native shops: secondary resource CSV (resource,capacity); the jobs file names them in a resources column"),
    Field("calendar", .text, default: .text(""),
      "shift calendar CSV (machine,off_start_<unit>,off_end_<unit>[,every_<unit>,times][,mode pause|fit]), relative to the scenario"),
    Field("rule", .choice(["fifo", "spt", "lpt", "edd", "mwkr", "mor", "cr", "slack", "atc"]), default: .text("mwkr"), "dispatch rule"),
    Field("machine_choice", .choice(MachineChoice.allCases.map(\.rawValue)), default: .text("fastest"),
      "flexible operations: fastest idle machine, least-loaded idle machine, or earliest completion (may wait for a busy fast machine)"),
    Field("optimise", .flag, default: .flag(false), "improve the best rule's schedule by tabu search (N5; machine moves for flexible shops)"),
    Field("objective", .choice(["makespan", "weighted-tardiness", "energy-cost"]), default: .text("makespan"),
      "what the tabu search minimises (energy-cost: the machines' electricity under the tariff, timed cheapest, plus energy.tardiness_price x weighted tardiness)"),
    Field("iterations", .integer, default: .integer(20_000), range: 0...1_000_000_000, "tabu search iterations (reproducible on any machine)"),
    Field("time_limit", .quantity(.time), default: .number(600), range: 0.001...1e6, "tabu search wall-clock cap (results then depend on speed)"),
    Field("scrap_rate", .quantity(.fraction), default: .number(0), range: 0...1, "share of every machine's output scrapped (the OEE's quality; no rework is planned)"),
    Field("due_factor", .quantity(.fraction), default: .number(0), range: 0...100, "due date = factor x the job's work (0: no due dates)"),
    Field("energy", .section([
      Field("machine_power", .text, default: .text(""),
        "power drawn while setting up and processing: one value for every machine or one per machine, e.g. '30 kW, 12 kW, 45 kW' (empty: no energy model)"),
      Field("timing", .choice(["earliest", "cheapest"]), default: .text("earliest"),
        "earliest: operations start as early as possible; cheapest: each slides within its float to the cheapest tariff window (no job later than its due date, makespan kept)"),
      Field("tardiness_price", .quantity(.coefficient), default: .number(0), range: 0...1e9,
        "energy-cost objective: CNY per second of weighted tardiness (0.01 = 36 CNY/h)"),
      Field("profile_step", .quantity(.time), default: .number(900), range: 1...86_400, "step of the power profile (power.csv)"),
      Field("clock_start", .quantity(.time), default: .number(0), range: 0...86_399, "time of day at the schedule's time 0 (the tariff's hours are times of day)"),
    ]), "the machines' electricity under a time-of-use tariff (issue: production scheduling under time-of-use tariffs)"),
    Field("disturbances", .section([
      Field("mtbf", .quantity(.time), default: .number(0), range: 0...1e12, "mean time between failures of each machine, exponential (0: no breakdowns)"),
      Field("mttr", .quantity(.time), default: .number(0), range: 0...1e12, "mean time to repair, exponential"),
      Field("processing_cv", .quantity(.fraction), default: .number(0), range: 0...5,
        "coefficient of variation of actual processing times (lognormal factor of mean 1)"),
      Field("frozen_window", .quantity(.time), default: .number(0), range: 0...1e12, "partial rescheduling keeps what starts within this window"),
      Field("repair_rule", .choice(["fifo", "spt", "lpt", "edd", "mwkr", "mor", "cr", "slack", "atc"]), default: .text("mwkr"),
        "rule of the partial and full reschedules"),
    ]), "what-if: the schedule played over `replications` random disturbance streams; right shift, partial and full rescheduling compared with 95 % intervals (benchmark files: 1 s = 1 time unit)"),
    Field("tariff", .section(MicrogridModel.tariffBandFields), "the time-of-use tariff, as the microgrid model's (assumed prices; hours are times of day, see energy.clock_start)"),
  ]

  /// The instance file must read, the machine powers must parse and match the machines, and the
  /// energy-cost objective needs them.
  public static func consistencyIssues(_ v: ResolvedValues, at location: SourceLocation) -> [ScenarioIssue] {
    do {
      let shop = try instance(v, scenarioFile: location.file)
      var issues: [ScenarioIssue] = []
      for key in ["tariff.peak_hours", "tariff.valley_hours"] where TimeOfUseTariff.hours(parsing: v.text(key)) == nil {
        issues.append(ScenarioIssue(location: location, keyPath: key, message: "expected hour ranges like '8-11, 17-22', found '\(v.text(key))'"))
      }
      switch machinePower(v, machines: shop.machines) {
      case .failure(let problem):
        issues.append(ScenarioIssue(location: location, keyPath: "energy.machine_power", message: problem.message))
      case .success(let power) where power.isEmpty && (v.text("objective") == "energy-cost" || v.text("energy.timing") == "cheapest"):
        issues.append(ScenarioIssue(location: location, keyPath: "energy.machine_power", message: "the energy-cost objective and cheapest timing need machine powers"))
      default: break
      }
      if (v.number("disturbances.mtbf") > 0) != (v.number("disturbances.mttr") > 0) {
        issues.append(ScenarioIssue(location: location, keyPath: "disturbances.mttr", message: "breakdowns need both mtbf and mttr above 0"))
      }
      return issues
    } catch let error as ScenarioError {
      return error.issues
    } catch {
      return [ScenarioIssue(location: location, keyPath: "instance", message: "\(error)")]
    }
  }

  /// The machine powers, W: none, one for all, or one per machine.
  static func machinePower(_ v: ResolvedValues, machines: Int) -> Result<[Double], MachinePowerProblem> {
    let text = v.text("energy.machine_power")
    guard !text.trimmingWhitespace().isEmpty else { return .success([]) }
    var values: [Double] = []
    for part in text.split(separator: ",") {
      guard let watts = try? parseQuantity(String(part), dimension: .power, unitFromKey: nil), watts >= 0 else {
        return .failure(MachinePowerProblem(message: "expected powers with units such as '30 kW', found '\(part.trimmingWhitespace())'"))
      }
      values.append(watts)
    }
    if values.count == 1 { return .success(Array(repeating: values[0], count: machines)) }
    guard values.count == machines else {
      return .failure(MachinePowerProblem(message: "expected one power or \(machines) (one per machine), found \(values.count)"))
    }
    return .success(values)
  }

  /// The tariff as hourly bands over a day from the schedule's time 0 (at `energy.clock_start`), CNY/J.
  static func tariff(_ v: ResolvedValues) -> EnergyTariff {
    let tou = MicrogridModel.timeOfUseTariff(v, prefix: "tariff.")
    let offset = v.number("energy.clock_start"), day = 86_400.0
    let price = { (time: Double) in tou.price(atHour: (time + offset) / 3600) / 3.6e6 }
    // A band at time 0 and one at each hour of the day, in schedule time.
    let changes = [0] + (0..<24).map { (Double($0) * 3600 - offset + day).truncatingRemainder(dividingBy: day) }.filter { $0 > 0 }
    return EnergyTariff(period: day, bands: changes.map { .init(start: $0, price: price($0)) })
  }

  static func instance(_ v: ResolvedValues, scenarioFile: String) throws -> ShopInstance {
    var shop = try shopWithoutCalendars(v, scenarioFile: scenarioFile)
    if let calendar = optionalPath(v, "calendar", scenarioFile: scenarioFile) {
      shop.calendars = try ShopCSVReader.readCalendars(calendar, machines: shop.machines)
    }
    return shop
  }

  /// A file parameter's path relative to the scenario, nil when empty.
  private static func optionalPath(_ v: ResolvedValues, _ key: String, scenarioFile: String) -> String? {
    v.text(key).isEmpty ? nil : MicrogridModel.relativePath(v.text(key), scenarioFile: scenarioFile)
  }

  private static func shopWithoutCalendars(_ v: ResolvedValues, scenarioFile: String) throws -> ShopInstance {
    let path = MicrogridModel.relativePath(v.text("instance"), scenarioFile: scenarioFile)
    if v.text("format") == "csv" || (v.text("format") == "auto" && path.hasSuffix(".csv")) {
      return try ShopCSVReader.read(
        jobsPath: path, setupPath: optionalPath(v, "setups", scenarioFile: scenarioFile),
        resourcePath: optionalPath(v, "resources", scenarioFile: scenarioFile))
    }
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
      throw ScenarioError(issues: [ScenarioIssue(location: SourceLocation(file: path, line: 0, column: 0), keyPath: "instance", message: "cannot read the instance file")])
    }
    let name = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
    do {
      switch v.text("format") {
      case "orlib": return try InstanceReader.orLibrary(text, name: name)
      case "taillard": return try InstanceReader.taillard(text, name: name)
      case "fjs": return try InstanceReader.brandimarte(text, name: name)
      default:
        return path.hasSuffix(".fjs") || name.hasPrefix("mk")
          ? try InstanceReader.brandimarte(text, name: name) : try InstanceReader.orLibrary(text, name: name)
      }
    } catch {
      throw ScenarioError(issues: [ScenarioIssue(location: SourceLocation(file: path, line: error.line, column: 1), keyPath: "instance", message: error.message)])
    }
  }

  /// Schedules the instance and reports the KPIs; `schedule` writes every operation.
  public static func run(_ scenario: LoadedScenario, context: RunContext) throws -> RunOutput {
    let v = scenario.parameters
    var shop = try instance(v, scenarioFile: scenario.path)
    let factor = v.number("due_factor")
    if factor > 0 { for j in shop.jobs.indices { shop.jobs[j].due = shop.jobs[j].release + factor * shop.jobs[j].minimumWork } }
    if case .success(let power) = machinePower(v, machines: shop.machines) { shop.machinePower = power }
    shop.scrapRates = Array(repeating: v.number("scrap_rate"), count: shop.machines)
    let tariff = tariff(v)
    let cheapest = v.text("energy.timing") == "cheapest" || v.text("objective") == "energy-cost"
    let rule = PriorityRule.named(v.text("rule")) ?? .mwkr
    let choice = MachineChoice(rawValue: v.text("machine_choice")) ?? .fastest
    var schedule = dispatchSchedule(shop, rule: rule, machineChoice: choice)
    var settings = ["scheduler": "rule \(v.text("rule")) (non-delay, on the kernel)"]
    if v.flag("optimise") {
      let goal: ScheduleObjective
      switch v.text("objective") {
      case "weighted-tardiness": goal = .weightedTardiness
      case "energy-cost": goal = .energyCost(tardinessPrice: v.number("energy.tardiness_price"))
      default: goal = .makespan
      }
      let value = { (s: Schedule) -> Double in
        switch goal {
        case .makespan: return s.makespan
        case .weightedTardiness: return ScheduleKPIs(s, instance: shop).weightedTardiness
        case .energyCost(let price):
          return price * ScheduleKPIs(s, instance: shop).weightedTardiness
            + ScheduleEnergy(shiftIntoCheapPeriods(s, of: shop, tariff: tariff), instance: shop, tariff: tariff).cost
        }
      }
      let rules: [PriorityRule] = [.spt, .mwkr, .mor, .fifo, .lpt, .edd, .apparentTardinessCost(lookAhead: 2), rule]
      let best = rules.map { dispatchSchedule(shop, rule: $0, machineChoice: choice) }.min { value($0) < value($1) }!
      var options = TabuSearchOptions()
      options.objective = goal
      options.maxIterations = v.integer("iterations")
      options.timeLimit = v.number("time_limit")
      options.seed = scenario.header.seed
      options.tariff = tariff
      let result = tabuSearch(shop, start: best, options: options)
      schedule = result.schedule
      settings["scheduler"] = "best rule (\(v.text("objective")) \(value(best))) + tabu search on \(v.text("objective")), seed \(scenario.header.seed), \(result.iterations) iterations, best at \(result.bestIteration)"
    }
    if cheapest, v.text("objective") != "energy-cost" || !v.flag("optimise") {
      schedule = shiftIntoCheapPeriods(schedule, of: shop, tariff: tariff)
      settings["timing"] = "cheapest tariff window within each operation's float"
    }
    let problems = schedule.violations(of: shop)
    guard problems.isEmpty else {
      throw ScenarioError(issues: [ScenarioIssue(location: SourceLocation(file: scenario.path, line: 0, column: 0), keyPath: "", message: "internal error, infeasible schedule: \(problems.prefix(3))")])
    }
    let k = ScheduleKPIs(schedule, instance: shop)
    // Native shops are read in seconds; benchmark files keep their own time units.
    let native = v.text("format") == "csv" || (v.text("format") == "auto" && v.text("instance").hasSuffix(".csv"))
    let time = native ? "s" : "time units"
    var kpis = [
      KPI(name: "makespan", value: k.makespan, unit: time),
      KPI(name: "total_tardiness", value: k.totalTardiness, unit: time),
      KPI(name: "weighted_tardiness", value: k.weightedTardiness, unit: time),
      KPI(name: "late_jobs", value: Double(k.lateJobs), unit: "jobs"),
      KPI(name: "on_time_rate", value: k.onTimeRate, unit: "fraction"),
      KPI(name: "mean_flow_time", value: k.meanFlowTime, unit: time),
      KPI(name: "mean_wip", value: k.meanWorkInProcess, unit: "jobs"),
      KPI(name: "mean_utilisation", value: k.utilisation.reduce(0, +) / Double(max(1, k.utilisation.count)), unit: "fraction"),
      KPI(name: "setup_share", value: k.setupShare, unit: "fraction"),
      KPI(name: "oee", value: k.oee, unit: "fraction"),
      KPI(name: "availability", value: k.availability, unit: "fraction"),
      KPI(name: "performance", value: k.performance, unit: "fraction"),
      KPI(name: "quality", value: k.quality, unit: "fraction"),
    ] + zip(shop.resources, k.resourceUtilisation).map { KPI(name: "utilisation_\($0.name)", value: $1, unit: "fraction") }
    var tables: [(name: String, header: [String], rows: [[Double]])] = []
    let rows = schedule.operations.sorted { ($0.machine, $0.start) < ($1.machine, $1.start) }.map {
      [Double($0.job), Double($0.operation), Double($0.machine), $0.setupStart, $0.start, $0.end]
    }
    tables.append(("schedule.csv", ["job", "operation", "machine", "setup_start", "start", "end"], rows))
    if !shop.machinePower.isEmpty {
      let energy = ScheduleEnergy(schedule, instance: shop, tariff: tariff)
      kpis += [
        KPI(name: "energy", value: energy.energy / 3.6e6, unit: "kWh"),
        KPI(name: "energy_cost", value: energy.cost, unit: "CNY"),
        KPI(name: "energy_above_valley", value: energy.shareAboveValley, unit: "fraction"),
      ]
      // Hours and kW, the layout a microgrid scenario's load.file reads.
      let step = v.number("energy.profile_step")
      let profile = schedule.powerProfile(of: shop, step: step)
      tables.append(("power.csv", ["time_h", "power_kW"], profile.indices.map { [Double($0) * step / 3600, profile[$0] / 1000] }))
    }
    if let study = disturbanceStudy(schedule, of: shop, scenario: scenario, unit: time) {
      kpis += study.kpis
      tables.append(study.table)
    }
    return RunOutput(kpis: kpis, tables: tables, solverSettings: settings)
  }

  /// The what-if study of `disturbances`: nil when no disturbance is set.
  private static func disturbanceStudy(
    _ plan: Schedule, of shop: ShopInstance, scenario: LoadedScenario, unit: String
  ) -> (kpis: [KPI], table: (name: String, header: [String], rows: [[Double]]))? {
    let v = scenario.parameters
    let (mtbf, mttr, cv) = (v.number("disturbances.mtbf"), v.number("disturbances.mttr"), v.number("disturbances.processing_cv"))
    guard (mtbf > 0 && mttr > 0) || cv > 0 else { return nil }
    let rule = PriorityRule.named(v.text("disturbances.repair_rule")) ?? .mwkr
    let policies: [(name: String, policy: ReschedulingPolicy)] = [
      ("right_shift", .rightShift), ("partial", .partial(frozenWindow: v.number("disturbances.frozen_window"), rule: rule)), ("full", .full(rule: rule)),
    ]
    let results = compareReschedulingPolicies(
      plan, of: shop, policies: policies.map(\.policy),
      breakdowns: mtbf > 0 && mttr > 0 ? BreakdownProcess(meanTimeBetweenFailures: mtbf, meanTimeToRepair: mttr) : nil,
      variability: cv > 0 ? ProcessingTimeVariability(coefficientOfVariation: cv) : nil,
      replications: max(2, scenario.header.replications), seed: scenario.header.seed)
    var kpis: [KPI] = []
    for (p, r) in zip(policies, results) {
      kpis += [
        KPI(name: "realised_makespan_\(p.name)", value: r.makespan.mean, unit: unit),
        KPI(name: "operations_moved_\(p.name)", value: r.operationsMoved.mean, unit: "operations"),
        KPI(name: "start_shift_\(p.name)", value: r.startShift.mean, unit: unit),
        KPI(name: "oee_\(p.name)", value: r.oee.mean, unit: "fraction"),
      ]
    }
    // One row per policy (0 right shift, 1 partial, 2 full): means and 95 % interval bounds.
    let rows = results.enumerated().map { p, r in
      [Double(p), r.makespan.mean, r.makespan.lower, r.makespan.upper, r.operationsMoved.mean, r.operationsMoved.lower, r.operationsMoved.upper,
       r.startShift.mean, r.startShift.lower, r.startShift.upper, r.oee.mean, r.oee.lower, r.oee.upper]
    }
    let header = ["policy", "makespan_mean", "makespan_lower", "makespan_upper", "moved_mean", "moved_lower", "moved_upper",
                  "shift_mean", "shift_lower", "shift_upper", "oee_mean", "oee_lower", "oee_upper"]
    return (kpis, ("policies.csv", header, rows))
  }
}

/// Why `energy.machine_power` does not read.
struct MachinePowerProblem: Error {
  let message: String
}
