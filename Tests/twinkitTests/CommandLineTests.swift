import Foundation
import Testing

/// Runs the built `twinkit` executable as a user would.
@Suite("twinkit command line")
struct CommandLineTests {
  /// The `twinkit` binary next to this test bundle.
  static var executable: URL {
    var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    while !FileManager.default.fileExists(atPath: directory.appendingPathComponent("twinkit").path),
      directory.path != "/"
    {
      directory.deleteLastPathComponent()
    }
    return directory.appendingPathComponent("twinkit")
  }

  /// Runs twinkit with `arguments` in `directory`; returns the exit code and standard output.
  @discardableResult
  func twinkit(_ arguments: [String], in directory: URL) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = Self.executable
    process.arguments = arguments
    process.currentDirectoryURL = directory
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = FileHandle.nullDevice
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
  }

  func workspace() throws -> URL {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("twinkit-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    let sweep = """
      model: refuelling-station
      seed: 3
      horizon: 4 h
      replications: 2
      outputs: kpis, replications, timeseries, events
      time_step: 10 min
      sweep:
        design: latin-hypercube
        points: 5
        seed: 11
        parameters:
          parameters.compressor.flow: {min: 60 kg/h, max: 160 kg/h}
          parameters.demand.arrival_rate: {min: 4 1/h, max: 14 1/h}
      """
    try sweep.write(to: directory.appendingPathComponent("study.yaml"), atomically: true, encoding: .utf8)
    return directory
  }

  @Test("Sharded and merged sweeps equal the unsharded sweep byte for byte; re-running resumes")
  func shardsMergeAndResume() throws {
    let dir = try workspace()
    #expect(try twinkit(["sweep", "study.yaml", "--out", "whole"], in: dir).status == 0)
    #expect(try twinkit(["sweep", "study.yaml", "--out", "s1", "--shard", "1/3"], in: dir).status == 0)
    #expect(try twinkit(["sweep", "study.yaml", "--out", "s2", "--shard", "2/3"], in: dir).status == 0)
    #expect(try twinkit(["sweep", "study.yaml", "--out", "s3", "--shard", "3/3"], in: dir).status == 0)
    #expect(try twinkit(["merge", "s1", "s2", "s3", "--out", "merged"], in: dir).status == 0)
    let whole = try Data(contentsOf: dir.appendingPathComponent("whole/sweep.csv"))
    let merged = try Data(contentsOf: dir.appendingPathComponent("merged/sweep.csv"))
    #expect(whole == merged)
    #expect(String(decoding: whole, as: UTF8.self).split(separator: "\n").count == 6, "header and five points")

    try FileManager.default.removeItem(at: dir.appendingPathComponent("whole/points/point-000002.csv"))
    let resumed = try twinkit(["sweep", "study.yaml", "--out", "whole"], in: dir)
    #expect(resumed.status == 0 && resumed.output.contains("4 of 5 points already complete"))
    #expect(try Data(contentsOf: dir.appendingPathComponent("whole/sweep.csv")) == whole)
  }

  @Test("run: same seed gives byte-identical CSV; bad input exits 2; a complete run is never overwritten")
  func runDeterminismAndExitCodes() throws {
    let dir = try workspace()
    #expect(try twinkit(["run", "study.yaml", "--out", "a"], in: dir).status == 0)
    #expect(try twinkit(["run", "study.yaml", "--out", "b"], in: dir).status == 0)
    for file in ["kpis.csv", "replications.csv", "timeseries.csv", "events.csv"] {
      let a = try Data(contentsOf: dir.appendingPathComponent("a/\(file)"))
      #expect(a == (try Data(contentsOf: dir.appendingPathComponent("b/\(file)"))))
    }
    #expect(try twinkit(["run", "study.yaml", "--out", "a"], in: dir).status == 2, "existing run")
    #expect(try twinkit(["run", "study.yaml", "--set", "horizon=soon"], in: dir).status == 2)
    #expect(try twinkit(["validate", "missing.yaml"], in: dir).status == 2)
    #expect(try twinkit(["run", "study.yaml", "--seed", "4", "--out", "c"], in: dir).status == 0)
    let c = try String(contentsOf: dir.appendingPathComponent("c/kpis.csv"), encoding: .utf8)
    #expect(c != (try String(contentsOf: dir.appendingPathComponent("a/kpis.csv"), encoding: .utf8)), "another seed, other draws")
  }

  @Test("schedule: ft06 optimised by iterations reaches 55 and writes a schedule the checker accepts; bad rules exit 2")
  func scheduleCommand() throws {
    let dir = try workspace()
    let ft06 = Self.root.appendingPathComponent("Models/jobshop/ft06.txt").path
    let result = try twinkit(["schedule", ft06, "--optimise", "--iterations", "500", "--out", "s"], in: dir)
    #expect(result.status == 0)
    #expect(result.output.contains("makespan                       55"))
    let lines = try String(contentsOf: dir.appendingPathComponent("s/schedule.csv"), encoding: .utf8).split(separator: "\n")
    #expect(lines.first == "job,operation,machine,setup_start,start,end" && lines.count == 37)
    #expect(try twinkit(["schedule", ft06, "--rule", "fastest"], in: dir).status == 2)
  }

  @Test("docs/scenario-schema.md is what `twinkit models --markdown` prints (the documented schema cannot go stale)")
  func schemaDocument() throws {
    let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    let generated = try twinkit(["models", "--markdown"], in: root).output
    let committed = try String(contentsOf: root.appendingPathComponent("docs/scenario-schema.md"), encoding: .utf8)
    #expect(generated == committed, "regenerate with: twinkit models --markdown > docs/scenario-schema.md")
  }

  static var root: URL {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
  }

  /// Every scenario in Examples/, and those in its folders that store expected KPIs (the park twin's
  /// module files run inside it).
  static var examples: [String] {
    let folder = root.appendingPathComponent("Examples").path
    let files = (try? FileManager.default.subpathsOfDirectory(atPath: folder)) ?? []
    return files.filter { file in
      file.hasSuffix(".yaml") && (!file.contains("/") || FileManager.default.fileExists(atPath: "\(folder)/\(file.dropLast(5)).expected.csv"))
    }.sorted()
  }

  /// Reads a CSV with a header into column name -> values of each row.
  func table(_ url: URL) throws -> (header: [String], rows: [[String]]) {
    let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    return (lines[0], Array(lines.dropFirst()))
  }

  @Test("Every file in Examples/ runs through `twinkit run` (or `sweep`) and reproduces its stored KPIs", arguments: examples)
  func example(_ file: String) throws {
    let out = try workspace().appendingPathComponent("out")
    let scenario = Self.root.appendingPathComponent("Examples/\(file)").path
    let isSweep = try String(contentsOfFile: scenario, encoding: .utf8).contains("\nsweep:")
    let result = try twinkit([isSweep ? "sweep" : "run", scenario, "--out", out.path], in: Self.root)
    #expect(result.status == 0)
    let expected = try table(Self.root.appendingPathComponent("Examples/\(file.replacingOccurrences(of: ".yaml", with: ".expected.csv"))"))
    if isSweep {
      let actual = try table(out.appendingPathComponent("sweep.csv"))
      #expect(actual.header == expected.header && actual.rows.count == expected.rows.count)
      for (a, e) in zip(actual.rows, expected.rows) { try expectClose(a, e, columns: actual.header) }
    } else {
      let actual = try table(out.appendingPathComponent("kpis.csv"))
      #expect(actual.rows.count == expected.rows.count)
      for (a, e) in zip(actual.rows, expected.rows) { try expectClose(Array(a.prefix(3)), e, columns: expected.header) }
    }
  }

  /// Numbers agree to 1e-9 relative (streamed samples perturb hybrid runs at round-off level), text exactly.
  func expectClose(_ actual: [String], _ expected: [String], columns: [String]) throws {
    for (i, (a, e)) in zip(actual, expected).enumerated() {
      if let x = Double(a), let y = Double(e) {
        #expect(abs(x - y) <= 1e-9 * max(1, abs(y)), "\(columns[i]): \(x) vs stored \(y)")
      } else {
        #expect(a == e, "\(columns[i])")
      }
    }
  }
}
