import ArgumentParser
import Dispatch
import Foundation
import Synchronization
import TwinKit

extension TwinKitCommand {
  struct Sweep: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Run the parameter study in a scenario's `sweep:` section; one summary row per point.",
      discussion: """
        Points run in parallel on all cores; each finished point is saved at once, so running the same
        command again resumes where it stopped. A batch scheduler's job array can split a sweep:
          twinkit sweep study.yaml --out runs/study-1 --shard 1/4     (and 2/4, 3/4, 4/4 elsewhere)
          twinkit merge runs/study-1 runs/study-2 runs/study-3 runs/study-4 --out runs/study
        gives the same sweep.csv, byte for byte, as one unsharded run.
        Exit codes: 0 ok, 1 a point failed, 2 bad input.
        """)

    @Argument(help: "The scenario file with a `sweep:` section.")
    var scenario: String

    @Option(help: "The sweep directory (default: runs/<scenario>-sweep).")
    var out: String?

    @Option(help: "Run only slice i of n (1-based): points whose index modulo n is i - 1.")
    var shard: String?

    @Option(name: .customLong("set"), help: ArgumentHelp("Override a key for every point (repeatable).", valueName: "key.path=value"))
    var overrides: [String] = []

    func run() throws {
      let design: SweepDesign
      do {
        design = try SweepDesign.read(from: scenario)
      } catch {
        printError(error.description)
        throw ExitCodes.badInput
      }
      let (shardIndex, shardCount) = try parseShard()
      let common = try overrides.map(parseOverride)
      // Validate every point before running any.
      var loaded: [LoadedScenario] = []
      var problems: [String] = []
      for (index, point) in design.points.enumerated() {
        do {
          loaded.append(try ScenarioLoader.load(path: scenario, overrides: common + point.map { ($0.key, $0.value) }))
        } catch {
          problems.append("point \(index): \(error.description)")
        }
      }
      guard problems.isEmpty else {
        printError(problems.joined(separator: "\n"))
        throw ExitCodes.badInput
      }
      let name = URL(fileURLWithPath: scenario).deletingPathExtension().lastPathComponent
      let directory = out ?? "runs/\(name)-sweep"
      let pointsDirectory = "\(directory)/points"
      try FileManager.default.createDirectory(atPath: pointsDirectory, withIntermediateDirectories: true)
      let hash = ScenarioLoader.contentHash(loaded.first?.source ?? "")
      try writeFileAtomically(
        "\(directory)/sweep.json",
        "{\n  \"points\" : \(design.points.count),\n  \"scenario\" : \"\(scenario)\",\n  \"scenario_hash_fnv1a64\" : \"\(hash)\"\n}\n")

      let mine = design.points.indices.filter { $0 % shardCount == shardIndex }
      let pending = mine.filter { !FileManager.default.fileExists(atPath: pointFile(pointsDirectory, $0)) }
      if pending.count < mine.count { print("resuming: \(mine.count - pending.count) of \(mine.count) points already complete") }
      let failures = Mutex<[String]>([])
      let progress = ProgressBar("sweep points")
      let finished = Mutex(0)
      let snapshot = loaded
      DispatchQueue.concurrentPerform(iterations: pending.count) { k in
        let index = pending[k]
        let scenario = snapshot[index]
        do {
          guard let model = ModelCatalog.model(named: scenario.header.model) else { return }
          let output = try model.run(scenario, context: RunContext())
          try writeFileAtomically(pointFile(pointsDirectory, index), pointRow(index, design.points[index], output))
          let done = finished.withLock { $0 += 1; return $0 }
          progress.update(done, pending.count)
        } catch {
          failures.withLock { $0.append("point \(index): \(error)") }
        }
      }
      let failed = failures.withLock { $0 }
      if !failed.isEmpty {
        printError(failed.sorted().joined(separator: "\n"))
        throw ExitCodes.modelFailure
      }
      try assemble(directory: directory, total: design.points.count)
    }

    private func parseShard() throws -> (Int, Int) {
      guard let shard else { return (0, 1) }
      let parts = shard.split(separator: "/").compactMap { Int($0) }
      guard parts.count == 2, parts[1] >= 1, (1...parts[1]).contains(parts[0]) else {
        printError("--shard \(shard): expected i/n with 1 <= i <= n")
        throw ExitCodes.badInput
      }
      return (parts[0] - 1, parts[1])
    }
  }

  struct Merge: ParsableCommand {
    static let configuration = CommandConfiguration(
      abstract: "Combine the outputs of sweep shards into one sweep directory and its sweep.csv.",
      discussion: "Example: twinkit merge runs/s-1 runs/s-2 --out runs/s\nExit codes: 0 ok, 2 bad input.")

    @Argument(help: "Shard directories written by `twinkit sweep --shard`.")
    var shards: [String]

    @Option(help: "The merged sweep directory.")
    var out: String

    func run() throws {
      let files = FileManager.default
      try files.createDirectory(atPath: "\(out)/points", withIntermediateDirectories: true)
      var manifest: String?
      for shard in shards {
        guard let text = try? String(contentsOfFile: "\(shard)/sweep.json", encoding: .utf8) else {
          printError("\(shard): not a sweep directory (no sweep.json)")
          throw ExitCodes.badInput
        }
        if let manifest, manifest != text {
          printError("\(shard): belongs to a different sweep (sweep.json differs)")
          throw ExitCodes.badInput
        }
        manifest = text
        for name in try files.contentsOfDirectory(atPath: "\(shard)/points") where name.hasSuffix(".csv") {
          let target = "\(out)/points/\(name)"
          if !files.fileExists(atPath: target) { try files.copyItem(atPath: "\(shard)/points/\(name)", toPath: target) }
        }
      }
      try writeFileAtomically("\(out)/sweep.json", manifest ?? "")
      let total = manifest.flatMap { text in
        text.split(separator: "\n").first { $0.contains("\"points\"") }?.split(separator: ":").last
          .flatMap { Int($0.trimmingCharacters(in: .whitespaces.union(CharacterSet(charactersIn: ",")))) }
      } ?? 0
      try assemble(directory: out, total: total)
    }
  }
}

