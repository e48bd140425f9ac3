import Foundation
import Scenario
import Testing

/// The `fuel-cell-ageing` model kind: its KPIs against the model's own invariants, the what-if limits'
/// energy bookkeeping, and errors.
@Suite("Fuel-cell ageing scenarios")
struct FuelCellAgeingScenarioTests {
  func scenario(_ parameters: String, horizon: String = "200 h") -> String {
    """
    model: fuel-cell-ageing
    seed: 1
    horizon: \(horizon)
    outputs: kpis, polarization
    parameters:
    \(parameters)
    """
  }

  func run(_ text: String) throws -> RunOutput {
    try FuelCellAgeingModel.run(try ScenarioLoader.load(text: text, path: "stack.yaml"), context: RunContext())
  }

  func kpis(_ output: RunOutput) -> [String: Double] {
    Dictionary(uniqueKeysWithValues: output.kpis.map { ($0.name, $0.value) })
  }

  @Test("A constant 1 A/cm2 for 200 h: hydrogen is N I t / (2F) x M while the stack ages only in resistance and membrane")
  func constantCurrentHydrogen() throws {
    let output = try run(scenario("""
        duty:
          profile: constant
          current_density: 1 A/cm2
        stack:
          cells: 100
          active_area: 300 cm2
        run:
          polarization_ages: 0, 100
      """))
    let k = kpis(output)
    // Faraday: 100 cells x 300 A (1 A/cm2 over 300 cm2) x 720,000 s / (2 x 96485.33212 C/mol) x 2.01588 g/mol.
    let expected = 100 * 300 * 720_000 / (2 * 96_485.332_12) * 2.015_88e-3
    #expect(abs(k["hydrogen_per_stack"]! / expected - 1) < 1e-9)
    #expect(k["completed"] == 1)
    #expect(k["rated_voltage_loss"]! > 0)
    // Polarization curves at 0 h and 100 h: the aged one lies below at every current.
    let table = try #require(output.tables.first { $0.name == "polarization.csv" })
    #expect(table.header == ["current_density_A_per_cm2", "voltage_V_at_0h", "voltage_V_at_100h"])
    for row in table.rows { #expect(row[2] < row[1]) }
  }

  @Test("A power floor moves the stack's surplus into the battery: charged energy = sum of (floor - demand) x time")
  func powerFloorBookkeeping() throws {
    // City-bus shifts of 600 s at 0 kW and 2 x (20 s at 6 kW, 15 s at 76 kW, 85 s at 40 kW); floor 10 kW.
    let output = try run(scenario("""
        duty:
          profile: city-bus
          stops: 2
        control:
          power_floor: 10 kW
          power_cap: 60 kW
      """, horizon: "840 s"))
    let k = kpis(output)
    let charged = (600 * 10e3 + 2 * 20 * 4e3) / 3.6e6
    let discharged = 2 * 15 * 16e3 / 3.6e6
    #expect(abs(k["battery_charged"]! / charged - 1) < 1e-12)
    #expect(abs(k["battery_discharged"]! / discharged - 1) < 1e-12)
  }

  @Test("Bad ages, a missing duty file and crossed limits name their keys")
  func errors() {
    for (parameters, key) in [
      ("  run:\n    polarization_ages: 0, soon", "run.polarization_ages"),
      ("  duty:\n    profile: file", "duty.file"),
      ("  control:\n    power_floor: 20 kW\n    power_cap: 10 kW", "control.power_cap"),
      ("  catalyst:\n    bins: 65", "catalyst.bins"),
    ] {
      do {
        _ = try ScenarioLoader.load(text: scenario(parameters), path: "stack.yaml")
        Issue.record("expected an error for \(key)")
      } catch {
        #expect(error.issues.contains { $0.keyPath == key }, "\(error.issues)")
      }
    }
  }
}
