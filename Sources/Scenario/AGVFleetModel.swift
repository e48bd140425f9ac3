import Foundation
internal import AGV
internal import SimKernel

/// The `agv-fleet` model kind: a fleet of AGVs on a layout serving transport orders, with lifelong
/// collision-free path planning, order assignment, batteries, chargers, parking and failures.
public enum AGVFleetModel: ScenarioModel {
  /// The `model:` value.
  public static let kind = "agv-fleet"
  /// One line for `twinkit models`.
  public static let summary = "AGV fleet on a grid or graph layout: Poisson, CSV or APS-schedule orders, nearest or Hungarian assignment, lifelong PIBT paths, batteries and charger queues; throughput, latency, utilisation, congestion"
  /// `traffic`: entries and blocked steps per layout vertex (the heatmap); `trajectory`: every vehicle's
  /// position and state at every step (large: vehicles x steps rows).
  public static let tableOutputs = ["traffic", "trajectory"]

  /// The `parameters:` schema.
  public static let fields: [Field] = [
    Field("use", .text, default: .text(""), "a stored parameter set in Models/agv-fleet/"),
    Field("layout", .text, "layout file, relative to the scenario: a grid (.map) with stations, chargers and parking, or a graph of nodes and edges (see Models/agv/)"),
    Field("vehicles", .section([
      Field("count", .integer, range: 1...100_000, "vehicles in the fleet"),
      Field("speed", .quantity(.speed), default: .number(1), range: 0.01...20, "driving speed (one grid cell or the shortest aisle per step)"),
      Field("battery", .quantity(.energy), default: .number(2 * 3.6e6), range: 1...1e10, "usable battery energy"),
      Field("consumption", .quantity(.energyPerLength), default: .number(0.05 * 3600), range: 0...1e6, "traction energy per metre (assumed 0.05 Wh/m for a 500 kg tugger)"),
      Field("idle_power", .quantity(.power), default: .number(40), range: 0...1e6, "power drawn at all times (controller, sensors, lidar; assumed)"),
      Field("charging_power", .quantity(.power), default: .number(1000), range: 0...1e7, "charger power into the battery"),
      Field("load_time", .quantity(.time), default: .number(15), range: 0...1e6, "time to pick a load up"),
      Field("unload_time", .quantity(.time), default: .number(15), range: 0...1e6, "time to set a load down"),
      Field("initial_soc", .quantity(.fraction), default: .number(0.9), range: 0...1, "state of charge at the start"),
      Field("mtbf", .quantity(.time), default: .number(0), range: 0...1e12, "mean time between failures, exponential (0: none; only while driving or idle)"),
      Field("mttr", .quantity(.time), default: .number(0), range: 0...1e12, "mean time to repair, exponential"),
    ]), "the fleet"),
    Field("tasks", .section([
      Field("source", .choice(["poisson", "csv", "schedule"]), default: .text("poisson"),
        "poisson: random orders at `rate`; csv: a file of time_s,pickup,delivery (station names); schedule: a job-shop schedule.csv, one move per change of machine"),
      Field("rate", .quantity(.rate), default: .number(0), range: 0...1e6, "poisson: orders per unit time, e.g. '120 1/h'"),
      Field("pickups", .text, default: .text(""), "poisson: comma-separated pickup stations (empty: all)"),
      Field("deliveries", .text, default: .text(""), "poisson: comma-separated delivery stations (empty: all)"),
      Field("file", .text, default: .text(""), "csv or schedule file, relative to the scenario"),
      Field("machine_prefix", .text, default: .text("M"), "schedule: machine m's station is named prefix + m (M0, M1, ...)"),
    ]), "the transport orders"),
    Field("assignment", .choice(AssignmentRule.allCases.map(\.rawValue)), default: .text("nearest"),
      "nearest: oldest order to the nearest available vehicle; hungarian: optimal batch assignment of waiting orders to available vehicles"),
    Field("charging", .section([
      Field("low", .quantity(.fraction), default: .number(0.3), range: 0...1, "state of charge below which a vehicle goes to charge when free (0: never)"),
      Field("high", .quantity(.fraction), default: .number(0.9), range: 0...1, "state of charge at which charging stops"),
    ]), "battery-aware operation: thresholds; vehicles only take orders they can finish and still reach a charger"),
    Field("deadlock_window", .integer, default: .integer(120), range: 1...1_000_000, "steps a vehicle may stand still (not queueing at its goal) before a deadlock is counted and resolved"),
    Field("sample_interval", .quantity(.time), default: .number(60), range: 1...1e9, "interval of the fleet time series"),
  ]

