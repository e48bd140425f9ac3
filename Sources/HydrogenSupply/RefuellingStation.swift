import ODE
public import SimKernel

/// A hydrogen refuelling station (the guide's "vehicle queue scheduling with equipment start/stop"):
/// vehicles arrive, queue for a 35 MPa (buses, trucks) or 70 MPa (cars) dispenser and draw hydrogen
/// from a buffer tank that a compressor refills, starting and stopping on pressure.
///
/// The buffer's hydrogen mass is a continuous state integrated between events; its pressure follows
/// the Abel-Noble equation of state `p = rho R T / (1 - b rho)` with `b = 7.691e-3 m3/kg` for hydrogen
/// (Chenoweth, "Final report on the hydrogen storage ...", Sandia SAND83-8017, 1983; used for fast-fill
/// modelling since). Pressure crossings switch the compressor and pause fills when the buffer runs low.
public struct StationParameters: Sendable {
  /// The reference station: 2 x 35 MPa and 2 x 70 MPa dispensers, a 4 m3 buffer, 120 kg/h compression.
  public init() {}

  /// Buffer tank volume, m3.
  public var bufferVolume = 4.0
  /// Gas temperature in the buffer, K (isothermal buffer assumed).
  public var temperature = 288.15
  /// Buffer pressure at the start, Pa.
  public var initialPressure = 40e6
  /// The compressor starts when the buffer pressure falls below this, Pa.
  public var compressorStartPressure = 30e6
  /// The compressor stops when the buffer pressure rises above this, Pa.
  public var compressorStopPressure = 44e6
  /// Fills start (or resume) only above this buffer pressure, Pa.
  public var fillStartPressure = 22e6
  /// Running fills pause when the buffer pressure falls below this, Pa.
  public var fillPausePressure = 15e6
  /// Compressor delivery, kg/s (default 120 kg/h).
  public var compressorFlow = 120.0 / 3600
  /// Number of 35 MPa dispensers.
  public var dispensers35 = 2
  /// Number of 70 MPa dispensers.
  public var dispensers70 = 2
  /// Fill rate at 35 MPa, kg/s (heavy-duty, 1.8 kg/min; assumed).
  public var flow35 = 1.8 / 60
  /// Fill rate at 70 MPa, kg/s (light-duty, 1 kg/min; assumed).
  public var flow70 = 1.0 / 60
  /// Mean vehicle arrivals per hour (Poisson), 1/h.
  public var arrivalsPerHour = 10.0
  /// Share of vehicles filling at 35 MPa.
  public var heavyShare = 0.3
  /// Fill amount of a 35 MPa vehicle, kg, triangular (minimum, mode, maximum).
  public var heavyFill = (minimum: 10.0, mode: 15.0, maximum: 25.0)
  /// Fill amount of a 70 MPa vehicle, kg, triangular (minimum, mode, maximum).
  public var lightFill = (minimum: 2.5, mode: 4.0, maximum: 5.0)
  /// Vehicles turn away when this many already wait for their dispenser type.
  public var balkQueueLength = 4
  /// Vehicles leave after waiting this long for a dispenser, s.
  public var patience = 20.0 * 60
  /// Simulated duration, h.
  public var hours = 24.0
}

extension StationParameters {
  /// The buffer's ODE solver.
  static let bufferAlgorithm = ODEAlgorithm.cvodeBDF()
  /// The buffer's tolerances (mass in kg).
  static let bufferOptions = SolverOptions(relativeTolerance: 1e-8, absoluteTolerance: .scalar(1e-6))
  /// The buffer solver's settings, for manifests.
  public static var bufferSolverSettings: String {
    "\(bufferAlgorithm), rtol \(bufferOptions.relativeTolerance), atol 1e-6 kg, root finding for pressure crossings"
  }
}

/// Abel-Noble pressure of hydrogen at density `rho` (kg/m3) and temperature `t` (K), in Pa.
public func abelNoblePressure(density rho: Double, temperature t: Double) -> Double {
  let specificGasConstant = 4124.2  // J/(kg K), hydrogen
  let covolume = 7.691e-3  // m3/kg
  return rho * specificGasConstant * t / (1 - covolume * rho)
}

/// The density at pressure `p`, inverting Abel-Noble: `rho = p / (R T + b p)`.
public func abelNobleDensity(pressure p: Double, temperature t: Double) -> Double {
  p / (4124.2 * t + 7.691e-3 * p)
}

