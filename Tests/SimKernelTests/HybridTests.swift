import Foundation
import ODE
import SimKernel
import Testing

/// Hybrid time: continuous states between events, crossings as kernel events.
@Suite("Hybrid continuous-discrete simulation")
struct HybridTests {
  /// A tank with level h' = q * on - k h and a controller that switches the pump at levels 1 and 3:
  /// the on and off phases last ln((q/k - 1)/(q/k - 3))/k and ln(3)/k (closed form of the linear ODE).
  struct Pump: Sendable { var on = false, inflow = 2.0, outflow = 0.5 }

  final class Switches: @unchecked Sendable { var times: [(Double, Bool)] = [] }

  static func tank(_ sim: Simulation, name: String, outflow: Double) throws -> ContinuousSystem<Pump> {
    let problem = ODEProblem(
      initialState: [2], timeSpan: 0...1_000, parameters: Pump(outflow: outflow)
    ) { _, y, p, dy in
      dy[0] = (p.on ? p.inflow : 0) - p.outflow * y[0]
    }
    return try ContinuousSystem(
      sim, name: name, problem: problem,
      options: SolverOptions(relativeTolerance: 1e-10, absoluteTolerance: .scalar(1e-12)),
      crossings: [
        .init("low", direction: .downward) { _, y, _ in y[0] - 1 },
        .init("high", direction: .upward) { _, y, _ in y[0] - 3 },
      ])
  }

  static func controller(_ sim: Simulation, _ tank: ContinuousSystem<Pump>, log: Switches) {
    sim.process("control \(tank.name)") { p in
      while true {
        try await p.wait(for: tank.crossing("low"))
        var on = tank.parameters
        on.on = true
        try tank.update(parameters: on)
        log.times.append((p.now, true))
        try await p.wait(for: tank.crossing("high"))
        var off = tank.parameters
        off.on = false
        try tank.update(parameters: off)
        log.times.append((p.now, false))
      }
    }
  }

  static func checkCycle(_ switches: Switches, outflow k: Double) {
    let q = 2.0
    let onDuration = log((q / k - 1) / (q / k - 3)) / k
    let offDuration = log(3.0) / k
    #expect(abs(switches.times[0].0 - log(2.0) / k) < 1e-7, "first switch at \(switches.times[0].0)")
    #expect(switches.times.count >= 6)
    for (a, b) in zip(switches.times, switches.times.dropFirst()) {
      #expect(abs((b.0 - a.0) - (a.1 ? onDuration : offDuration)) < 1e-6)
    }
  }

  @Test("A pump switched by a process at crossings cycles with the analytic durations")
  func pumpedTank() throws {
    let sim = Simulation()
    let log = Switches()
    let tank = try Self.tank(sim, name: "tank", outflow: 0.5)
    Self.controller(sim, tank, log: log)
    try sim.run(until: 40)
    Self.checkCycle(log, outflow: 0.5)
    #expect(sim.now == 40)
    #expect(tank.state[0] > 1 - 1e-6 && tank.state[0] < 3 + 1e-6)
  }

  @Test("Two tanks with different rates: crossings of one rewind the other, both stay exact")
  func twoTanks() throws {
    let sim = Simulation()
    let (fastLog, slowLog) = (Switches(), Switches())
    let fast = try Self.tank(sim, name: "fast", outflow: 0.5)
    let slow = try Self.tank(sim, name: "slow", outflow: 0.3)
    Self.controller(sim, fast, log: fastLog)
    Self.controller(sim, slow, log: slowLog)
    // Unrelated discrete events interleave with the crossings.
    for t in stride(from: 0.7, to: 60, by: 1.3) { sim.schedule(at: t) { _ in } }
    try sim.run(until: 60)
    Self.checkCycle(fastLog, outflow: 0.5)
    Self.checkCycle(slowLog, outflow: 0.3)
  }

  @Test("Crossings give identical traces on repeated runs")
  func deterministic() throws {
    func run() throws -> String {
      let sim = Simulation()
      let trace = CSVEventTrace()
      sim.trace = trace
      let log = Switches()
      Self.controller(sim, try Self.tank(sim, name: "tank", outflow: 0.5), log: log)
      try sim.run(until: 30)
      return trace.csv
    }
    #expect(try run() == run())
  }
}
