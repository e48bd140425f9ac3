import AGV
import FuelCell
import Foundation
import Microgrid
import Scheduling
import SimKernel
import Testing

@testable import ParkTwin

/// The park twin: couplings off reproduce the stand-alone modules, energy and orders are conserved
/// across modules, runs are deterministic, and the order of independent boundary actions is immaterial.
@Suite("Park twin")
struct ParkTwinTests {
  /// A one-day-period plant: 4 jobs on 3 machines (20 kW each), 2 AGVs with small batteries in a
  /// 12 x 3 hall, a 2-system fuel-cell park with a battery, over two days at 15-minute steps.
  static func setup() throws -> ParkTwinSetup {
    let hour = 3600.0
    var jobs: [ShopJob] = []
    for j in 0..<4 {
      var operations: [[ShopJob.Alternative]] = []
      for o in 0..<3 {
        let duration: Double = Double(1 + (j + o) % 2) * hour
        operations.append([ShopJob.Alternative(machine: (j + o) % 3, duration: duration)])
      }
      jobs.append(ShopJob(operations: operations, release: Double(j) * hour))
    }
    var shop = ShopInstance(name: "small", machines: 3, jobs: jobs)
    shop.machinePower = [20_000, 20_000, 20_000]
    let tariff = EnergyTariff(period: 86_400, bands: [.init(start: 0, price: 0.3 / 3.6e6), .init(start: 8 * hour, price: 1.0 / 3.6e6), .init(start: 11 * hour, price: 0.62 / 3.6e6)])
    let layout = try FleetLayout(
      grid: GridMap(rows: Array(repeating: "............", count: 3)), cellSize: 1, speed: 1,
      stations: [("M0", 2, 0), ("M1", 5, 0), ("M2", 8, 0), ("IN", 0, 1), ("OUT", 11, 1)], chargers: [(5, 2)], parking: [(3, 2), (7, 2)])
    // 0.1 kWh lasts 5 h idle: every vehicle charges several times in the two days.
    let vehicle = VehicleSpec(batteryCapacity: 0.1 * 3.6e6, consumptionPerMetre: 50, idlePower: 20, chargingPower: 500, loadTime: 30, unloadTime: 30)
    let fleet = FleetScenario(
      layout: layout, vehicleCount: 2, vehicle: vehicle, initialStateOfCharge: 0.9, tasks: .list([]), assignment: .nearest,
      charging: ChargingPolicy(low: 0.4, high: 0.9), horizon: 2 * 86_400, seed: 7)
    let steps = 2 * 96
    let price = (0..<steps).map { t -> Double in
      let h = Double(t % 96) / 4
      return h < 8 ? 0.3 : (h < 11 || (17..<22).contains(h)) ? 1.0 : 0.62
    }
    let site = MicrogridSystem(
      stepHours: 0.25, battery: Battery(capacity: 40, maxCharge: 20, maxDischarge: 20),
      fuelCells: FuelCellPlant(capacity: 60, energyCost: 0.5, hydrogenPerKWh: 0.06, units: 2), grid: GridConnection(importLimit: 500, importPrice: price))
    let base = (0..<steps).map { 30 + 10 * sin(Double($0) / 96 * 2 * .pi) }
    let pv = (0..<steps).map { t -> Double in
      let h = Double(t % 96) / 4
      return (6..<18).contains(h) ? 25 * sin((h - 6) / 12 * .pi) : 0
    }
    var cell = CellPerformance()
    cell.activeArea = 300e-4
    let ageing = MechanisticAgeingModel(cell: cell, stack: StackDesign(cells: 400, cell: cell))
    var setup = ParkTwinSetup(
      shop: shop, rule: .mwkr, schedulePolicy: .energyBlind, tariff: tariff, fleet: fleet,
      machineStations: [0, 1, 2].map { layout.station(named: "M\($0)")! }, inboundStore: layout.station(named: "IN"),
      outboundStore: layout.station(named: "OUT"), site: site, profiles: SiteProfiles(load: base, pv: pv), energyPolicy: .rules, ageing: ageing,
      horizon: 2 * 86_400, seed: 3)
    setup.period = 86_400
    return setup
  }

