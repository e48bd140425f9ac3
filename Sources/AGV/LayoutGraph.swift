/// A layout as a graph for path planning: vertices with positions, and for each vertex the vertices one
/// move away (compressed rows, so a neighbour scan touches one contiguous slice). Moves take one time
/// step; waiting in place is always allowed.
public struct LayoutGraph: Sendable {
  /// Each vertex's position, m (grid layouts: column and row).
  public let positions: [(x: Double, y: Double)]
  /// `neighbours[firstNeighbour[v] ..< firstNeighbour[v + 1]]` are the vertices one move from `v`.
  public let firstNeighbour: [Int]
  /// See ``firstNeighbour``.
  public let neighbours: [Int]
  /// For grid layouts, the vertex of each cell (-1: blocked), and the cell of each vertex.
  public let vertexOfCell: [Int]
  /// See ``vertexOfCell``.
  public let cellOfVertex: [Int]
  /// The grid's width (0 for other layouts).
  public let gridWidth: Int

  /// The number of vertices.
  public var vertexCount: Int { positions.count }

  /// The vertices one move from `v`.
  @inline(__always)
  public func neighbours(of v: Int) -> ArraySlice<Int> { neighbours[firstNeighbour[v]..<firstNeighbour[v + 1]] }

  /// The 4-connected graph of a grid's free cells (the MAPF benchmark's moves: up, down, left, right),
  /// neighbours in the order up, left, right, down.
  public init(grid: GridMap) {
    var vertexOfCell = Array(repeating: -1, count: grid.passable.count)
    var cellOfVertex: [Int] = []
    var positions: [(x: Double, y: Double)] = []
    for cell in grid.passable.indices where grid.passable[cell] {
      vertexOfCell[cell] = cellOfVertex.count
      cellOfVertex.append(cell)
      positions.append((Double(cell % grid.width), Double(cell / grid.width)))
    }
    var first = [0], list: [Int] = []
    for cell in cellOfVertex {
      let (x, y) = (cell % grid.width, cell / grid.width)
      for (dx, dy) in [(0, -1), (-1, 0), (1, 0), (0, 1)] {
        let (nx, ny) = (x + dx, y + dy)
        guard (0..<grid.width).contains(nx), (0..<grid.height).contains(ny) else { continue }
        let neighbour = vertexOfCell[ny * grid.width + nx]
        if neighbour >= 0 { list.append(neighbour) }
      }
      first.append(list.count)
    }
    self.init(positions: positions, firstNeighbour: first, neighbours: list, vertexOfCell: vertexOfCell, cellOfVertex: cellOfVertex, gridWidth: grid.width)
  }

  /// A graph from positions and directed edges (a two-way aisle is two edges).
  ///
  /// - Precondition: every edge joins two of the vertices.
  public init(positions: [(x: Double, y: Double)], edges: [(from: Int, to: Int)]) {
    precondition(edges.allSatisfy { positions.indices.contains($0.from) && positions.indices.contains($0.to) }, "edges must join vertices")
    var lists = Array(repeating: [Int](), count: positions.count)
    for edge in edges where !lists[edge.from].contains(edge.to) { lists[edge.from].append(edge.to) }
    var first = [0]
    for list in lists { first.append(first.last! + list.count) }
    self.init(positions: positions, firstNeighbour: first, neighbours: lists.flatMap { $0 }, vertexOfCell: [], cellOfVertex: [], gridWidth: 0)
  }

  init(
    positions: [(x: Double, y: Double)], firstNeighbour: [Int], neighbours: [Int], vertexOfCell: [Int], cellOfVertex: [Int], gridWidth: Int
  ) {
    self.positions = positions
    self.firstNeighbour = firstNeighbour
    self.neighbours = neighbours
    self.vertexOfCell = vertexOfCell
    self.cellOfVertex = cellOfVertex
    self.gridWidth = gridWidth
  }

  /// The vertex at grid column `x`, row `y` (nil: blocked, outside, or not a grid layout).
  public func vertex(x: Int, y: Int) -> Int? {
    guard gridWidth > 0, x >= 0, x < gridWidth, y >= 0 else { return nil }
    let cell = y * gridWidth + x
    guard cell < vertexOfCell.count, vertexOfCell[cell] >= 0 else { return nil }
    return vertexOfCell[cell]
  }

  /// Moves from every vertex to `goal` (breadth-first search against the edges' direction), -1 where
  /// `goal` cannot be reached.
  public func distances(to goal: Int) -> [Int] {
    // Reverse adjacency, built on demand: for the undirected grids it equals the forward one.
    var reverseFirst = Array(repeating: 0, count: vertexCount + 1)
    for v in 0..<vertexCount { for w in neighbours(of: v) { reverseFirst[w + 1] += 1 } }
    for v in 0..<vertexCount { reverseFirst[v + 1] += reverseFirst[v] }
    var fill = reverseFirst
    var reverse = Array(repeating: 0, count: neighbours.count)
    for v in 0..<vertexCount {
      for w in neighbours(of: v) {
        reverse[fill[w]] = v
        fill[w] += 1
      }
    }
    var distance = Array(repeating: -1, count: vertexCount)
    var queue = [goal]
    distance[goal] = 0
    var head = 0
    while head < queue.count {
      let v = queue[head]
      head += 1
      for p in reverseFirst[v]..<reverseFirst[v + 1] where distance[reverse[p]] < 0 {
        distance[reverse[p]] = distance[v] + 1
        queue.append(reverse[p])
      }
    }
    return distance
  }
}
