import DequeModule
public import SimKernel

/// One row of a fleet's trajectory: where a vehicle is and what it does.
public struct TrajectoryPoint: Sendable {
  /// Time, s.
  public var time: Double
  /// Vehicle number.
  public var vehicle: Int
  /// Position, m.
  public var x: Double
  /// Position, m.
  public var y: Double
  /// What it does.
  public var state: VehicleState
}

/// Receives a fleet run's progress: trajectory points every step and fleet samples every
/// ``FleetScenario/sampleInterval``.
public protocol FleetObserver: AnyObject {
  /// Every vehicle's position after each step.
  func record(_ point: TrajectoryPoint) throws
  /// The fleet's state: orders done and waiting, vehicles per state, mean state of charge.
  func sample(time: Double, tasksDone: Int, tasksQueued: Int, vehiclesPerState: [Int], meanStateOfCharge: Double) throws
}

/// Simulates a vehicle fleet on the discrete-event kernel: movement is a step event every
/// ``FleetLayout/stepTime`` in which lifelong PIBT moves every vehicle one edge without conflicts;
/// order arrivals, the end of loading, unloading and charging, failures and repairs are events at
/// their own times. Energy is integrated exactly between events (idle power, charging power) and per
/// move (consumption per metre).
///
/// - Parameters:
///   - streams: the random streams (nil: from ``FleetScenario/seed``); replications pass their own.
/// - Throws: what the observer throws.
public func simulateFleet(_ scenario: FleetScenario, streams: RandomStreams? = nil, observer: (any FleetObserver)? = nil) throws -> FleetResult {
  let fleet = FleetSimulator(scenario, streams: streams ?? RandomStreams(seed: scenario.seed), observer: observer)
  let sim = Simulation()
  fleet.attach(to: sim)
  try sim.run(until: scenario.horizon)
  return try fleet.finish(at: scenario.horizon)
}

/// A fleet run that lives on a simulation it is attached to, so that a co-simulation can share one
/// kernel clock with it, release orders as they become known and read the chargers' energy as it is
/// drawn (see ``simulateFleet(_:streams:observer:)`` for a run on its own).
public final class FleetSimulator {
  let scenario: FleetScenario
  let layout: FleetLayout
  let spec: VehicleSpec
  let observer: (any FleetObserver)?
  var planner: LifelongPIBT
  var result = FleetResult()
  var observerError: (any Error)?

  // Vehicles.
  var state: [VehicleState]
  var stateSince: [Double]
  var energy: [Double]
  var energyTime: [Double]
  var task: [Int]
  var charger: [Int]
  var parkingSpot: [Int]
  var stillSteps: [Int]
  /// The vehicle on each vertex after the last step (-1: none), for the wait-for chains.
  var occupant: [Int]
  // Orders: released ones, the waiting queue, and when each was released.
  var tasks: [TransportTask] = []
  /// Orders scheduled to arrive (the list stream's and those released later), by arrival entity.
  var announced: [TransportTask] = []
  var waiting: Deque<Int> = []
  // Chargers and parking.
  var chargerUser: [Int]
  var chargerQueue: Deque<Int> = []
  var parkingUser: [Int]
  var chargerStart: [Double]

  let arrivals: RandomStream
  let taskPicks: RandomStream
  let failureStreams: [RandomStream]
  var nextSample = 0.0
  let stepMetres: Double

