public import AGV
internal import FuelCell
public import Microgrid
public import Scheduling
internal import SimKernel

/// What a park-twin run produced, module by module.
public struct ParkTwinResult: Sendable {
  /// Each week's schedule (times from that week's start).
  public var schedules: [Schedule] = []
  /// Each week's schedule KPIs.
  public var scheduleKPIs: [ScheduleKPIs] = []
  /// Machine energy the schedules draw within the horizon, J.
  public var productionEnergy = 0.0
  /// The fleet's measurements.
  public var fleet = FleetResult()
  /// Material moves released to the fleet within the horizon.
  public var materialMoves = 0
  /// The microgrid dispatch over the horizon (kW per step).
  public var dispatch: Dispatch
  /// The park's load per step without the chargers, kW (the park's own load and the machines), its
  /// parts, and the chargers' dispatched power (the microgrid's charging sessions).
  public var load: [Double]
  /// See ``load``.
  public var baseLoad: [Double]
  /// See ``load``.
  public var productionLoad: [Double]
  /// See ``load``.
  public var chargingLoad: [Double]
  /// Hydrogen the fuel cells used, with each period's efficiency, kg.
  public var hydrogen = 0.0
  /// Hydrogen in the tank at the end, kg (0 without storage).
  public var hydrogenLevel = 0.0
  /// Each period's end: time (s), the stacks' rated cell voltage (V) and its ratio to the fresh one.
  public var stackRecords: [(time: Double, ratedVoltage: Double, ratio: Double)] = []
  /// Hours the fuel-cell systems ran (summed over systems), h.
  public var fuelCellHours = 0.0
  /// Hours the lead system's stack ran (aged periods only), h.
  public var stackHours = 0.0

  init(steps: Int) {
    dispatch = Dispatch(steps: steps)
    load = Array(repeating: 0, count: steps)
    baseLoad = load
    productionLoad = load
    chargingLoad = load
  }
}

/// Runs the park twin: production, logistics, energy and stack ageing on one kernel clock.
///
/// Each module keeps its own time base: the fleet steps every ``FleetLayout/stepTime`` (about a second)
/// with its own events in between, the microgrid every ``MicrogridSystem/stepHours``, planning and
/// ageing every ``ParkTwinSetup/period``. At one instant the kernel orders them by priority:
///
/// 1. order arrivals (-1), then the fleet's own events (loading, charging, failures; 0);
/// 2. at a period boundary (2): the stacks age over the ended period on the fuel cells' output, and the
///    aged rated voltage scales the plant's power and efficiency from now on; and the new week is
///    planned: its machine power enters the load ahead, its material moves are released to the fleet
///    (their arrivals at once if released now). These two do not depend on each other
///    (``ParkTwinSetup/BoundaryOrder`` swaps them);
/// 3. the microgrid step that starts now (3): each vehicle plugged in is a charging session (a new one
///    when it has just plugged in, capped so that its battery cannot pass `high` within the step), the
///    policy dispatches the step on the park's own load and the planned machine power, and each vehicle
///    then charges at the power the dispatch gave its session;
/// 4. the fleet's movement step (4).
///
/// The microgrid's look-ahead (model-predictive control) sees the planned production and the charging
/// sessions open now; the chargers' energy is exactly what the dispatch delivered.
///
/// - Throws: ``ParkTwinError`` when the stacks' ageing fails (with the time and reason; the run up to
///   then is kept in the error).
public func runParkTwin(_ setup: ParkTwinSetup) throws -> ParkTwinResult {
  let run = ParkTwinRun(setup)
  return try run.execute()
}

/// A failed park-twin run: when, why, and what was computed until then.
public struct ParkTwinError: Error, CustomStringConvertible {
  /// Simulated time of the failure, s.
  public var time: Double
  /// What failed.
  public var reason: String
  /// The run up to the failure.
  public var partial: ParkTwinResult

  /// `park twin failed at t = ... s: reason`.
  public var description: String { "park twin failed at t = \(time) s: \(reason)" }
}

final class ParkTwinRun {
  let setup: ParkTwinSetup
  let stepSeconds: Double
  let steps: Int
  var result: ParkTwinResult
  var profiles: SiteProfiles
  var simulator: MicrogridSimulator
  var policy: any DispatchPolicy
  let fleet: FleetSimulator
  var stackState: AgeingState?
  let freshVoltage: Double
  /// Whether each vehicle's charging slot holds an open session.
  var sessionOpen: [Bool]
  var failure: (time: Double, reason: String)?

