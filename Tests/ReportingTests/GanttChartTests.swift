import Reporting
import Testing

@Suite("Gantt chart")
struct GanttChartTests {
  @Test("A schedule.csv becomes one bar per operation and one grey bar per setup, on rows by machine")
  func barsFromCSV() throws {
    let csv = "job,operation,machine,setup_start,start,end\n0,0,0,0,1,3\n1,0,0,3,8,10\n1,1,1,10,10,12\n"
    let chart = try #require(GanttChart(title: "t", scheduleCSV: csv))
    #expect(chart.bars == [
      .init(row: 0, job: 0, setupStart: 0, start: 1, end: 3), .init(row: 0, job: 1, setupStart: 3, start: 8, end: 10),
      .init(row: 1, job: 1, setupStart: 10, start: 10, end: 12),
    ])
    let svg = chart.svg()
    #expect(svg.components(separatedBy: "<rect").count - 1 == 3 + 2)
    #expect(svg.contains(">M1<") && !svg.contains(">M2<"))
    #expect(GanttChart(title: "t", scheduleCSV: "a,b\n1,2\n") == nil)
  }
}
