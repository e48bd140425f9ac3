import Foundation

/// Builds one self-contained HTML report (inline CSS and SVG, no scripts, no network) from a run
/// directory's files alone: the KPI table, a sweep's KPIs side by side, a Gantt chart of a `schedule.csv`, the stacks' voltage of a `stacks.csv`, traffic heatmaps of a `traffic.csv`, a chart per time-series
/// column, the replication spread.
public enum HTMLReport {
  /// The report for the run in `directory`, with the KPI tables of the runs or sweeps in `others`
  /// (e.g. a policy comparison beside the run it varies).
  ///
  /// - Throws: ``ReportingError`` if a directory has neither `kpis.csv` nor `sweep.csv`.
  public static func build(runDirectory directory: String, with others: [String] = []) throws -> String {
    let files = FileManager.default
    var body: [String] = []
    let manifest = (try? String(contentsOfFile: "\(directory)/manifest.json", encoding: .utf8)) ?? ""
    let title = "TwinKit run: \(URL(fileURLWithPath: directory).lastPathComponent)"
    body.append("<h1>\(escape(title))</h1>")
    if let kpiText = try? String(contentsOfFile: "\(directory)/kpis.csv", encoding: .utf8) {
      body.append(table(parseCSV(kpiText), caption: "Key performance indicators"))
    } else if let sweep = try? String(contentsOfFile: "\(directory)/sweep.csv", encoding: .utf8) {
      body.append(table(transposed(parseCSV(sweep)), caption: "Key performance indicators, one column per point of the sweep"))
    } else {
      throw ReportingError.cannotCreate("\(directory)/kpis.csv (not a complete run directory)")
    }

    if let schedule = try? String(contentsOfFile: "\(directory)/schedule.csv", encoding: .utf8),
      let gantt = GanttChart(title: "Schedule (one row per machine; setups grey)", scheduleCSV: schedule)
    {
      body.append("<h2>Gantt chart</h2>")
      body.append(gantt.svg())
    }
    if let traffic = try? String(contentsOfFile: "\(directory)/traffic.csv", encoding: .utf8) {
      body.append("<h2>Traffic</h2>")
      for (column, title) in [("visits", "Vehicle entries per place"), ("waits", "Steps blocked per place (congestion)")] {
        if let map = TrafficHeatmap(title: title, trafficCSV: traffic, column: column) { body.append(map.svg()) }
      }
    }
    for other in others {
      let name = URL(fileURLWithPath: other).lastPathComponent
      if let kpis = try? String(contentsOfFile: "\(other)/kpis.csv", encoding: .utf8) {
        body.append(table(parseCSV(kpis), caption: "Key performance indicators of \(name)"))
      } else if let sweep = try? String(contentsOfFile: "\(other)/sweep.csv", encoding: .utf8) {
        body.append(table(transposed(parseCSV(sweep)), caption: "Key performance indicators of \(name), one column per point"))
      } else {
        throw ReportingError.cannotCreate("\(other)/kpis.csv (not a complete run or sweep directory)")
      }
    }
    if let stacks = try? String(contentsOfFile: "\(directory)/stacks.csv", encoding: .utf8) {
      let rows = parseCSV(stacks).dropFirst().compactMap { row in row.count >= 2 ? (Double(row[0]), Double(row[1])) : nil }
      if rows.count >= 2 {
        body.append("<h2>Fuel-cell stacks</h2>")
        body.append(LineChart(title: "rated cell voltage (V)", xLabel: "time (h)", x: rows.map { $0.0 ?? .nan }, y: rows.map { $0.1 ?? .nan }).svg())
      }
    }
    if let series = try? String(contentsOfFile: "\(directory)/timeseries.csv", encoding: .utf8) {
      body.append("<h2>Time series</h2>")
      body.append(contentsOf: charts(parseCSV(series)))
    }
    if let replications = try? String(contentsOfFile: "\(directory)/replications.csv", encoding: .utf8) {
      body.append("<h2>Replications</h2>")
      body.append(table(parseCSV(replications), caption: "One row per replication"))
    }
    if files.fileExists(atPath: "\(directory)/events.csv") {
      body.append("<p>The event log is in <code>events.csv</code>.</p>")
    }
    if !manifest.isEmpty { body.append("<h2>Manifest</h2><pre>\(escape(manifest))</pre>") }
    let style = """
      body{font-family:system-ui,sans-serif;max-width:980px;margin:2em auto;color:#222}
      table{border-collapse:collapse;margin:1em 0;font-size:0.9em}
      td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}th{background:#f3f3f3}
      td:first-child,th:first-child{text-align:left}
      .chart{width:100%;max-width:640px;display:block;margin:0.5em 0}
      .chart .title{font-size:13px;font-weight:600}.chart .tick{font-size:10px;fill:#555}
      .chart .grid{stroke:#e5e5e5;stroke-width:1}.chart .series{fill:none;stroke:#1f6fb2;stroke-width:1.5}
      """
    return """
      <!DOCTYPE html>
      <html lang="en"><head><meta charset="utf-8"><title>\(escape(title))</title><style>\(style)</style></head>
      <body>
      \(body.joined(separator: "\n"))
      </body></html>

      """
  }

  static func table(_ rows: [[String]], caption: String) -> String {
    guard let header = rows.first else { return "" }
    var html = "<table><caption>\(escape(caption))</caption><tr>" + header.map { "<th>\(escape($0))</th>" }.joined() + "</tr>"
    for row in rows.dropFirst() {
      html += "<tr>" + row.map { cell in "<td>\(escape(Double(cell).map { formatted($0) } ?? cell))</td>" }.joined() + "</tr>"
    }
    return html + "</table>"
  }

  /// Rows become columns: a sweep's points side by side, one KPI per row.
  static func transposed(_ rows: [[String]]) -> [[String]] {
    guard let width = rows.map(\.count).min(), width > 0 else { return rows }
    return (0..<width).map { column in rows.map { $0[column] } }
  }

  static func formatted(_ x: Double) -> String {
    x == x.rounded() && abs(x) < 1e15 ? String(format: "%.0f", x) : String(format: "%.6g", x)
  }

  /// One chart per value column; the time axis in hours (from seconds or ISO 8601 timestamps).
  static func charts(_ rows: [[String]]) -> [String] {
    guard let header = rows.first, header.count > 1, rows.count > 2 else { return [] }
    let data = rows.dropFirst()
    let iso = ISO8601DateFormatter()
    iso.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    let start = iso.date(from: data.first![0])
    let hours: [Double] = data.map { row in
      if let start, let date = iso.date(from: row[0]) { return date.timeIntervalSince(start) / 3600 }
      return (Double(row[0]) ?? .nan) / 3600
    }
    return (1..<header.count).map { column in
      let values = data.map { Double($0[column]) ?? .nan }
      let isStep = values.allSatisfy { $0 == $0.rounded() }
      return LineChart(title: header[column], xLabel: "time (h)", x: hours, y: values, steps: isStep).svg()
    }
  }
}
