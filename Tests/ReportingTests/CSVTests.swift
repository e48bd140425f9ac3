import Foundation
import Reporting
import Testing

@Suite("CSV results and run directories")
struct CSVTests {
  func temporaryPath(_ name: String) -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("twinkit-\(name)-\(UUID().uuidString)").path
  }

  @Test("Numbers written and read back are bit-for-bit equal; text is quoted per RFC 4180")
  func roundTrip() throws {
    var values: [Double] = [0, -0.0, 0.1, 1.0 / 3, .pi, 1e-300, .leastNonzeroMagnitude, .greatestFiniteMagnitude, -123456.789, 2.5e-7]
    var state: UInt64 = 1
    for _ in 0..<1000 {
      state = state &* 6364136223846793005 &+ 1442695040888963407
      values.append(Double(bitPattern: state >> 2))  // arbitrary finite doubles
    }
    values = values.filter(\.isFinite)
    let directory = temporaryPath("roundtrip")
    let run = try RunDirectory(path: directory)
    let writer = try run.csv("values.csv", header: ["x_kw", "label"])
    for (i, x) in values.enumerated() { try writer.writeRow([.number(x), .text(i == 3 ? "a, \"quoted\"\nline" : "plain")]) }
    try run.commit()
    let rows = parseCSV(try String(contentsOfFile: "\(directory)/values.csv", encoding: .utf8))
    #expect(rows[0] == ["x_kw", "label"])
    #expect(rows.count == values.count + 1)
    for (i, x) in values.enumerated() {
      let read = try #require(Double(rows[i + 1][0]))
      #expect(read.bitPattern == x.bitPattern, "row \(i): \(x) read back as \(read)")
    }
    #expect(rows[4][1] == "a, \"quoted\"\nline")
  }

  @Test("Results appear under their final name only on commit; a failed run is marked and never overwrites")
  func atomicity() throws {
    let path = temporaryPath("atomic")
    let first = try RunDirectory(path: path)
    try first.write("kpis.csv", "name,value,unit\n")
    #expect(!FileManager.default.fileExists(atPath: path), "nothing under the final name before commit")
    try first.commit()
    #expect(FileManager.default.fileExists(atPath: "\(path)/kpis.csv"))
    #expect(throws: ReportingError.self) { try RunDirectory(path: path) }

    let failedPath = temporaryPath("failed")
    let failed = try RunDirectory(path: failedPath)
    try failed.write("partial.csv", "x\n1\n")
    failed.abandon(reason: "solver failed at t = 3")
    #expect(!FileManager.default.fileExists(atPath: failedPath))
    let marker = try String(contentsOfFile: "\(failedPath).partial/INCOMPLETE.txt", encoding: .utf8)
    #expect(marker.contains("solver failed at t = 3"))
  }
}
