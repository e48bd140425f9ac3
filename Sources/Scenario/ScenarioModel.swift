/// One KPI of a run: a name, a value in the stated unit, and the interval when replicated.
public struct KPI: Sendable, Equatable {
  /// The KPI's name, e.g. `mean_wait`.
  public var name: String
  /// The value (the mean over replications).
  public var value: Double
  /// The unit of `value`, e.g. `min`.
  public var unit: String
  /// Half-width of the 95% interval over replications, when there were several.
  public var halfWidth: Double?

  /// Creates a KPI.
  public init(name: String, value: Double, unit: String, halfWidth: Double? = nil) {
    self.name = name
    self.value = value
    self.unit = unit
    self.halfWidth = halfWidth
  }
}

/// What a model run returns to the command line, which writes it (the model never writes files).
public struct RunOutput: Sendable {
  /// KPIs for `kpis.csv` and the summary screen.
  public var kpis: [KPI]
  /// Further tables by file name (e.g. `replications.csv`): a header with units in the names, and rows.
  public var tables: [(name: String, header: [String], rows: [[Double]])]
  /// Solver settings to record in the manifest (component -> settings).
  public var solverSettings: [String: String]

  /// Creates an output.
  public init(
    kpis: [KPI], tables: [(name: String, header: [String], rows: [[Double]])] = [], solverSettings: [String: String] = [:]
  ) {
    self.kpis = kpis
    self.tables = tables
    self.solverSettings = solverSettings
  }
}

/// Receives a time series row by row (first the time in seconds from the start, then the values), so
/// long runs stream to disk with flat memory.
public protocol TimeSeriesSink: AnyObject {
  /// Appends one row.
  func append(time: Double, values: [Double]) throws
}

/// Receives the event log: what happened, where, when.
public protocol EventLogSink: AnyObject {
  /// Records one event.
  func record(time: Double, source: String, event: String) throws
}

/// Where a run streams its time series and event log; the command line backs it with CSV files.
public protocol RunSink: AnyObject {
  /// Opens a time series; `columns` name the values with their units (`pressure_mpa`).
  func timeSeries(_ name: String, columns: [String]) throws -> any TimeSeriesSink
  /// Opens the event log.
  func eventLog() throws -> any EventLogSink
}

/// What a run gets besides its scenario.
public struct RunContext {
  /// Called as replications finish (from any thread).
  public var progress: (@Sendable (_ finished: Int, _ total: Int) -> Void)?
  /// Where streamed outputs go (nil: none).
  public var sink: (any RunSink)?

  /// Creates a context.
  public init(progress: (@Sendable (Int, Int) -> Void)? = nil, sink: (any RunSink)? = nil) {
    self.progress = progress
    self.sink = sink
  }
}

/// A model kind that scenario files can name in `model:`: its parameter schema and how to run it.
public protocol ScenarioModel {
  /// The `model:` value, e.g. `refuelling-station`.
  static var kind: String { get }
  /// One line on what it simulates.
  static var summary: String { get }
  /// The keys of its `parameters:` section.
  static var fields: [Field] { get }
  /// Checks combinations of values that are each valid but do not fit together.
  static func consistencyIssues(_ values: ResolvedValues, at location: SourceLocation) -> [ScenarioIssue]
  /// Runs the validated scenario, streaming time series and events to `context.sink` when the
  /// scenario's `outputs` ask for them.
  static func run(_ scenario: LoadedScenario, context: RunContext) throws -> RunOutput
  /// Further outputs the model can write as tables (`<name>.csv`), beyond the common ones.
  static var tableOutputs: [String] { get }
}

extension ScenarioModel {
  /// None by default.
  public static var tableOutputs: [String] { [] }
}

/// The model kinds TwinKit knows.
public enum ModelCatalog {
  /// Every registered model kind.
  public static var models: [any ScenarioModel.Type] { [RefuellingStationModel.self, MicrogridModel.self, FuelCellAgeingModel.self, JobShopModel.self, AGVFleetModel.self, ParkTwinModel.self] }

  /// The model for a `model:` value.
  public static func model(named kind: String) -> (any ScenarioModel.Type)? {
    models.first { $0.kind == kind }
  }
}

/// The keys every scenario file has, whatever its model.
public struct ScenarioHeader: Sendable, Equatable {
  /// The model kind.
  public var model: String
  /// The master seed of the random streams.
  public var seed: UInt64
  /// Simulated time span, s.
  public var horizon: Double
  /// Time step for time-stepped models, s (nil where the model is event-driven).
  public var timeStep: Double?
  /// Independent replications (common random numbers across scenarios with one seed).
  public var replications: Int
  /// Time columns as seconds from the start (`seconds`) or ISO 8601 timestamps (`iso8601`).
  public var timeFormat: String = "seconds"
  /// The start for ISO 8601 time columns.
  public var startTime: String = "2026-01-01T00:00:00Z"

  /// The keys every scenario file takes.
  public static let fields: [Field] = [
    Field("model", .text, "the model kind (see `twinkit models`)"),
    Field("seed", .integer, range: 0...Double(Int64.max), "master seed of the random streams"),
    Field("horizon", .quantity(.time), range: 1e-9...1e12, "simulated time span"),
    Field("time_step", .quantity(.time), default: .number(0), range: 0...1e9, "time step of time-stepped models"),
    Field("replications", .integer, default: .integer(1), range: 1...100_000, "independent replications"),
    Field("outputs", .text, default: .text("kpis"), "comma-separated outputs: kpis, replications, timeseries, events"),
    Field("time_format", .choice(["seconds", "iso8601"]), default: .text("seconds"), "time column of time series and events"),
    Field("start_time", .text, default: .text("2026-01-01T00:00:00Z"), "ISO 8601 start for iso8601 time columns"),
    Field("description", .text, default: .text(""), "free text"),
    Field("sweep", .text, default: .text(""), "a parameter study for `twinkit sweep` (see SweepDesign)"),
  ]
}

/// A scenario read, merged with overrides and validated: ready to run.
public struct LoadedScenario: Sendable {
  /// The file it came from.
  public var path: String
  /// The source text (hashed into the manifest).
  public var source: String
  /// The common keys.
  public var header: ScenarioHeader
  /// The model's parameters, by key path, quantities in SI.
  public var parameters: ResolvedValues
  /// Outputs asked for.
  public var outputs: [String]
}