/// What the buffer's right-hand side needs: the flows in and out, in kg/s.
struct BufferFlows: Sendable {
  var compressorOn = false
  var compressorFlow: Double
  var dispensing = 0.0
}

/// The KPIs of one run.
public struct StationResults: Sendable {
  /// Empty results.
  public init() {}

  /// Time from arrival to dispenser, s, per served vehicle.
  public var waits = Tally()
  /// Waiting times in 100 s bins up to 20 min.
  public var waitHistogram = Histogram(lower: 0, upper: 1200, bins: 12)
  /// Vehicles filled.
  public var served = 0
  /// Vehicles that turned away at a long queue.
  public var balked = 0
  /// Vehicles that left after waiting too long.
  public var reneged = 0
  /// Hydrogen dispensed, kg.
  public var dispensedKilograms = 0.0
  /// Compressor starts.
  public var compressorStarts = 0
  /// Fills paused because the buffer ran low.
  public var fillPauses = 0
  /// Mean busy fraction of the 35 MPa dispensers.
  public var utilization35 = 0.0
  /// Mean busy fraction of the 70 MPa dispensers.
  public var utilization70 = 0.0
  /// Lowest buffer pressure reached, Pa.
  public var minimumPressure = Double.infinity
}

/// Mutable tallies shared by the station's processes (one simulation, one thread).
final class StationLog: @unchecked Sendable {
  var results = StationResults()
}

/// A snapshot of the station for time series.
public struct StationSample: Sendable {
  /// Simulated time, s.
  public var time: Double
  /// Buffer pressure, Pa.
  public var pressure: Double
  /// Hydrogen in the buffer, kg.
  public var mass: Double
  /// Whether the compressor runs.
  public var compressorOn: Bool
  /// Total dispensing flow, kg/s.
  public var dispensing: Double
  /// Vehicles waiting for a 35 MPa and a 70 MPa dispenser.
  public var queue35: Int
  /// Vehicles waiting for a 70 MPa dispenser.
  public var queue70: Int
}

/// Watches a station run: periodic samples and every kernel event.
public struct StationObserver {
  /// Time between samples, s.
  public var interval: Double
  /// Receives each sample.
  public var sample: (StationSample) -> Void
  /// Receives every processed event, if set.
  public var trace: (any EventTrace)?

  /// Creates an observer.
  public init(interval: Double, trace: (any EventTrace)? = nil, sample: @escaping (StationSample) -> Void) {
    self.interval = interval
    self.trace = trace
    self.sample = sample
  }
}

