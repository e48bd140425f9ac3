import TwinKit

/// A hydrogen refuelling station (the guide's "vehicle queue scheduling with equipment start/stop"):
/// vehicles arrive, queue for a 35 MPa (buses, trucks) or 70 MPa (cars) dispenser and draw hydrogen
/// from a buffer tank that a compressor refills, starting and stopping on pressure.
///
/// The buffer's hydrogen mass is a continuous state integrated between events; its pressure follows
/// the Abel-Noble equation of state `p = rho R T / (1 - b rho)` with `b = 7.691e-3 m3/kg` for hydrogen
/// (Chenoweth, "Final report on the hydrogen storage ...", Sandia SAND83-8017, 1983; used for fast-fill
/// modelling since). Pressure crossings switch the compressor and pause fills when the buffer runs low.
struct StationParameters: Sendable {
  // Buffer tank
  var bufferVolume = 4.0  // m3
  var temperature = 288.15  // K
  var initialPressure = 40e6  // Pa
  var compressorStartPressure = 30e6  // Pa: compressor switches on below
  var compressorStopPressure = 44e6  // Pa: and off above
  var fillStartPressure = 22e6  // Pa: fills start (or resume) only above
  var fillPausePressure = 15e6  // Pa: running fills pause below
  var compressorFlow = 120.0 / 3600  // kg/s (120 kg/h)
  // Dispensers
  var dispensers35 = 2
  var dispensers70 = 2
  var flow35 = 1.8 / 60  // kg/s (heavy-duty, 1.8 kg/min)
  var flow70 = 1.0 / 60  // kg/s (light-duty, 1 kg/min)
  // Demand
  var arrivalsPerHour = 10.0
  var heavyShare = 0.3  // share of vehicles filling at 35 MPa
  var heavyFill = (minimum: 10.0, mode: 15.0, maximum: 25.0)  // kg, triangular
  var lightFill = (minimum: 2.5, mode: 4.0, maximum: 5.0)  // kg, triangular
  var balkQueueLength = 4  // vehicles turn away when this many wait for their dispenser type
  var patience = 20.0 * 60  // s: vehicles leave after waiting this long
  var hours = 24.0
}

/// Abel-Noble pressure of hydrogen at density `rho` (kg/m3) and temperature `t` (K), in Pa.
func abelNoblePressure(density rho: Double, temperature t: Double) -> Double {
  let specificGasConstant = 4124.2  // J/(kg K), hydrogen
  let covolume = 7.691e-3  // m3/kg
  return rho * specificGasConstant * t / (1 - covolume * rho)
}

/// The density at pressure `p`, inverting Abel-Noble: `rho = p / (R T + b p)`.
func abelNobleDensity(pressure p: Double, temperature t: Double) -> Double {
  p / (4124.2 * t + 7.691e-3 * p)
}

/// What the buffer's right-hand side needs: the flows in and out, in kg/s.
struct BufferFlows: Sendable {
  var compressorOn = false
  var compressorFlow: Double
  var dispensing = 0.0
}

/// The KPIs of one day.
struct StationResults {
  var waits = Tally()
  var waitHistogram = Histogram(lower: 0, upper: 1200, bins: 12)
  var served = 0
  var balked = 0
  var reneged = 0
  var dispensedKilograms = 0.0
  var compressorStarts = 0
  var fillPauses = 0
  var utilization35 = 0.0
  var utilization70 = 0.0
  var minimumPressure = Double.infinity
}

/// Mutable tallies shared by the station's processes (one simulation, one thread).
final class StationLog: @unchecked Sendable {
  var results = StationResults()
}

/// Builds and runs one day of the station.
func simulateStation(_ p: StationParameters, streams: RandomStreams) throws -> StationResults {
  let sim = Simulation()
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
    sim, name: "buffer", problem: problem,
    options: SolverOptions(relativeTolerance: 1e-8, absoluteTolerance: .scalar(1e-6)),
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
      try await control.wait(for: buffer.crossing("compressor start"))
      var flows = buffer.parameters
      flows.compressorOn = true
      try buffer.update(parameters: flows)
      log.results.compressorStarts += 1
      try await control.wait(for: buffer.crossing("compressor stop"))
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
      try await guardProcess.wait(for: buffer.crossing("fills pause"))
      for fill in fills.active { fill.interrupt(cause: "buffer low") }
    }
  }

  let arrivals = streams.stream("arrivals")
  let vehicleMix = streams.stream("vehicle mix")
  let amounts = streams.stream("fill amounts")
  sim.process("arrivals") { source in
    var index = 0
    while true {
      try await source.hold(arrivals.exponential(mean: 3600 / p.arrivalsPerHour))
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
        _ = try await vehicle.wait(forAnyOf: [request, patience])
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
            try await vehicle.wait(for: buffer.crossing("fills may start"))
          }
          fills.active.append(vehicle)
          try changeDispensing(by: flow)
          let started = vehicle.now
          do {
            try await vehicle.hold(remaining / flow)
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

  try sim.run(until: horizon)
  log.results.utilization35 = dispenser35.statistics!.utilization(at: horizon)
  log.results.utilization70 = dispenser70.statistics!.utilization(at: horizon)
  sim.close()
  return log.results
}
