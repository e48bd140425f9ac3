import Foundation

/// A site layout as a fleet drives it: the path-planning graph in which every move takes one time step,
/// and the places that matter (stations where loads are picked up and dropped, chargers, parking spots).
///
/// Graph layouts (aisles of any length and speed limit) are compiled into this form by cutting each
/// edge into as many one-step moves as it takes at the allowed speed, the usual discretisation of
/// lifelong MAPF on roadmaps (Li et al., "Lifelong multi-agent path finding in large-scale
/// warehouses", AAAI 2021, use unit moves on a grid).
public struct FleetLayout: Sendable {
  /// The unit-time graph.
  public let graph: LayoutGraph
  /// Time of one move, s.
  public let stepTime: Double
  /// Named stations and their vertices (pickup and delivery points, machine buffers).
  public let stations: [(name: String, vertex: Int)]
  /// Charger vertices.
  public let chargers: [Int]
  /// Parking vertices.
  public let parking: [Int]
  /// Metres moved by each move of `graph.neighbours` (same slot order).
  public let moveLength: [Double]

  /// The station's vertex by name.
  public func station(named name: String) -> Int? { stations.first { $0.name == name }?.vertex }

  /// How many vehicles can start on the layout: one per parking spot, charger and vertex that is not a
  /// station (vehicles never start on a station).
  public var startingPlaceCount: Int {
    let stationVertices = Set(stations.map(\.vertex))
    var places = Set(parking).union(chargers)
    for v in 0..<graph.vertexCount where !stationVertices.contains(v) { places.insert(v) }
    return places.count
  }

  /// A grid layout: 4-connected cells of side `cellSize` metres driven at `speed`, so one move takes
  /// `cellSize / speed` seconds; stations, chargers and parking as cells (x column, y row).
  ///
  /// - Throws: ``LayoutFormatError`` if a place is a blocked cell or off the map.
  public init(
    grid: GridMap, cellSize: Double, speed: Double, stations: [(name: String, x: Int, y: Int)], chargers: [(x: Int, y: Int)],
    parking: [(x: Int, y: Int)]
  ) throws(LayoutFormatError) {
    let graph = LayoutGraph(grid: grid)
    func vertex(_ x: Int, _ y: Int, _ role: String) throws(LayoutFormatError) -> Int {
      guard let v = graph.vertex(x: x, y: y) else { throw LayoutFormatError(line: 0, message: "\(role) at (\(x), \(y)) is not a free cell of the map") }
      return v
    }
    var named: [(name: String, vertex: Int)] = []
    for s in stations { named.append((s.name, try vertex(s.x, s.y, "station \(s.name)"))) }
    var chargerVertices: [Int] = [], parkingVertices: [Int] = []
    for c in chargers { chargerVertices.append(try vertex(c.x, c.y, "charger")) }
    for p in parking { parkingVertices.append(try vertex(p.x, p.y, "parking spot")) }
    self.graph = LayoutGraph(
      positions: graph.positions.map { ($0.x * cellSize, $0.y * cellSize) }, firstNeighbour: graph.firstNeighbour,
      neighbours: graph.neighbours, vertexOfCell: graph.vertexOfCell, cellOfVertex: graph.cellOfVertex, gridWidth: graph.gridWidth)
    stepTime = cellSize / speed
    self.stations = named
    self.chargers = chargerVertices
    self.parking = parkingVertices
    moveLength = Array(repeating: cellSize, count: graph.neighbours.count)
  }

