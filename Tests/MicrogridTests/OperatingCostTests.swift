import Foundation
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

/// Fuel-cell efficiency that rises with load: idle hydrogen per running system plus an incremental rate.
@Suite("Fuel-cell idle hydrogen")
struct IdleHydrogenTests {
  /// Three 100 kW systems, 0.05 kg/kWh incremental and 1 kg/h idle each, hydrogen at 10 CNY/kg; grid 0.7.
  func site() -> MicrogridSystem {
    MicrogridSystem(
      stepHours: 1,
      fuelCells: FuelCellPlant(capacity: 300, energyCost: 0.5, hydrogenPerKWh: 0.05, units: 3, idleHydrogen: 1),
      grid: GridConnection(importLimit: 1_000, importPrice: [0.7]))
  }

  @Test("At 300 kW all three systems run (3 x (100 x 0.5 + 10) = 180 < 210 CNY, 18 kg); at 40 kW none (0.5 x 40 + 10 = 30 > 28)")
  func commitmentWithIdleHydrogen() throws {
    let full = SiteProfiles(load: [300], pv: [0])
    let (dispatch, solution) = try site().optimalDispatch(profiles: full)
    #expect(abs(solution.objective - 180) < 1e-6 && dispatch.fuelCellUnits == [3])
    let evaluation = site().evaluate(dispatch, profiles: full)
    #expect(abs(evaluation.hydrogen - 18) < 1e-9 && abs(evaluation.totalCost - 180) < 1e-6)
    // Efficiency at full load: 300 kWh from 18 kg at 33.33 kWh/kg is 50 %; at 40 kW one system would
    // need 0.05 x 40 + 1 = 3 kg for 40 kWh, 40 %.
    let low = SiteProfiles(load: [40], pv: [0])
    let (off, offSolution) = try site().optimalDispatch(profiles: low)
    #expect(abs(offSolution.objective - 28) < 1e-6 && off.fuelCell == [0] && off.fuelCellUnits == [0])
  }
}

/// Minimum down time of fuel-cell systems.
@Suite("Fuel-cell minimum down time")
struct MinimumDownTimeTests {
  /// One 100 kW system at 0.5 CNY/kWh with a 50 % minimum load; no export; the grid at 2, 0.1, 2 CNY/kWh.
  func site(minimumDown: Int) -> MicrogridSystem {
    MicrogridSystem(
      stepHours: 1,
      fuelCells: FuelCellPlant(capacity: 100, energyCost: 0.5, hydrogenPerKWh: 0.03, minimumLoad: 0.5, minimumDownSteps: minimumDown),
      grid: GridConnection(importLimit: 1_000, importPrice: [2, 0.1, 2]))
  }

  let profiles = SiteProfiles(load: [100, 20, 100], pv: [0, 0, 0])

  @Test("The 20 kW hour is below the minimum load, so the system stops: free to restart, 50 + 2 + 50 = 102 CNY; with 2 h down, 252 CNY")
  func minimumDown() throws {
    let (free, freeSolution) = try site(minimumDown: 1).optimalDispatch(profiles: profiles)
    #expect(abs(freeSolution.objective - 102) < 1e-6 && free.fuelCellUnits == [1, 0, 1])
    let constrained = site(minimumDown: 2)
    let (dispatch, solution) = try constrained.optimalDispatch(profiles: profiles)
    #expect(abs(solution.objective - 252) < 1e-6)
    #expect(constrained.evaluate(dispatch, profiles: profiles).violations.isEmpty)
    // The unconstrained plan breaks the 2 h down time, and the evaluator says so.
    #expect(constrained.evaluate(free, profiles: profiles).violations.contains { $0.contains("minimum down time") })
  }

  @Test("A one-step MPC carries the stop across windows: it does not restart within the down time")
  func carriedAcrossWindows() {
    let constrained = site(minimumDown: 2)
    var policy = ModelPredictive(window: 1, replanEvery: 1)
    let dispatch = constrained.simulate(&policy, profiles: profiles)
    #expect(constrained.evaluate(dispatch, profiles: profiles).violations.isEmpty)
    #expect(dispatch.fuelCellUnits == [1, 0, 0])
  }
}

/// Battery capacity fade from rainflow-counted cycles and calendar age.
@Suite("Battery fade")
struct BatteryFadeTests {
  @Test("100 cycles between 10 % and 90 %: 0.2 x 100 x 0.8^1.5 / 6000 of capacity, plus 1 %/yr over the 200 h")
  func squareCycling() {
    let fade = BatteryFade()
    let soc = (0..<100).flatMap { _ in [0.1, 0.9] } + [0.1]
    let expected = 0.2 * 100 * pow(0.8, 1.5) / 6_000 + 0.01 * 200 / 8_760
    #expect(abs(fade.capacityLost(stateOfCharge: soc, hours: 200) - expected) < 1e-15)
    // Shallow cycles wear less per cycle: 200 cycles of depth 0.4 cost 2 x 0.4^1.5 / 0.8^1.5 = 0.71 of the above.
    let shallow = (0..<200).flatMap { _ in [0.3, 0.7] } + [0.3]
    let cycleLoss = fade.capacityLost(stateOfCharge: shallow, hours: 0)
    #expect(abs(cycleLoss / (0.2 * 100 * pow(0.8, 1.5) / 6_000) - 2 * pow(0.5, 1.5)) < 1e-12)
  }