  init(_ setup: ParkTwinSetup) {
    self.setup = setup
    stepSeconds = setup.site.stepHours * 3600
    steps = min(setup.profiles.steps, Int((setup.horizon / stepSeconds).rounded(.down)))
    result = ParkTwinResult(steps: steps)
    result.baseLoad = Array(setup.profiles.load.prefix(steps))
    profiles = SiteProfiles(load: result.baseLoad, pv: Array(setup.profiles.pv.prefix(steps)))
    var site = setup.site
    site.grid.importPrice = Array(site.grid.importPrice.prefix(steps))
    site.grid.exportPrice = Array(site.grid.exportPrice.prefix(steps))
    simulator = MicrogridSimulator(site: site, steps: steps)
    let streams = RandomStreams(seed: setup.seed)
    switch setup.energyPolicy {
    case .rules:
      let prices = site.grid.importPrice
      policy = TimeOfUseShaving(valleyPrice: prices.min() ?? 0, peakPrice: prices.max() ?? 0)
    case .modelPredictive(let window, let replan):
      policy = ModelPredictive(window: window, replanEvery: min(replan, window), random: streams.stream("forecast"))
    }
    var fleetScenario = setup.fleet
    fleetScenario.tasks = .list([])
    fleetScenario.horizon = setup.horizon
    // The fleet draws from its own scenario's seed, as it would alone.
    fleet = FleetSimulator(fleetScenario, streams: RandomStreams(seed: fleetScenario.seed))
    sessionOpen = Array(repeating: false, count: fleetScenario.vehicleCount)
    if setup.couplings.chargingLoad {
      // One charging slot per vehicle, re-armed at every plug-in.
      fleet.externalCharging = true
      let kW = fleetScenario.vehicle.chargingPower / 1000
      simulator.site.sessions = Array(repeating: ChargingSession(arrival: -1, departure: 0, energy: 0, maxPower: kW), count: fleetScenario.vehicleCount)
      simulator.site.chargingRule = setup.agvCharging == .greedy ? .immediate : .cheapest
      simulator = MicrogridSimulator(site: simulator.site, steps: steps)
    }
    stackState = setup.ageing?.initialState
    freshVoltage = setup.ageing.map { $0.ratedVoltage(of: $0.initialState) } ?? 1
  }

  func execute() throws -> ParkTwinResult {
    let sim = Simulation()
    fleet.stepPriority = 4
    fleet.attach(to: sim)
    let microgridStep = sim.register { [unowned self] sim, notice in self.dispatchStep(notice.entity, sim) }
    let boundary = sim.register { [unowned self] sim, notice in self.periodBoundary(notice.entity, sim) }
    for k in 0..<steps { sim.schedule(microgridStep, entity: k, at: Double(k) * stepSeconds, priority: 3) }
    let periods = Int((setup.horizon / setup.period).rounded(.up))
    for w in 0...periods where Double(w) * setup.period <= setup.horizon {
      sim.schedule(boundary, entity: w, at: Double(w) * setup.period, priority: 2)
    }
    try sim.run(until: setup.horizon, stopWhen: { [unowned self] in self.failure != nil })
    result.fleet = try fleet.finish(at: failure?.time ?? setup.horizon)
    // A failed run keeps the microgrid steps that ran: those that started before the failure time.
    let done = failure.map { min(steps, Int(($0.time / stepSeconds).rounded(.up))) } ?? steps
    result.dispatch = simulator.dispatch.prefix(done)
    result.hydrogenLevel = simulator.level
    result.load = Array(profiles.load.prefix(done))
    result.baseLoad = Array(result.baseLoad.prefix(done))
    result.productionLoad = Array(result.productionLoad.prefix(done))
    result.chargingLoad = Array(result.chargingLoad.prefix(done))
    result.fuelCellHours = result.dispatch.fuelCellUnits.reduce(0) { $0 + Double($1) } * setup.site.stepHours
    if let failure { throw ParkTwinError(time: failure.time, reason: failure.reason, partial: result) }
    return result
  }

  /// The microgrid step `k` starts: open or cap each plugged-in vehicle's session, dispatch, and let the
  /// vehicles charge at the dispatched power.
  func dispatchStep(_ k: Int, _ sim: Simulation) {
    var plugged: [(vehicle: Int, energyToHigh: Double)] = []
    if setup.couplings.chargingLoad {
      let spec = setup.fleet.vehicle
      for (v, room) in fleet.chargingVehicles(at: sim.now) {
        // Full: unplug before the dispatch, so the step draws nothing for it.
        if room <= 1 {
          fleet.setChargingPower(v, 0, on: sim)
          continue
        }
        plugged.append((v, room))
        if !sessionOpen[v] || simulator.site.sessions[v].departure <= k {
          let net = spec.chargingPower - spec.idlePower
          let fastest = max(1, Int((room / max(net, 1e-9) / stepSeconds).rounded(.up)))
          var span = fastest
          if case .deferred(let window) = setup.agvCharging {
            // Deferred no longer than the battery idles on half of what it holds, so that a dispatch
            // charging at the deadline cannot leave the vehicle empty.
            let held = setup.fleet.charging.high * spec.batteryCapacity - room
            let safe = Int((0.5 * held / max(spec.idlePower, 1e-9) / stepSeconds).rounded(.down))
            span = max(fastest, min(Int((window / stepSeconds).rounded(.down)), safe))
          }
          // The grid-side energy to reach high by the deadline (the vehicle's idle draw over the span
          // included; charged sooner, the vehicle unplugs full and the session ends).
          let energy = (room + spec.idlePower * Double(span) * stepSeconds) / 3.6e6
          simulator.startSession(v, ChargingSession(arrival: k, departure: k + span, energy: energy, maxPower: spec.chargingPower / 1000))
          sessionOpen[v] = true
        }
        // No more than the battery takes before it reaches high at the end of this step.
        simulator.site.sessions[v].maxPower = min(spec.chargingPower, room / stepSeconds + spec.idlePower) / 1000
      }
      for v in sessionOpen.indices where sessionOpen[v] && !plugged.contains(where: { $0.vehicle == v }) {
        simulator.endSession(v, at: k)
        sessionOpen[v] = false
      }
    }
    simulator.step(k, policy: &policy, profiles: profiles)
    for (v, _) in plugged {
      let kW = simulator.dispatch.sessionCharging[v][k]
      result.chargingLoad[k] += kW
      fleet.setChargingPower(v, kW * 1000, on: sim)
    }
    if let plant = simulator.site.fuelCells {
      result.hydrogen += plant.hydrogenUse(output: simulator.dispatch.fuelCell[k], running: simulator.dispatch.fuelCellUnits[k], hours: setup.site.stepHours)
    }
  }

