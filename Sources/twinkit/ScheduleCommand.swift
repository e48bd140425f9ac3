import ArgumentParser
import Foundation
import TwinKit

extension TwinKitCommand {
  struct ScheduleInstance: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "schedule",
      abstract: "Schedule a job-shop or flexible job-shop instance by a dispatch rule, or optimise it.",
      discussion: """
        The instance format follows the file: Brandimarte/Hurink flexible job shops (.fjs, or mk*.txt) or
        OR-Library job shops (.txt); --format taillard reads Taillard's layout. Writes schedule.csv (job,
        operation, machine, setup_start, start, end) and kpis.csv; `twinkit report DIR` draws its Gantt chart.

        Examples:
          twinkit schedule Models/jobshop/ft10.txt --rule mwkr
          twinkit schedule Models/jobshop/ft10.txt --optimise --time-limit 10 --out runs/ft10
          twinkit schedule Models/flexible-jobshop/mk01.txt --rule spt

        Exit codes: 0 ok, 2 bad input.
        """)

    @Argument(help: "The instance file.")
    var instance: String

    @Option(help: "Dispatch rule: fifo, spt, lpt, edd, mwkr, mor, cr, slack, atc.")
    var rule: String = "mwkr"

    @Option(help: "Machine choice for flexible operations: fastest, least-loaded, earliest-completion.")
    var machineChoice: String = "fastest"

    @Flag(help: "Improve the best rule's schedule by tabu search (N5, plus machine moves for flexible shops).")
    var optimise = false

    @Option(help: "Tabu search time limit, s (results then depend on the machine's speed).")
    var timeLimit: Double = 10

    @Option(help: "Tabu search iteration budget (reproducible on any machine).")
    var iterations: Int = .max

    @Option(help: "Tabu search seed.")
    var seed: UInt64 = 1

    @Option(help: "What the tabu search minimises: makespan or weighted-tardiness (needs --due-factor).")
    var objective: String = "makespan"

    @Option(help: "Due date of each job as this factor times its work (0: none; benchmark files have none).")
    var dueFactor: Double = 0

    @Option(help: "Input format: auto, orlib, taillard, fjs.")
    var format: String = "auto"

    @Option(help: "Where to write schedule.csv and kpis.csv (default: print only).")
    var out: String?

    func run() throws {
      guard let text = try? String(contentsOfFile: instance, encoding: .utf8) else {
        printError("\(instance): cannot read the file")
        throw ExitCodes.badInput
      }
      let name = URL(fileURLWithPath: instance).deletingPathExtension().lastPathComponent
      var shop: ShopInstance
      do {
        switch format {
        case "taillard": shop = try InstanceReader.taillard(text, name: name)
        case "fjs": shop = try InstanceReader.brandimarte(text, name: name)
        case "orlib": shop = try InstanceReader.orLibrary(text, name: name)
        default:
          let flexible = instance.hasSuffix(".fjs") || name.hasPrefix("mk")
          shop = flexible ? try InstanceReader.brandimarte(text, name: name) : try InstanceReader.orLibrary(text, name: name)
        }
      } catch {
        printError("\(instance): \(error)")
        throw ExitCodes.badInput
      }
      if dueFactor > 0 { for j in shop.jobs.indices { shop.jobs[j].due = shop.jobs[j].release + dueFactor * shop.jobs[j].minimumWork } }
      let goal: ScheduleObjective
      switch objective {
      case "makespan": goal = .makespan
      case "weighted-tardiness": goal = .weightedTardiness
      default:
        printError("--objective \(objective): expected makespan or weighted-tardiness")
        throw ExitCodes.badInput
      }
      guard let chosen = PriorityRule.named(rule) else {
        printError("--rule \(rule): expected fifo, spt, lpt, edd, mwkr, mor, cr, slack or atc")
        throw ExitCodes.badInput
      }
      guard let choice = MachineChoice(rawValue: machineChoice) else {
        printError("--machine-choice \(machineChoice): expected fastest, least-loaded or earliest-completion")
        throw ExitCodes.badInput
      }
      let start = DispatchTime.now().uptimeNanoseconds
      var schedule = dispatchSchedule(shop, rule: chosen, machineChoice: choice)
      var method = "rule \(rule)"
      if optimise {
        let rules: [PriorityRule] = [.spt, .mwkr, .mor, .fifo, .lpt, .edd, .apparentTardinessCost(lookAhead: 2), chosen]
        let value = { (s: Schedule) in goal == .makespan ? s.makespan : ScheduleKPIs(s, instance: shop).weightedTardiness }
        let best = rules.map { dispatchSchedule(shop, rule: $0, machineChoice: choice) }.min { value($0) < value($1) }!
        var options = TabuSearchOptions()
        options.timeLimit = timeLimit
        options.maxIterations = iterations
        options.seed = seed
        options.objective = goal
        let result = tabuSearch(shop, start: best, options: options)
        schedule = result.schedule
        method = "best rule (\(value(best))) + tabu search on \(objective), \(result.iterations) iterations, best at \(result.bestIteration)"
      }
      let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
      let problems = schedule.violations(of: shop)
      precondition(problems.isEmpty, "the scheduler produced an infeasible schedule: \(problems.prefix(3))")
      let kpis = ScheduleKPIs(schedule, instance: shop)
      let rows: [(String, Double)] = [
        ("makespan", kpis.makespan), ("total_tardiness", kpis.totalTardiness), ("weighted_tardiness", kpis.weightedTardiness),
        ("late_jobs", Double(kpis.lateJobs)), ("on_time_rate", kpis.onTimeRate), ("mean_flow_time", kpis.meanFlowTime),
        ("mean_wip", kpis.meanWorkInProcess),
        ("mean_utilisation", kpis.utilisation.reduce(0, +) / Double(max(1, kpis.utilisation.count))),
      ]
      print("\(name): \(shop.jobs.count) jobs, \(shop.machines) machines, \(shop.operationCount) operations; \(method); \(String(format: "%.3f", seconds)) s")
      for (key, value) in rows { print("  \(key.padding(toLength: 20, withPad: " ", startingAt: 0)) \(String(format: "%12.6g", value))") }
      guard let out else { return }
      do {
        let directory = try RunDirectory(path: out)
        let table = try directory.csv("schedule.csv", header: ["job", "operation", "machine", "setup_start", "start", "end"])
        for entry in schedule.operations.sorted(by: { ($0.machine, $0.start) < ($1.machine, $1.start) }) {
          try table.writeRow([
            .integer(entry.job), .integer(entry.operation), .integer(entry.machine), .number(entry.setupStart), .number(entry.start),
            .number(entry.end),
          ])
        }
        let summary = try directory.csv("kpis.csv", header: ["name", "value"])
        for (key, value) in rows { try summary.writeRow([.text(key), .number(value)]) }
        try directory.commit()
        print("results in \(out)/")
      } catch {
        printError("could not write results: \(error)")
        throw ExitCodes.modelFailure
      }
    }
  }
}