  /// The layout must read, name the stations the orders use, and the thresholds must be ordered.
  public static func consistencyIssues(_ v: ResolvedValues, at location: SourceLocation) -> [ScenarioIssue] {
    var issues: [ScenarioIssue] = []
    if v.number("charging.low") > v.number("charging.high") {
      issues.append(ScenarioIssue(location: location, keyPath: "charging.low", message: "must not exceed charging.high"))
    }
    if (v.number("vehicles.mtbf") > 0) != (v.number("vehicles.mttr") > 0) {
      issues.append(ScenarioIssue(location: location, keyPath: "vehicles.mttr", message: "failures need both mtbf and mttr above 0"))
    }
    do {
      let layout = try FleetLayoutReader.read(MicrogridModel.relativePath(v.text("layout"), scenarioFile: location.file), speed: v.number("vehicles.speed"))
      if v.integer("vehicles.count") > layout.startingPlaceCount {
        issues.append(
          ScenarioIssue(
            location: location, keyPath: "vehicles.count",
            message: "more vehicles than the layout has places to start from (\(layout.startingPlaceCount): parking, chargers and non-station places)"))
      }
      _ = try taskStream(v, layout: layout, scenarioFile: location.file)
    } catch let error as ScenarioError {
      issues += error.issues
    } catch {
      issues.append(ScenarioIssue(location: location, keyPath: "layout", message: "\(error)"))
    }
    return issues
  }

  static func taskStream(_ v: ResolvedValues, layout: FleetLayout, scenarioFile: String) throws -> TaskStream {
    let location = SourceLocation(file: scenarioFile, line: 0, column: 0)
    func stations(_ key: String) throws -> [Int] {
      let names = v.text(key).split(separator: ",").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
      if names.isEmpty { return layout.stations.map(\.vertex) }
      return try names.map { name in
        guard let vertex = layout.station(named: name) else {
          throw ScenarioError(issues: [ScenarioIssue(location: location, keyPath: key, message: "no station '\(name)' in the layout; it has \(layout.stations.map(\.name).joined(separator: ", "))")])
        }
        return vertex
      }
    }
    switch v.text("tasks.source") {
    case "poisson":
      let pickups = try stations("tasks.pickups"), deliveries = try stations("tasks.deliveries")
      guard !pickups.isEmpty, Set(pickups + deliveries).count >= 2 else {
        throw ScenarioError(issues: [ScenarioIssue(location: location, keyPath: "tasks.pickups", message: "orders need at least two stations in the layout")])
      }
      return .poisson(rate: v.number("tasks.rate"), pickups: pickups, deliveries: deliveries)
    default:
      let path = MicrogridModel.relativePath(v.text("tasks.file"), scenarioFile: scenarioFile)
      let tasks = v.text("tasks.source") == "csv"
        ? try TransportOrderReader.orders(path, layout: layout) : try TransportOrderReader.moves(fromSchedule: path, layout: layout, prefix: v.text("tasks.machine_prefix"))
      return .list(tasks)
    }
  }

