import Foundation

/// A layout's traffic drawn as SVG: one square per place vehicles used, shaded from pale to dark by a
/// count (entries, or steps spent blocked), on the layout's own coordinates (y down, as the grid maps).
public struct TrafficHeatmap: Sendable {
  /// One place.
  public struct Cell: Sendable, Equatable {
    /// Position, m.
    public var x: Double
    /// Position, m.
    public var y: Double
    /// The count shaded.
    public var value: Double
  }

  /// The chart's title.
  public var title: String
  /// The places.
  public var cells: [Cell]

  /// Reads a `traffic.csv` (columns x_m, y_m and the named count column).
  public init?(title: String, trafficCSV text: String, column: String) {
    let rows = parseCSV(text)
    guard let header = rows.first, let x = header.firstIndex(of: "x_m"), let y = header.firstIndex(of: "y_m"), let value = header.firstIndex(of: column)
    else { return nil }
    cells = rows.dropFirst().compactMap { row in
      guard row.count == header.count, let px = Double(row[x]), let py = Double(row[y]), let v = Double(row[value]) else { return nil }
      return Cell(x: px, y: py, value: v)
    }
    self.title = title
  }

  /// The SVG element (at most 900 user units wide), the cell size the smallest spacing between places.
  public func svg() -> String {
    guard let maxValue = cells.map(\.value).max(), !cells.isEmpty else { return "<p>\(escape(title)): no traffic</p>" }
    let xs = Set(cells.map(\.x)).sorted(), ys = Set(cells.map(\.y)).sorted()
    let spacing = zip(xs, xs.dropFirst()).map { $1 - $0 }.min() ?? 1
    let (minX, maxX, minY, maxY) = (xs.first!, xs.last!, ys.first!, ys.last!)
    let scale = min(24, 880 / max(spacing, maxX - minX + spacing)) / spacing
    let size = spacing * scale
    let (top, left) = (24.0, 10.0)
    let width = left * 2 + (maxX - minX) * scale + size, height = top + (maxY - minY) * scale + size + 10
    var parts = ["<svg class=\"chart\" viewBox=\"0 0 \(f(width)) \(f(height))\" xmlns=\"http://www.w3.org/2000/svg\">"]
    parts.append("<text class=\"title\" x=\"\(f(left))\" y=\"16\">\(escape(title)) (darkest: \(Int(maxValue)))</text>")
    for cell in cells {
      // Square-root shading keeps quiet aisles visible beside the busiest cell.
      let level = maxValue > 0 ? (cell.value / maxValue).squareRoot() : 0
      let shade = Int(235 - 200 * level)
      parts.append(
        "<rect x=\"\(f(left + (cell.x - minX) * scale))\" y=\"\(f(top + (cell.y - minY) * scale))\" width=\"\(f(size))\" height=\"\(f(size))\" fill=\"rgb(\(shade),\(shade),255)\"/>")
    }
    parts.append("</svg>")
    return parts.joined(separator: "\n")
  }

  private func f(_ v: Double) -> String { String(format: "%.1f", v) }
}
