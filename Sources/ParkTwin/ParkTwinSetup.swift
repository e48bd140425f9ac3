public import AGV
public import FuelCell
public import Microgrid
public import Scheduling

/// Everything a park-twin run couples: the plant's weekly orders, the AGV fleet, the park microgrid and
/// the fuel-cell stacks, with the policies under study and which couplings are on.
///
/// Times are seconds from the run's start, which is a midnight (the tariff's hours are times of day).
/// The microgrid keeps its own units (kW, kWh, h, CNY), as its module does.
public struct ParkTwinSetup: Sendable {
  /// How the plant's week is planned.
  public enum SchedulePolicy: String, Sendable, CaseIterable {
    /// The dispatch rule's schedule as it comes (operations as early as possible).
    case energyBlind = "energy-blind"
    /// The rule's schedule with each operation slid within its float into the cheapest tariff window
    /// (``shiftIntoCheapPeriods(_:of:tariff:)``: no job later than its due date, makespan kept).
    case energyAware = "energy-aware"
  }

  /// How AGV charging meets the microgrid.
  public enum ChargingPolicy: Sendable, Equatable {
    /// Each plug-in must be charged as fast as the charger allows (the deadline leaves no slack): the
    /// rules charge at once, the optimiser has no choice.
    case greedy
    /// Each plug-in may take up to `window` seconds; the rules charge in the cheapest steps before
    /// the deadline, the optimiser where it pays. The fleet also tops up idle vehicles in the valley
    /// hours (set in the fleet's ``AGV/ChargingPolicy/opportunityHours``).
    case deferred(window: Double)
  }

  /// How the microgrid is dispatched.
  public enum EnergyPolicy: Sendable, Equatable {
    /// Time-of-use shaving (``TimeOfUseShaving``) between the tariff's valley and peak prices.
    case rules
    /// Model-predictive control (``ModelPredictive``): an LP over `window` steps, re-planned every
    /// `replan` steps, looking ahead in the load as far as it is known (the planned production; AGV
    /// charging only as it happens).
    case modelPredictive(window: Int, replan: Int)
  }

  /// Which couplings are on; with all off every module runs as it would alone.
  public struct Couplings: Sendable, Equatable {
    /// The schedule's machine power is added to the park's load.
    public var productionLoad = true
    /// The schedule's material moves become the fleet's orders.
    public var materialMoves = true
    /// The chargers are flexible loads of the microgrid: each vehicle plugged in is a charging session
    /// (the energy to its `high` state of charge, a deadline) whose power the dispatch decides step by
    /// step, and the vehicle charges at exactly that power. Off: the fleet charges at full power and
    /// the park does not see it.
    public var chargingLoad = true
    /// The aged stacks' rated voltage scales the fuel cells' available power and efficiency.
    public var ageingFeedback = true

    /// All couplings on.
    public init() {}

    /// Every coupling off.
    public static var none: Couplings {
      var c = Couplings()
      (c.productionLoad, c.materialMoves, c.chargingLoad, c.ageingFeedback) = (false, false, false, false)
      return c
    }
  }

  /// The order of the two period-boundary actions, which do not depend on each other (a test swaps them).
  public enum BoundaryOrder: Sendable, Equatable {
    /// Age the stacks over the ended period, then plan the new week.
    case ageingFirst
    /// Plan the new week, then age the stacks.
    case planningFirst
  }

  // MARK: Production

  /// One week's orders: releases and due dates from the week's start, s; machine powers set for the
  /// production load. The same order book repeats every week.
  public var shop: ShopInstance
  /// The dispatch rule that plans each week.
  public var rule: PriorityRule
  /// Energy-blind or energy-aware planning.
  public var schedulePolicy: SchedulePolicy
  /// The tariff the energy-aware planning reads, CNY/J, from a midnight.
  public var tariff: EnergyTariff

  // MARK: Logistics

  /// The fleet (its own task stream is replaced by the material moves; its horizon is the run's).
  public var fleet: FleetScenario
  /// The layout vertex of each machine's buffer station.
  public var machineStations: [Int]
  /// Where a job's material comes from before its first operation (nil: no move).
  public var inboundStore: Int?
  /// Where a finished job goes after its last operation (nil: no move).
  public var outboundStore: Int?
  /// How AGV charging meets the microgrid.
  public var agvCharging = ChargingPolicy.greedy

  // MARK: Energy

  /// The park microgrid with fresh fuel cells; its prices and profiles cover the horizon.
  public var site: MicrogridSystem
  /// The park's own load (without the plant and the chargers) and PV, kW per microgrid step.
  public var profiles: SiteProfiles
  /// How it is dispatched.
  public var energyPolicy: EnergyPolicy

  // MARK: Stacks

  /// The stack ageing model (nil: the stacks do not age). Each fuel-cell system carries one stack; the
  /// modelled one is the lead system's, which runs whenever any system runs, at the output per running
  /// system; with no output it is shut down.
  public var ageing: MechanisticAgeingModel?

  // MARK: Run

  /// Simulated time, s.
  public var horizon: Double
  /// The planning and ageing period, s (a week).
  public var period: Double = 7 * 86_400
  /// Master seed of the random streams.
  public var seed: UInt64
  /// Which couplings are on.
  public var couplings = Couplings()
  /// The order of the boundary actions.
  public var boundaryOrder = BoundaryOrder.ageingFirst

  /// Creates a setup.
  public init(
    shop: ShopInstance, rule: PriorityRule, schedulePolicy: SchedulePolicy, tariff: EnergyTariff, fleet: FleetScenario, machineStations: [Int],
    inboundStore: Int?, outboundStore: Int?, site: MicrogridSystem, profiles: SiteProfiles, energyPolicy: EnergyPolicy,
    ageing: MechanisticAgeingModel?, horizon: Double, seed: UInt64
  ) {
    self.shop = shop
    self.rule = rule
    self.schedulePolicy = schedulePolicy
    self.tariff = tariff
    self.fleet = fleet
    self.machineStations = machineStations
    self.inboundStore = inboundStore
    self.outboundStore = outboundStore
    self.site = site
    self.profiles = profiles
    self.energyPolicy = energyPolicy
    self.ageing = ageing
    self.horizon = horizon
    self.seed = seed
  }
}