  static func fleetScenario(_ scenario: LoadedScenario) throws -> FleetScenario {
    let v = scenario.parameters
    let layout = try FleetLayoutReader.read(MicrogridModel.relativePath(v.text("layout"), scenarioFile: scenario.path), speed: v.number("vehicles.speed"))
    let spec = VehicleSpec(
      batteryCapacity: v.number("vehicles.battery"), consumptionPerMetre: v.number("vehicles.consumption"), idlePower: v.number("vehicles.idle_power"),
      chargingPower: v.number("vehicles.charging_power"), loadTime: v.number("vehicles.load_time"), unloadTime: v.number("vehicles.unload_time"),
      meanTimeBetweenFailures: v.number("vehicles.mtbf"), meanTimeToRepair: v.number("vehicles.mttr"))
    var fleet = FleetScenario(
      layout: layout, vehicleCount: v.integer("vehicles.count"), vehicle: spec, initialStateOfCharge: v.number("vehicles.initial_soc"),
      tasks: try taskStream(v, layout: layout, scenarioFile: scenario.path),
      assignment: AssignmentRule(rawValue: v.text("assignment")) ?? .nearest,
      charging: ChargingPolicy(low: v.number("charging.low"), high: v.number("charging.high")), horizon: scenario.header.horizon, seed: scenario.header.seed)
    fleet.deadlockWindow = v.integer("deadlock_window")
    fleet.sampleInterval = v.number("sample_interval")
    return fleet
  }

  /// The KPIs of one run: name, unit, value.
  static func kpiValues(_ r: FleetResult) -> [(name: String, unit: String, value: Double)] {
    let driven = r.stateTime.reduce(0, +)
    let blocked = r.blockedTime.reduce(0, +)
    let done = Double(max(1, r.tasksDone))
    let latencyMean = r.latencies.isEmpty ? 0 : r.latencies.reduce(0, +) / Double(r.latencies.count)
    let socMean = r.stateOfChargeTime.indices.map { (Double($0) + 0.5) / 20 * r.stateOfChargeTime[$0] }.reduce(0, +) / r.stateOfChargeTime.reduce(0, +)
    let chargerUse = r.chargerBusyTime.isEmpty ? 0 : r.chargerBusyTime.reduce(0, +) / (Double(r.chargerBusyTime.count) * r.horizon)
    return [
      ("throughput", "orders/h", Double(r.tasksDone) / (r.horizon / 3600)),
      ("orders_created", "orders", Double(r.tasksCreated)),
      ("orders_done", "orders", Double(r.tasksDone)),
      ("orders_in_progress", "orders", Double(r.tasksInProgress)),
      ("orders_waiting", "orders", Double(r.tasksQueued)),
      ("latency_mean", "s", latencyMean),
      ("latency_p95", "s", quantile(r.latencies, 0.95)),
      ("latency_max", "s", r.latencies.max() ?? 0),
      ("share_loaded", "fraction", share(r, [.loaded], net: true)),
      ("share_empty", "fraction", share(r, [.toPickup, .toCharger, .toParking], net: true)),
      ("share_handling", "fraction", share(r, [.loading, .unloading])),
      ("share_charging", "fraction", share(r, [.charging])),
      ("share_charger_queue", "fraction", share(r, [.chargerQueue])),
      ("share_idle", "fraction", share(r, [.idle])),
      ("share_blocked", "fraction", blocked / driven),
      ("share_failed", "fraction", share(r, [.failed, .stranded])),
      ("congestion_wait_per_order", "s", blocked / done),
      ("distance", "km", r.distance / 1000),
      ("energy_used", "kWh", r.energyUsed / 3.6e6),
      ("energy_per_order", "Wh", r.energyUsed / 3600 / done),
      ("soc_mean", "fraction", socMean),
      ("soc_p5", "fraction", socQuantile(r, 0.05)),
      ("soc_min", "fraction", r.minimumStateOfCharge),
      ("charger_utilisation", "fraction", chargerUse),
      ("deadlocks_resolved", "count", Double(r.deadlocksResolved)),
      ("stranded_vehicles", "vehicles", Double(r.strandedVehicles)),
      ("failures", "count", Double(r.failures)),
    ]
  }

  static func share(_ r: FleetResult, _ states: [VehicleState], net: Bool = false) -> Double {
    let total = r.stateTime.reduce(0, +)
    return states.map { r.stateTime[$0.rawValue] - (net ? r.blockedTime[$0.rawValue] : 0) }.reduce(0, +) / total
  }

  static func quantile(_ values: [Double], _ p: Double) -> Double {
    guard !values.isEmpty else { return 0 }
    let sorted = values.sorted()
    return sorted[min(sorted.count - 1, max(0, Int((p * Double(sorted.count)).rounded(.up)) - 1))]
  }

