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

  /// A site with random sizes, day/night prices, load and PV, hourly steps.
  func randomSite(_ random: RandomStream, steps: Int) -> (MicrogridSystem, SiteProfiles) {
    let prices = (0..<steps).map { t in (8..<22).contains(t % 24) ? random.uniform(0.7, 1.2) : random.uniform(0.2, 0.4) }
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
    return (site, SiteProfiles(load: load, pv: pv))
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

  @Test("Wear cost: arbitrage pays while the 0.8 CNY/kWh spread exceeds it (0.5: 4.0 + 5.0 = 9.0 CNY), not beyond (0.9: 12.0 CNY)")
  func wearCost() throws {
    let profiles = SiteProfiles(load: [10, 10], pv: [0, 0])
    for (wear, expected) in [(0.5, 9.0), (0.9, 12.0)] {
      var site = arbitrageSite(efficiency: 1, prices: [0.2, 1.0])
      site.battery?.wearCost = wear
      let (dispatch, solution) = try site.optimalDispatch(profiles: profiles)
      #expect(abs(solution.objective - expected) < 1e-9)
      #expect(abs(site.evaluate(dispatch, profiles: profiles).totalCost - expected) < 1e-9)
    }
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
    var policy = LoadFollowing()
    let rule = site.simulate(&policy, profiles: profiles)
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
    var policy = LoadFollowing()
    #expect(abs(site.evaluate(site.simulate(&policy, profiles: profiles), profiles: profiles).totalCost - 10.6) < 1e-9)
  }

  @Test("A demand charge flattens imports: load 0 then 10 kWh, 1 CNY/kW on the peak: import 5 and 5, cost 10 + 5 = 15 CNY")
  func demandCharge() throws {
    var site = arbitrageSite(efficiency: 1, prices: [1, 1])
    site.grid.demandCharge = 1
    let profiles = SiteProfiles(load: [0, 10], pv: [0, 0])
    let (dispatch, solution) = try site.optimalDispatch(profiles: profiles)
    #expect(abs(solution.objective - 15) < 1e-9)
    #expect(abs(dispatch.gridImport[0] - 5) < 1e-9 && abs(dispatch.gridImport[1] - 5) < 1e-9)
    let evaluation = site.evaluate(dispatch, profiles: profiles)
    #expect(abs(evaluation.demandCost - 5) < 1e-9 && abs(evaluation.totalCost - 15) < 1e-9)
    // One full usable cycle would be 10 kWh out; 5 kWh is half of one.
    #expect(abs(evaluation.equivalentFullCycles(of: site.battery)! - 0.5) < 1e-12)
  }

  @Test("Calendar months as billing periods: 2026 has 8,760 hours, February 672; 2028's February has 696")
  func calendarMonths() {
    let months = GridConnection.calendarMonths(year: 2026, stepHours: 1, steps: 8_760)
    #expect(months.count == 12 && months.first == 0..<744 && months[1].count == 672 && months.last?.upperBound == 8_760)
    #expect(GridConnection.calendarMonths(year: 2028, stepHours: 0.25, steps: 8_784 * 4)[1].count == 696 * 4)
  }

  /// One 10 kW fuel-cell system at 0.5 CNY/kWh against a 1.0 CNY/kWh grid, no battery, no PV.
  func fuelCellSite(minimumLoad: Double = 0, startCost: Double = 0, minimumUpSteps: Int = 1, steps: Int) -> MicrogridSystem {
    MicrogridSystem(
      stepHours: 1,
      fuelCells: FuelCellPlant(
        capacity: 10, energyCost: 0.5, hydrogenPerKWh: 0.06, units: 1, minimumLoad: minimumLoad, startCost: startCost,
        minimumUpSteps: minimumUpSteps),
      grid: GridConnection(importLimit: 100, importPrice: Array(repeating: 1, count: steps)))
  }

  @Test("Minimum load (MILP, Cbc): a 3 kW load cannot use a system whose minimum is 5 kW: 3.0 + 0.5 * 8 = 7.0 CNY")
  func minimumLoad() throws {
    let site = fuelCellSite(minimumLoad: 0.5, steps: 2)
    let profiles = SiteProfiles(load: [3, 8], pv: [0, 0])
    let (dispatch, solution) = try site.optimalDispatch(profiles: profiles)
    #expect(solution.solver == "Cbc" && abs(solution.objective - 7) < 1e-9)
    #expect(dispatch.fuelCellUnits == [0, 1])
    // Load following, held to the minimum load by the simulator, takes the same decisions.
    var policy = LoadFollowing()
    let rule = site.evaluate(site.simulate(&policy, profiles: profiles), profiles: profiles)
    #expect(rule.violations.isEmpty && abs(rule.totalCost - 7) < 1e-9)
  }

  @Test("Start cost: staying on through an idle hour beats a second 3 CNY start: 3 + 4 + 4 = 11 CNY, one start")
  func startCost() throws {
    let site = fuelCellSite(startCost: 3, steps: 3)
    let profiles = SiteProfiles(load: [8, 0, 8], pv: [0, 0, 0])
    let (dispatch, solution) = try site.optimalDispatch(profiles: profiles)
    #expect(abs(solution.objective - 11) < 1e-9)
    let evaluation = site.evaluate(dispatch, profiles: profiles)
    #expect(evaluation.fuelCellStarts == 1 && abs(evaluation.totalCost - 11) < 1e-9 && evaluation.violations.isEmpty)
  }

  @Test("Minimum up time: a system that would have to run 3 h at >= 5 kW into a 2 kW load stays off: 12 CNY (8 without the rule)")
  func minimumUpTime() throws {
    let profiles = SiteProfiles(load: [8, 2, 2], pv: [0, 0, 0])
    let (_, free) = try fuelCellSite(minimumLoad: 0.5, steps: 3).optimalDispatch(profiles: profiles)
    #expect(abs(free.objective - (4 + 2 + 2)) < 1e-9)
    let site = fuelCellSite(minimumLoad: 0.5, minimumUpSteps: 3, steps: 3)
    let (dispatch, solution) = try site.optimalDispatch(profiles: profiles)
    #expect(abs(solution.objective - 12) < 1e-9 && dispatch.fuelCellUnits == [0, 0, 0])
    // The evaluator catches a dispatch that breaks the rule.
    var broken = Dispatch(steps: 3)
    broken.fuelCell = [8, 0, 0]
    broken.fuelCellUnits = [1, 0, 0]
    broken.gridImport = [0, 2, 2]
    #expect(site.evaluate(broken, profiles: profiles).violations.contains { $0.contains("minimum up time") })
  }

  @Test("Commitment history: a running system starts no cost (4 CNY, not 8); one that must stay on at >= 5 kW cannot serve 2 kW")
  func commitmentHistory() throws {
    let site = fuelCellSite(startCost: 9, steps: 1)
    let profiles = SiteProfiles(load: [8], pv: [0])
    #expect(abs(try site.optimalDispatch(profiles: profiles).1.objective - 8) < 1e-9)
    #expect(abs(try site.optimalDispatch(profiles: profiles, fuelCellHistory: FuelCellHistory(running: 1)).1.objective - 4) < 1e-9)
    let held = fuelCellSite(minimumLoad: 0.5, minimumUpSteps: 2, steps: 1)
    #expect(throws: DispatchError.infeasible) {
      try held.optimalDispatch(profiles: SiteProfiles(load: [2], pv: [0]), fuelCellHistory: FuelCellHistory(running: 1, mustRun: [1]))
    }
  }

  @Test("Rolling MPC with unit commitment carries running systems and minimum up times across windows: the replayed dispatch keeps every rule")
  func mpcCommitment() throws {
    for replication in 0..<5 {
      var (site, profiles) = randomSite(RandomStreams(seed: 21).replication(replication).stream("site"), steps: 72)
      site.battery?.endAtLeastInitial = false
      site.fuelCells = FuelCellPlant(
        capacity: 120, energyCost: 0.55, hydrogenPerKWh: 0.06, units: 4, minimumLoad: 0.4, startCost: 5, minimumUpSteps: 4)
      // PV can be curtailed, so a committed system always has somewhere to put its minimum output.
      var policy = ModelPredictive(window: 12, replanEvery: 3)
      let evaluation = site.evaluate(site.simulate(&policy, profiles: profiles), profiles: profiles)
      #expect(policy.failedWindows == 0)
      #expect(evaluation.violations.isEmpty, "replication \(replication): \(evaluation.violations.joined(separator: "; "))")
      let (_, bound) = try site.optimalDispatch(profiles: profiles)
      #expect(evaluation.totalCost >= bound.objective - 1e-6 * abs(bound.objective))
    }
  }

  @Test("A load above every source is reported infeasible, not crashed on")
  func infeasibleLoad() {
    let site = MicrogridSystem(stepHours: 1, grid: GridConnection(importLimit: 5, importPrice: [1]))
    #expect(throws: DispatchError.infeasible) { try site.optimalDispatch(profiles: SiteProfiles(load: [10], pv: [0])) }
  }

  @Test("Random sites: the LP dispatch closes the bus balance, keeps every limit, and never costs more than any rule-based policy")
  func randomSites() throws {
    let streams = RandomStreams(seed: 2026)
    for replication in 0..<25 {
      let (site, profiles) = randomSite(streams.replication(replication).stream("site"), steps: 24)
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

      // Every rule-based dispatch that serves the load is a feasible point of the LP without the
      // end-of-horizon condition, so that LP's optimum can be no dearer.
      var free = site
      free.battery?.endAtLeastInitial = false
      let (_, relaxed) = try free.optimalDispatch(profiles: profiles)
      var loadFollowing = LoadFollowing()
      var cycleCharging = CycleCharging()
      var shaving = TimeOfUseShaving(valleyPrice: 0.4, peakPrice: 0.7)
      let rules = [
        site.simulate(&loadFollowing, profiles: profiles), site.simulate(&cycleCharging, profiles: profiles),
        site.simulate(&shaving, profiles: profiles),
      ]
      for (name, rule) in zip(["load following", "cycle charging", "time-of-use shaving"], rules) {
        let evaluation = site.evaluate(rule, profiles: profiles)
        #expect(evaluation.violations.isEmpty, "\(name), replication \(replication): \(evaluation.violations.joined(separator: "; "))")
        #expect(evaluation.worstBalanceResidual < 1e-12 && evaluation.unmetEnergy == 0 && evaluation.exported == 0)
        #expect(relaxed.objective <= evaluation.totalCost + 1e-6, "\(name), replication \(replication)")
      }
      #expect(relaxed.objective <= solution.objective + 1e-6)
    }
  }

  @Test("Time-of-use shaving on the lossless two-period case reaches the LP optimum of 4.0 CNY")
  func shavingMatchesOptimumWhereItShould() {
    let site = arbitrageSite(efficiency: 1, prices: [0.2, 1.0])
    let profiles = SiteProfiles(load: [10, 10], pv: [0, 0])
    var policy = TimeOfUseShaving(valleyPrice: 0.3, peakPrice: 0.9)
    #expect(abs(site.evaluate(site.simulate(&policy, profiles: profiles), profiles: profiles).totalCost - 4.0) < 1e-12)
  }

  @Test("Cycle charging runs fuel cells at full output and stores the surplus up to the set point")
  func cycleChargingStoresSurplus() {
    // Load 4 kW, fuel cells 10 kW at 0.5 < grid 1.0: the battery (empty, set point 80 % of 10 kWh) takes
    // 6 kW in hour 1 (6 kWh) and 2 kW in hour 2 (reaching 8 kWh); fuel cells then follow the load.
    let site = MicrogridSystem(
      stepHours: 1,
      battery: Battery(capacity: 10, maxCharge: 10, maxDischarge: 10, chargeEfficiency: 1, dischargeEfficiency: 1, minimumSOC: 0, maximumSOC: 1, initialSOC: 0),
      fuelCells: FuelCellPlant(capacity: 10, energyCost: 0.5, hydrogenPerKWh: 0.06),
      grid: GridConnection(importLimit: 100, importPrice: [1, 1, 1]))
    var policy = CycleCharging(setPointSOC: 0.8)
    let profiles = SiteProfiles(load: [4, 4, 4], pv: [0, 0, 0])
    let dispatch = site.simulate(&policy, profiles: profiles)
    #expect(dispatch.fuelCell == [10, 6, 4] && dispatch.charge == [6, 2, 0])
    #expect(site.evaluate(dispatch, profiles: profiles).stateOfCharge == [6, 8, 8])
  }

  @Test("A load above every source leaves unmet load in the simulation instead of failing")
  func unmetLoadIsReported() {
    let site = MicrogridSystem(stepHours: 0.5, grid: GridConnection(importLimit: 5, importPrice: [1]))
    var policy = LoadFollowing()
    let evaluation = site.evaluate(site.simulate(&policy, profiles: SiteProfiles(load: [8], pv: [0])), profiles: SiteProfiles(load: [8], pv: [0]))
    #expect(evaluation.unmetEnergy == 1.5 && evaluation.violations.isEmpty && evaluation.peakImport == 5)
  }

  @Test("MPC with a perfect forecast over the whole horizon reproduces the LP optimum")
  func mpcWholeHorizon() throws {
    let (site, profiles) = randomSite(RandomStreams(seed: 3).stream("site"), steps: 48)
    let (_, optimum) = try site.optimalDispatch(profiles: profiles)
    var policy = ModelPredictive(window: 48, replanEvery: 48)
    let evaluation = site.evaluate(site.simulate(&policy, profiles: profiles), profiles: profiles)
    #expect(evaluation.violations.isEmpty && policy.failedWindows == 0)
    #expect(abs(evaluation.totalCost - optimum.objective) < 1e-6 * abs(optimum.objective))
  }

  @Test("Rolling-horizon MPC, perfect or noisy, never beats perfect foresight, keeps every limit and is reproducible by seed")
  func mpcRolling() throws {
    for replication in 0..<5 {
      let (site, profiles) = randomSite(RandomStreams(seed: 9).replication(replication).stream("site"), steps: 72)
      var free = site
      free.battery?.endAtLeastInitial = false
      let (_, bound) = try free.optimalDispatch(profiles: profiles)
      for sigma in [0.0, 0.2] {
        var policy = ModelPredictive(window: 24, replanEvery: 4, forecastError: sigma, random: RandomStreams(seed: 5).stream("forecast"))
        let dispatch = free.simulate(&policy, profiles: profiles)
        var again = ModelPredictive(window: 24, replanEvery: 4, forecastError: sigma, random: RandomStreams(seed: 5).stream("forecast"))
        #expect(free.simulate(&again, profiles: profiles) == dispatch)
        let evaluation = free.evaluate(dispatch, profiles: profiles)
        #expect(evaluation.violations.isEmpty && evaluation.unmetEnergy == 0 && policy.failedWindows == 0)
        #expect(evaluation.totalCost >= bound.objective - 1e-6 * abs(bound.objective))
      }
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
