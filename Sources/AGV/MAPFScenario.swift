/// Agents' start and goal cells from a MovingAI `.scen` file: a `version 1` line, then per agent a
/// bucket, the map's name, its width and height, the start's x and y, the goal's x and y, and the
/// optimal length. That length is for 8-connected moves with sqrt(2) diagonals, not the 4-connected
/// MAPF distance, so TwinKit keeps it for reference only. A run with k agents uses the first k lines.
public struct MAPFScenario: Sendable, Equatable {
  /// One agent's task.
  public struct Agent: Sendable, Equatable {
    /// Start column and row.
    public var start: (x: Int, y: Int)
    /// Goal column and row.
    public var goal: (x: Int, y: Int)
    /// The file's optimal length (8-connected).
    public var octileLength: Double

    /// Creates an agent.
    public init(start: (x: Int, y: Int), goal: (x: Int, y: Int), octileLength: Double) {
      self.start = start
      self.goal = goal
      self.octileLength = octileLength
    }

    /// Equal start, goal and length.
    public static func == (a: Agent, b: Agent) -> Bool {
      a.start == b.start && a.goal == b.goal && a.octileLength == b.octileLength
    }
  }

  /// The agents in file order.
  public var agents: [Agent]

  /// Reads `.scen` text; every start and goal must be a passable cell of `map` when one is given.
  ///
  /// - Throws: ``LayoutFormatError`` with the line of the first problem.
  public static func parse(_ text: String, map: GridMap? = nil) throws(LayoutFormatError) -> MAPFScenario {
    var agents: [Agent] = []
    for (offset, line) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
      let fields = line.split(whereSeparator: { $0 == "\t" || $0 == " " || $0 == "\r" })
      if fields.isEmpty || fields[0] == "version" { continue }
      // The map name may not contain spaces in the benchmark; fields from the end are robust anyway.
      guard fields.count >= 9, let sx = Int(fields[fields.count - 5]), let sy = Int(fields[fields.count - 4]),
        let gx = Int(fields[fields.count - 3]), let gy = Int(fields[fields.count - 2]), let length = Double(fields[fields.count - 1])
      else { throw LayoutFormatError(line: offset + 1, message: "expected bucket, map, width, height, start x, start y, goal x, goal y, length") }
      if let map {
        for (x, y) in [(sx, sy), (gx, gy)] where !(0..<map.width).contains(x) || !(0..<map.height).contains(y) || !map.passable[map.cell(x: x, y: y)] {
          throw LayoutFormatError(line: offset + 1, message: "(\(x), \(y)) is outside the map or blocked")
        }
      }
      agents.append(Agent(start: (sx, sy), goal: (gx, gy), octileLength: length))
    }
    return MAPFScenario(agents: agents)
  }

  /// Equal agents.
  public static func == (a: MAPFScenario, b: MAPFScenario) -> Bool { a.agents == b.agents }
}
