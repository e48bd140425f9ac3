import Foundation
import Reporting
import Testing

@Suite("HTML report")
struct HTMLReportTests {
  @Test("Built from the run directory alone: KPI table, one chart per series, self-contained, deterministic")
  func report() throws {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("twinkit-report-\(UUID().uuidString)").path
    let run = try RunDirectory(path: path)
    try run.write("kpis.csv", renderCSV(header: ["name", "value", "unit"], rows: [[.text("mean_wait"), .number(0.25), .text("min")]]))
    let series = try run.csv("timeseries.csv", header: ["time_s", "pressure_mpa", "compressor_on"])
    for k in 0...48 {
      let t = Double(k) * 1800
      try series.writeRow([.number(t), .number(30 + 10 * sin(t / 20_000)), .number(k % 6 < 3 ? 1 : 0)])
    }
    try run.commit()
    let html = try HTMLReport.build(runDirectory: path)
    #expect(html.contains("<td>mean_wait</td><td>0.25</td><td>min</td>"))
    #expect(html.components(separatedBy: "<svg").count - 1 == 2)
    #expect(html.contains("pressure_mpa") && html.contains("time (h)"))
    #expect(!html.contains("<script") && !html.contains("<link") && !html.contains("src="))
    #expect(!html.replacingOccurrences(of: "http://www.w3.org/2000/svg", with: "").contains("http"), "no network references")
    #expect(try HTMLReport.build(runDirectory: path) == html)
    #expect(throws: ReportingError.self) { try HTMLReport.build(runDirectory: path + "-missing") }
  }
}
