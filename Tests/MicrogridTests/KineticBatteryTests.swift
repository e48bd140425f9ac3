import Foundation
import Microgrid
import Testing

/// The kinetic battery model: its closed-form step, its power limits, and the dispatchers that carry it.
@Suite("Kinetic battery (KiBaM)")
struct KineticBatteryTests {
  let kinetic = KineticBattery(capacityRatio: 0.3, rateConstant: 0.5)

  @Test("A step moves P dt out of the two wells together; at rest the available well relaxes to c q (exp(-k t))")
  func closedForm() {
    let (q1, q2) = kinetic.step(available: 20, bound: 60, power: 15, hours: 1)
    #expect(abs(q1 + q2 - (80 - 15)) < 1e-12)
    // At rest: q1(t) - c q = (q1(0) - c q) exp(-k t).
    let rest = kinetic.step(available: 5, bound: 95, power: 0, hours: 2)
    #expect(abs((rest.available - 0.3 * 100) - (5 - 30) * exp(-0.5 * 2)) < 1e-12)
    // Discharging at the limit empties the available well exactly; charging at it fills it to c Q.
    let limits = kinetic.powerLimits(available: 10, bound: 50, capacity: 200, hours: 1)
    #expect(abs(kinetic.step(available: 10, bound: 50, power: limits.discharge, hours: 1).available) < 1e-12)
    #expect(abs(kinetic.step(available: 10, bound: 50, power: -limits.charge, hours: 1).available - 60) < 1e-12)
  }

  @Test("The LP carries the wells: a peak beyond the available well costs more than with the simple model, and the plan replays and rolls")
  func dispatchWithWells() throws {
    // 100 kWh stored (30 available), a 2-hour peak of 60 kW at 2 CNY/kWh after 4 flat hours at 1 CNY/kWh.
    var battery = Battery(
      capacity: 100, maxCharge: 100, maxDischarge: 100, chargeEfficiency: 1, dischargeEfficiency: 1, minimumSOC: 0, maximumSOC: 1,
      initialSOC: 1, endAtLeastInitial: false)
    let prices = [1.0, 1, 1, 1, 2, 2]
    let profiles = SiteProfiles(load: [0, 0, 0, 0, 60, 60], pv: Array(repeating: 0, count: 6))
    let simple = MicrogridSystem(stepHours: 1, battery: battery, grid: GridConnection(importLimit: 1_000, importPrice: prices))
    battery.kinetic = kinetic
    let site = MicrogridSystem(stepHours: 1, battery: battery, grid: GridConnection(importLimit: 1_000, importPrice: prices))
    let (_, simpleSolution) = try simple.optimalDispatch(profiles: profiles)
    // The simple battery delivers all 100 kWh into the peak; 20 kWh come from the grid at 2 CNY/kWh.
    #expect(abs(simpleSolution.objective - 40) < 1e-9)
    let (dispatch, solution) = try site.optimalDispatch(profiles: profiles)
    #expect(solution.objective > simpleSolution.objective + 1)
    let evaluation = site.evaluate(dispatch, profiles: profiles)
    #expect(evaluation.violations.isEmpty, "\(evaluation.violations)")
    #expect(abs(evaluation.totalCost - solution.objective) < 1e-9)
    var rolling = ModelPredictive(window: 6, replanEvery: 2)
    let rolled = site.evaluate(site.simulate(&rolling, profiles: profiles), profiles: profiles)
    #expect(rolled.violations.isEmpty && abs(rolled.totalCost - solution.objective) < 1e-6)
  }
}
