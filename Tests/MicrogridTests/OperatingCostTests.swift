import Microgrid
import Testing

/// Fuel-cell operation and maintenance cost, and the renewable fraction.
@Suite("O&M and renewable fraction")
struct OperatingCostTests {
  @Test("O&M tips the merit order: 0.5 CNY/kWh hydrogen beats a 0.6 grid, 0.5 + 0.2 O&M does not; renewable fraction = PV / (PV + FC + grid)")
  func meritOrderWithOperatingCost() throws {
    let profiles = SiteProfiles(load: [100, 100], pv: [50, 0])
    for (om, fuelCellEnergy) in [(0.0, 150.0), (0.2, 0.0)] {
      let site = MicrogridSystem(
        stepHours: 1, fuelCells: FuelCellPlant(capacity: 200, energyCost: 0.5, hydrogenPerKWh: 0.06, operatingCost: om),
        grid: GridConnection(importLimit: 1_000, importPrice: [0.6, 0.6]))
      let (dispatch, solution) = try site.optimalDispatch(profiles: profiles)
      let evaluation = site.evaluate(dispatch, profiles: profiles)
      #expect(abs(evaluation.fuelCellEnergy - fuelCellEnergy) < 1e-9)
      #expect(abs(evaluation.totalCost - solution.objective) < 1e-9)
      #expect(abs(evaluation.operatingCost - om * fuelCellEnergy) < 1e-9)
      #expect(abs(evaluation.renewableFraction - 50.0 / 200) < 1e-12)
      var rule = LoadFollowing()
      let rules = site.evaluate(site.simulate(&rule, profiles: profiles), profiles: profiles)
      #expect(abs(rules.fuelCellEnergy - fuelCellEnergy) < 1e-9, "the rules compare hydrogen plus O&M with the grid")
    }
  }
}