  /// A fleet at the start of its scenario, drawing from `streams`.
  public init(_ scenario: FleetScenario, streams: RandomStreams, observer: (any FleetObserver)? = nil) {
    self.scenario = scenario
    layout = scenario.layout
    spec = scenario.vehicle
    self.observer = observer
    let n = scenario.vehicleCount
    precondition(
      n <= layout.startingPlaceCount,
      "\(n) vehicles do not fit the layout's \(layout.startingPlaceCount) places to start from (parking, chargers, non-station places)")
    arrivals = streams.stream("arrivals")
    taskPicks = streams.stream("task-stations")
    failureStreams = (0..<n).map { streams.stream("failures-\($0)") }
    // Vehicles start on the parking spots, then on the chargers, then on free vertices at random.
    var starts = Array(layout.parking.prefix(n))
    for c in layout.chargers where starts.count < n && !starts.contains(c) { starts.append(c) }
    let placement = streams.stream("placement")
    var taken = Set(starts)
    let stationVertices = Set(layout.stations.map(\.vertex))
    while starts.count < n {
      let v = Int(placement.uniform() * Double(layout.graph.vertexCount))
      if !taken.contains(v) && !stationVertices.contains(v) {
        starts.append(v)
        taken.insert(v)
      }
    }
    let tieBreakSeed = UInt64(streams.stream("pibt-seed").uniform() * 0x1p52)
    planner = LifelongPIBT(graph: layout.graph, starts: starts, seed: tieBreakSeed)
    occupant = Array(repeating: -1, count: layout.graph.vertexCount)
    for (v, vertex) in starts.enumerated() { occupant[vertex] = v }
    state = Array(repeating: .idle, count: n)
    stateSince = Array(repeating: 0, count: n)
    energy = Array(repeating: scenario.initialStateOfCharge * spec.batteryCapacity, count: n)
    energyTime = Array(repeating: 0, count: n)
    task = Array(repeating: -1, count: n)
    charger = Array(repeating: -1, count: n)
    parkingSpot = Array(repeating: -1, count: n)
    stillSteps = Array(repeating: 0, count: n)
    chargerUser = Array(repeating: -1, count: layout.chargers.count)
    chargerStart = Array(repeating: 0, count: layout.chargers.count)
    parkingUser = Array(repeating: -1, count: layout.parking.count)
    for v in 0..<min(n, layout.parking.count) {
      parkingSpot[v] = v
      parkingUser[v] = v
    }
    result.chargerBusyTime = Array(repeating: 0, count: layout.chargers.count)
    result.vertexVisits = Array(repeating: 0, count: layout.graph.vertexCount)
    result.vertexWaits = Array(repeating: 0, count: layout.graph.vertexCount)
    result.horizon = scenario.horizon
    stepMetres = layout.moveLength.isEmpty ? 0 : layout.moveLength.reduce(0, +) / Double(layout.moveLength.count)
  }

  // MARK: - Events

  /// Priority of the movement step among events at the same time (a co-simulation puts other models'
  /// actions before it); set before ``attach(to:)``.
  public var stepPriority = 0

  /// Registers the fleet's events on `sim` and schedules its first ones: the list stream's orders,
  /// the first Poisson arrival and failures, the first step at `sim.now`.
  public func attach(to sim: Simulation) {
    let step = sim.register { [unowned self] sim, _ in self.step(sim) }
    let arrival = sim.register { [unowned self] sim, notice in self.arrive(notice.entity, sim) }
    let handled = sim.register { [unowned self] sim, notice in self.handlingDone(notice.entity, sim) }
    let charged = sim.register { [unowned self] sim, notice in self.chargingDone(notice.entity, sim) }
    let failure = sim.register { [unowned self] sim, notice in self.fail(notice.entity, sim) }
    let repair = sim.register { [unowned self] sim, notice in self.repair(notice.entity, sim) }
    kinds = Kinds(step: step, arrival: arrival, handled: handled, charged: charged, failure: failure, repair: repair)
    chargingPower = Array(repeating: 0, count: scenario.vehicleCount)
    switch scenario.tasks {
    case .poisson(let rate, _, _):
      if rate > 0 { sim.schedule(arrival, entity: -1, after: arrivals.exponential(mean: 1 / rate), priority: -1) }
    case .list(let list):
      for t in list { release(t, on: sim) }
    }
    if spec.meanTimeBetweenFailures > 0 {
      for v in 0..<scenario.vehicleCount {
        sim.schedule(failure, entity: v, after: failureStreams[v].exponential(mean: spec.meanTimeBetweenFailures))
      }
    }
    for v in 0..<scenario.vehicleCount { becomeFree(v, now: sim.now, sim) }
    sim.schedule(step, at: sim.now, priority: stepPriority)
  }

