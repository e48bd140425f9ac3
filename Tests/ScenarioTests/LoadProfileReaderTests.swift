import FuelCell
import Scenario
import Testing

@Suite("Load-profile CSV reader")
struct LoadProfileReaderTests {
  @Test("Units come from the header names and convert to SI")
  func units() throws {
    let profile = try LoadProfileReader.parse("time_h,power_kW\n0,10\n0.5,40\n1,0\n", file: "bus.csv")
    #expect(profile.times == [0, 1800, 3600] && profile.values == [10_000, 40_000, 0] && profile.quantity == .power)
    let current = try LoadProfileReader.parse("time_min,current_A\n0,50\n2,120\n", file: "c.csv")
    #expect(current.times == [0, 120] && current.quantity == .current)
  }

  @Test("Bad headers, bad numbers and decreasing times are named by line")
  func errors() {
    #expect(throws: ScenarioError.self) { try LoadProfileReader.parse("t,power\n0,1\n", file: "x.csv") }
    #expect {
      _ = try LoadProfileReader.parse("time_s,power_W\n0,1\n5,x\n6,1\n3,2\n", file: "x.csv")
    } throws: { error in
      guard let issues = (error as? ScenarioError)?.issues else { return false }
      return issues.map(\.location.line) == [3, 5] && issues[1].message.contains("must not decrease")
    }
  }

  @Test("A named column of a wider file (a microgrid time series) reads with the unit in its name")
  func namedColumn() throws {
    let text = "time_s,load_kW,fuel_cell_kW,stored_kWh\n0,36,0,100\n3600,40,25.5,90\n"
    let profile = try LoadProfileReader.parse(text, file: "ts.csv", column: "fuel_cell_kW")
    #expect(profile.times == [0, 3600] && profile.values == [0, 25_500] && profile.quantity == .power)
    #expect {
      _ = try LoadProfileReader.parse(text, file: "ts.csv", column: "fuel_cells_kW")
    } throws: { error in
      (error as? ScenarioError)?.issues.first?.message.contains("no column 'fuel_cells_kW'") == true
    }
    // An energy column is not a load.
    #expect(throws: ScenarioError.self) { try LoadProfileReader.parse(text, file: "ts.csv", column: "stored_kWh") }
  }
}
