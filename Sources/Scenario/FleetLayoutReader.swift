import Foundation
internal import AGV

/// Reads a fleet layout file (`Models/agv/*.yaml`), one of two forms:
///
/// - a grid: `grid:` a MovingAI `.map` file (relative to the layout), `cell_size:` (m), and `stations:`
///   (a list of `{name, x, y}` cells, x the column and y the row from the top), `chargers:` and
///   `parking:` (lists of `{x, y}`);
/// - a graph: `nodes:` (a list of `{name, x, y, role}` with positions in m and role aisle, station,
///   charger or parking) and `edges:` (a list of `{from, to, length, speed_limit, one_way}`; the length
///   defaults to the straight distance, edges are two-way unless `one_way: true`).
///
/// Every problem names the layout file, the line and the key.
enum FleetLayoutReader {
  static func read(_ path: String, speed: Double) throws -> FleetLayout {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
      throw ScenarioError(issues: [ScenarioIssue(location: SourceLocation(file: path, line: 0, column: 0), keyPath: "layout", message: "cannot read the layout file")])
    }
    let root = try ScenarioNode.parse(yaml: text, file: path)
    var issues: [ScenarioIssue] = []
    let layout: FleetLayout?
    if let grid = root["grid"] {
      layout = readGrid(root, grid: grid, path: path, speed: speed, issues: &issues)
    } else if root["nodes"] != nil {
      layout = readGraph(root, path: path, speed: speed, issues: &issues)
    } else {
      issues.append(ScenarioIssue(location: root.location, keyPath: "", message: "expected `grid:` (a .map file) or `nodes:` and `edges:`"))
      layout = nil
    }
    guard let layout, issues.isEmpty else { throw ScenarioError(issues: issues) }
    return layout
  }

  private static func readGrid(_ root: ScenarioNode, grid: ScenarioNode, path: String, speed: Double, issues: inout [ScenarioIssue]) -> FleetLayout? {
    let mapPath = MicrogridModel.relativePath(grid.scalarText ?? "", scenarioFile: path)
    guard let mapText = try? String(contentsOfFile: mapPath, encoding: .utf8) else {
      issues.append(ScenarioIssue(location: grid.location, keyPath: "grid", message: "cannot read the map file \(mapPath)"))
      return nil
    }
    let map: GridMap
    do {
      map = try GridMap.parse(mapText)
    } catch {
      issues.append(ScenarioIssue(location: SourceLocation(file: mapPath, line: error.line, column: 1), keyPath: "grid", message: error.message))
      return nil
    }
    let cellSize = quantity(root, "cell_size", key: "cell_size", dimension: .length, default: 1, issues: &issues)
    var stations: [(name: String, x: Int, y: Int)] = []
    for (index, item) in list(root["stations"], key: "stations", issues: &issues).enumerated() {
      guard let x = integer(item, "x", key: "stations[\(index)].x", issues: &issues), let y = integer(item, "y", key: "stations[\(index)].y", issues: &issues)
      else { continue }
      stations.append((item["name"]?.scalarText ?? "S\(index)", x, y))
    }
    let chargers = cells(root, "chargers", issues: &issues), parking = cells(root, "parking", issues: &issues)
    guard issues.isEmpty else { return nil }
    do {
      return try FleetLayout(grid: map, cellSize: cellSize, speed: speed, stations: stations, chargers: chargers, parking: parking)
    } catch {
      issues.append(ScenarioIssue(location: root.location, keyPath: "stations", message: error.message))
      return nil
    }
  }

  private static func readGraph(_ root: ScenarioNode, path: String, speed: Double, issues: inout [ScenarioIssue]) -> FleetLayout? {
    var nodes: [GraphLayoutNode] = []
    for (index, item) in list(root["nodes"], key: "nodes", issues: &issues).enumerated() {
      let key = "nodes[\(index)]"
      guard let name = item["name"]?.scalarText, !name.isEmpty else {
        issues.append(ScenarioIssue(location: item.location, keyPath: "\(key).name", message: "every node needs a name"))
        continue
      }
      let x = quantity(item, "x", key: "\(key).x", dimension: .length, default: nil, issues: &issues)
      let y = quantity(item, "y", key: "\(key).y", dimension: .length, default: nil, issues: &issues)
      let roleText = item["role"]?.scalarText ?? "aisle"
      guard let role = NodeRole(rawValue: roleText) else {
        issues.append(ScenarioIssue(location: item["role"]!.location, keyPath: "\(key).role", message: "expected one of \(NodeRole.allCases.map(\.rawValue).joined(separator: ", ")), found '\(roleText)'"))
        continue
      }
      nodes.append(GraphLayoutNode(name: name, x: x, y: y, role: role, line: item.location.line))
    }
    let position = Dictionary(nodes.map { ($0.name, ($0.x, $0.y)) }, uniquingKeysWith: { a, _ in a })
    var edges: [GraphLayoutEdge] = []
    for (index, item) in list(root["edges"], key: "edges", issues: &issues).enumerated() {
      let key = "edges[\(index)]"
      guard let from = item["from"]?.scalarText, let to = item["to"]?.scalarText else {
        issues.append(ScenarioIssue(location: item.location, keyPath: key, message: "every edge needs `from:` and `to:` node names"))
        continue
      }
      for (end, name) in [("from", from), ("to", to)] where position[name] == nil {
        issues.append(ScenarioIssue(location: item[end]!.location, keyPath: "\(key).\(end)", message: "no node named '\(name)'"))
      }
      guard let p = position[from], let q = position[to] else { continue }
      let straight = ((q.0 - p.0) * (q.0 - p.0) + (q.1 - p.1) * (q.1 - p.1)).squareRoot()
      let length = quantity(item, "length", key: "\(key).length", dimension: .length, default: straight, issues: &issues)
      let limit = quantity(item, "speed_limit", key: "\(key).speed_limit", dimension: .speed, default: .infinity, issues: &issues)
      let oneWay = item["one_way"]?.scalarText == "true"
      if length <= 0 { issues.append(ScenarioIssue(location: item.location, keyPath: "\(key).length", message: "expected a positive length (the two nodes coincide)")) }
      edges.append(GraphLayoutEdge(from: from, to: to, length: length, speedLimit: limit, twoWay: !oneWay, line: item.location.line))
    }
    guard issues.isEmpty else { return nil }
    do {
      return try FleetLayout(nodes: nodes, edges: edges, speed: speed)
    } catch {
      issues.append(ScenarioIssue(location: SourceLocation(file: path, line: error.line, column: 1), keyPath: "edges", message: error.message))
      return nil
    }
  }

  /// A list of `{x, y}` cells.
  private static func cells(_ root: ScenarioNode, _ key: String, issues: inout [ScenarioIssue]) -> [(x: Int, y: Int)] {
    var result: [(x: Int, y: Int)] = []
    for (index, item) in list(root[key], key: key, issues: &issues).enumerated() {
      guard let x = integer(item, "x", key: "\(key)[\(index)].x", issues: &issues), let y = integer(item, "y", key: "\(key)[\(index)].y", issues: &issues)
      else { continue }
      result.append((x, y))
    }
    return result
  }

  private static func list(_ node: ScenarioNode?, key: String, issues: inout [ScenarioIssue]) -> [ScenarioNode] {
    guard let node else { return [] }
    guard case .sequence(let items, _) = node else {
      issues.append(ScenarioIssue(location: node.location, keyPath: key, message: "expected a list"))
      return []
    }
    return items
  }

  private static func integer(_ parent: ScenarioNode, _ field: String, key: String, issues: inout [ScenarioIssue]) -> Int? {
    let node = parent[field]
    guard let text = node?.scalarText, let value = Int(text) else {
      issues.append(ScenarioIssue(location: node?.location ?? parent.location, keyPath: key, message: "expected a whole number (a cell's column or row)"))
      return nil
    }
    return value
  }

  /// A quantity with a unit (`12 m`, `1.5 m/s`) or a bare number in the SI unit.
  private static func quantity(
    _ parent: ScenarioNode, _ field: String, key: String, dimension: PhysicalDimension, default fallback: Double?, issues: inout [ScenarioIssue]
  ) -> Double {
    guard let node = parent[field] else {
      if let fallback { return fallback }
      issues.append(ScenarioIssue(location: parent.location, keyPath: key, message: "missing; expected a \(dimension.rawValue) in \(dimension.siUnit)"))
      return 0
    }
    let text = node.scalarText ?? ""
    if let number = Double(text) { return number }
    guard let value = try? parseQuantity(text, dimension: dimension, unitFromKey: nil) else {
      issues.append(ScenarioIssue(location: node.location, keyPath: key, message: "expected a \(dimension.rawValue) such as '2 \(dimension.siUnit)', found '\(text)'"))
      return 0
    }
    return value
  }
}