  @Test("Every coupling off: the microgrid equals the stand-alone simulator on the park's own load, the plans equal the rule's schedule; material moves alone: the fleet equals a stand-alone fleet run on the same orders")
  func couplingsOff() throws {
    var setup = try Self.setup()
    setup.couplings = .none
    let off = try runParkTwin(setup)
    var policy = TimeOfUseShaving(valleyPrice: 0.3, peakPrice: 1.0)
    #expect(off.dispatch == setup.site.simulate(&policy, profiles: setup.profiles))
    #expect(off.schedules == [dispatchSchedule(setup.shop, rule: PriorityRule.mwkr), dispatchSchedule(setup.shop, rule: PriorityRule.mwkr)])
    #expect(off.fleet.tasksCreated == 0)

    setup.couplings.materialMoves = true
    let moves = try runParkTwin(setup)
    let orders = (0..<2).flatMap { day in
      materialMoves(off.schedules[day], of: setup.shop, stations: setup.machineStations, inbound: setup.inboundStore, outbound: setup.outboundStore, offset: Double(day) * 86_400)
    }
    var alone = setup.fleet
    alone.tasks = .list(orders)
    let standalone = try simulateFleet(alone)
    #expect(moves.materialMoves == orders.count && orders.count == 2 * (4 + 4 * 2 + 4))
    #expect(moves.fleet.latencies == standalone.latencies)
    #expect(moves.fleet.energyUsed == standalone.energyUsed && moves.fleet.distance == standalone.distance)
    #expect(moves.dispatch == off.dispatch)
  }

  @Test("All couplings on: the load is the park's own plus the schedules' machine energy; the vehicles charge exactly the energy the dispatch gave their sessions; the bus balances; every order is done, in progress or waiting; the aged plant burns more hydrogen per kWh")
  func conservation() throws {
    var setup = try Self.setup()
    try check(setup)
    // The same with deferred charging sessions (4 h each) under model-predictive dispatch.
    setup.energyPolicy = .modelPredictive(window: 16, replan: 4)
    setup.agvCharging = .deferred(window: 4 * 3600)
    try check(setup)
  }

  func check(_ setup: ParkTwinSetup) throws {
    let r = try runParkTwin(setup)
    let hours = setup.site.stepHours
    let loadEnergy = r.load.reduce(0, +) * hours
    let parts = r.baseLoad.reduce(0, +) * hours + r.productionEnergy / 3.6e6
    #expect(abs(loadEnergy - parts) < 1e-9 * loadEnergy)
    // The chargers draw exactly what the dispatch gave their sessions.
    let charging = r.chargingLoad.reduce(0, +) * hours
    #expect(r.fleet.energyCharged > 0 && r.productionEnergy > 0)
    #expect(abs(charging - r.fleet.energyCharged / 3.6e6) < 1e-9 * charging)
    #expect(zip(r.chargingLoad, r.dispatch.vehicleCharging).allSatisfy { abs($0 - $1) < 1e-12 })
    let evaluation = setup.site.evaluate(r.dispatch, profiles: SiteProfiles(load: r.load, pv: setup.profiles.pv))
    #expect(evaluation.worstBalanceResidual < 1e-9)
    #expect(r.fleet.strandedVehicles == 0 && r.fleet.minimumStateOfCharge > 0)
    #expect(r.fleet.tasksCreated == r.materialMoves)
    #expect(r.fleet.tasksCreated == r.fleet.tasksDone + r.fleet.tasksInProgress + r.fleet.tasksQueued)
    // The first day's ageing lowers the rated voltage; from then on each kWh costs 0.06 / ratio kg.
    #expect(r.stackRecords.count == 2 && r.stackRecords[0].ratio < 1)
    let fuelCellEnergy = r.dispatch.fuelCell.reduce(0, +) * hours
    #expect(r.hydrogen > 0.06 * fuelCellEnergy)
  }

