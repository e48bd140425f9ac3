import Foundation

/// A line chart drawn as SVG: one series, linear axes with "nice" ticks (Heckbert, "Nice numbers for
/// graph labels", Graphics Gems, 1990).
public struct LineChart: Sendable {
  /// The chart's title (the column name, with its unit).
  public var title: String
  /// The x axis label.
  public var xLabel: String
  /// The points.
  public var x: [Double]
  /// The values.
  public var y: [Double]
  /// Drawn as steps (piecewise constant) rather than straight segments.
  public var steps: Bool

  /// Creates a chart.
  public init(title: String, xLabel: String, x: [Double], y: [Double], steps: Bool = false) {
    self.title = title
    self.xLabel = xLabel
    self.x = x
    self.y = y
    self.steps = steps
  }

  /// The SVG element (width 640, height 220 user units).
  public func svg() -> String {
    let (width, height) = (640.0, 220.0)
    let (left, right, top, bottom) = (60.0, 15.0, 28.0, 36.0)
    let finite = zip(x, y).filter { $0.0.isFinite && $0.1.isFinite }
    guard let xMin = finite.map(\.0).min(), let xMax = finite.map(\.0).max(),
      let yMinRaw = finite.map(\.1).min(), let yMaxRaw = finite.map(\.1).max()
    else { return "<p>\(escape(title)): no data</p>" }
    let (yMin, yMax, yStep) = Self.niceRange(yMinRaw, yMaxRaw)
    let (xLow, xHigh, xStep) = Self.niceRange(xMin, xMax)
    func px(_ v: Double) -> Double { left + (v - xLow) / (xHigh - xLow) * (width - left - right) }
    func py(_ v: Double) -> Double { height - bottom - (v - yMin) / (yMax - yMin) * (height - top - bottom) }
    var parts: [String] = []
    parts.append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" class=\"chart\">")
    parts.append("<text x=\"\(left)\" y=\"18\" class=\"title\">\(escape(title))</text>")
    var tick = yMin
    while tick <= yMax + yStep * 1e-9 {
      let y = py(tick)
      parts.append("<line x1=\"\(left)\" y1=\"\(f(y))\" x2=\"\(width - right)\" y2=\"\(f(y))\" class=\"grid\"/>")
      parts.append("<text x=\"\(left - 6)\" y=\"\(f(y + 4))\" class=\"tick\" text-anchor=\"end\">\(Self.label(tick))</text>")
      tick += yStep
    }
    tick = xLow
    while tick <= xHigh + xStep * 1e-9 {
      parts.append("<text x=\"\(f(px(tick)))\" y=\"\(f(height - bottom + 16))\" class=\"tick\" text-anchor=\"middle\">\(Self.label(tick))</text>")
      tick += xStep
    }
    parts.append("<text x=\"\(f((left + width - right) / 2))\" y=\"\(f(height - 4))\" class=\"tick\" text-anchor=\"middle\">\(escape(xLabel))</text>")
    var path = ""
    for (i, point) in finite.enumerated() {
      if i == 0 {
        path += "M\(f(px(point.0))),\(f(py(point.1)))"
      } else {
        if steps { path += " H\(f(px(point.0)))" }
        path += " L\(f(px(point.0))),\(f(py(point.1)))"
      }
    }
    parts.append("<path d=\"\(path)\" class=\"series\"/>")
    parts.append("</svg>")
    return parts.joined(separator: "\n")
  }

  /// A range covering [low, high] with round ends and about five round steps.
  static func niceRange(_ low: Double, _ high: Double) -> (Double, Double, Double) {
    var (a, b) = (low, high)
    if a == b { (a, b) = (a - max(1, abs(a) * 0.1), b + max(1, abs(b) * 0.1)) }
    let step = niceNumber((b - a) / 5, round: true)
    return ((a / step).rounded(.down) * step, (b / step).rounded(.up) * step, step)
  }

  static func niceNumber(_ x: Double, round: Bool) -> Double {
    let exponent = (log10(x)).rounded(.down)
    let fraction = x / pow(10, exponent)
    let nice: Double =
      round
      ? (fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10)
      : (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10)
    return nice * pow(10, exponent)
  }

  static func label(_ v: Double) -> String {
    let rounded = (v * 1e9).rounded() / 1e9
    return abs(rounded) >= 1e5 || (abs(rounded) < 1e-3 && rounded != 0) ? String(format: "%.2g", rounded) : String(format: "%g", rounded)
  }

  private func f(_ v: Double) -> String { String(format: "%.1f", v) }
}

/// Escapes text for HTML and SVG.
public func escape(_ text: String) -> String {
  var out = ""
  for c in text {
    switch c {
    case "&": out += "&amp;"
    case "<": out += "&lt;"
    case ">": out += "&gt;"
    case "\"": out += "&quot;"
    default: out.append(c)
    }
  }
  return out
}