  /// A period boundary: age the stacks over the period that ended, plan the week that starts.
  func periodBoundary(_ w: Int, _ sim: Simulation) {
    switch setup.boundaryOrder {
    case .ageingFirst:
      if w > 0 { age(period: w - 1, sim) }
      if Double(w) * setup.period < setup.horizon { plan(week: w, sim) }
    case .planningFirst:
      if Double(w) * setup.period < setup.horizon { plan(week: w, sim) }
      if w > 0 { age(period: w - 1, sim) }
    }
  }

  /// Plans week `w`: the rule's schedule, slid into cheap windows when energy-aware; its machine power
  /// enters the load ahead and its material moves go to the fleet.
  func plan(week w: Int, _ sim: Simulation) {
    let shop = setup.shop
    var schedule = dispatchSchedule(shop, rule: setup.rule)
    if setup.schedulePolicy == .energyAware { schedule = shiftIntoCheapPeriods(schedule, of: shop, tariff: setup.tariff) }
    result.schedules.append(schedule)
    result.scheduleKPIs.append(ScheduleKPIs(schedule, instance: shop))
    let start = Double(w) * setup.period
    let first = Int((start / stepSeconds).rounded())
    for (i, watts) in schedule.powerProfile(of: shop, step: stepSeconds).enumerated() where first + i < steps {
      result.productionLoad[first + i] += watts / 1000
      result.productionEnergy += watts * stepSeconds
      if setup.couplings.productionLoad { profiles.load[first + i] += watts / 1000 }
    }
    guard setup.couplings.materialMoves else { return }
    let moves = materialMoves(
      schedule, of: shop, stations: setup.machineStations, inbound: setup.inboundStore, outbound: setup.outboundStore, offset: start)
    for move in moves where move.release <= setup.horizon {
      fleet.release(move, on: sim)
      result.materialMoves += 1
    }
  }

  /// Ages the stacks over period `p`: the modelled stack is the lead system's, which runs whenever any
  /// system runs (the most worn, if the systems rotate); with feedback, every system's power and
  /// efficiency follow its aged rated voltage (a conservative plant).
  func age(period p: Int, _ sim: Simulation) {
    guard let model = setup.ageing, let plant = setup.site.fuelCells, let state = stackState else { return }
    let first = Int((Double(p) * setup.period / stepSeconds).rounded())
    let last = min(steps, Int((Double(p + 1) * setup.period / stepSeconds).rounded()))
    guard first < last else { return }
    // The lead system's output, W, held over each step: it runs whenever any system runs, at the
    // output per running system the commitment gives; with no output it is shut down.
    let d = simulator.dispatch
    let times = (first...last).map { Double($0 - first) * stepSeconds }
    let values = (first..<last).map { d.fuelCell[$0] * 1000 / Double(max(1, d.fuelCellUnits[$0])) } + [0]
    result.stackHours += Double((first..<last).filter { d.fuelCell[$0] > 0 }.count) * setup.site.stepHours
    let cycle = DutyCycle(profile: LoadProfile(times: times, values: values, quantity: .power), activeArea: model.cell.activeArea, zeroPowerIsOff: true)
    var options = AgeingOptions()
    options.cycleJumping = false
    options.recordInterval = setup.period
    let run = model.age(cycle, for: cycle.duration, from: state, options: options)
    guard let aged = run.finalState, run.failure == nil else {
      failure = (sim.now, "stack ageing over period \(p): \(run.failure.map { "\($0)" } ?? "no final state")")
      sim.stop()
      return
    }
    stackState = aged
    let voltage = model.ratedVoltage(of: aged)
    let ratio = voltage / freshVoltage
    result.stackRecords.append((sim.now, voltage, ratio))
    guard setup.couplings.ageingFeedback else { return }
    simulator.site.fuelCells?.capacity = plant.capacity * ratio
    simulator.site.fuelCells?.hydrogenPerKWh = plant.hydrogenPerKWh / ratio
    simulator.site.fuelCells?.energyCost = plant.energyCost / ratio
  }
}
