import FuelCell
import Foundation
import Scenario
import Testing

/// Files in the FCLAB IEEE PHM 2014 layout, written here (the real data is not shipped).
@Suite("FCLAB ageing-file reader")
struct FCLABReaderTests {
  static let header = "Time (h),U1 (V),U2 (V),U3 (V),U4 (V),U5 (V),Utot (V),J (A/cm2),I (A),TinH2 (°C),ToutH2 (°C),TinAIR (°C),ToutAIR (°C),TinWAT (°C),ToutWAT (°C),PinAIR (mbara),PoutAIR (mbara),PoutH2 (mbara),PinH2 (mbara),DinH2 (l/mn),DoutH2 (l/mn),DinAIR (l/mn),DoutAIR (l/mn),DWAT (l/mn),HrAIRFC (%)"

  static func row(hours: Double, cell: Double) -> String {
    let cells = (0..<5).map { _ in "\(cell)" }.joined(separator: ",")
    return "\(hours),\(cells),\(5 * cell),0.70,35.0,48.1,48.5,50.2,52.0,53.1,55.0,1300,1250,1250,1300,5.1,4.9,25.3,24.8,2.0,49.9"
  }

  @Test("Reads the official layout and converts to SI")
  func read() throws {
    let text = ([Self.header] + [Self.row(hours: 0, cell: 0.66), Self.row(hours: 0.5, cell: 0.658)]).joined(separator: "\n")
    let history = try FCLABReader.parse(text, file: "FC1_Ageing.csv")
    #expect(history.count == 2)
    #expect(history.time == [0, 1800])
    #expect(history.stackVoltage[1] == 5 * 0.658)
    #expect(history.cellVoltages.count == 5 && history.cellVoltages[4] == [0.66, 0.658])
    #expect(abs(history.currentDensity[0] - 7000) < 1e-9)
    #expect(abs(history.temperature[0] - 328.15) < 1e-9)
    #expect(history.hydrogenPressure[0] == 130_000 && history.airPressure[0] == 130_000)
    #expect(abs(history.hydrogenFlow[0] - 5.1 / 60_000) < 1e-15)
  }

  @Test("Semicolon separators, reordered columns and Latin-1 text are accepted")
  func variants() throws {
    let names = Self.header.split(separator: ",").map(String.init)
    let values = Self.row(hours: 2, cell: 0.65).split(separator: ",").map(String.init)
    let order = Array(names.indices.reversed())
    let text = order.map { names[$0] }.joined(separator: ";") + "\n" + order.map { values[$0] }.joined(separator: ";") + "\n"
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("fclab-\(UUID().uuidString).csv").path
    try #require(text.data(using: .isoLatin1)).write(to: URL(fileURLWithPath: path))
    let history = try FCLABReader.read(path: path)
    #expect(history.time == [7200] && history.stackVoltage == [5 * 0.65])
  }

  @Test("A missing column and a bad value are named with line, column and header")
  func errors() {
    let noVoltage = Self.header.replacingOccurrences(of: "Utot (V)", with: "Ustack (V)") + "\n" + Self.row(hours: 0, cell: 0.66)
    #expect {
      _ = try FCLABReader.parse(noVoltage, file: "FC2_Ageing.csv")
    } throws: { error in
      (error as? ScenarioError)?.issues.first?.keyPath == "Utot (V)"
    }
    let bad = Self.header + "\n" + Self.row(hours: 0, cell: 0.66) + "\n" + Self.row(hours: 1, cell: 0.65).replacingOccurrences(of: ",35.0,", with: ",n/a,")
    #expect {
      _ = try FCLABReader.parse(bad, file: "FC2_Ageing.csv")
    } throws: { error in
      guard let issue = (error as? ScenarioError)?.issues.first else { return false }
      return issue.location.line == 3 && issue.location.column == 9 && issue.keyPath == "I (A)"
    }
  }
}
