import Foundation
import SimKernel
import Testing

@testable import AGV

/// The fleet layer: the Hungarian method, lifelong PIBT, layout compilation, and fleet runs checked
/// against hand-computed timings, conservation laws and the Poisson arrival rate.
@Suite("AGV fleets")
struct FleetTests {
  static let plant = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("Models/agv/stack-plant.map")

  @Test("The Hungarian method finds the exhaustive optimum on 40 random 5 x 7 and 6 x 6 matrices")
  func hungarian() {
    let random = RandomStreams(seed: 5).stream("costs")
    func permutations(_ items: [Int], _ k: Int) -> [[Int]] {
      if k == 0 { return [[]] }
      return items.flatMap { first in permutations(items.filter { $0 != first }, k - 1).map { [first] + $0 } }
    }
    for case_ in 0..<40 {
      let (rows, columns) = case_ % 2 == 0 ? (5, 7) : (6, 6)
      let cost = (0..<rows).map { _ in (0..<columns).map { _ in (random.uniform() * 100).rounded() } }
      let assignment = minimumCostAssignment(cost)
      #expect(Set(assignment).count == rows)
      let total = assignment.enumerated().map { cost[$0.offset][$0.element] }.reduce(0, +)
      let best = permutations(Array(0..<columns), rows).map { p in p.enumerated().map { cost[$0.offset][$0.element] }.reduce(0, +) }.min()!
      #expect(total == best)
    }
  }