  /// The lower edge of the 5 % band where the time-weighted SOC distribution reaches `p`.
  static func socQuantile(_ r: FleetResult, _ p: Double) -> Double {
    let total = r.stateOfChargeTime.reduce(0, +)
    var running = 0.0
    for (band, time) in r.stateOfChargeTime.enumerated() {
      running += time
      if running >= p * total { return Double(band) / 20 }
    }
    return 1
  }

  /// Runs the replications in parallel; replication 0 streams the trajectory, the fleet time series
  /// and the traffic table.
  public static func run(_ scenario: LoadedScenario, context: RunContext) throws -> RunOutput {
    let fleet = try fleetScenario(scenario)
    let observer = try FleetStreams(scenario: scenario, sink: context.sink)
    let first = FirstReplication()
    let summary = try replicate(scenario.header.replications, seed: scenario.header.seed, progress: context.progress) { index, streams in
      let result = try simulateFleet(fleet, streams: streams, observer: index == 0 ? observer : nil)
      if index == 0 { first.result = result }
      return Dictionary(uniqueKeysWithValues: kpiValues(result).map { ($0.name, $0.value) })
    }
    let replicated = scenario.header.replications > 1
    let names = kpiValues(FleetResult()).map { ($0.name, $0.unit) }
    let kpiList = names.map { name, unit in
      let interval = summary.intervals[name]!
      return KPI(name: name, value: interval.mean, unit: unit, halfWidth: replicated ? interval.halfWidth : nil)
    }
    var tables: [(name: String, header: [String], rows: [[Double]])] = []
    if replicated {
      let rows = (0..<scenario.header.replications).map { r in [Double(r)] + names.map { summary.values[$0.0]![r] } }
      tables.append(("replications.csv", ["replication"] + names.map { "\($0.0)_\($0.1)" }, rows))
    }
    if let result = first.result {
      let rows = fleet.layout.graph.positions.indices.filter { result.vertexVisits[$0] + result.vertexWaits[$0] > 0 }.map {
        [fleet.layout.graph.positions[$0].x, fleet.layout.graph.positions[$0].y, Double(result.vertexVisits[$0]), Double(result.vertexWaits[$0])]
      }
      tables.append(("traffic.csv", ["x_m", "y_m", "visits", "waits"], rows))
    }
    return RunOutput(
      kpis: kpiList, tables: tables,
      solverSettings: [
        "paths": "lifelong PIBT (Okumura et al. 2022), step \(fleet.layout.stepTime) s, deadlock window \(fleet.deadlockWindow) steps",
        "assignment": fleet.assignment.rawValue, "random numbers": "GSL mt19937 per named stream",
      ])
  }
}

/// Holds replication 0's full result for the tables.
final class FirstReplication: @unchecked Sendable {
  var result: FleetResult?
}

/// Streams replication 0's trajectory (`outputs: trajectory`) and fleet samples (`outputs: timeseries`).
final class FleetStreams: FleetObserver, @unchecked Sendable {
  let trajectory: (any TimeSeriesSink)?
  let series: (any TimeSeriesSink)?

  init?(scenario: LoadedScenario, sink: (any RunSink)?) throws {
    guard let sink else { return nil }
    trajectory = scenario.outputs.contains("trajectory") ? try sink.timeSeries("trajectory.csv", columns: ["vehicle", "x_m", "y_m", "state"]) : nil
    series = scenario.outputs.contains("timeseries")
      ? try sink.timeSeries("timeseries.csv", columns: ["orders_done", "orders_waiting"] + VehicleState.allCases.map { "vehicles_\($0)" } + ["soc_mean"]) : nil
    if trajectory == nil && series == nil { return nil }
  }

  func record(_ point: TrajectoryPoint) throws {
    try trajectory?.append(time: point.time, values: [Double(point.vehicle), point.x, point.y, Double(point.state.rawValue)])
  }

  func sample(time: Double, tasksDone: Int, tasksQueued: Int, vehiclesPerState: [Int], meanStateOfCharge: Double) throws {
    try series?.append(time: time, values: [Double(tasksDone), Double(tasksQueued)] + vehiclesPerState.map(Double.init) + [meanStateOfCharge])
  }
}
