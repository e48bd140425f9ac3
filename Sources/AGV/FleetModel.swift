/// One vehicle type of a fleet. Energy in joules, power in watts.
public struct VehicleSpec: Sendable {
  /// Usable battery energy, J (a 2 kWh pack is 7.2e6 J).
  public var batteryCapacity: Double
  /// Traction energy per metre driven, J/m.
  public var consumptionPerMetre: Double
  /// Power drawn whatever the vehicle does (controller, sensors), W.
  public var idlePower: Double
  /// Charger power into the battery, W.
  public var chargingPower: Double
  /// Time to pick a load up, s.
  public var loadTime: Double
  /// Time to set a load down, s.
  public var unloadTime: Double
  /// Mean time between failures, s (exponential; 0: no failures). A vehicle fails only while it
  /// drives or stands idle; a failure due while it loads or charges is skipped.
  public var meanTimeBetweenFailures: Double
  /// Mean time to repair, s (exponential). A broken vehicle stays where it is, an obstacle to others.
  public var meanTimeToRepair: Double

  /// Creates a vehicle type.
  public init(
    batteryCapacity: Double, consumptionPerMetre: Double, idlePower: Double, chargingPower: Double, loadTime: Double, unloadTime: Double,
    meanTimeBetweenFailures: Double = 0, meanTimeToRepair: Double = 0
  ) {
    self.batteryCapacity = batteryCapacity
    self.consumptionPerMetre = consumptionPerMetre
    self.idlePower = idlePower
    self.chargingPower = chargingPower
    self.loadTime = loadTime
    self.unloadTime = unloadTime
    self.meanTimeBetweenFailures = meanTimeBetweenFailures
    self.meanTimeToRepair = meanTimeToRepair
  }
}

/// A transport order: carry a load from one station to another.
public struct TransportTask: Sendable, Equatable {
  /// When the order is released, s.
  public var release: Double
  /// Pickup vertex of the layout graph.
  public var pickup: Int
  /// Delivery vertex.
  public var delivery: Int

  /// Creates a task.
  public init(release: Double, pickup: Int, delivery: Int) {
    self.release = release
    self.pickup = pickup
    self.delivery = delivery
  }
}

/// Where the fleet's orders come from.
public enum TaskStream: Sendable {
  /// Poisson arrivals at `rate` per second, pickup and delivery drawn uniformly from the given
  /// vertices (a delivery differs from its pickup).
  case poisson(rate: Double, pickups: [Int], deliveries: [Int])
  /// A fixed list (read from a CSV file or derived from a production schedule).
  case list([TransportTask])
}

/// How orders are given to vehicles.
public enum AssignmentRule: String, Sendable, CaseIterable {
  /// Each order, oldest first, to the available vehicle nearest its pickup (moves on the layout).
  case nearest
  /// All waiting orders and available vehicles at once, minimising the sum of empty moves to the
  /// pickups (Hungarian method, ``minimumCostAssignment(_:)``).
  case hungarian
}

/// When vehicles charge: below `low` state of charge a vehicle finishing its work goes to a charger
/// (queueing first come, first served when all are taken) and charges up to `high`; in the opportunity
/// hours an idle vehicle below the midpoint of the two also charges when a charger is free
/// (valley-shifted charging).
/// Vehicles only take an order they can finish and still reach a charger with.
public struct ChargingPolicy: Sendable {
  /// State of charge that sends a vehicle to charge, 0...1 (0: never).
  public var low: Double
  /// State of charge at which charging stops, 0...1.
  public var high: Double
  /// Hours of the day (e.g. the tariff's valley, `0..<8`) in which an idle vehicle below the midpoint of
  /// `low` and `high` goes to a free charger at once (opportunity charging; empty: only below `low`).
  public var opportunityHours: [Range<Double>] = []
  /// Time of day at the run's time 0, s.
  public var clockStart: Double = 0

  /// Creates a policy.
  public init(low: Double, high: Double, opportunityHours: [Range<Double>] = [], clockStart: Double = 0) {
    self.low = low
    self.high = high
    self.opportunityHours = opportunityHours
    self.clockStart = clockStart
  }

  /// Whether `time` (s from the run's start) falls in an opportunity window.
  func isOpportunity(at time: Double) -> Bool {
    guard !opportunityHours.isEmpty else { return false }
    let hour = ((time + clockStart) / 3600).truncatingRemainder(dividingBy: 24)
    return opportunityHours.contains { $0.contains(hour) }
  }
}