  @Test("Lifelong PIBT: 60 agents on the stack-plant hall for 3,000 steps, every step a conflict-free move along edges, every agent reaching goals again and again")
  func lifelong() throws {
    let graph = LayoutGraph(grid: try GridMap.parse(try String(contentsOf: Self.plant, encoding: .utf8)))
    let random = RandomStreams(seed: 9).stream("goals")
    let n = 60
    let starts = Array(stride(from: 0, to: graph.vertexCount, by: graph.vertexCount / n).prefix(n))
    var planner = LifelongPIBT(graph: graph, starts: starts, seed: 3)
    var reached = Array(repeating: 0, count: n)
    let draw = { Int(random.uniform() * Double(graph.vertexCount)) }
    for a in 0..<n { planner.setGoal(a, draw()) }
    for _ in 0..<3000 {
      let before = planner.positions
      #expect(planner.step { _ in false })
      let after = planner.positions
      #expect(Set(after).count == n, "vertex conflict")
      var at: [Int: Int] = [:]
      for (a, v) in before.enumerated() { at[v] = a }
      for a in 0..<n {
        #expect(after[a] == before[a] || graph.neighbours(of: before[a]).contains(after[a]), "jump")
        if let b = at[after[a]], b != a { #expect(after[b] != before[a], "swap of \(a) and \(b)") }
        if after[a] == planner.goals[a] {
          reached[a] += 1
          planner.setGoal(a, draw())
        }
      }
    }
    // An agent crosses the 28 x 14 hall in about 25 moves: 3,000 steps leave room for dozens of goals each.
    #expect(reached.min()! >= 10)
  }

  @Test("Graph layouts: a 10 m aisle at 0.5 m/s takes 10 moves of 2 s (10 m / 0.5 m/s = 20 s), a one-way lane has no way back")
  func graphLayout() throws {
    let layout = try FleetLayout(
      nodes: [GraphLayoutNode(name: "A", x: 0, y: 0, role: .station), GraphLayoutNode(name: "B", x: 10, y: 0), GraphLayoutNode(name: "C", x: 10, y: 2, role: .charger)],
      edges: [GraphLayoutEdge(from: "A", to: "B", length: 10, speedLimit: 0.5), GraphLayoutEdge(from: "B", to: "C", length: 2, twoWay: false)], speed: 1)
    #expect(layout.stepTime == 2)
    let a = layout.station(named: "A")!, c = layout.chargers[0]
    #expect(layout.graph.distances(to: c)[a] == 11)
    #expect(Double(layout.graph.distances(to: 1)[a]) * layout.stepTime == 20)
    #expect(layout.graph.distances(to: a)[c] == -1)
    // The aisle's ten moves cover a metre each way; the lane one move of 2 m.
    let metres: Double = layout.moveLength.reduce(0, +)
    #expect(abs(metres - 22) < 1e-9)
    #expect(throws: LayoutFormatError.self) { try FleetLayout(nodes: [GraphLayoutNode(name: "A", x: 0, y: 0)], edges: [GraphLayoutEdge(from: "A", to: "Z", length: 1)], speed: 1) }
  }

  @Test("On a compiled graph layout with a one-way loop, CBS's sum of costs is the exhaustive joint optimum and LaCAM's plan is conflict-free")
  func cbsOnGraphLayout() throws {
    // A one-way square loop A-B-C-D with two-way spurs to S1 (at A) and S2 (at C).
    let nodes = [("A", 0.0, 0.0), ("B", 2, 0), ("C", 2, 2), ("D", 0, 2), ("S1", -2, 0), ("S2", 4, 2)].map { GraphLayoutNode(name: $0.0, x: $0.1, y: $0.2) }
    let loop = [("A", "B"), ("B", "C"), ("C", "D"), ("D", "A")].map { GraphLayoutEdge(from: $0.0, to: $0.1, length: 2, twoWay: false) }
    let spurs = [("A", "S1"), ("C", "S2")].map { GraphLayoutEdge(from: $0.0, to: $0.1, length: 2) }
    let layout = try FleetLayout(nodes: nodes, edges: loop + spurs, speed: 1)
    let graph = layout.graph
    // Three agents: S1 to S2, S2 to S1 (they must pass each other on the loop), B to D.
    let problem = MAPFProblem(graph: graph, starts: [4, 5, 1], goals: [5, 4, 3])
    let optimum = exhaustiveOptimum(problem, maxSteps: 12)
    guard case .solved(let plan, let optimal) = conflictBasedSearch(problem) else {
      Issue.record("CBS found no plan")
      return
    }
    #expect(optimal && plan.violations(of: problem).isEmpty)
    #expect(plan.sumOfCosts == optimum)
    #expect(lazyConstraintsAdditionSearch(problem).plan.map { $0.violations(of: problem).isEmpty } == true)
  }

  /// A corridor of 11 cells: parking at x 0, pickup P at x 3, delivery D at x 9.
  static func corridor(tasks: [TransportTask]? = nil) throws -> FleetScenario {
    let layout = try FleetLayout(
      grid: GridMap(rows: ["..........."]), cellSize: 1, speed: 1, stations: [("P", 3, 0), ("D", 9, 0)], chargers: [], parking: [(0, 0)])
    let vehicle = VehicleSpec(batteryCapacity: 1e5, consumptionPerMetre: 2, idlePower: 10, chargingPower: 0, loadTime: 2, unloadTime: 3)
    return FleetScenario(
      layout: layout, vehicleCount: 1, vehicle: vehicle, initialStateOfCharge: 1,
      tasks: .list(tasks ?? [TransportTask(release: 0, pickup: 3, delivery: 9)]), assignment: .nearest,
      charging: ChargingPolicy(low: 0, high: 1), horizon: 100, seed: 1)
  }

  @Test("One order in a corridor: latency = 3 moves + 2 s loading + 6 moves + 3 s unloading = 14 s; 18 m driven; energy 100 s x 10 W + 18 m x 2 J/m")
  func corridorTiming() throws {
    let result = try simulateFleet(try Self.corridor())
    #expect(result.tasksDone == 1 && result.latencies == [14])
    #expect(result.distance == 18)
    #expect(abs(result.energyUsed - (100 * 10 + 18 * 2)) < 1e-9)
    #expect(abs(result.stateTime.reduce(0, +) - 100) < 1e-9)
    #expect(result.stateTime[VehicleState.loading.rawValue] == 2 && result.stateTime[VehicleState.unloading.rawValue] == 3)
    #expect(result.stateTime[VehicleState.loaded.rawValue] == 6 && result.stateTime[VehicleState.toPickup.rawValue] == 3)
  }

  @Test("Nearest-first gives the oldest order the closest vehicle (2 + 6 empty moves); the Hungarian method finds the optimum (4 + 2)")
  func assignmentRules() throws {
    let layout = try FleetLayout(
      grid: GridMap(rows: Array(repeating: ".......", count: 3)), cellSize: 1, speed: 1, stations: [("P0", 3, 0), ("P1", 5, 0), ("D0", 3, 2), ("D1", 5, 2)],
      chargers: [], parking: [(0, 1), (4, 1)])
    let vehicle = VehicleSpec(batteryCapacity: 1e6, consumptionPerMetre: 1, idlePower: 0, chargingPower: 0, loadTime: 1, unloadTime: 1)
    let orders = [TransportTask(release: 0, pickup: layout.station(named: "P0")!, delivery: layout.station(named: "D0")!),
                  TransportTask(release: 0, pickup: layout.station(named: "P1")!, delivery: layout.station(named: "D1")!)]
    for (rule, expected) in [(AssignmentRule.nearest, [1, 0]), (.hungarian, [0, 1])] {
      let scenario = FleetScenario(
        layout: layout, vehicleCount: 2, vehicle: vehicle, initialStateOfCharge: 1, tasks: .list(orders), assignment: rule,
        charging: ChargingPolicy(low: 0, high: 1), horizon: 60, seed: 1)
      let run = FleetSimulator(scenario, streams: RandomStreams(seed: 1))
      run.tasks = orders
      run.waiting = [0, 1]
      run.assignTasks(0)
      #expect(run.task == expected, "\(rule)")
      #expect(try simulateFleet(scenario).tasksDone == 2)
    }
  }

  @Test("An idle vehicle draining below the low threshold goes to charge: 1 day with no orders, idle draw 20 W on a 10 Wh battery, never stranded")
  func idleVehiclesCharge() throws {
    let layout = try FleetLayout(
      grid: GridMap(rows: ["......"]), cellSize: 1, speed: 1, stations: [("A", 0, 0), ("B", 5, 0)], chargers: [(3, 0)], parking: [(1, 0)])
    let vehicle = VehicleSpec(batteryCapacity: 36_000, consumptionPerMetre: 1, idlePower: 20, chargingPower: 200, loadTime: 1, unloadTime: 1)
    let scenario = FleetScenario(
      layout: layout, vehicleCount: 1, vehicle: vehicle, initialStateOfCharge: 0.5, tasks: .list([]), assignment: .nearest,
      charging: ChargingPolicy(low: 0.3, high: 0.9), horizon: 86_400, seed: 1)
    let r = try simulateFleet(scenario)
    // 20 W for a day is 1.728 MJ, 48 batteries' worth: it must charge about that much.
    #expect(r.strandedVehicles == 0 && r.minimumStateOfCharge >= 0.29)
    #expect(abs(r.energyCharged - (r.energyUsed - (0.5 * 36_000 - r.finalEnergy[0]))) < 1e-6)
    #expect(r.energyCharged > 1.6e6)
  }

  /// Records every step's positions and checks them for conflicts.
  final class ConflictRecorder: FleetObserver {
    var last: (time: Double, positions: [Int: (Double, Double)]) = (-1, [:])
    var current: [Int: (Double, Double)] = [:]
    var currentTime = -1.0
    var conflicts = 0
    var steps = 0
    func record(_ point: TrajectoryPoint) throws {
      if point.time != currentTime {
        if currentTime >= 0 { close() }
        currentTime = point.time
        current = [:]
      }
      if current.values.contains(where: { $0 == (point.x, point.y) }) { conflicts += 1 }
      current[point.vehicle] = (point.x, point.y)
    }
    func close() {
      for (v, p) in current {
        guard let was = last.positions[v], was != p else { continue }
        // A swap: the vehicle now where v was came from where v is.
        for (w, q) in current where w != v && q == was && last.positions[w].map({ $0 == p }) == true { conflicts += 1 }
      }
      last = (currentTime, current)
      steps += 1
    }
    func sample(time: Double, tasksDone: Int, tasksQueued: Int, vehiclesPerState: [Int], meanStateOfCharge: Double) throws {}
  }

  @Test("Poisson orders on the stack-plant hall, 10 replications: orders conserved, batteries never empty, energy balanced, no conflicts, and the arrival count's 95 % interval holds the Poisson mean")
  func stochasticFleet() throws {
    let map = try GridMap.parse(try String(contentsOf: Self.plant, encoding: .utf8))
    let stations = [(6, 5), (12, 5), (18, 5), (24, 5), (6, 10), (12, 10), (18, 10), (24, 10), (1, 7), (28, 8)].enumerated().map { ("S\($0.offset)", $0.element.0, $0.element.1) }
    let layout = try FleetLayout(grid: map, cellSize: 1, speed: 1, stations: stations, chargers: [(3, 14), (4, 14)], parking: (6..<12).map { ($0, 1) })
    // A 0.2 kWh battery lasts about an hour here, so every vehicle charges several times.
    let vehicle = VehicleSpec(batteryCapacity: 0.2 * 3.6e6, consumptionPerMetre: 0.05 * 3600, idlePower: 40, chargingPower: 1000, loadTime: 15, unloadTime: 15)
    let rate = 80.0 / 3600, horizon = 4 * 3600.0
    var scenario = FleetScenario(
      layout: layout, vehicleCount: 5, vehicle: vehicle, initialStateOfCharge: 0.8,
      tasks: .poisson(rate: rate, pickups: layout.stations.map(\.vertex), deliveries: layout.stations.map(\.vertex)), assignment: .hungarian,
      charging: ChargingPolicy(low: 0.3, high: 0.9), horizon: horizon, seed: 21)
    let created = Tally()
    let master = RandomStreams(seed: 21)
    for replication in 0..<10 {
      scenario.assignment = replication % 2 == 0 ? .hungarian : .nearest
      let recorder = ConflictRecorder()
      let r = try simulateFleet(scenario, streams: master.replication(replication), observer: recorder)
      recorder.close()
      #expect(recorder.conflicts == 0)
      #expect(recorder.steps == Int(horizon) + 1, "a step at every second from 0 to the horizon")
      #expect(r.tasksCreated == r.tasksDone + r.tasksInProgress + r.tasksQueued)
      #expect(r.minimumStateOfCharge >= 0 && r.strandedVehicles == 0)
      #expect(r.energyCharged > 0)
      let initial = 5 * 0.8 * vehicle.batteryCapacity
      #expect(abs(initial - r.finalEnergy.reduce(0, +) - (r.energyUsed - r.energyCharged)) < 1e-6 * initial)
      #expect(abs(r.stateTime.reduce(0, +) - 5 * horizon) < 1e-6)
      created.add(Double(r.tasksCreated))
    }
    #expect(created.confidenceInterval().contains(rate * horizon))
  }
}