  @Test("With an electrolyser and a tank under MPC: PV surplus makes hydrogen, the tank balance closes (initial + produced + bought - burnt = final) and the bus balances")
  func hydrogenStorage() throws {
    var setup = try Self.setup()
    // PV large enough for a midday surplus, which the optimiser turns into hydrogen (no reverse flow).
    setup.profiles.pv = setup.profiles.pv.map { $0 * 4 }
    setup.energyPolicy = .modelPredictive(window: 16, replan: 4)
    setup.site.hydrogen = HydrogenStorage(
      electrolyser: Electrolyser(rating: 40, energyPerKg: 55), tank: HydrogenTank(capacity: 50, minimumLevel: 2, initialLevel: 10, volume: 1),
      purchasePrice: 10, purchaseLimit: 5)
    let r = try runParkTwin(setup)
    let site = setup.site
    let evaluation = site.evaluate(r.dispatch, profiles: SiteProfiles(load: r.load, pv: setup.profiles.pv))
    #expect(evaluation.worstBalanceResidual < 1e-9)
    #expect(evaluation.hydrogenProduced > 0)
    // The simulator burnt each period's (aged) hydrogen per kWh: its own tank balance closes on r.hydrogen.
    let final = 10 + evaluation.hydrogenProduced + evaluation.hydrogenPurchased - r.hydrogen
    #expect(abs(final - r.hydrogenLevel) < 1e-9)
    #expect(r.hydrogenLevel >= 2 - 1e-9 && r.hydrogenLevel <= 50 + 1e-9)
  }

  @Test("The same seed gives the same run; swapping the two independent boundary actions (ageing, planning) changes nothing")
  func determinismAndOrder() throws {
    var setup = try Self.setup()
    let a = try runParkTwin(setup)
    let b = try runParkTwin(setup)
    setup.boundaryOrder = .planningFirst
    let c = try runParkTwin(setup)
    for other in [b, c] {
      #expect(other.dispatch == a.dispatch && other.load == a.load)
      #expect(other.fleet.latencies == a.fleet.latencies && other.fleet.energyCharged == a.fleet.energyCharged)
      #expect(other.stackRecords.map(\.ratedVoltage) == a.stackRecords.map(\.ratedVoltage) && other.hydrogen == a.hydrogen)
    }
  }

  @Test("A stack that fails its ageing at the first boundary stops the run there and keeps it: every step before equals the run without ageing")
  func failureKeepsResults() throws {
    var setup = try Self.setup()
    // A 1 um membrane thinned a thousand times faster than the default: crossover runs away within the
    // first day, and the aged stack can no longer deliver the dispatched power.
    setup.ageing!.membrane.initialThickness = 1e-6
    setup.ageing!.membrane.thinningCoefficient = 1e-3
    do {
      _ = try runParkTwin(setup)
      Issue.record("expected the ageing to fail")
    } catch let error as ParkTwinError {
      #expect(error.time == setup.period, "\(error)")
      #expect(error.description.contains("stack ageing over period 0"))
      let stepsBefore = Int(setup.period / (setup.site.stepHours * 3600))
      setup.ageing = nil
      let healthy = try runParkTwin(setup)
      let partial = error.partial
      #expect(partial.load.count == stepsBefore && partial.dispatch.gridImport.count == stepsBefore)
      #expect(partial.load == Array(healthy.load.prefix(stepsBefore)))
      #expect(partial.dispatch == healthy.dispatch.prefix(stepsBefore))
      #expect(partial.schedules.first == healthy.schedules.first)
      #expect(partial.stackRecords.isEmpty)
    }
  }
}