func pointFile(_ directory: String, _ index: Int) -> String {
  "\(directory)/point-\(String(repeating: "0", count: max(0, 6 - String(index).count)))\(index).csv"
}

/// One point's summary row: the point index, the swept values as written, then every KPI (value and,
/// when replicated, the 95% half-width), units in the column names.
func pointRow(_ index: Int, _ point: [(key: String, value: String)], _ output: RunOutput) -> String {
  var header = ["point"] + point.map(\.key)
  var row: [CSVField] = [.integer(index)] + point.map { .text($0.value) }
  for kpi in output.kpis {
    header.append("\(kpi.name)_\(kpi.unit)")
    row.append(.number(kpi.value))
    if let halfWidth = kpi.halfWidth {
      header.append("\(kpi.name)_\(kpi.unit)_ci95")
      row.append(.number(halfWidth))
    }
  }
  return renderCSV(header: header, rows: [row])
}

/// Writes sweep.csv from the point files when all `total` points are complete.
func assemble(directory: String, total: Int) throws {
  var lines: [String] = []
  var missing = 0
  for index in 0..<total {
    guard let text = try? String(contentsOfFile: pointFile("\(directory)/points", index), encoding: .utf8) else {
      missing += 1
      continue
    }
    let rows = text.split(separator: "\n", omittingEmptySubsequences: true)
    if lines.isEmpty { lines.append(String(rows[0])) }
    lines.append(contentsOf: rows.dropFirst().map(String.init))
  }
  if missing > 0 {
    print("\(total - missing) of \(total) points complete in \(directory); run the other shards and `twinkit merge`")
    return
  }
  try writeFileAtomically("\(directory)/sweep.csv", lines.joined(separator: "\n") + "\n")
  print("sweep.csv: \(total) points in \(directory)/sweep.csv")
}
