/// A grid layout: cells that are free or blocked, read from the MovingAI `.map` format (Sturtevant,
/// "Benchmarks for grid-based pathfinding", IEEE TCIAIG 4 (2012) 144; the MAPF benchmark of Stern et
/// al., SoCS 2019, uses the same maps).
///
/// Cells are numbered row by row, `y * width + x`, with x the column and y the row from the top.
public struct GridMap: Sendable, Equatable {
  /// Columns.
  public let width: Int
  /// Rows.
  public let height: Int
  /// Whether each cell (row by row) can be entered.
  public let passable: [Bool]

  /// Creates a map from its cells, row by row.
  ///
  /// - Precondition: `passable.count == width * height`.
  public init(width: Int, height: Int, passable: [Bool]) {
    precondition(width > 0 && height > 0 && passable.count == width * height, "need width x height cells")
    self.width = width
    self.height = height
    self.passable = passable
  }

  /// Reads a map drawn with `.` for free and `@` for blocked cells, one string per row (for tests and
  /// small layouts).
  public init(rows: [String]) {
    self.init(width: rows[0].count, height: rows.count, passable: rows.flatMap { $0.map { $0 != "@" && $0 != "T" && $0 != "O" && $0 != "W" } })
  }

  /// Reads the MovingAI `.map` text: `type octile`, `height H`, `width W`, `map`, then H rows of W
  /// characters, where `.`, `G` and `S` are passable and `@`, `O`, `T` and `W` are not.
  ///
  /// - Throws: ``LayoutFormatError`` with the 1-based line of the first problem.
  public static func parse(_ text: String) throws(LayoutFormatError) -> GridMap {
    let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
    var height: Int?, width: Int?
    var index = 0
    while index < lines.count {
      let fields = lines[index].split(separator: " ")
      index += 1
      guard let key = fields.first else { continue }
      switch key {
      case "type": continue
      case "height", "width":
        guard fields.count == 2, let value = Int(fields[1]), value > 0 else {
          throw LayoutFormatError(line: index, message: "expected '\(key) N' with N > 0")
        }
        if key == "height" { height = value } else { width = value }
      case "map":
        guard let height, let width else { throw LayoutFormatError(line: index, message: "'map' before 'height' and 'width'") }
        var cells: [Bool] = []
        cells.reserveCapacity(width * height)
        for row in 0..<height {
          guard index + row < lines.count, lines[index + row].count >= width else {
            throw LayoutFormatError(line: index + row + 1, message: "expected a row of \(width) cells")
          }
          for character in lines[index + row].prefix(width) {
            switch character {
            case ".", "G", "S": cells.append(true)
            case "@", "O", "T", "W": cells.append(false)
            default: throw LayoutFormatError(line: index + row + 1, message: "unknown cell '\(character)'")
            }
          }
        }
        return GridMap(width: width, height: height, passable: cells)
      default:
        throw LayoutFormatError(line: index, message: "expected type, height, width or map, found '\(key)'")
      }
    }
    throw LayoutFormatError(line: lines.count, message: "no 'map' section")
  }

  /// The cell at column `x`, row `y`.
  @inline(__always)
  public func cell(x: Int, y: Int) -> Int { y * width + x }
}

/// A layout or scenario file that does not read: the 1-based line and what was expected.
public struct LayoutFormatError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The line (1-based).
  public let line: Int
  /// What was expected.
  public let message: String

  /// Creates an error.
  public init(line: Int, message: String) {
    self.line = line
    self.message = message
  }

  /// `line N: message`.
  public var description: String { "line \(line): \(message)" }
}
