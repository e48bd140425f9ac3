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
}
