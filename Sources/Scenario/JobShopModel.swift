import Foundation
internal import Scheduling

/// The `job-shop` model kind: a job-shop or flexible job-shop instance scheduled by a dispatch rule on the
/// kernel, optionally improved by tabu search.
public enum JobShopModel: ScenarioModel {
  /// The `model:` value.
  public static let kind = "job-shop"
  /// One line for `twinkit models`.
  public static let summary = "job shop / flexible job shop with setups, shift calendars and secondary resources: dispatch rules on the kernel, N5 tabu search; makespan, tardiness, utilisation"
  /// `schedule`: every operation's machine, start and end.
  public static let tableOutputs = ["schedule"]

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
    Field("optimise", .flag, default: .flag(false), "improve the best rule's schedule by tabu search (N5; machine moves for flexible shops)"),
    Field("objective", .choice(["makespan", "weighted-tardiness"]), default: .text("makespan"), "what the tabu search minimises"),
    Field("iterations", .integer, default: .integer(20_000), range: 0...1_000_000_000, "tabu search iterations (reproducible on any machine)"),
    Field("time_limit", .quantity(.time), default: .number(600), range: 0.001...1e6, "tabu search wall-clock cap (results then depend on speed)"),
    Field("due_factor", .quantity(.fraction), default: .number(0), range: 0...100, "due date = factor x the job's work (0: no due dates)"),
  ]

  /// The instance file must read.
  public static func consistencyIssues(_ v: ResolvedValues, at location: SourceLocation) -> [ScenarioIssue] {
    do {
      _ = try instance(v, scenarioFile: location.file)
      return []
    } catch let error as ScenarioError {
      return error.issues
    } catch {
      return [ScenarioIssue(location: location, keyPath: "instance", message: "\(error)")]
    }
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
    let rule = PriorityRule.named(v.text("rule")) ?? .mwkr
    var schedule = dispatchSchedule(shop, rule: rule)
    var settings = ["scheduler": "rule \(v.text("rule")) (non-delay, on the kernel)"]
    if v.flag("optimise") {
      let goal: ScheduleObjective = v.text("objective") == "weighted-tardiness" ? .weightedTardiness : .makespan
      let value = { (s: Schedule) in goal == .makespan ? s.makespan : ScheduleKPIs(s, instance: shop).weightedTardiness }
      let rules: [PriorityRule] = [.spt, .mwkr, .mor, .fifo, .lpt, .edd, .apparentTardinessCost(lookAhead: 2), rule]
      let best = rules.map { dispatchSchedule(shop, rule: $0) }.min { value($0) < value($1) }!
      var options = TabuSearchOptions()
      options.objective = goal
      options.maxIterations = v.integer("iterations")
      options.timeLimit = v.number("time_limit")
      options.seed = scenario.header.seed
      let result = tabuSearch(shop, start: best, options: options)
      schedule = result.schedule
      settings["scheduler"] = "best rule (\(v.text("objective")) \(value(best))) + tabu search on \(v.text("objective")), seed \(scenario.header.seed), \(result.iterations) iterations, best at \(result.bestIteration)"
    }
    let problems = schedule.violations(of: shop)
    guard problems.isEmpty else {
      throw ScenarioError(issues: [ScenarioIssue(location: SourceLocation(file: scenario.path, line: 0, column: 0), keyPath: "", message: "internal error, infeasible schedule: \(problems.prefix(3))")])
    }
    let k = ScheduleKPIs(schedule, instance: shop)
    // Native shops are read in seconds; benchmark files keep their own time units.
    let native = v.text("format") == "csv" || (v.text("format") == "auto" && v.text("instance").hasSuffix(".csv"))
    let time = native ? "s" : "time units"
    let kpis = [
      KPI(name: "makespan", value: k.makespan, unit: time),
      KPI(name: "total_tardiness", value: k.totalTardiness, unit: time),
      KPI(name: "weighted_tardiness", value: k.weightedTardiness, unit: time),
      KPI(name: "late_jobs", value: Double(k.lateJobs), unit: "jobs"),
      KPI(name: "on_time_rate", value: k.onTimeRate, unit: "fraction"),
      KPI(name: "mean_flow_time", value: k.meanFlowTime, unit: time),
      KPI(name: "mean_wip", value: k.meanWorkInProcess, unit: "jobs"),
      KPI(name: "mean_utilisation", value: k.utilisation.reduce(0, +) / Double(max(1, k.utilisation.count)), unit: "fraction"),
      KPI(name: "setup_share", value: k.setupShare, unit: "fraction"),
    ] + zip(shop.resources, k.resourceUtilisation).map { KPI(name: "utilisation_\($0.name)", value: $1, unit: "fraction") }
    let rows = schedule.operations.sorted { ($0.machine, $0.start) < ($1.machine, $1.start) }.map {
      [Double($0.job), Double($0.operation), Double($0.machine), $0.setupStart, $0.start, $0.end]
    }
    return RunOutput(
      kpis: kpis, tables: [("schedule.csv", ["job", "operation", "machine", "setup_start", "start", "end"], rows)],
      solverSettings: settings)
  }
}
