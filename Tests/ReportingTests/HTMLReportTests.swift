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

  @Test("A sweep's KPIs side by side (one column per point), a stacks.csv as a voltage chart, a traffic.csv as heatmaps, and another directory's table with --with")
  func sweepStacksTrafficAndOthers() throws {
    let base = FileManager.default.temporaryDirectory.appendingPathComponent("twinkit-report-\(UUID().uuidString)").path
    let sweep = try RunDirectory(path: base + "-sweep")
    try sweep.write("sweep.csv", "point,parameters.policies.energy,total_cost_CNY\n0,rules,4053\n1,mpc,3745\n")
    try sweep.commit()
    let html = try HTMLReport.build(runDirectory: base + "-sweep")
    // Transposed: the policy row holds both points' values.
    #expect(html.contains("<td>parameters.policies.energy</td><td>rules</td><td>mpc</td>"))
    #expect(html.contains("<td>total_cost_CNY</td><td>4053</td><td>3745</td>"))

    let run = try RunDirectory(path: base + "-run")
    try run.write("kpis.csv", "name,value,unit\ncost,1,CNY\n")
    try run.write("stacks.csv", "time_h,rated_voltage_V,voltage_ratio\n168,0.59,0.99\n336,0.58,0.98\n")
    try run.write("traffic.csv", "x_m,y_m,visits,waits\n0,0,4,0\n1,0,9,2\n")
    try run.commit()
    let combined = try HTMLReport.build(runDirectory: base + "-run", with: [base + "-sweep"])
    #expect(combined.contains("Fuel-cell stacks") && combined.contains("rated cell voltage (V)"))
    #expect(combined.contains("Vehicle entries per place (darkest: 9)") && combined.contains("darkest: 2"))
    #expect(combined.contains("<td>total_cost_CNY</td><td>4053</td><td>3745</td>"))
    #expect(throws: ReportingError.self) { try HTMLReport.build(runDirectory: base + "-run", with: [base + "-missing"]) }
  }
}
