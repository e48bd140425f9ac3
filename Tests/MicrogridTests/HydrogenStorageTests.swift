import Foundation
import Microgrid
import SimKernel
import Testing

/// Electrolyser, tank and deliveries: hand-solvable dispatches, the tank's balance and bounds, and the
/// real-gas pressure.
@Suite("Hydrogen storage in the microgrid")
struct HydrogenStorageTests {
  /// No battery, no export, 10 CNY/kWh grid; fuel cells at 0.06 kg/kWh; a 50 kWh/kg electrolyser.
  func site(
    electrolyser: Electrolyser? = Electrolyser(rating: 100, energyPerKg: 50), initialLevel: Double = 0, purchasePrice: Double = 100,
    steps: Int = 2
  ) -> MicrogridSystem {
    MicrogridSystem(
      stepHours: 1,
      fuelCells: FuelCellPlant(capacity: 200, energyCost: purchasePrice * 0.06, hydrogenPerKWh: 0.06),
      grid: GridConnection(importLimit: 1_000, importPrice: Array(repeating: 10, count: steps)),
      hydrogen: HydrogenStorage(
        electrolyser: electrolyser,
        tank: HydrogenTank(capacity: 50, initialLevel: initialLevel, volume: 2), purchasePrice: purchasePrice))
  }

  @Test("PV surplus stored as hydrogen: 150 kW surplus, 100 kW electrolyser -> 2 kg, burnt at 0.06 kg/kWh for 33.3 kWh; cost 0")
  func surplusToHydrogen() throws {
    let system = site()
    let profiles = SiteProfiles(load: [0, 100.0 / 3], pv: [150, 0])
    let (dispatch, solution) = try system.optimalDispatch(profiles: profiles)
    #expect(abs(solution.objective) < 1e-9)
    #expect(abs(dispatch.electrolyser[0] - 100) < 1e-9)
    #expect(abs(dispatch.fuelCell[1] - 100.0 / 3) < 1e-9)
    #expect(abs(dispatch.pvUsed[0] - 100) < 1e-9, "the 50 kW the electrolyser cannot take is curtailed")
    let evaluation = system.evaluate(dispatch, profiles: profiles)
    #expect(evaluation.violations.isEmpty)
    #expect(abs(evaluation.hydrogenProduced - 2) < 1e-9 && abs(evaluation.hydrogen - 2) < 1e-9)
    #expect(abs(evaluation.hydrogenLevel[1]) < 1e-9)
  }

  @Test("Bought hydrogen: 1 kg at 100 CNY/kg replaces 16.7 kWh at 10 CNY/kWh; the cheaper source wins")
  func purchaseVersusGrid() throws {
    // Fuel-cell electricity from bought hydrogen costs 100 * 0.06 = 6 CNY/kWh < 10: buy 0.06 * 50 = 3 kg.
    let system = site(electrolyser: nil)
    let profiles = SiteProfiles(load: [50, 0], pv: [0, 0])
    let (dispatch, solution) = try system.optimalDispatch(profiles: profiles)
    #expect(abs(solution.objective - 300) < 1e-9)
    #expect(abs(dispatch.hydrogenPurchased.reduce(0, +) - 3) < 1e-9)
    let evaluation = system.evaluate(dispatch, profiles: profiles)
    #expect(evaluation.violations.isEmpty && abs(evaluation.totalCost - 300) < 1e-9)
  }

