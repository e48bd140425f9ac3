import Foundation
import Testing

@testable import Scheduling

/// Time-of-use energy: the tariff's integral, energy-aware timing, the power profile and the energy
/// objective of the tabu search.
@Suite("Energy-aware scheduling")
struct EnergyTests {
  static let hour = 3600.0
  static let perKWh = 1 / 3.6e6
  /// Valley 0-8 h at 0.3, flat 8-17 h at 0.62, peak 17-22 h at 1.0, flat 22-24 h (CNY/kWh).
  let threeBand = EnergyTariff(period: 24 * hour, bands: [
    .init(start: 0, price: 0.3 * perKWh), .init(start: 8 * hour, price: 0.62 * perKWh),
    .init(start: 17 * hour, price: 1.0 * perKWh), .init(start: 22 * hour, price: 0.62 * perKWh),
  ])

  @Test("Tariff integral by hand: 1 kW over 6-10 h costs 2 x 0.3 + 2 x 0.62 = 1.84; a day costs 8 x 0.3 + 11 x 0.62 + 5 x 1.0 = 14.22, two days twice that")
  func tariffIntegral() {
    #expect(abs(threeBand.cost(power: 1000, from: 6 * Self.hour, to: 10 * Self.hour) - 1.84) < 1e-9)
    #expect(abs(threeBand.cost(power: 1000, from: 0, to: 24 * Self.hour) - 14.22) < 1e-9)
    #expect(abs(threeBand.cost(power: 1000, from: 0, to: 48 * Self.hour) - 28.44) < 1e-9)
    #expect(abs(threeBand.cost(power: 1000, from: 30 * Self.hour, to: 42 * Self.hour) - (2 * 0.3 + 9 * 0.62 + 1.0)) < 1e-9)
    #expect(threeBand.changes(from: 0, to: 26 * Self.hour) == [8, 17, 22, 24].map { $0 * Self.hour })
    #expect(threeBand.price(at: 41 * Self.hour) == 1.0 * Self.perKWh)
  }

  /// Machine 1 runs a 24 h job (the makespan); machine 0 two 1 h jobs at 1 kW released at 8 h; the
  /// price is 1.0 from 8 to 22 h and 0.3 otherwise.
  func nightShop() -> (ShopInstance, EnergyTariff) {
    let h = Self.hour
    var shop = ShopInstance(name: "night", machines: 2, jobs: [
      ShopJob(operations: [[.init(machine: 1, duration: 24 * h)]]),
      ShopJob(operations: [[.init(machine: 0, duration: h)]], release: 8 * h),
      ShopJob(operations: [[.init(machine: 0, duration: h)]], release: 8 * h),
    ])
    shop.machinePower = [1000, 0]
    let tariff = EnergyTariff(period: 24 * h, bands: [.init(start: 0, price: 0.3 * Self.perKWh), .init(start: 8 * h, price: 1.0 * Self.perKWh), .init(start: 22 * h, price: 0.3 * Self.perKWh)])
    return (shop, tariff)
  }

  @Test("Energy-aware timing moves the two short jobs into the cheap 22-24 h window (the optimum, 2 x 0.3 against 2 x 1.0) without stretching the makespan; energy is conserved")
  func slideIntoTheNight() {
    let (shop, tariff) = nightShop()
    let blind = dispatchSchedule(shop, rule: PriorityRule.fifo)
    let aware = shiftIntoCheapPeriods(blind, of: shop, tariff: tariff)
    #expect(aware.violations(of: shop).isEmpty)
    #expect(aware.makespan == blind.makespan)
    let (before, after) = (ScheduleEnergy(blind, instance: shop, tariff: tariff), ScheduleEnergy(aware, instance: shop, tariff: tariff))
    #expect(abs(before.cost - 2.0) < 1e-9 && abs(after.cost - 0.6) < 1e-9)
    #expect(before.energy == after.energy && before.energy == 2 * 3.6e6)
    #expect(after.shareAboveValley == 0 && before.shareAboveValley == 1)
    #expect(Set(aware.operations.filter { $0.machine == 0 }.map(\.start)) == [22 * Self.hour, 23 * Self.hour])
  }

  @Test("A due date caps the slide: due at 12 h, the jobs stay where they finish by it")
  func dueDateCapsTheSlide() {
    var (shop, tariff) = nightShop()
    shop.jobs[1].due = 12 * Self.hour
    shop.jobs[2].due = 12 * Self.hour
    let aware = shiftIntoCheapPeriods(dispatchSchedule(shop, rule: PriorityRule.fifo), of: shop, tariff: tariff)
    #expect(ScheduleKPIs(aware, instance: shop).totalTardiness == 0)
    #expect(aware.operations.filter { $0.machine == 0 }.allSatisfy { $0.end <= 12 * Self.hour })
  }

  /// ft06 in hours with machine powers 10-60 kW.
  func ft06() throws -> ShopInstance {
    var shop = try InstanceReader.orLibrary(SchedulingTests.load("jobshop/ft06.txt"))
    for j in shop.jobs.indices {
      shop.jobs[j].operations = shop.jobs[j].operations.map { $0.map { .init(machine: $0.machine, duration: $0.duration * Self.hour) } }
    }
    shop.machinePower = (1...6).map { Double($0) * 10_000 }
    return shop
  }

  @Test("The power profile integrates to the energy (ft06 in hours, 15-minute steps)")
  func powerProfile() throws {
    let shop = try ft06()
    let schedule = dispatchSchedule(shop, rule: PriorityRule.mwkr)
    let profile = schedule.powerProfile(of: shop, step: 900)
    let energy = ScheduleEnergy(schedule, instance: shop, tariff: threeBand).energy
    #expect(abs(profile.reduce(0, +) * 900 - energy) < 1e-6 * energy)
    #expect(profile.max()! <= shop.machinePower.reduce(0, +))
  }

  @Test("Tabu search on energy cost: feasible, and no dearer than the best rule's schedule timed for the tariff")
  func energyObjective() throws {
    let shop = try ft06()
    let start = dispatchSchedule(shop, rule: PriorityRule.mwkr)
    let timed = ScheduleEnergy(shiftIntoCheapPeriods(start, of: shop, tariff: threeBand), instance: shop, tariff: threeBand).cost
    var options = TabuSearchOptions()
    options.objective = .energyCost(tardinessPrice: 0)
    options.tariff = threeBand
    options.maxIterations = 300
    let result = tabuSearch(shop, start: start, options: options)
    #expect(result.schedule.violations(of: shop).isEmpty)
    let cost = ScheduleEnergy(result.schedule, instance: shop, tariff: threeBand).cost
    #expect(abs(cost - result.makespan) < 1e-6 * cost, "the reported objective is the schedule's cost")
    #expect(cost <= timed + 1e-9)
  }
}
