import ArgumentParser
import Foundation
import TwinKit

/// Exit codes shared by the subcommands.
enum ExitCodes {
  /// The model or solver failed.
  static let modelFailure = ExitCode(1)
  /// The input (scenario, options) is bad.
  static let badInput = ExitCode(2)
}

/// Splits a `--set key.path=value` argument.
func parseOverride(_ text: String) throws -> (String, String) {
  guard let equals = text.firstIndex(of: "="), equals != text.startIndex else {
    printError("--set \(text): expected key.path=value")
    throw ExitCodes.badInput
  }
  return (String(text[..<equals]), String(text[text.index(after: equals)...]))
}

/// Writes to standard error.
func printError(_ text: String) {
  FileHandle.standardError.write(Data((text + "\n").utf8))
}

extension TwinKitCommand {
  struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Run a scenario and write its results (kpis.csv, tables, manifest.json) to a run directory.",
      discussion: """
        Examples:
          twinkit run Examples/refuelling-station.yaml
          twinkit run Examples/refuelling-station.yaml --seed 7 --set replications=40 --out runs/station-7
          twinkit run station.yaml --set parameters.compressor.flow="150 kg/h"

        Exit codes: 0 ok, 1 model or solver failure, 2 bad input.
        """)

    @Argument(help: "The scenario file (YAML).")
    var scenario: String

    @Option(help: "The run directory (default: runs/<scenario>-seed<seed>). An existing complete run is never overwritten.")
    var out: String?

    @Option(help: "Override the scenario's seed.")
    var seed: UInt64?

    @Option(name: .customLong("set"), help: ArgumentHelp("Override a key: key.path=value (repeatable).", valueName: "key.path=value"))
    var overrides: [String] = []

    func run() throws {
      var pairs = try overrides.map(parseOverride)
      if let seed { pairs.append(("seed", String(seed))) }
      let loaded: LoadedScenario
      do {
        loaded = try ScenarioLoader.load(path: scenario, overrides: pairs)
      } catch {
        printError(error.description)
        throw ExitCodes.badInput
      }
      guard let model = ModelCatalog.model(named: loaded.header.model) else { throw ExitCodes.badInput }
      let name = URL(fileURLWithPath: scenario).deletingPathExtension().lastPathComponent
      let path = out ?? "runs/\(name)-seed\(loaded.header.seed)"
      let directory: RunDirectory
      do {
        directory = try RunDirectory(path: path)
      } catch {
        printError("\(error)")
        throw ExitCodes.badInput
      }
      let start = Date()
      let output: RunOutput
      let progress = ProgressBar("replications")
      do {
        let context = RunContext(progress: { progress.update($0, $1) }, sink: CSVRunSink(directory: directory, header: loaded.header))
        output = try model.run(loaded, context: context)
      } catch {
        directory.abandon(reason: "\(error)")
        printError("run failed: \(error)\npartial output left in \(directory.workingPath)")
        throw ExitCodes.modelFailure
      }
      let wallTime = Date().timeIntervalSince(start)
      do {
        try write(output, loaded: loaded, to: directory, wallTime: wallTime)
        try directory.commit()
      } catch {
        directory.abandon(reason: "\(error)")
        printError("could not write results: \(error)")
        throw ExitCodes.modelFailure
      }
      printSummary(output, loaded: loaded, path: path, wallTime: wallTime)
    }

    private func write(_ output: RunOutput, loaded: LoadedScenario, to directory: RunDirectory, wallTime: Double) throws {
      let replicated = output.kpis.contains { $0.halfWidth != nil }
      let kpis = try directory.csv(
        "kpis.csv", header: ["name", "value", "unit"] + (replicated ? ["ci95_half_width", "replications"] : []))
      for kpi in output.kpis {
        var row: [CSVField] = [.text(kpi.name), .number(kpi.value), .text(kpi.unit)]
        if replicated { row += [.number(kpi.halfWidth ?? .nan), .integer(loaded.header.replications)] }
        try kpis.writeRow(row)
      }
      for table in output.tables where loaded.outputs.contains(String(table.name.split(separator: ".")[0])) {
        let writer = try directory.csv(table.name, header: table.header)
        for row in table.rows { try writer.writeRow(row.map(CSVField.number)) }
      }
      let manifest: [String: Any] = [
        "scenario": loaded.path,
        "scenario_hash_fnv1a64": ScenarioLoader.contentHash(loaded.source),
        "model": loaded.header.model,
        "seed": loaded.header.seed,
        "replications": loaded.header.replications,
        "horizon_s": loaded.header.horizon,
        "overrides": overrides,
        "twinkit_version": TwinKitCommand.version,
        "solver_settings": output.solverSettings,
        "wall_time_s": wallTime,
        "warnings": output.solverSettings["failure"].map { ["stopped early: \($0)"] } ?? [String](),
      ]
      let json = try JSONSerialization.data(withJSONObject: manifest, options: [.prettyPrinted, .sortedKeys])
      try directory.write("manifest.json", String(decoding: json, as: UTF8.self) + "\n")
    }

    private func printSummary(_ output: RunOutput, loaded: LoadedScenario, path: String, wallTime: Double) {
      print("\(loaded.header.model): \(loaded.header.replications) replication(s), seed \(loaded.header.seed), \(String(format: "%.2f", wallTime)) s")
      for kpi in output.kpis {
        let interval = kpi.halfWidth.map { String(format: " ± %.4g", $0) } ?? ""
        print("  \(kpi.name.padding(toLength: 26, withPad: " ", startingAt: 0)) \(String(format: "%12.6g", kpi.value))\(interval) \(kpi.unit)")
      }
      if let failure = output.solverSettings["failure"] {
        printError("stopped early: \(failure); the results up to then are kept")
      }
      print("results in \(path)/")
    }
  }

  struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Check scenario files without running them; every problem is reported with file:line:column and key.",
      discussion: "Example: twinkit validate Examples/*.yaml\nExit codes: 0 all valid, 2 a file has problems.")

    @Argument(help: "Scenario files.")
    var files: [String]

    func run() throws {
      var failed = false
      for file in files {
        do {
          let loaded = try ScenarioLoader.load(path: file)
          print("\(file): ok (\(loaded.header.model))")
        } catch {
          failed = true
          printError("\(file): \(error.description)")
        }
      }
      if failed { throw ExitCodes.badInput }
    }
  }

  struct Models: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "List the model kinds, their parameters (defaults in SI) and the stored parameter sets.",
      discussion: "`twinkit models --markdown > docs/scenario-schema.md` regenerates the documented schema.")

    @Flag(help: "Print the schema as Markdown tables.")
    var markdown = false

    func run() {
      if markdown {
        print(markdownSchema())
        return
      }
      for model in ModelCatalog.models {
        print("\(model.kind): \(model.summary)")
        printFields(model.fields, indent: "  ")
        let stored = ModelLibrary.entries(kind: model.kind)
        if !stored.isEmpty {
          print("  stored parameter sets (parameters: use: NAME):")
          for entry in stored { print("    \(entry.name): \(entry.provenance)") }
        }
      }
    }

    private func markdownSchema() -> String {
      var lines = ["# Scenario schema", "", "Generated by `twinkit models --markdown`; a test keeps it in step with the code.", "",
        "Every quantity takes its unit in the value (`\"120 kg/h\"`) or in the key (`flow_kg_per_h: 120`);",
        "defaults are shown in SI.", "", "## Keys of every scenario", "", "| key | kind | default | meaning |", "|---|---|---|---|"]
      lines += rows(ScenarioHeader.fields.filter { $0.name != "sweep" }, prefix: "")
      for model in ModelCatalog.models {
        lines += ["", "## `model: \(model.kind)`", "", model.summary, "", "Under `parameters:`:", "",
          "| key | kind | default | meaning |", "|---|---|---|---|"]
        lines += rows(model.fields, prefix: "")
      }
      return lines.joined(separator: "\n")
    }

    private func rows(_ fields: [Field], prefix: String) -> [String] {
      fields.flatMap { field -> [String] in
        let key = prefix.isEmpty ? field.name : "\(prefix).\(field.name)"
        switch field.kind {
        case .section(let children): return rows(children, prefix: key)
        case .quantity(let dimension):
          return ["| `\(key)` | \(dimension.rawValue) | \(field.defaultValue.map { "\($0) \(dimension.siUnit)" } ?? "required") | \(field.summary) |"]
        case .choice(let options):
          return ["| `\(key)` | one of \(options.joined(separator: ", ")) | \(field.defaultValue.map { "\($0)" } ?? "required") | \(field.summary) |"]
        case .integer, .text, .flag:
          return ["| `\(key)` | \(field.kind.label) | \(field.defaultValue.map { "\($0)" } ?? "required") | \(field.summary) |"]
        }
      }
    }

    private func printFields(_ fields: [Field], indent: String) {
      for field in fields {
        switch field.kind {
        case .section(let children):
          print("\(indent)\(field.name):  # \(field.summary)")
          printFields(children, indent: indent + "  ")
        case .quantity(let dimension):
          print("\(indent)\(field.name): \(field.defaultValue.map { "\($0) \(dimension.siUnit)" } ?? "required")  # \(field.summary) [\(dimension.rawValue)]")
        default:
          print("\(indent)\(field.name): \(field.defaultValue.map { "\($0)" } ?? "required")  # \(field.summary)")
        }
      }
    }
  }
}

extension TwinKitCommand {
  struct Report: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Write report.html for a run directory: KPI table and SVG charts, self-contained, rebuilt from the CSV files alone.",
      discussion: """
        Example: twinkit report runs/refuelling-station-seed2026
        With --with, other run or sweep directories add their KPI tables to the same report, e.g. a week of
        the park twin with its policy sweep: twinkit report runs/park-twin-seed2026 --with runs/park-policies
        Exit codes: 0 ok, 2 not a complete run directory.
        """)

    @Argument(help: "A run directory written by `twinkit run` (or `twinkit sweep`).")
    var runDirectory: String

    @Option(name: .customLong("with"), help: "Another run or sweep directory whose KPI table joins the report (repeatable).")
    var others: [String] = []

    func run() throws {
      do {
        let html = try HTMLReport.build(runDirectory: runDirectory, with: others)
        try writeFileAtomically("\(runDirectory)/report.html", html)
        print("report: \(runDirectory)/report.html")
      } catch {
        printError("\(error)")
        throw ExitCodes.badInput
      }
    }
  }
}
