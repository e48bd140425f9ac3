import Foundation
import Microgrid
import SimKernel
import Testing

/// Vehicle charging as a flexible load: hand-solvable schedules, deadlines under every policy, and the
/// optimiser against the rules.
@Suite("Vehicle charging sessions")
struct ChargingSessionTests {
  /// Grid only, no local load: one vehicle needs 20 kWh within steps 0-3 at up to 10 kW.
  func site(prices: [Double], rule: ChargingRule = .immediate) -> MicrogridSystem {
    var system = MicrogridSystem(stepHours: 1, grid: GridConnection(importLimit: 100, importPrice: prices))
    system.sessions = [ChargingSession(arrival: 0, departure: 4, energy: 20, maxPower: 10)]
    system.chargingRule = rule
    return system
  }

  let profiles = SiteProfiles(load: [0, 0, 0, 0], pv: [0, 0, 0, 0])
  let prices = [1.0, 0.2, 0.3, 1.0]

  @Test("The optimum charges in the two cheapest hours (0.2 and 0.3 CNY/kWh): 10 x 0.2 + 10 x 0.3 = 5 CNY")
  func optimum() throws {
    let system = site(prices: prices)
    let (dispatch, solution) = try system.optimalDispatch(profiles: profiles)
    #expect(abs(solution.objective - 5) < 1e-9)
    #expect(dispatch.sessionCharging[0] == [0, 10, 10, 0])
    let evaluation = system.evaluate(dispatch, profiles: profiles)
    #expect(evaluation.violations.isEmpty && abs(evaluation.vehicleEnergy - 20) < 1e-9)
  }

  @Test("Immediate charging pays 10 x 1.0 + 10 x 0.2 = 12 CNY; the cheapest-steps rule matches the optimum, 5 CNY")
  func rules() {
    for (rule, cost, plan) in [(ChargingRule.immediate, 12.0, [10.0, 10, 0, 0]), (.cheapest, 5.0, [0, 10, 10, 0])] {
      let system = site(prices: prices, rule: rule)
      var policy = LoadFollowing()
      let dispatch = system.simulate(&policy, profiles: profiles)
      let evaluation = system.evaluate(dispatch, profiles: profiles)
      #expect(dispatch.sessionCharging[0] == plan, "\(rule)")
      #expect(abs(evaluation.totalCost - cost) < 1e-9 && evaluation.violations.isEmpty, "\(rule)")
    }
  }

  @Test("A one-step MPC cannot see the cheap hours ahead, yet meets the deadline: the last two steps are forced")
  func deadlineForced() {
    // Prices rising to the end tempt a myopic plan to wait; it must still deliver 20 kWh by step 4.
    let system = site(prices: [0.5, 0.6, 0.7, 0.8])
    var policy = ModelPredictive(window: 1, replanEvery: 1)
    let dispatch = system.simulate(&policy, profiles: profiles)
    let evaluation = system.evaluate(dispatch, profiles: profiles)
    #expect(evaluation.violations.isEmpty)
    #expect(abs(evaluation.vehicleEnergy - 20) < 1e-9 && evaluation.vehicleShortfall == 0)
    #expect(dispatch.sessionCharging[0] == [0, 0, 10, 10])
  }

  @Test("A week of random fleets: the LP never costs more than either rule, MPC over the whole horizon equals it, every session completes")
  func randomFleets() throws {
    let random = RandomStreams(seed: 23).stream("fleets")
    let steps = 168
    for _ in 0..<4 {
      let prices = (0..<steps).map { t in (8..<22).contains(t % 24) ? (t % 24 >= 17 ? 1.0 : 0.62) : 0.3 }
      let load = (0..<steps).map { _ in random.uniform(30, 90) }
      let pv = (0..<steps).map { t in max(0, 60 * sin(Double.pi * Double(t % 24 - 6) / 12)) }
      let profiles = SiteProfiles(load: load, pv: pv)
      var system = MicrogridSystem(
        stepHours: 1,
        battery: Battery(capacity: 100, maxCharge: 50, maxDischarge: 50, chargeEfficiency: 0.95, dischargeEfficiency: 0.95),
        grid: GridConnection(importLimit: 1_000, importPrice: prices))
      system.sessions = (0..<20).map { _ in
        let arrival = Int(random.uniform(0, Double(steps - 12)))
        let stay = Int(random.uniform(2, 12))
        let power = random.uniform(7, 22)
        return ChargingSession(arrival: arrival, departure: arrival + stay, energy: power * Double(stay) * random.uniform(0.2, 0.9), maxPower: power)
      }
      let (optimal, solution) = try system.optimalDispatch(profiles: profiles)
      let lp = system.evaluate(optimal, profiles: profiles)
      #expect(lp.violations.isEmpty, "\(lp.violations.prefix(2))")
      #expect(abs(lp.totalCost - solution.objective) < 1e-6 * solution.objective)
      for rule in ChargingRule.allCases {
        var site = system
        site.chargingRule = rule
        var policy = LoadFollowing()
        let evaluation = site.evaluate(site.simulate(&policy, profiles: profiles), profiles: profiles)
        #expect(evaluation.violations.isEmpty, "\(rule): \(evaluation.violations.prefix(2))")
        #expect(lp.totalCost <= evaluation.totalCost + 1e-6)
      }
      var mpc = ModelPredictive(window: steps, replanEvery: steps)
      let rolling = system.evaluate(system.simulate(&mpc, profiles: profiles), profiles: profiles)
      #expect(abs(rolling.totalCost - lp.totalCost) < 1e-6 * lp.totalCost)
      var daily = ModelPredictive(window: 24, replanEvery: 6)
      let short = system.evaluate(system.simulate(&daily, profiles: profiles), profiles: profiles)
      #expect(short.violations.isEmpty && short.vehicleShortfall < 1e-9)
    }
  }
}
