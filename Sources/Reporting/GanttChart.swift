import Foundation

/// A Gantt chart drawn as SVG: one row per machine, one bar per operation (setups hatched in grey),
/// coloured by job, on a time axis with "nice" ticks.
public struct GanttChart: Sendable {
  /// One bar.
  public struct Bar: Sendable, Equatable {
    /// The row (machine).
    public var row: Int
    /// The job, for the colour and the label.
    public var job: Int
    /// Setup start (equal to `start` without a setup).
    public var setupStart: Double
    /// Processing start.
    public var start: Double
    /// End.
    public var end: Double

    /// Creates a bar.
    public init(row: Int, job: Int, setupStart: Double, start: Double, end: Double) {
      self.row = row
      self.job = job
      self.setupStart = setupStart
      self.start = start
      self.end = end
    }
  }

  /// The chart's title.
  public var title: String
  /// The bars.
  public var bars: [Bar]

  /// Creates a chart.
  public init(title: String, bars: [Bar]) {
    self.title = title
    self.bars = bars
  }

  /// Reads a `schedule.csv` (columns job, operation, machine, start, end, and optionally setup_start).
  public init?(title: String, scheduleCSV text: String) {
    let rows = parseCSV(text)
    guard let header = rows.first, let job = header.firstIndex(of: "job"), let machine = header.firstIndex(of: "machine"),
      let start = header.firstIndex(of: "start"), let end = header.firstIndex(of: "end")
    else { return nil }
    let setup = header.firstIndex(of: "setup_start")
    var bars: [Bar] = []
    for row in rows.dropFirst() where row.count == header.count {
      guard let j = Double(row[job]), let m = Double(row[machine]), let s = Double(row[start]), let e = Double(row[end]) else { continue }
      bars.append(Bar(row: Int(m), job: Int(j), setupStart: setup.flatMap { Double(row[$0]) } ?? s, start: s, end: e))
    }
    self.init(title: title, bars: bars)
  }

  /// The SVG element (width 900 user units, 22 per machine row).
  public func svg() -> String {
    guard let horizon = bars.map(\.end).max(), horizon > 0 else { return "<p>\(escape(title)): no operations</p>" }
    let rows = (bars.map(\.row).max() ?? 0) + 1
    let (width, rowHeight, left, right, top, bottom) = (900.0, 22.0, 50.0, 15.0, 28.0, 30.0)
    let height = top + Double(rows) * rowHeight + bottom
    let (_, high, step) = LineChart.niceRange(0, horizon)
    func px(_ t: Double) -> Double { left + t / high * (width - left - right) }
    func f(_ v: Double) -> String { String(format: "%.1f", v) }
    var parts = ["<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" class=\"chart gantt\">"]
    parts.append("<text x=\"\(left)\" y=\"18\" class=\"title\">\(escape(title))</text>")
    var tick = 0.0
    while tick <= high + step * 1e-9 {
      parts.append("<line x1=\"\(f(px(tick)))\" y1=\"\(top)\" x2=\"\(f(px(tick)))\" y2=\"\(f(height - bottom))\" class=\"grid\"/>")
      parts.append("<text x=\"\(f(px(tick)))\" y=\"\(f(height - bottom + 14))\" class=\"tick\" text-anchor=\"middle\">\(LineChart.label(tick))</text>")
      tick += step
    }
    for row in 0..<rows {
      parts.append("<text x=\"\(left - 6)\" y=\"\(f(top + Double(row) * rowHeight + 15))\" class=\"tick\" text-anchor=\"end\">M\(row)</text>")
    }
    for bar in bars {
      let y = top + Double(bar.row) * rowHeight + 3
      if bar.start > bar.setupStart {
        parts.append("<rect x=\"\(f(px(bar.setupStart)))\" y=\"\(f(y))\" width=\"\(f(px(bar.start) - px(bar.setupStart)))\" height=\"16\" fill=\"#bbb\"/>")
      }
      // Golden-angle hues keep neighbouring job numbers apart.
      let hue = Int((Double(bar.job) * 137.508).truncatingRemainder(dividingBy: 360))
      parts.append("<rect x=\"\(f(px(bar.start)))\" y=\"\(f(y))\" width=\"\(f(max(0.5, px(bar.end) - px(bar.start))))\" height=\"16\" fill=\"hsl(\(hue),60%,60%)\" stroke=\"#333\" stroke-width=\"0.3\"><title>job \(bar.job): \(LineChart.label(bar.start))-\(LineChart.label(bar.end))</title></rect>")
    }
    parts.append("</svg>")
    return parts.joined(separator: "\n")
  }
}