  /// Announces an order: it arrives at its release time (at once if that has passed), before a
  /// vehicle step at the same time. Orders released after the horizon never arrive.
  public func release(_ task: TransportTask, on sim: Simulation) {
    guard task.release <= scenario.horizon else { return }
    announced.append(task)
    sim.schedule(kinds.arrival, entity: announced.count - 1, at: max(sim.now, task.release), priority: -1)
  }

  /// Energy the chargers have put into the batteries up to `time` (every battery brought to it), J.
  public func chargedEnergy(upTo time: Double) -> Double {
    for v in state.indices { integrateEnergy(v, to: time) }
    return result.energyCharged
  }

  /// With external charging, a charging vehicle draws the power a co-simulation sets each interval
  /// (``setChargingPower(_:_:on:)``, nothing until then) and unplugs when set while at its `high`
  /// state of charge; set before ``attach(to:)``.
  public var externalCharging = false
  /// The power each vehicle draws while charging under external control, W.
  public private(set) var chargingPower: [Double] = []

  /// The vehicles plugged in at `time` (every battery brought to it) and the energy each still takes
  /// to reach `high`, J.
  public func chargingVehicles(at time: Double) -> [(vehicle: Int, energyToHigh: Double)] {
    state.indices.filter { state[$0] == .charging }.map { v in
      integrateEnergy(v, to: time)
      return (v, max(0, scenario.charging.high * spec.batteryCapacity - energy[v]))
    }
  }

  /// Sets the power vehicle `v` draws while charging from now on, W; a vehicle within `tolerance` J of
  /// its `high` state of charge unplugs instead, and is free. The caller keeps the power below what
  /// would overshoot `high` before it next sets it (the energy then arrives exactly as drawn).
  public func setChargingPower(_ v: Int, _ watts: Double, on sim: Simulation, tolerance: Double = 1) {
    guard state[v] == .charging else { return }
    integrateEnergy(v, to: sim.now)
    if scenario.charging.high * spec.batteryCapacity - energy[v] <= tolerance {
      chargingPower[v] = 0
      chargingDone(v, sim)
    } else {
      chargingPower[v] = watts
    }
  }

  /// Ends the run at `end` and returns what it measured.
  ///
  /// - Throws: the first error the observer threw (the run stopped there).
  public func finish(at end: Double) throws -> FleetResult {
    if let observerError { throw observerError }
    close(at: end)
    return result
  }

  struct Kinds {
    var step, arrival, handled, charged, failure, repair: EventKind
  }
  var kinds: Kinds!

  func arrive(_ entity: Int, _ sim: Simulation) {
    switch scenario.tasks {
    case .poisson(let rate, let pickups, let deliveries):
      let pickup = pickups[min(pickups.count - 1, Int(taskPicks.uniform() * Double(pickups.count)))]
      let choices = deliveries.filter { $0 != pickup }
      guard !choices.isEmpty else { break }
      let delivery = choices[min(choices.count - 1, Int(taskPicks.uniform() * Double(choices.count)))]
      tasks.append(TransportTask(release: sim.now, pickup: pickup, delivery: delivery))
      sim.schedule(kinds.arrival, entity: -1, after: arrivals.exponential(mean: 1 / rate), priority: -1)
    case .list:
      tasks.append(announced[entity])
    }
    waiting.append(tasks.count - 1)
    result.tasksCreated += 1
  }

  /// Loading or unloading finished.
  func handlingDone(_ v: Int, _ sim: Simulation) {
    let now = sim.now
    integrateEnergy(v, to: now)
    if state[v] == .loading {
      setState(v, .loaded, now)
      planner.setGoal(v, tasks[task[v]].delivery)
    } else {
      result.tasksDone += 1
      result.latencies.append(now - tasks[task[v]].release)
      task[v] = -1
      becomeFree(v, now: now, sim)
    }
  }

