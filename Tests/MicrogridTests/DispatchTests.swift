import Microgrid
import SimKernel
import Foundation
import Testing

/// Dispatch problems small enough to solve by hand, and invariants every dispatch must satisfy.
@Suite("Microgrid dispatch")
struct DispatchTests {
  /// A one-bus site with a battery, a grid at the given prices and a flat 10 kW load.
  func arbitrageSite(efficiency: Double, prices: [Double]) -> MicrogridSystem {
    MicrogridSystem(
      stepHours: 1,
      battery: Battery(
        capacity: 10, maxCharge: 10, maxDischarge: 10, chargeEfficiency: efficiency, dischargeEfficiency: efficiency,
        minimumSOC: 0, maximumSOC: 1, initialSOC: 0, endAtLeastInitial: false),
      grid: GridConnection(importLimit: 100, importPrice: prices))
  }

  @Test("Lossless arbitrage: buy 20 kWh at 0.2, cover the 1.0 hour from storage, cost 4.0 CNY")
  func losslessArbitrage() throws {
    let site = arbitrageSite(efficiency: 1, prices: [0.2, 1.0])
    let profiles = SiteProfiles(load: [10, 10], pv: [0, 0])
    let (dispatch, solution) = try site.optimalDispatch(profiles: profiles)
    #expect(abs(solution.objective - 4.0) < 1e-9)
    #expect(abs(dispatch.charge[0] - 10) < 1e-9 && abs(dispatch.discharge[1] - 10) < 1e-9)
    #expect(abs(dispatch.gridImport[1]) < 1e-9)
  }

  @Test("Lossy arbitrage (90 % each way): 10 kWh in delivers 8.1 kWh out, cost 4.0 + 1.9 = 5.9 CNY")
  func lossyArbitrage() throws {
    // Each delivered kWh costs 0.2 / 0.81 = 0.247 CNY < 1.0, so the charge limit binds:
    // import 20 kWh at 0.2 (4.0), deliver 10 * 0.9 * 0.9 = 8.1 kWh, import the other 1.9 kWh at 1.0.
    let site = arbitrageSite(efficiency: 0.9, prices: [0.2, 1.0])
    let profiles = SiteProfiles(load: [10, 10], pv: [0, 0])
    let (dispatch, solution) = try site.optimalDispatch(profiles: profiles)
    #expect(abs(solution.objective - 5.9) < 1e-9)
    #expect(abs(dispatch.discharge[1] - 8.1) < 1e-9)
    let evaluation = site.evaluate(dispatch, profiles: profiles)
    #expect(abs(evaluation.stateOfCharge[1]) < 1e-9)
  }

  @Test("No reverse flow: 5 kW of a 20 kW PV hour is curtailed, the stored 10 kWh cover the next two hours")
  func curtailmentWithoutExport() throws {
    let site = arbitrageSite(efficiency: 1, prices: [1, 1, 1])
    let profiles = SiteProfiles(load: [5, 5, 5], pv: [20, 0, 0])
    let (dispatch, solution) = try site.optimalDispatch(profiles: profiles)
    #expect(abs(solution.objective) < 1e-9)
    #expect(dispatch.gridExport.allSatisfy { $0 == 0 })
    #expect(abs(dispatch.pvUsed[0] - 15) < 1e-9)
    // Load following takes the same decisions here.
    let rule = site.loadFollowingDispatch(profiles: profiles)
    #expect(abs(site.evaluate(rule, profiles: profiles).totalCost) < 1e-9)
    #expect(abs(rule.pvUsed[0] - 15) < 1e-9)
  }

  @Test("With export at 0.5 CNY/kWh the 5 kWh surplus earns 2.5 CNY")
  func exportRevenue() throws {
    var site = arbitrageSite(efficiency: 1, prices: [1, 1, 1])
    site.grid = GridConnection(importLimit: 100, exportLimit: 100, importPrice: [1, 1, 1], exportPrice: [0.5, 0.5, 0.5])
    let (dispatch, solution) = try site.optimalDispatch(profiles: SiteProfiles(load: [5, 5, 5], pv: [20, 0, 0]))
    #expect(abs(solution.objective + 2.5) < 1e-9)
    #expect(abs(dispatch.gridExport[0] - 5) < 1e-9)
  }