/// What a vehicle is doing. The raw value is the `state` code of the trajectory CSV.
public enum VehicleState: Int, Sendable, CaseIterable {
  /// Nothing to do (parked, or standing where it finished).
  case idle = 0
  /// Driving empty to a pickup.
  case toPickup = 1
  /// Picking a load up.
  case loading = 2
  /// Driving loaded to the delivery.
  case loaded = 3
  /// Setting a load down.
  case unloading = 4
  /// Driving to a charger.
  case toCharger = 5
  /// Waiting for a free charger.
  case chargerQueue = 6
  /// Charging.
  case charging = 7
  /// Driving to a parking spot.
  case toParking = 8
  /// Broken down, under repair.
  case failed = 9
  /// Battery empty: stopped for good.
  case stranded = 10

  /// Whether the vehicle stays where it is this step, an obstacle to the others.
  var isHeld: Bool { self == .loading || self == .unloading || self == .charging || self == .failed || self == .stranded }
  /// Whether it drives towards a goal (and so can be blocked).
  var isDriving: Bool { self == .toPickup || self == .loaded || self == .toCharger || self == .toParking }
}

/// A fleet study: the layout, the vehicles, the orders and the policies.
public struct FleetScenario: Sendable {
  /// The layout.
  public var layout: FleetLayout
  /// Vehicles in the fleet.
  public var vehicleCount: Int
  /// Their type.
  public var vehicle: VehicleSpec
  /// State of charge at the start, 0...1.
  public var initialStateOfCharge: Double
  /// The orders.
  public var tasks: TaskStream
  /// Who gets which order.
  public var assignment: AssignmentRule
  /// When vehicles charge.
  public var charging: ChargingPolicy
  /// Simulated time, s.
  public var horizon: Double
  /// Master seed of the random streams.
  public var seed: UInt64
  /// Steps a driving vehicle may stand still (not queueing behind a held vehicle at its goal) before the
  /// fleet counts a deadlock and lifts it to the highest priority.
  public var deadlockWindow: Int = 120
  /// Interval of the fleet time series, s.
  public var sampleInterval: Double = 60

  /// Creates a study.
  public init(
    layout: FleetLayout, vehicleCount: Int, vehicle: VehicleSpec, initialStateOfCharge: Double, tasks: TaskStream, assignment: AssignmentRule,
    charging: ChargingPolicy, horizon: Double, seed: UInt64
  ) {
    self.layout = layout
    self.vehicleCount = vehicleCount
    self.vehicle = vehicle
    self.initialStateOfCharge = initialStateOfCharge
    self.tasks = tasks
    self.assignment = assignment
    self.charging = charging
    self.horizon = horizon
    self.seed = seed
  }
}

/// What a fleet run measured.
public struct FleetResult: Sendable {
  /// Orders released within the horizon.
  public var tasksCreated = 0
  /// Orders delivered.
  public var tasksDone = 0
  /// Orders assigned and not yet delivered at the end.
  public var tasksInProgress = 0
  /// Orders waiting for a vehicle at the end.
  public var tasksQueued = 0
  /// Delivered orders' time from release to delivery, s, in delivery order.
  public var latencies: [Double] = []
  /// Vehicle-seconds per state (indexed by ``VehicleState/rawValue``), driving states including the
  /// blocked time.
  public var stateTime = Array(repeating: 0.0, count: VehicleState.allCases.count)
  /// Vehicle-seconds of driving states spent standing still, blocked by other vehicles.
  public var blockedTime = Array(repeating: 0.0, count: VehicleState.allCases.count)
  /// Energy drawn from the batteries, J (traction and idle).
  public var energyUsed = 0.0
  /// Energy charged into the batteries, J.
  public var energyCharged = 0.0
  /// Metres driven by all vehicles.
  public var distance = 0.0
  /// Lowest state of charge any vehicle reached, 0...1.
  public var minimumStateOfCharge = 1.0
  /// Vehicle-seconds spent in each 5 % band of state of charge (band k: k/20 ..< (k+1)/20), the SOC
  /// distribution sampled at every step.
  public var stateOfChargeTime = Array(repeating: 0.0, count: 20)
  /// Seconds each charger spent charging.
  public var chargerBusyTime: [Double] = []
  /// Deadlocks detected (a vehicle stood still for the deadlock window) and resolved by priority.
  public var deadlocksResolved = 0
  /// Steps whose joint move could not be completed around held vehicles (everyone waited).
  public var fallbackSteps = 0
  /// Vehicles whose battery ran empty.
  public var strandedVehicles = 0
  /// Failures.
  public var failures = 0
  /// Entries into each vertex, and vehicle-steps spent blocked on it (the traffic heatmap).
  public var vertexVisits: [Int] = []
  /// See ``vertexVisits``.
  public var vertexWaits: [Int] = []
  /// Each vehicle's battery energy at the end, J.
  public var finalEnergy: [Double] = []
  /// The simulated time, s.
  public var horizon = 0.0

  /// An empty result (nothing simulated yet).
  public init() {}
}