  func chargingDone(_ v: Int, _ sim: Simulation) {
    let now = sim.now
    guard state[v] == .charging else { return }
    integrateEnergy(v, to: now)
    let c = charger[v]
    result.chargerBusyTime[c] += now - chargerStart[c]
    chargerUser[c] = -1
    charger[v] = -1
    becomeFree(v, now: now, sim, justCharged: true)
    if let next = chargerQueue.popFirst() {
      integrateEnergy(next, to: now)
      sendToCharger(next, c, now)
    }
  }

  func fail(_ v: Int, _ sim: Simulation) {
    let now = sim.now
    sim.schedule(kinds.failure, entity: v, after: failureStreams[v].exponential(mean: spec.meanTimeBetweenFailures))
    guard state[v] == .idle || state[v].isDriving else { return }
    integrateEnergy(v, to: now)
    result.failures += 1
    resumeState[v] = state[v]
    setState(v, .failed, now)
    sim.schedule(kinds.repair, entity: v, after: failureStreams[v].exponential(mean: spec.meanTimeToRepair))
  }
  lazy var resumeState: [VehicleState] = Array(repeating: .idle, count: scenario.vehicleCount)

  func repair(_ v: Int, _ sim: Simulation) {
    guard state[v] == .failed else { return }
    integrateEnergy(v, to: sim.now)
    setState(v, resumeState[v], sim.now)
  }

  // MARK: - Decisions

  /// A vehicle finished its work: it charges if low, else it parks or stands.
  func becomeFree(_ v: Int, now: Double, _ sim: Simulation, justCharged: Bool = false) {
    if !justCharged, stateOfCharge(v) < scenario.charging.low, !layout.chargers.isEmpty {
      let c = nearestFreeCharger(v)
      if c >= 0 {
        sendToCharger(v, c, now)
      } else {
        setState(v, .chargerQueue, now)
        chargerQueue.append(v)
        park(v, now)
      }
      return
    }
    setState(v, .idle, now)
    park(v, now)
  }

  /// Idle vehicles drained below `low` go to charge (or queue); in the opportunity hours, idle vehicles
  /// below the midpoint of `low` and `high` take a free charger.
  func chargeIdleVehicles(_ now: Double, _ sim: Simulation) {
    guard !layout.chargers.isEmpty else { return }
    let opportunity = scenario.charging.isOpportunity(at: now)
    let threshold = (scenario.charging.low + scenario.charging.high) / 2
    for v in state.indices where state[v] == .idle || state[v] == .toParking {
      let soc = stateOfCharge(v)
      if soc < scenario.charging.low {
        becomeFree(v, now: now, sim)
      } else if opportunity && soc < threshold {
        let c = nearestFreeCharger(v)
        if c >= 0 { sendToCharger(v, c, now) }
      }
    }
  }

  func nearestFreeCharger(_ v: Int) -> Int {
    let here = planner.positions[v]
    var best = -1, bestDistance = Int.max
    for c in layout.chargers.indices where chargerUser[c] < 0 {
      let d = planner.distance(from: here, to: layout.chargers[c])
      if d >= 0 && d < bestDistance { (best, bestDistance) = (c, d) }
    }
    return best
  }

  func sendToCharger(_ v: Int, _ c: Int, _ now: Double) {
    releaseParking(v)
    chargerUser[c] = v
    charger[v] = c
    setState(v, .toCharger, now)
    planner.setGoal(v, layout.chargers[c])
  }

  /// Sends an idle (or queueing) vehicle to the nearest free parking spot, keeping one it holds.
  func park(_ v: Int, _ now: Double) {
    if parkingSpot[v] >= 0 {
      planner.setGoal(v, layout.parking[parkingSpot[v]])
      if state[v] == .idle && planner.positions[v] != layout.parking[parkingSpot[v]] { setState(v, .toParking, now) }
      return
    }
    let here = planner.positions[v]
    var best = -1, bestDistance = Int.max
    for p in layout.parking.indices where parkingUser[p] < 0 {
      let d = planner.distance(from: here, to: layout.parking[p])
      if d >= 0 && d < bestDistance { (best, bestDistance) = (p, d) }
    }
    guard best >= 0 else {
      planner.setGoal(v, here)
      return
    }
    parkingUser[best] = v
    parkingSpot[v] = best
    planner.setGoal(v, layout.parking[best])
    if state[v] == .idle && bestDistance > 0 { setState(v, .toParking, now) }
  }

