internal import HydrogenSupply
internal import SimKernel

/// The `refuelling-station` model kind: ``HydrogenSupply/simulateStation(_:streams:)`` from a scenario.
public enum RefuellingStationModel: ScenarioModel {
  /// The `model:` value.
  public static let kind = "refuelling-station"
  /// One line for `twinkit models`.
  public static let summary = "hydrogen refuelling station: dispensers, buffer tank (Abel-Noble), compressor control"

  /// The `parameters:` schema (defaults: the reference station, assumed values).
  public static let fields: [Field] = [
    Field("use", .text, default: .text(""), "a stored parameter set in Models/refuelling-station/"),
    Field("buffer", .section([
      Field("volume", .quantity(.volume), default: .number(4), range: 0.01...1000, "buffer tank volume"),
      Field("temperature", .quantity(.temperature), default: .number(288.15), range: 200...400, "gas temperature"),
      Field("initial_pressure", .quantity(.pressure), default: .number(40e6), range: 1e5...100e6, "pressure at the start"),
      Field("compressor_start_pressure", .quantity(.pressure), default: .number(30e6), range: 1e5...100e6, "compressor starts below"),
      Field("compressor_stop_pressure", .quantity(.pressure), default: .number(44e6), range: 1e5...100e6, "compressor stops above"),
      Field("fill_start_pressure", .quantity(.pressure), default: .number(22e6), range: 1e5...100e6, "fills start above"),
      Field("fill_pause_pressure", .quantity(.pressure), default: .number(15e6), range: 1e5...100e6, "fills pause below"),
    ]), "the buffer tank"),
    Field("compressor", .section([
      Field("flow", .quantity(.massFlow), default: .number(120.0 / 3600), range: 1e-6...10, "compressor delivery"),
    ]), "the compressor"),
    Field("dispensers", .section([
      Field("count_35", .integer, default: .integer(2), range: 0...100, "35 MPa dispensers"),
      Field("count_70", .integer, default: .integer(2), range: 0...100, "70 MPa dispensers"),
      Field("flow_35", .quantity(.massFlow), default: .number(1.8 / 60), range: 1e-6...1, "fill rate at 35 MPa"),
      Field("flow_70", .quantity(.massFlow), default: .number(1.0 / 60), range: 1e-6...1, "fill rate at 70 MPa"),
    ]), "the dispensers"),
    Field("demand", .section([
      Field("arrival_rate", .quantity(.rate), default: .number(10.0 / 3600), range: 0...1, "vehicle arrivals (Poisson)"),
      Field("heavy_share", .quantity(.fraction), default: .number(0.3), range: 0...1, "share of 35 MPa vehicles"),
      Field("heavy_fill_min", .quantity(.mass), default: .number(10), range: 0.01...1000, "35 MPa fill, triangular minimum"),
      Field("heavy_fill_mode", .quantity(.mass), default: .number(15), range: 0.01...1000, "35 MPa fill, triangular mode"),
      Field("heavy_fill_max", .quantity(.mass), default: .number(25), range: 0.01...1000, "35 MPa fill, triangular maximum"),
      Field("light_fill_min", .quantity(.mass), default: .number(2.5), range: 0.01...1000, "70 MPa fill, triangular minimum"),
      Field("light_fill_mode", .quantity(.mass), default: .number(4), range: 0.01...1000, "70 MPa fill, triangular mode"),
      Field("light_fill_max", .quantity(.mass), default: .number(5), range: 0.01...1000, "70 MPa fill, triangular maximum"),
      Field("balk_queue", .integer, default: .integer(4), range: 1...1000, "vehicles turn away at this queue"),
      Field("patience", .quantity(.time), default: .number(1200), range: 0...1e7, "vehicles leave after waiting"),
    ]), "the vehicles"),
  ]

  /// Pressure thresholds in order, triangular fills well formed, at least one dispenser.
  public static func consistencyIssues(_ v: ResolvedValues, at location: SourceLocation) -> [ScenarioIssue] {
    var issues: [ScenarioIssue] = []
    func require(_ ok: Bool, _ path: String, _ message: String) {
      if !ok { issues.append(ScenarioIssue(location: location, keyPath: path, message: message)) }
    }
    require(v.number("buffer.compressor_start_pressure") < v.number("buffer.compressor_stop_pressure"),
      "buffer.compressor_start_pressure", "must lie below buffer.compressor_stop_pressure")
    require(v.number("buffer.fill_pause_pressure") < v.number("buffer.fill_start_pressure"),
      "buffer.fill_pause_pressure", "must lie below buffer.fill_start_pressure")
    for prefix in ["heavy", "light"] {
      let (a, c, b) = (v.number("demand.\(prefix)_fill_min"), v.number("demand.\(prefix)_fill_mode"), v.number("demand.\(prefix)_fill_max"))
      require(a <= c && c <= b && a < b, "demand.\(prefix)_fill_mode", "need \(prefix)_fill_min <= mode <= max with min < max")
    }
    require(v.integer("dispensers.count_35") + v.integer("dispensers.count_70") > 0, "dispensers", "needs at least one dispenser")
    return issues
  }

