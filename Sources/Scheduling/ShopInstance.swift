/// A production order's operations, in routing order, each processable on one of its alternatives.
///
/// Units: times in seconds unless an instance file states otherwise (benchmark instances use their own
/// integer time units, which the scheduler keeps as they are).
public struct ShopJob: Sendable, Equatable {
  /// One way to process an operation: a machine, its processing time there, and the secondary
  /// resources it holds meanwhile.
  public struct Alternative: Sendable, Equatable {
    /// Machine index (0-based).
    public var machine: Int
    /// Processing time on that machine.
    public var duration: Double
    /// Secondary resources held, one unit each, from the start of the setup to the end (indices into
    /// ``ShopInstance/resources``).
    public var resources: [Int]

    /// Creates an alternative.
    public init(machine: Int, duration: Double, resources: [Int] = []) {
      self.machine = machine
      self.duration = duration
      self.resources = resources
    }
  }

  /// The operations in routing order; each lists the machines that can process it.
  public var operations: [[Alternative]]
  /// Earliest start of the first operation.
  public var release: Double
  /// Due date of the last operation (infinity: none).
  public var due: Double
  /// Weight in weighted tardiness.
  public var weight: Double
  /// A name for schedules and reports.
  public var name: String
  /// Product family, for sequence-dependent setups (index into ``ShopInstance/setupTimes``).
  public var family: Int
  /// Pieces ordered (for reports; processing times are already for the whole quantity).
  public var quantity: Int = 1

  /// Creates a job.
  public init(
    operations: [[Alternative]], release: Double = 0, due: Double = .infinity, weight: Double = 1, name: String = "", family: Int = 0
  ) {
    precondition(operations.allSatisfy { !$0.isEmpty }, "every operation needs at least one machine")
    self.operations = operations
    self.release = release
    self.due = due
    self.weight = weight
    self.name = name
    self.family = family
  }

  /// The job's total work when each operation takes its shortest alternative.
  public var minimumWork: Double { operations.reduce(0) { $0 + ($1.map(\.duration).min() ?? 0) } }
}

/// A (flexible) job shop: jobs with routings over a set of machines.
public struct ShopInstance: Sendable, Equatable {
  /// A name (the benchmark's, e.g. `ft06`).
  public var name: String
  /// The number of machines.
  public var machines: Int
  /// The jobs.
  public var jobs: [ShopJob]
  /// Sequence-dependent setup times by product family, `setupTimes[from][to]`, on every machine; the
  /// last row is the setup of a machine's first operation (from its initial state). Empty: no setups.
  /// Dispatch rules set a machine up once they pick an operation; optimised schedules may set up ahead,
  /// while the job's previous operation still runs elsewhere.
  public var setupTimes: [[Double]]
  /// Working calendars by machine (machines without one are always available).
  public var calendars: [Int: MachineCalendar] = [:]
  /// Share of each machine's output scrapped (0...1; empty: none), for the OEE's quality; the schedule
  /// itself is not changed (no rework is planned).
  public var scrapRates: [Double] = []
  /// Electric power each machine draws while setting up or processing, W (empty: no energy model).
  public var machinePower: [Double] = []
  /// Secondary resources (operators, tools) that operations hold besides their machine.
  public var resources: [SecondaryResource] = [] {
    didSet { precondition(resourcesAreValid, "alternatives must name resources 0..<\(resources.count) with capacity >= 1") }
  }

  /// Creates an instance.
  ///
  /// - Precondition: every alternative names a machine in `0..<machines` with a non-negative time, and a
  ///   setup matrix, if given, has a row per family plus the initial row and a column per family.
  public init(name: String, machines: Int, jobs: [ShopJob], setupTimes: [[Double]] = []) {
    precondition(
      jobs.allSatisfy { $0.operations.allSatisfy { $0.allSatisfy { (0..<machines).contains($0.machine) && $0.duration >= 0 } } },
      "alternatives must name machines 0..<\(machines) with non-negative times")
    let families = (jobs.map(\.family).max() ?? 0) + 1
    precondition(
      setupTimes.isEmpty || (setupTimes.count == families + 1 && setupTimes.allSatisfy { $0.count == families && $0.allSatisfy { $0 >= 0 } }),
      "setupTimes needs \(families + 1) rows (families, then the initial state) of \(families) non-negative times")
    self.name = name
    self.machines = machines
    self.jobs = jobs
    self.setupTimes = setupTimes
  }

  /// The setup before an operation of `family` on a machine whose last operation was of `previous`
  /// (nil: the machine's first operation).
  @inline(__always)
  public func setup(from previous: Int?, to family: Int) -> Double {
    guard !setupTimes.isEmpty else { return 0 }
    return setupTimes[previous ?? setupTimes.count - 1][family]
  }

  /// Whether every resource has a capacity of at least one and every alternative names existing ones.
  var resourcesAreValid: Bool {
    resources.allSatisfy { $0.capacity >= 1 }
      && jobs.allSatisfy { $0.operations.allSatisfy { $0.allSatisfy { $0.resources.allSatisfy { resources.indices.contains($0) } } } }
  }

  /// Whether some operation has more than one machine (a flexible job shop).
  public var isFlexible: Bool { jobs.contains { $0.operations.contains { $0.count > 1 } } }

  /// All operations, counted.
  public var operationCount: Int { jobs.reduce(0) { $0 + $1.operations.count } }
}
