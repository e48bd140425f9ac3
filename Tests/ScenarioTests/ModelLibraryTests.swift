import Foundation
import Scenario
import Testing

@Suite("Model data in Models/, referenced by name")
struct ModelLibraryTests {
  /// A temporary tree `root/Models/refuelling-station/<sets>` and `root/studies/`.
  func tree(sets: [String: String]) throws -> URL {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("twinkit-models-\(UUID().uuidString)")
    let folder = root.appendingPathComponent("Models/refuelling-station")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    try FileManager.default.createDirectory(at: root.appendingPathComponent("studies"), withIntermediateDirectories: true)
    for (name, text) in sets { try text.write(to: folder.appendingPathComponent("\(name).yaml"), atomically: true, encoding: .utf8) }
    return root
  }

  func load(_ scenario: String, in root: URL) throws(ScenarioError) -> LoadedScenario {
    let path = root.appendingPathComponent("studies/s.yaml").path
    try? scenario.write(toFile: path, atomically: true, encoding: .utf8)
    return try ScenarioLoader.load(path: path)
  }

  static let header = "model: refuelling-station\nseed: 1\nhorizon: 1 h\nparameters:\n"

  @Test("Stored values apply; the scenario overrides any field, whatever unit spelling either uses")
  func useAndOverride() throws {
    let root = try tree(sets: ["big": "provenance: assumed for the test\ncompressor:\n  flow: 200 kg/h\ndispensers:\n  count_70: 6\n  flow_70: 1.2 kg/min\n"])
    let loaded = try load(Self.header + "  use: big\n  dispensers:\n    flow_70_kg_per_min: 1.5\n", in: root)
    #expect(loaded.parameters.number("compressor.flow") == 200.0 / 3600)
    #expect(loaded.parameters.integer("dispensers.count_70") == 6)
    #expect(loaded.parameters.number("dispensers.flow_70") == 1.5 / 60)
  }

  @Test("A set without provenance, an unknown set, and an error inside a set are reported")
  func errors() throws {
    let root = try tree(sets: [
      "anonymous": "compressor:\n  flow: 200 kg/h\n",
      "broken": "provenance: assumed\ncompressor:\n  flow: 200 bananas\n",
    ])
    #expect {
      _ = try load(Self.header + "  use: anonymous\n", in: root)
    } throws: { error in
      (error as? ScenarioError)?.issues.contains { $0.keyPath == "provenance" } == true
    }
    #expect {
      _ = try load(Self.header + "  use: anonymus\n", in: root)
    } throws: { error in
      (error as? ScenarioError)?.issues.first?.message.contains("did you mean 'anonymous'?") == true
    }
    #expect {
      _ = try load(Self.header + "  use: broken\n", in: root)
    } throws: { error in
      guard let issue = (error as? ScenarioError)?.issues.first else { return false }
      return issue.location.file.hasSuffix("Models/refuelling-station/broken.yaml") && issue.location.line == 3
        && issue.keyPath == "compressor.flow"
    }
  }
}
