import Foundation
import Scenario
import Testing

@Suite("Scenario validation: every problem named by line, column and key")
struct ValidationTests {
  static let valid = """
    model: refuelling-station
    seed: 5
    horizon: 2 h
    parameters:
      compressor:
        flow: 120 kg/h
    """

  /// Loads text and returns its issues (none if valid).
  func issues(_ text: String, overrides: [(String, String)] = []) -> [ScenarioIssue] {
    do {
      _ = try ScenarioLoader.load(text: text, path: "test.yaml", overrides: overrides)
      return []
    } catch {
      return error.issues
    }
  }

  @Test("Units in the value or in the key convert to SI; defaults fill the rest")
  func units() throws {
    let text = """
      model: refuelling-station
      seed: 5
      horizon_h: 2
      parameters:
        buffer:
          volume: 4000 L
          temperature: 15 degC
          initial_pressure: 400 bar
        compressor:
          flow_kg_per_min: 2
        demand:
          arrival_rate: 0.25 1/min
          heavy_share: 30 %
      """
    let loaded = try ScenarioLoader.load(text: text, path: "units.yaml")
    #expect(loaded.header.horizon == 7200)
    let v = loaded.parameters
    #expect(v.number("buffer.volume") == 4)
    #expect(abs(v.number("buffer.temperature") - 288.15) < 1e-12)
    #expect(v.number("buffer.initial_pressure") == 40e6)
    #expect(v.number("compressor.flow") == 2.0 / 60)
    #expect(v.number("demand.arrival_rate") == 0.25 / 60)
    #expect(v.number("demand.heavy_share") == 0.3)
    #expect(v.number("buffer.fill_pause_pressure") == 15e6, "default")
  }

  @Test(
    "Each error class names the right line, column and key",
    arguments: [
      ("horizon: 2 h", "horizon: 2", 3, 10, "horizon", "needs a unit"),
      ("horizon: 2 h", "horizon: 2 parsecs", 3, 10, "horizon", "unknown unit 'parsecs'"),
      ("horizon: 2 h", "horizon: 2 kg", 3, 10, "horizon", "is a unit of mass"),
      ("horizon: 2 h", "horizon: soon", 3, 10, "horizon", "expected a number"),
      ("seed: 5", "seed: five", 2, 7, "seed", "expected a whole number"),
      ("seed: 5", "seeds: 5", 2, 1, "seeds", "did you mean 'seed'?"),
      ("    flow: 120 kg/h", "    flow: 120 kWh", 6, 11, "compressor.flow", "is a unit of energy"),
      ("    flow: 120 kg/h", "    flwo: 120 kg/h", 6, 5, "compressor.flwo", "did you mean 'flow'?"),
      ("    flow: 120 kg/h", "    flow: -1 kg/h", 6, 11, "compressor.flow", "out of range"),
      ("    flow: 120 kg/h", "    flow: [1, 2]", 6, 11, "compressor.flow", "expected a single value"),
      ("model: refuelling-station", "model: refueling-station", 1, 8, "model", "did you mean 'refuelling-station'?"),
    ])
  func errorClasses(original: String, replacement: String, line: Int, column: Int, key: String, message: String) throws {
    let found = issues(Self.valid.replacingOccurrences(of: original, with: replacement))
    let issue = try #require(found.first { $0.keyPath == key }, "no issue for \(key) in \(found)")
    #expect(issue.location.file == "test.yaml")
    #expect(issue.location.line == line && issue.location.column == column, "\(issue)")
    #expect(issue.message.contains(message), "\(issue.message)")
  }

  @Test("A duplicate key is named at its first occurrence; YAML aliases resolve to their anchor")
  func duplicatesAndAliases() throws {
    let duplicate = issues(Self.valid + "\nseed: 6\n")
    #expect(duplicate.count == 1)
    #expect(duplicate.first?.keyPath == "seed" && duplicate.first?.message.contains("duplicate key") == true)
    #expect(duplicate.first?.location.line == 2, "\(duplicate)")
    let loaded = try ScenarioLoader.load(
      text: "model: &m refuelling-station\nseed: 1\nhorizon: 1 h\ndescription: *m\n", path: "alias.yaml")
    #expect(loaded.header.model == "refuelling-station")
  }

  @Test("A missing key names the mapping it is missing from")
  func missingKey() {
    let found = issues(Self.valid.replacingOccurrences(of: "seed: 5\n", with: ""))
    #expect(found.count == 1)
    #expect(found.first?.keyPath == "seed" && found.first?.message.contains("missing required key") == true)
  }

  @Test("All problems in a file come at once, in document order")
  func allAtOnce() {
    let text = """
      model: refuelling-station
      seed: x
      horizon: 1
      parameters:
        buffer:
          volum: 4 m3
        dispensers:
          count_35: two
      """
    let found = issues(text)
    #expect(found.map(\.keyPath) == ["seed", "horizon", "buffer.volum", "dispensers.count_35"])
    #expect(found.map(\.location.line) == [2, 3, 6, 8])
  }

  @Test("Inconsistent combinations are reported")
  func consistency() {
    let text = Self.valid + "\n  buffer:\n    compressor_start_pressure: 45 MPa\n    compressor_stop_pressure: 40 MPa\n"
    let found = issues(text)
    #expect(found.contains { $0.keyPath == "buffer.compressor_start_pressure" && $0.message.contains("below") })
  }

  @Test("YAML syntax errors carry the position libyaml reports")
  func syntax() {
    let found = issues("model: refuelling-station\nseed: [1\n")
    #expect(found.count == 1)
    #expect(found[0].location.line == 3 && found[0].message.contains("YAML syntax"))
  }

  @Test("--set overrides replace values and are validated like the file")
  func overrides() throws {
    let loaded = try ScenarioLoader.load(
      text: Self.valid, path: "test.yaml", overrides: [("parameters.compressor.flow", "90 kg/h"), ("replications", "3")])
    #expect(loaded.parameters.number("compressor.flow") == 90.0 / 3600)
    #expect(loaded.header.replications == 3)
    let bad = issues(Self.valid, overrides: [("parameters.compressor.flow", "fast")])
    #expect(bad.first?.location.file == "--set parameters.compressor.flow")
  }

  @Test("Mutated example files never crash the loader: every mutation is either valid or explained")
  func fuzzedScenarios() throws {
    let example = try String(contentsOfFile: Self.examplePath("refuelling-station.yaml"), encoding: .utf8)
    var generator = SplitMix(seed: 42)
    let alphabet = Array(" :-#\n\t[]{}'\"%,.0123456789abcxyzMPakWh/&*!|>")
    for _ in 0..<500 {
      var characters = Array(example)
      for _ in 0..<(1 + Int(generator.next() % 4)) {
        let position = Int(generator.next() % UInt64(characters.count))
        switch generator.next() % 3 {
        case 0: characters.remove(at: position)
        case 1: characters.insert(alphabet[Int(generator.next() % UInt64(alphabet.count))], at: position)
        default: characters[position] = alphabet[Int(generator.next() % UInt64(alphabet.count))]
        }
      }
      do {
        _ = try ScenarioLoader.load(text: String(characters), path: "fuzz.yaml")
      } catch {
        #expect(!error.issues.isEmpty)
        #expect(error.issues.allSatisfy { !$0.message.isEmpty })
      }
    }
  }

  static func examplePath(_ name: String) -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
      .appendingPathComponent("Examples/\(name)").path
  }
}

/// SplitMix64 (Steele, Lea and Flood 2014), a deterministic generator for the fuzz test.
struct SplitMix {
  var state: UInt64
  init(seed: UInt64) { state = seed }
  mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