  /// A graph layout: nodes at positions (m), directed edges (a two-way aisle is two edges) with a
  /// length (m) and an optional speed limit (m/s), driven at `speed`. Each edge becomes
  /// `ceil(length / (min(speed, limit) x step))` one-step moves through intermediate vertices, where
  /// `step` is the time of one move on the layout's shortest edge at full speed; a two-way edge's two
  /// directions share their intermediate vertices, so vehicles meeting on it conflict as on a lane.
  ///
  /// - Throws: ``LayoutFormatError`` if an edge names a missing node or has no positive length.
  public init(nodes: [GraphLayoutNode], edges: [GraphLayoutEdge], speed: Double) throws(LayoutFormatError) {
    var index: [String: Int] = [:]
    for (i, node) in nodes.enumerated() {
      guard index[node.name] == nil else { throw LayoutFormatError(line: node.line, message: "node '\(node.name)' is defined twice") }
      index[node.name] = i
    }
    for edge in edges {
      for end in [edge.from, edge.to] where index[end] == nil { throw LayoutFormatError(line: edge.line, message: "edge names the unknown node '\(end)'") }
      guard edge.length > 0, edge.speedLimit > 0 else { throw LayoutFormatError(line: edge.line, message: "edge \(edge.from)-\(edge.to) needs a positive length and speed limit") }
    }
    guard let shortest = edges.map(\.length).min() else { throw LayoutFormatError(line: 0, message: "the layout has no edges") }
    let step = shortest / speed
    var positions = nodes.map { (x: $0.x, y: $0.y) }
    var links: [(from: Int, to: Int, length: Double)] = []
    // One chain of intermediate vertices per undirected aisle, shared by its two directions.
    var chains: [[Int]: [Int]] = [:]
    for edge in edges {
      let a = index[edge.from]!, b = index[edge.to]!
      let moves = max(1, Int((edge.length / (min(speed, edge.speedLimit) * step) - 1e-9).rounded(.up)))
      let key = [min(a, b), max(a, b)]
      var chain: [Int]
      if let existing = chains[key] {
        chain = existing
      } else {
        chain = [min(a, b)]
        let (p, q) = (positions[min(a, b)], positions[max(a, b)])
        for k in 1..<moves {
          let f = Double(k) / Double(moves)
          chain.append(positions.count)
          positions.append((p.x + f * (q.x - p.x), p.y + f * (q.y - p.y)))
        }
        chain.append(max(a, b))
        chains[key] = chain
      }
      if a > b { chain.reverse() }
      for k in 0..<(chain.count - 1) { links.append((chain[k], chain[k + 1], edge.length / Double(chain.count - 1))) }
      if edge.twoWay { for k in 0..<(chain.count - 1) { links.append((chain[k + 1], chain[k], edge.length / Double(chain.count - 1))) } }
    }
    graph = LayoutGraph(positions: positions, edges: links.map { ($0.from, $0.to) })
    var lengths = Array(repeating: 0.0, count: graph.neighbours.count)
    for link in links {
      let slot = graph.firstNeighbour[link.from] + graph.neighbours(of: link.from).firstIndex(of: link.to)! - graph.firstNeighbour[link.from]
      lengths[slot] = link.length
    }
    moveLength = lengths
    stepTime = step
    stations = nodes.enumerated().filter { $0.element.role == .station }.map { ($0.element.name, $0.offset) }
    chargers = nodes.indices.filter { nodes[$0].role == .charger }
    parking = nodes.indices.filter { nodes[$0].role == .parking }
  }

  /// Metres from `v` to its neighbour `w`.
  @inline(__always)
  func length(from v: Int, to w: Int) -> Double {
    if v == w { return 0 }
    let range = graph.firstNeighbour[v]..<graph.firstNeighbour[v + 1]
    for slot in range where graph.neighbours[slot] == w { return moveLength[slot] }
    return 0
  }
}

/// What a node of a graph layout is for.
public enum NodeRole: String, Sendable, CaseIterable {
  /// A point on an aisle.
  case aisle
  /// A pickup or delivery station.
  case station
  /// A charger (one vehicle at a time).
  case charger
  /// A parking spot for idle vehicles.
  case parking
}

/// A node of a graph layout.
public struct GraphLayoutNode: Sendable {
  /// Its name, unique in the layout.
  public var name: String
  /// Position, m.
  public var x: Double
  /// Position, m.
  public var y: Double
  /// What it is for.
  public var role: NodeRole
  /// Line in the layout file (0: unknown), for messages.
  public var line: Int

  /// Creates a node.
  public init(name: String, x: Double, y: Double, role: NodeRole = .aisle, line: Int = 0) {
    self.name = name
    self.x = x
    self.y = y
    self.role = role
    self.line = line
  }
}

/// An edge of a graph layout: an aisle from one node to another.
public struct GraphLayoutEdge: Sendable {
  /// Start node's name.
  public var from: String
  /// End node's name.
  public var to: String
  /// Length, m.
  public var length: Double
  /// Speed limit, m/s (infinity: none).
  public var speedLimit: Double
  /// Whether vehicles may also drive it from `to` to `from` (false: a one-way lane).
  public var twoWay: Bool
  /// Line in the layout file (0: unknown).
  public var line: Int

  /// Creates an edge.
  public init(from: String, to: String, length: Double, speedLimit: Double = .infinity, twoWay: Bool = true, line: Int = 0) {
    self.from = from
    self.to = to
    self.length = length
    self.speedLimit = speedLimit
    self.twoWay = twoWay
    self.line = line
  }
}