  func releaseParking(_ v: Int) {
    if parkingSpot[v] >= 0 { parkingUser[parkingSpot[v]] = -1 }
    parkingSpot[v] = -1
  }

  /// Energy to drive `moves` steps and handle a load, with the idle draw, J.
  func energyNeeded(moves: Int) -> Double {
    Double(moves) * (stepMetres * spec.consumptionPerMetre + layout.stepTime * spec.idlePower) + (spec.loadTime + spec.unloadTime) * spec.idlePower
  }

  /// Whether `v` can do the order and still reach a charger.
  func canServe(_ v: Int, _ t: TransportTask) -> (Bool, Int) {
    let here = planner.positions[v]
    let toPickup = planner.distance(from: here, to: t.pickup)
    let carry = planner.distance(from: t.pickup, to: t.delivery)
    guard toPickup >= 0, carry >= 0 else { return (false, -1) }
    var toCharger = 0
    if scenario.charging.low > 0, !layout.chargers.isEmpty {
      toCharger = layout.chargers.map { planner.distance(from: t.delivery, to: $0) }.filter { $0 >= 0 }.min() ?? 0
    }
    return (energy[v] - energyNeeded(moves: toPickup + carry + toCharger) > 0.02 * spec.batteryCapacity, toPickup)
  }

  func assignTasks(_ now: Double) {
    guard !waiting.isEmpty else { return }
    let available = (0..<scenario.vehicleCount).filter { state[$0] == .idle || state[$0] == .toParking }
    guard !available.isEmpty else { return }
    switch scenario.assignment {
    case .nearest:
      var free = available
      var index = 0
      while index < waiting.count, !free.isEmpty {
        let t = waiting[index]
        var best = -1, bestDistance = Int.max
        for (k, v) in free.enumerated() {
          let (ok, d) = canServe(v, tasks[t])
          if ok && d < bestDistance { (best, bestDistance) = (k, d) }
        }
        if best >= 0 {
          give(t, to: free.remove(at: best), now)
          waiting.remove(at: index)
        } else {
          index += 1
        }
      }
    case .hungarian:
      // The oldest orders, at most as many as four times the available vehicles.
      let batch = Array(waiting.prefix(4 * available.count))
      let infeasible = 1e12
      let cost = available.map { v in batch.map { t -> Double in
        let (ok, d) = canServe(v, tasks[t])
        return ok ? Double(d) : infeasible
      } }
      let vehiclesAreRows = available.count <= batch.count
      let matrix = vehiclesAreRows ? cost : batch.indices.map { t in available.indices.map { cost[$0][t] } }
      let columns = minimumCostAssignment(matrix)
      var given: [Int] = []
      for (row, column) in columns.enumerated() {
        let (vi, ti) = vehiclesAreRows ? (row, column) : (column, row)
        guard cost[vi][ti] < infeasible else { continue }
        give(batch[ti], to: available[vi], now)
        given.append(batch[ti])
      }
      let done = Set(given)
      waiting = Deque(waiting.filter { !done.contains($0) })
    }
  }

  func give(_ t: Int, to v: Int, _ now: Double) {
    releaseParking(v)
    task[v] = t
    setState(v, .toPickup, now)
    planner.setGoal(v, tasks[t].pickup)
  }

  // MARK: - Movement