  @Test("The evaluator reports the fade of a dispatched battery: a lossless daily full cycle for 30 days")
  func evaluatedFade() throws {
    var battery = Battery(
      capacity: 100, maxCharge: 100, maxDischarge: 100, chargeEfficiency: 1, dischargeEfficiency: 1, minimumSOC: 0, maximumSOC: 1,
      initialSOC: 0, endAtLeastInitial: false)
    battery.fade = BatteryFade(calendarFadePerYear: 0)
    let site = MicrogridSystem(stepHours: 12, battery: battery, grid: GridConnection(importLimit: 1_000, importPrice: Array(repeating: 1, count: 60)))
    var dispatch = Dispatch(steps: 60)
    for t in 0..<60 {
      if t % 2 == 0 { dispatch.charge[t] = 100.0 / 12; dispatch.gridImport[t] = 100.0 / 12 } else { dispatch.discharge[t] = 100.0 / 12; dispatch.gridExport[t] = 0 }
    }
    // Discharging serves nothing, so the bus needs a load: 100/12 kW in discharging steps.
    let load = (0..<60).map { $0 % 2 == 0 ? 0.0 : 100.0 / 12 }
    let evaluation = site.evaluate(dispatch, profiles: SiteProfiles(load: load, pv: Array(repeating: 0, count: 60)))
    #expect(evaluation.violations.isEmpty, "\(evaluation.violations.prefix(2))")
    #expect(abs(evaluation.batteryCapacityLost - 0.2 * 30 / 6_000) < 1e-12)
  }
}

/// Fuel-cell start-up time: a started system runs without producing for its warm-up steps.
@Suite("Fuel-cell start-up time")
struct StartupTimeTests {
  /// One 100 kW system at 0.5 CNY/kWh with 1 kg/h idle hydrogen at 10 CNY/kg; the grid at 0.1, 2, 2.
  func site(startup: Int) -> MicrogridSystem {
    MicrogridSystem(
      stepHours: 1,
      fuelCells: FuelCellPlant(capacity: 100, energyCost: 0.5, hydrogenPerKWh: 0.05, startupSteps: startup, idleHydrogen: 1),
      grid: GridConnection(importLimit: 1_000, importPrice: [0.1, 2, 2]))
  }

  let profiles = SiteProfiles(load: [0, 100, 100], pv: [0, 0, 0])

  @Test("Without warm-up the system runs two hours (2 x (50 + 10) = 120 CNY); with one step it starts an hour early (130 CNY)")
  func warmUp() throws {
    let (instant, instantSolution) = try site(startup: 0).optimalDispatch(profiles: profiles)
    #expect(abs(instantSolution.objective - 120) < 1e-6 && instant.fuelCellUnits == [0, 1, 1])
    let warming = site(startup: 1)
    let (dispatch, solution) = try warming.optimalDispatch(profiles: profiles)
    #expect(abs(solution.objective - 130) < 1e-6 && dispatch.fuelCellUnits == [1, 1, 1] && dispatch.fuelCell[0] == 0)
    #expect(warming.evaluate(dispatch, profiles: profiles).violations.isEmpty)
    #expect(!warming.evaluate(instant, profiles: profiles).violations.isEmpty, "producing in the first step breaks the warm-up")
  }

  @Test("A one-step MPC never sees a start pay off (400 CNY from the grid); a two-step one starts ahead and reaches 130 CNY; load following stays valid")
  func rulesAndRollingHorizon() {
    let warming = site(startup: 1)
    var myopic = ModelPredictive(window: 1, replanEvery: 1)
    let blind = warming.evaluate(warming.simulate(&myopic, profiles: profiles), profiles: profiles)
    #expect(blind.violations.isEmpty && abs(blind.totalCost - 400) < 1e-6)
    var ahead = ModelPredictive(window: 2, replanEvery: 1)
    let rolled = warming.simulate(&ahead, profiles: profiles)
    let evaluation = warming.evaluate(rolled, profiles: profiles)
    #expect(evaluation.violations.isEmpty, "\(evaluation.violations)")
    #expect(rolled.fuelCellUnits == [1, 1, 1] && abs(evaluation.totalCost - 130) < 1e-6)
    var rule = LoadFollowing()
    let ruled = warming.evaluate(warming.simulate(&rule, profiles: profiles), profiles: profiles)
    #expect(ruled.violations.isEmpty, "\(ruled.violations)")
  }
}