  @Test("Fuel cells run only when the grid is dearer: 0.3 * 10 + 0.6 * 6 + 1.0 * 4 = 10.6 CNY")
  func fuelCellMeritOrder() throws {
    let site = MicrogridSystem(
      stepHours: 1, fuelCells: FuelCellPlant(capacity: 6, energyCost: 0.6, hydrogenPerKWh: 0.06),
      grid: GridConnection(importLimit: 100, importPrice: [0.3, 1.0]))
    let profiles = SiteProfiles(load: [10, 10], pv: [0, 0])
    let (dispatch, solution) = try site.optimalDispatch(profiles: profiles)
    #expect(abs(solution.objective - 10.6) < 1e-9)
    #expect(abs(dispatch.fuelCell[0]) < 1e-9 && abs(dispatch.fuelCell[1] - 6) < 1e-9)
    let evaluation = site.evaluate(dispatch, profiles: profiles)
    #expect(abs(evaluation.hydrogen - 6 * 0.06) < 1e-12)
    // Load following reaches the same optimum without storage.
    #expect(abs(site.evaluate(site.loadFollowingDispatch(profiles: profiles), profiles: profiles).totalCost - 10.6) < 1e-9)
  }

  @Test("A load above every source is reported infeasible, not crashed on")
  func infeasibleLoad() {
    let site = MicrogridSystem(stepHours: 1, grid: GridConnection(importLimit: 5, importPrice: [1]))
    #expect(throws: DispatchError.infeasible) { try site.optimalDispatch(profiles: SiteProfiles(load: [10], pv: [0])) }
  }

  @Test("Random sites: the LP dispatch closes the bus balance, keeps every limit, and never costs more than load following")
  func randomSites() throws {
    let streams = RandomStreams(seed: 2026)
    for replication in 0..<25 {
      let random = streams.replication(replication).stream("site")
      let steps = 24
      let prices = (0..<steps).map { t in (8..<22).contains(t) ? random.uniform(0.7, 1.2) : random.uniform(0.2, 0.4) }
      let site = MicrogridSystem(
        stepHours: 1,
        battery: Battery(
          capacity: random.uniform(50, 300), maxCharge: random.uniform(20, 100), maxDischarge: random.uniform(20, 100),
          chargeEfficiency: random.uniform(0.85, 0.98), dischargeEfficiency: random.uniform(0.85, 0.98)),
        fuelCells: FuelCellPlant(capacity: random.uniform(0, 120), energyCost: random.uniform(0.4, 1.1), hydrogenPerKWh: 0.06),
        grid: GridConnection(importLimit: 1_000, importPrice: prices, carbonIntensity: 0.58))
      let load: [Double] = (0..<steps).map { _ in random.uniform(50, 200) }
      let pv: [Double] = (0..<steps).map { t in
        let clearSky = max(0, 150 * sin(Double.pi * Double(t - 6) / 12))
        return clearSky * random.uniform(0.5, 1)
      }
      let profiles = SiteProfiles(load: load, pv: pv)
      let (dispatch, solution) = try site.optimalDispatch(profiles: profiles)
      let optimal = site.evaluate(dispatch, profiles: profiles)
      #expect(optimal.violations.isEmpty, "replication \(replication): \(optimal.violations.joined(separator: "; "))")
      #expect(optimal.worstBalanceResidual < 1e-9)
      #expect(abs(optimal.totalCost - solution.objective) < 1e-6 * max(1, abs(solution.objective)))
      #expect(optimal.exported == 0)
      // The energy balance over the horizon: sources minus sinks equals the energy left in the battery.
      let battery = try #require(site.battery)
      let stored = optimal.stateOfCharge.last! - battery.initialSOC * battery.capacity
      #expect(optimal.stateOfCharge.last! >= battery.initialSOC * battery.capacity - 1e-6)
      let charged = dispatch.charge.reduce(0, +), discharged = dispatch.discharge.reduce(0, +)
      #expect(abs(stored - (battery.chargeEfficiency * charged - discharged / battery.dischargeEfficiency)) < 1e-6)

      // Load following is one feasible dispatch of the LP without the end-of-horizon condition, so that
      // LP's optimum can be no dearer.
      let rule = site.evaluate(site.loadFollowingDispatch(profiles: profiles), profiles: profiles)
      #expect(rule.violations.isEmpty, "replication \(replication): \(rule.violations.joined(separator: "; "))")
      var free = site
      free.battery?.endAtLeastInitial = false
      let (_, relaxed) = try free.optimalDispatch(profiles: profiles)
      #expect(relaxed.objective <= rule.totalCost + 1e-6)
      #expect(relaxed.objective <= solution.objective + 1e-6)
    }
  }

  @Test("The evaluator flags reverse flow, power limits and an unbalanced bus")
  func evaluatorFindsViolations() {
    let site = arbitrageSite(efficiency: 1, prices: [1])
    var dispatch = Dispatch(steps: 1)
    dispatch.gridExport = [3]
    dispatch.charge = [20]
    dispatch.pvUsed = [10]
    let evaluation = site.evaluate(dispatch, profiles: SiteProfiles(load: [5], pv: [10]))
    #expect(evaluation.violations.contains { $0.contains("reverse flow") })
    #expect(evaluation.violations.contains { $0.contains("power limit") })
    #expect(evaluation.violations.contains { $0.contains("bus imbalance") })
  }
}