  @Test("A 40 % minimum load: 25 kW would do; the electrolyser runs at 40 kW and the 0.3 kg too many feed the fuel cells: 5 CNY")
  func minimumLoadCommitment() throws {
    // Step 1 needs 0.5 kg (8.33 kWh at 0.06 kg/kWh), which 25 kWh of electrolysis makes. Without a
    // minimum load: 25 kW from PV, cost 0. With 40 %: off means buying 0.5 kg (50 CNY); on means at least
    // 40 kW, making 0.8 kg. The 0.3 kg beyond step 1's need are worth nothing at the end, so the fuel
    // cells burn them at once (0.3 / 0.06 = 5 kWh) and only 40 - 30 - 5 = 5 kW is imported at 1 CNY/kWh.
    let profiles = SiteProfiles(load: [0, 0.5 / 0.06], pv: [30, 0])
    var free = site()
    free.grid.importPrice = [1, 10]
    let (relaxed, relaxedSolution) = try free.optimalDispatch(profiles: profiles)
    #expect(abs(relaxedSolution.objective) < 1e-9 && abs(relaxed.electrolyser[0] - 25) < 1e-9)
    var system = site(electrolyser: Electrolyser(rating: 100, energyPerKg: 50, minimumLoad: 0.4))
    system.grid.importPrice = [1, 10]
    let (dispatch, solution) = try system.optimalDispatch(profiles: profiles)
    #expect(abs(solution.objective - 5) < 1e-6)
    #expect(dispatch.electrolyserOn[0])
    #expect(abs(dispatch.electrolyser[0] - 40) < 1e-6)
    #expect(abs(dispatch.fuelCell[0] - 5) < 1e-6 && abs(dispatch.gridImport[0] - 5) < 1e-6)
    #expect(system.evaluate(dispatch, profiles: profiles).violations.isEmpty)
  }

  @Test("A week of random sites: the LP with storage is feasible, never dearer than load following, and its cost replays exactly")
  func lpVersusRules() throws {
    let random = RandomStreams(seed: 17).stream("sites")
    for _ in 0..<5 {
      let steps = 168
      let load = (0..<steps).map { _ in random.uniform(40, 120) }
      let pv = (0..<steps).map { t in max(0, 250 * sin(Double.pi * Double(t % 24 - 6) / 12)) * random.uniform(0.4, 1) }
      let profiles = SiteProfiles(load: load, pv: pv)
      let prices = (0..<steps).map { t in (8..<22).contains(t % 24) ? 1.0 : 0.3 }
      let system = MicrogridSystem(
        stepHours: 1,
        battery: Battery(capacity: 100, maxCharge: 50, maxDischarge: 50, chargeEfficiency: 0.95, dischargeEfficiency: 0.95),
        fuelCells: FuelCellPlant(capacity: 60, energyCost: 20 / 16.7, hydrogenPerKWh: 1 / 16.7),
        grid: GridConnection(importLimit: 1_000, importPrice: prices),
        hydrogen: HydrogenStorage(
          electrolyser: Electrolyser(rating: random.uniform(20, 120), energyPerKg: 55),
          tank: HydrogenTank(capacity: 200, minimumLevel: 5, initialLevel: 50, volume: 10), purchasePrice: 20))
      let (optimal, solution) = try system.optimalDispatch(profiles: profiles)
      let lp = system.evaluate(optimal, profiles: profiles)
      #expect(lp.violations.isEmpty, "\(lp.violations.prefix(3))")
      #expect(abs(lp.totalCost - solution.objective) < 1e-6 * max(1, abs(solution.objective)))
      #expect(lp.hydrogenLevel.last! >= 50 - 1e-6)
      var rule = LoadFollowing()
      let rules = system.evaluate(system.simulate(&rule, profiles: profiles), profiles: profiles)
      #expect(rules.violations.isEmpty, "\(rules.violations.prefix(3))")
      #expect(rules.hydrogenProduced > 0, "PV surplus beyond the battery runs the electrolyser")
      // The rule may end with less hydrogen than it started with; value the difference at the price.
      let ruleCost = rules.totalCost + max(0, 50 - rules.hydrogenLevel.last!) * 20
      #expect(lp.totalCost <= ruleCost + 1e-6)
    }
  }

  @Test("Tank pressure by Abel-Noble: 24.0 kg/m3 at 15 C is 35 MPa (NIST Webbook: 24.0 kg/m3 at 35 MPa, 288.15 K)")
  func tankPressure() {
    let tank = HydrogenTank(capacity: 100, initialLevel: 10, volume: 1, temperature: 288.15)
    #expect(abs(tank.pressure(level: 24.0) / 35e6 - 1) < 0.01)
  }
}