  func step(_ sim: Simulation) {
    let now = sim.now
    for v in state.indices { integrateEnergy(v, to: now) }
    chargeIdleVehicles(now, sim)
    assignTasks(now)
    let before = planner.positions
    record(before, now, sim)
    // With every free vehicle at its goal nobody moves (PIBT only pushes for a vehicle that wants to):
    // the planner is skipped, which makes the idle hours of a lightly loaded fleet cheap.
    if state.indices.contains(where: { before[$0] != planner.goals[$0] && !state[$0].isHeld }) {
      _ = planner.step { self.state[$0].isHeld }
    }
    let after = planner.positions
    for v in state.indices where after[v] != before[v] { occupant[before[v]] = -1 }
    for v in state.indices where after[v] != before[v] { occupant[after[v]] = v }
    for v in state.indices {
      let s = state[v]
      if after[v] != before[v] {
        let metres = layout.length(from: before[v], to: after[v])
        result.distance += metres
        consume(v, metres * spec.consumptionPerMetre, now)
        result.vertexVisits[after[v]] += 1
        stillSteps[v] = 0
      } else if s.isDriving && planner.goals[v] != after[v] {
        result.blockedTime[s.rawValue] += layout.stepTime
        result.vertexWaits[after[v]] += 1
        stillSteps[v] += 1
        if stillSteps[v] == 2 && inWaitCycle(v) || stillSteps[v] >= scenario.deadlockWindow { resolveDeadlock(v) }
      }
      if state[v].isDriving && after[v] == planner.goals[v] { reachGoal(v, now, sim) }
      let soc = stateOfCharge(v)
      result.minimumStateOfCharge = min(result.minimumStateOfCharge, soc)
      result.stateOfChargeTime[min(19, max(0, Int(soc * 20)))] += layout.stepTime
    }
    sim.schedule(kinds.step, after: layout.stepTime, priority: stepPriority)
  }

  /// Reports positions and states at the start of a step, and the fleet sample when one is due.
  func record(_ positions: [Int], _ now: Double, _ sim: Simulation) {
    if let observer, observerError == nil {
      do {
        for v in state.indices {
          let p = layout.graph.positions[positions[v]]
          try observer.record(TrajectoryPoint(time: now, vehicle: v, x: p.x, y: p.y, state: state[v]))
        }
        if now >= nextSample {
          var counts = Array(repeating: 0, count: VehicleState.allCases.count)
          for s in state { counts[s.rawValue] += 1 }
          let meanSOC = state.indices.map(stateOfCharge).reduce(0, +) / Double(max(1, state.count))
          try observer.sample(time: now, tasksDone: result.tasksDone, tasksQueued: waiting.count, vehiclesPerState: counts, meanStateOfCharge: meanSOC)
          nextSample += scenario.sampleInterval
        }
      } catch {
        observerError = error
        sim.stop()
      }
    }
  }

  /// The neighbour of `v`'s vertex closest to its goal (-1: none reaches it).
  func wantedVertex(_ v: Int) -> Int {
    var wanted = -1, best = Int.max
    for w in layout.graph.neighbours(of: planner.positions[v]) {
      let d = planner.distance(from: w, to: planner.goals[v])
      if d >= 0 && d < best { (wanted, best) = (w, d) }
    }
    return wanted
  }

  /// Whether `v` waits for a vehicle that waits, through a chain, for `v` (a deadlock cycle of the
  /// wait-for graph; a chain ending at a free vertex or at a held vehicle is a queue, not a deadlock).
  func inWaitCycle(_ v: Int) -> Bool {
    var current = v
    for _ in 0..<state.count {
      let wanted = wantedVertex(current)
      guard wanted >= 0 else { return false }
      let next = occupant[wanted]
      guard next >= 0, state[next].isDriving else { return false }
      if next == v { return true }
      current = next
    }
    return false
  }

  /// A driving vehicle is in a wait cycle, or has stood still for the deadlock window. If the vertex
  /// it most wants is taken by a vehicle loading, charging or broken down, it is queueing, not
  /// deadlocked. Otherwise the two block each other (PIBT's guarantee needs every pair of neighbours on
  /// a cycle; dead-end spurs and one-way lanes break it: a vehicle leaving a dead-end station faces one
  /// waiting to enter). The one of the pair that cannot step aside is lifted above every other vehicle,
  /// so that PIBT moves it first and pushes the other out of its way.
  func resolveDeadlock(_ v: Int) {
    stillSteps[v] = 0
    let here = planner.positions[v]
    let wanted = wantedVertex(v)
    guard wanted >= 0 else { return }
    let blocker = occupant[wanted]
    guard blocker >= 0 else {
      planner.raisePriority(v)
      result.deadlocksResolved += 1
      return
    }
    if state[blocker].isHeld { return }
    planner.raisePriority(canStepAside(blocker, avoiding: here) || !canStepAside(v, avoiding: wanted) ? v : blocker)
    result.deadlocksResolved += 1
  }

