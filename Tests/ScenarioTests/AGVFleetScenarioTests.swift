import Foundation
import Scenario
import Testing

/// The `agv-fleet` model kind: layouts and orders from files, and their errors.
@Suite("AGV fleet scenarios")
struct AGVFleetScenarioTests {
  /// A fresh folder for scenario files, removed by the caller.
  func folder() throws -> URL {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent("agv-\(UInt32.random(in: 0...UInt32.max))")
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    return folder
  }

  static let graphLayout = """
    nodes:
      - {name: A, x: 0, y: 0, role: station}
      - {name: B, x: 10 m, y: 0, role: station}
      - {name: P, x: 0, y: 4, role: parking}
    edges:
      - {from: A, to: B}
      - {from: A, to: P}

    """

  @Test("Orders from CSV on a graph layout, timed by hand: latencies 29 s and 41 s")
  func csvOrders() throws {
    let folder = try folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try Self.graphLayout.write(to: folder.appendingPathComponent("layout.yaml"), atomically: true, encoding: .utf8)
    try "time_min,pickup,delivery\n0,A,B\n10,B,A\n".write(to: folder.appendingPathComponent("orders.csv"), atomically: true, encoding: .utf8)
    let text = """
      model: agv-fleet
      seed: 1
      horizon: 1 h
      parameters:
        layout: layout.yaml
        vehicles: {count: 1, load_time: 5 s, unload_time: 5 s}
        tasks: {source: csv, file: orders.csv}

      """
    let loaded = try ScenarioLoader.load(text: text, path: folder.appendingPathComponent("s.yaml").path)
    let output = try AGVFleetModel.run(loaded, context: RunContext())
    let kpi = { (name: String) in output.kpis.first { $0.name == name }!.value }
    #expect(kpi("orders_done") == 2 && kpi("orders_created") == 2)
    // One move takes the shortest edge (the 4 m spur) at 1 m/s: 4 s; the 10 m aisle is 3 moves, 12 s;
    // moves start on the 4 s grid. Order 1 (t 0): P to A by 4 s, loaded at 9 s, leaves at 12 s, at B by
    // 24 s, unloaded at 29 s. The vehicle parks again at P. Order 2 (t 600 s): P to A by 604 s, A to B by
    // 616 s, loaded at 621 s, leaves at 624 s, at A by 636 s, unloaded at 641 s: 41 s.
    #expect(kpi("latency_max") == 41 && kpi("latency_mean") == 35)
  }

  @Test("Vehicles start on parking, chargers and non-station places: one more is refused, not placed forever")
  func startingPlaces() throws {
    let folder = try folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    try Self.graphLayout.write(to: folder.appendingPathComponent("layout.yaml"), atomically: true, encoding: .utf8)
    // Five places: A and B (stations), P (parking) and the two inner places of the 10 m aisle (3 moves of
    // the 4 m step). Vehicles may start on three of them.
    func scenario(vehicles: Int) -> String {
      "model: agv-fleet\nseed: 1\nhorizon: 10 min\nparameters:\n  layout: layout.yaml\n  vehicles: {count: \(vehicles)}\n"
    }
    let path = folder.appendingPathComponent("s.yaml").path
    let loaded = try ScenarioLoader.load(text: scenario(vehicles: 3), path: path)
    _ = try AGVFleetModel.run(loaded, context: RunContext())
    do {
      _ = try ScenarioLoader.load(text: scenario(vehicles: 4), path: path)
      Issue.record("expected four vehicles to be refused")
    } catch {
      #expect(error.issues.contains { $0.keyPath == "vehicles.count" && $0.message.contains("(3:") }, "\(error.issues)")
    }
  }

  @Test("A broken layout or order file names the file, the line and the key")
  func errors() throws {
    let folder = try folder()
    defer { try? FileManager.default.removeItem(at: folder) }
    func write(_ name: String, _ text: String) throws { try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8) }
    try write("good.yaml", Self.graphLayout)
    try write("unknown-node.yaml", Self.graphLayout.replacingOccurrences(of: "{from: A, to: P}", with: "{from: A, to: Q}"))
    try write("bad-role.yaml", Self.graphLayout.replacingOccurrences(of: "role: parking", with: "role: garage"))
    try write("bad-length.yaml", Self.graphLayout.replacingOccurrences(of: "{from: A, to: B}", with: "{from: A, to: B, length: ten}"))
    try write("orders.csv", "time_s,pickup,delivery\n0,A,B\n5,A,Z\n")
    let cases: [(layout: String, tasks: String, file: String, line: Int, key: String)] = [
      ("unknown-node.yaml", "", "unknown-node.yaml", 7, "edges[1].to"),
      ("bad-role.yaml", "", "bad-role.yaml", 4, "nodes[2].role"),
      ("bad-length.yaml", "", "bad-length.yaml", 6, "edges[0].length"),
      ("good.yaml", "{source: csv, file: orders.csv}", "orders.csv", 3, "delivery"),
    ]
    for c in cases {
      let text = "model: agv-fleet\nseed: 1\nhorizon: 1 h\nparameters:\n  layout: \(c.layout)\n  vehicles: {count: 1}\n" + (c.tasks.isEmpty ? "" : "  tasks: \(c.tasks)\n")
      do {
        _ = try ScenarioLoader.load(text: text, path: folder.appendingPathComponent("s.yaml").path)
        Issue.record("expected an error for \(c.file)")
      } catch {
        #expect(error.issues.contains { $0.location.file.hasSuffix(c.file) && $0.location.line == c.line && $0.keyPath == c.key }, "\(error.issues)")
      }
    }
  }
}