  static func parameters(_ scenario: LoadedScenario) -> StationParameters {
    let v = scenario.parameters
    var p = StationParameters()
    p.bufferVolume = v.number("buffer.volume")
    p.temperature = v.number("buffer.temperature")
    p.initialPressure = v.number("buffer.initial_pressure")
    p.compressorStartPressure = v.number("buffer.compressor_start_pressure")
    p.compressorStopPressure = v.number("buffer.compressor_stop_pressure")
    p.fillStartPressure = v.number("buffer.fill_start_pressure")
    p.fillPausePressure = v.number("buffer.fill_pause_pressure")
    p.compressorFlow = v.number("compressor.flow")
    p.dispensers35 = v.integer("dispensers.count_35")
    p.dispensers70 = v.integer("dispensers.count_70")
    p.flow35 = v.number("dispensers.flow_35")
    p.flow70 = v.number("dispensers.flow_70")
    p.arrivalsPerHour = v.number("demand.arrival_rate") * 3600
    p.heavyShare = v.number("demand.heavy_share")
    p.heavyFill = (v.number("demand.heavy_fill_min"), v.number("demand.heavy_fill_mode"), v.number("demand.heavy_fill_max"))
    p.lightFill = (v.number("demand.light_fill_min"), v.number("demand.light_fill_mode"), v.number("demand.light_fill_max"))
    p.balkQueueLength = v.integer("demand.balk_queue")
    p.patience = v.number("demand.patience")
    p.hours = scenario.header.horizon / 3600
    return p
  }

  /// The KPIs in output order: name, unit, and how to read them from one run.
  static let kpis: [(String, String, @Sendable (StationResults) -> Double)] = [
    ("served", "vehicles", { Double($0.served) }),
    ("unserved", "vehicles", { Double($0.balked + $0.reneged) }),
    ("mean_wait", "min", { $0.waits.mean / 60 }),
    ("max_wait", "min", { $0.waits.maximum / 60 }),
    ("hydrogen_dispensed", "kg", { $0.dispensedKilograms }),
    ("compressor_starts", "starts", { Double($0.compressorStarts) }),
    ("fills_paused", "fills", { Double($0.fillPauses) }),
    ("utilisation_35", "fraction", { $0.utilization35 }),
    ("utilisation_70", "fraction", { $0.utilization70 }),
    ("minimum_buffer_pressure", "MPa", { $0.minimumPressure / 1e6 }),
  ]

  /// Runs the replications in parallel; replication 0 streams time series and events when asked.
  public static func run(_ scenario: LoadedScenario, context: RunContext) throws -> RunOutput {
    let p = parameters(scenario)
    let observer = try makeObserver(scenario, sink: context.sink)
    let summary = try replicate(scenario.header.replications, seed: scenario.header.seed, progress: context.progress) {
      index, streams in
      let day = try simulateStation(p, streams: streams, observer: index == 0 ? observer?.observer : nil)
      var values: [String: Double] = [:]
      for (name, _, read) in kpis { values[name] = read(day) }
      return values
    }
    if let failure = observer?.failure.first { throw failure }
    let replicated = scenario.header.replications > 1
    let kpiList = kpis.map { name, unit, _ in
      let interval = summary.intervals[name]!
      return KPI(name: name, value: interval.mean, unit: unit, halfWidth: replicated ? interval.halfWidth : nil)
    }
    let rows = (0..<scenario.header.replications).map { r in [Double(r)] + kpis.map { summary.values[$0.0]![r] } }
    let header = ["replication"] + kpis.map { "\($0.0)_\($0.1)" }
    return RunOutput(
      kpis: kpiList, tables: [("replications.csv", header, rows)],
      solverSettings: ["buffer": StationParameters.bufferSolverSettings, "random numbers": "GSL mt19937 per named stream"])
  }
}

/// Streams replication 0's samples and events to the sink, keeping the first write error.
final class StationStreams: EventTrace, @unchecked Sendable {
  var failure: [any Error] = []
  let series: (any TimeSeriesSink)?
  let events: (any EventLogSink)?
  var observer: StationObserver?

  init(series: (any TimeSeriesSink)?, events: (any EventLogSink)?) {
    self.series = series
    self.events = events
  }

  func record(time: Double, source: String, event: String) {
    do { try events?.record(time: time, source: source, event: event) } catch { failure.append(error) }
  }
}

extension RefuellingStationModel {
  /// Time series (`timeseries` output: buffer pressure and mass, compressor, dispensing, queues every
  /// `time_step`, default 60 s) and the event log (`events`) of replication 0.
  static func makeObserver(_ scenario: LoadedScenario, sink: (any RunSink)?) throws -> StationStreams? {
    guard let sink, scenario.outputs.contains("timeseries") || scenario.outputs.contains("events") else { return nil }
    let series = scenario.outputs.contains("timeseries")
      ? try sink.timeSeries(
        "timeseries.csv",
        columns: ["buffer_pressure_mpa", "buffer_mass_kg", "compressor_on", "dispensing_kg_per_h", "queue_35", "queue_70"])
      : nil
    let events = scenario.outputs.contains("events") ? try sink.eventLog() : nil
    let streams = StationStreams(series: series, events: events)
    streams.observer = StationObserver(interval: scenario.header.timeStep ?? 60, trace: events == nil ? nil : streams) {
      [weak streams] sample in
      guard let streams, let series = streams.series else { return }
      do {
        try series.append(time: sample.time, values: [
          sample.pressure / 1e6, sample.mass, sample.compressorOn ? 1 : 0, sample.dispensing * 3600,
          Double(sample.queue35), Double(sample.queue70),
        ])
      } catch { streams.failure.append(error) }
    }
    return streams
  }
}