  /// Whether vehicle `v` has a move other than to `avoiding` that no held vehicle blocks.
  func canStepAside(_ v: Int, avoiding: Int) -> Bool {
    layout.graph.neighbours(of: planner.positions[v]).contains { w in
      w != avoiding && !(occupant[w] >= 0 && state[occupant[w]].isHeld)
    }
  }

  /// A vehicle reaches its goal at the end of this step's move, `now` + one step.
  func reachGoal(_ v: Int, _ now: Double, _ sim: Simulation) {
    let arrival = now + layout.stepTime
    integrateEnergy(v, to: arrival)
    switch state[v] {
    case .toPickup:
      setState(v, .loading, arrival)
      sim.schedule(kinds.handled, entity: v, at: arrival + spec.loadTime)
    case .loaded:
      setState(v, .unloading, arrival)
      sim.schedule(kinds.handled, entity: v, at: arrival + spec.unloadTime)
    case .toCharger:
      setState(v, .charging, arrival)
      chargerStart[charger[v]] = arrival
      chargingPower[v] = 0
      if !externalCharging {
        let netPower = spec.chargingPower - spec.idlePower
        let missing = scenario.charging.high * spec.batteryCapacity - energy[v]
        sim.schedule(kinds.charged, entity: v, at: arrival + (netPower > 0 ? max(0, missing / netPower) : 0))
      }
    case .toParking:
      setState(v, .idle, arrival)
    default:
      break
    }
  }

  // MARK: - Energy and accounting

  func stateOfCharge(_ v: Int) -> Double { energy[v] / spec.batteryCapacity }

  /// Brings vehicle `v`'s battery to time `t`: idle draw always, charging power while charging.
  func integrateEnergy(_ v: Int, to t: Double) {
    let dt = t - energyTime[v]
    guard dt > 0 else { return }
    energyTime[v] = t
    if state[v] == .stranded { return }
    if state[v] == .charging {
      let power = externalCharging ? chargingPower[v] : spec.chargingPower
      let gained = min(power * dt, spec.batteryCapacity - energy[v] + spec.idlePower * dt)
      energy[v] += gained
      result.energyCharged += gained
    }
    consume(v, spec.idlePower * dt, t)
  }

  /// Draws `joules` from `v`'s battery; an empty battery strands the vehicle.
  func consume(_ v: Int, _ joules: Double, _ now: Double) {
    guard state[v] != .stranded else { return }
    let drawn = min(joules, energy[v])
    energy[v] -= drawn
    result.energyUsed += drawn
    if energy[v] <= 0 {
      result.strandedVehicles += 1
      setState(v, .stranded, now)
    }
  }

  /// Changes `v`'s state at `time` (an arrival may be due at the end of the current step).
  func setState(_ v: Int, _ s: VehicleState, _ time: Double) {
    let t = max(time, stateSince[v])
    result.stateTime[state[v].rawValue] += t - stateSince[v]
    state[v] = s
    stateSince[v] = t
  }

  func close(at end: Double) {
    for v in state.indices {
      integrateEnergy(v, to: end)
      result.stateTime[state[v].rawValue] += end - stateSince[v]
      stateSince[v] = end
    }
    for c in chargerUser.indices where chargerUser[c] >= 0 && state[chargerUser[c]] == .charging { result.chargerBusyTime[c] += end - chargerStart[c] }
    result.tasksQueued = waiting.count
    result.tasksInProgress = task.filter { $0 >= 0 }.count
    result.fallbackSteps = planner.fallbackSteps
    result.finalEnergy = energy
  }
}