/// Builds and runs the station for `p.hours`; draws from the named streams `arrivals`, `vehicle mix` and
/// `fill amounts` of `streams`.
///
/// - Parameter observer: receives time series samples and the event trace (nil for none).
/// - Throws: ``SimulationError`` if the simulation fails.
public func simulateStation(_ p: StationParameters, streams: RandomStreams, observer: StationObserver? = nil) throws
  -> StationResults
{
  let sim = Simulation()
  sim.trace = observer?.trace
  let log = StationLog()
  let horizon = p.hours * 3600
  let dispenser35 = Resource(sim, name: "35 MPa dispensers", capacity: p.dispensers35, monitored: true)
  let dispenser70 = Resource(sim, name: "70 MPa dispensers", capacity: p.dispensers70, monitored: true)

  // Buffer tank: state = hydrogen mass (kg).
  let pressure: @Sendable (Double) -> Double = { mass in abelNoblePressure(density: mass / p.bufferVolume, temperature: p.temperature) }
  let initialMass = abelNobleDensity(pressure: p.initialPressure, temperature: p.temperature) * p.bufferVolume
  let problem = ODEProblem(
    initialState: [initialMass], timeSpan: 0...horizon, parameters: BufferFlows(compressorFlow: p.compressorFlow)
  ) { _, y, flows, dy in
    dy[0] = (flows.compressorOn ? flows.compressorFlow : 0) - flows.dispensing
  }
  let buffer = try ContinuousSystem(
    sim, name: "buffer", problem: problem, algorithm: StationParameters.bufferAlgorithm,
    options: StationParameters.bufferOptions,
    crossings: [
      .init("compressor start", direction: .downward) { _, y, _ in pressure(y[0]) - p.compressorStartPressure },
      .init("compressor stop", direction: .upward) { _, y, _ in pressure(y[0]) - p.compressorStopPressure },
      .init("fills may start", direction: .upward) { _, y, _ in pressure(y[0]) - p.fillStartPressure },
      .init("fills pause", direction: .downward) { _, y, _ in pressure(y[0]) - p.fillPausePressure },
    ])
  @Sendable func changeDispensing(by delta: Double) throws {
    var flows = buffer.parameters
    flows.dispensing = max(0, flows.dispensing + delta)
    try buffer.update(parameters: flows)
    log.results.minimumPressure = min(log.results.minimumPressure, pressure(buffer.state[0]))
  }

  // Compressor control: on at low pressure, off at high pressure.
  sim.process("compressor control") { control in
    while true {
      try control.wait(for: buffer.crossing("compressor start"))
      var flows = buffer.parameters
      flows.compressorOn = true
      try buffer.update(parameters: flows)
      log.results.compressorStarts += 1
      try control.wait(for: buffer.crossing("compressor stop"))
      flows = buffer.parameters
      flows.compressorOn = false
      try buffer.update(parameters: flows)
    }
  }

  // Fills in progress, so a pressure drop can pause them all.
  final class Fills: @unchecked Sendable { var active: [Process] = [] }
  let fills = Fills()
  sim.process("low-pressure guard") { guardProcess in
    while true {
      try guardProcess.wait(for: buffer.crossing("fills pause"))
      for fill in fills.active { fill.interrupt(cause: "buffer low") }
    }
  }

  let arrivals = streams.stream("arrivals")
  let vehicleMix = streams.stream("vehicle mix")
  let amounts = streams.stream("fill amounts")
  sim.process("arrivals") { source in
    var index = 0
    while true {
      try source.hold(arrivals.exponential(mean: 3600 / p.arrivalsPerHour))
      index += 1
      let heavy = vehicleMix.bernoulli(p.heavyShare)
      let shape = heavy ? p.heavyFill : p.lightFill
      let amount = amounts.triangular(minimum: shape.minimum, mode: shape.mode, maximum: shape.maximum)
      let dispensers = heavy ? dispenser35 : dispenser70
      let flow = heavy ? p.flow35 : p.flow70
      if dispensers.queueLength >= p.balkQueueLength {
        log.results.balked += 1
        continue
      }
      sim.process("vehicle \(index)") { vehicle in
        let arrival = vehicle.now
        let request = dispensers.request(by: vehicle)
        let patience = sim.timeout(p.patience)
        _ = try vehicle.wait(forAnyOf: [request, patience])
        guard request.isProcessed else {
          dispensers.release(request)  // withdraws the waiting request
          log.results.reneged += 1
          return
        }
        let wait = vehicle.now - arrival
        log.results.waits.add(wait)
        log.results.waitHistogram.add(wait)
        var remaining = amount
        while remaining > 1e-9 {
          if pressure(buffer.state[0]) < p.fillStartPressure {
            try vehicle.wait(for: buffer.crossing("fills may start"))
          }
          fills.active.append(vehicle)
          try changeDispensing(by: flow)
          let started = vehicle.now
          do {
            try vehicle.hold(remaining / flow)
            remaining = 0
          } catch is Interrupt {
            remaining -= (vehicle.now - started) * flow
            log.results.fillPauses += 1
          }
          fills.active.removeAll { $0 === vehicle }
          try changeDispensing(by: -flow)
        }
        dispensers.release(request)
        log.results.served += 1
        log.results.dispensedKilograms += amount
      }
    }
  }

  if let observer {
    var sampleTick: ((Simulation) -> Void)!
    sampleTick = { sim in
      let mass = buffer.state[0]
      observer.sample(StationSample(
        time: sim.now, pressure: pressure(mass), mass: mass, compressorOn: buffer.parameters.compressorOn,
        dispensing: buffer.parameters.dispensing, queue35: dispenser35.queueLength, queue70: dispenser70.queueLength))
      if sim.now + observer.interval <= horizon { sim.schedule(after: observer.interval, priority: 1, sampleTick) }
    }
    sim.schedule(at: 0, priority: 1, sampleTick)
  }
  try sim.run(until: horizon)
  log.results.utilization35 = dispenser35.statistics!.utilization(at: horizon)
  log.results.utilization70 = dispenser70.statistics!.utilization(at: horizon)
  sim.close()
  return log.results
}
