import Foundation
import ODE
import Testing

@Suite("Events against analytic event times")
struct EventTests {
  static let options = SolverOptions(relativeTolerance: 1e-10, absoluteTolerance: .scalar(1e-12))
  static let algorithms: [ODEAlgorithm] = [.cvodeBDF(), .cvodeAdams(), .arkodeERK(), .gslRK8PD]

  /// A ball dropped from `height` under gravity `g`, bouncing with restitution `e`.
  struct Ball { var g = 9.81, restitution = 0.8 }

  @Test("Bouncing ball: the first bounce times are t1 + sum 2 e^j v1 / g", arguments: algorithms)
  func bouncingBall(algorithm: ODEAlgorithm) throws {
    let h0 = 10.0
    let ball = Ball()
    let problem = ODEProblem(initialState: [h0, 0], timeSpan: 0...9, parameters: ball) { _, y, p, dy in
      dy[0] = y[1]
      dy[1] = -p.g
    }
    var bounces: [Double] = []
    let bounce = ContinuousEvent<Ball>("floor", direction: .downward, condition: { _, y, _ in y[0] }) { context in
      bounces.append(context.time)
      context.state[0] = 0
      context.state[1] = -context.parameters.restitution * context.state[1]
    }
    let solution = try solve(problem, algorithm, options: Self.options, events: EventSet(continuous: [bounce]))
    #expect(solution.returnCode == .success)
    let t1 = (2 * h0 / ball.g).squareRoot()
    let v1 = ball.g * t1
    var expected = [t1]
    for j in 1..<5 { expected.append(expected.last! + 2 * pow(ball.restitution, Double(j)) * v1 / ball.g) }
    #expect(bounces.count >= expected.count)
    for (found, exact) in zip(bounces, expected) {
      #expect(abs(found - exact) < 1e-6, "\(algorithm): bounce at \(found), expected \(exact)")
    }
    // The ball never sinks below the floor at a saved point.
    #expect(solution.component(0).allSatisfy { $0 > -1e-6 })
    #expect(solution.statistics.eventsFired == bounces.count)
  }

  @Test("A draining tank crosses a level at t = 2 (sqrt h0 - sqrt L) / k; the event stops the run", arguments: algorithms)
  func drainingTank(algorithm: ODEAlgorithm) throws {
    // Torricelli: h' = -k sqrt(h), h(t) = (sqrt(h0) - k t / 2)^2.
    let (h0, k, level) = (4.0, 0.5, 1.0)
    let problem = ODEProblem(initialState: [h0], timeSpan: 0...100, parameters: k) { _, y, k, dy in
      dy[0] = -k * max(y[0], 0).squareRoot()
    }
    let low = ContinuousEvent<Double>("low level", direction: .downward, condition: { _, y, _ in y[0] - level }) {
      $0.stop()
    }
    let solution = try solve(problem, algorithm, options: Self.options, events: EventSet(continuous: [low]))
    #expect(solution.returnCode == .terminated)
    #expect(solution.stoppingEvent == "low level")
    let exact = 2 * (h0.squareRoot() - level.squareRoot()) / k
    #expect(abs(solution.finalTime - exact) < 1e-7, "\(algorithm)")
    #expect(abs(solution.finalState[0] - level) < 1e-7)
  }

  /// Pump state for the tank: level h' = q * on - k h.
  struct Pump { var on = false, inflow = 2.0, outflow = 0.5 }

  @Test("A pump switching at levels 1 and 3 cycles with the analytic on/off durations", arguments: algorithms)
  func pumpedTank(algorithm: ODEAlgorithm) throws {
    let (low, high) = (1.0, 3.0)
    let problem = ODEProblem(initialState: [2], timeSpan: 0...40, parameters: Pump()) { _, y, p, dy in
      dy[0] = (p.on ? p.inflow : 0) - p.outflow * y[0]
    }
    var switches: [(time: Double, on: Bool)] = []
    let start = ContinuousEvent<Pump>("start", direction: .downward, condition: { _, y, _ in y[0] - low }) {
      $0.parameters.on = true
      switches.append(($0.time, true))
    }
    let stop = ContinuousEvent<Pump>("stop", direction: .upward, condition: { _, y, _ in y[0] - high }) {
      $0.parameters.on = false
      switches.append(($0.time, false))
    }
    let solution = try solve(problem, algorithm, options: Self.options, events: EventSet(continuous: [start, stop]))
    #expect(solution.returnCode == .success)
    let pump = Pump()
    let equilibrium = pump.inflow / pump.outflow
    let onDuration = log((equilibrium - low) / (equilibrium - high)) / pump.outflow
    let offDuration = log(high / low) / pump.outflow
    #expect(abs(switches[0].time - log(2 / low) / pump.outflow) < 1e-7)
    #expect(switches.count >= 6)
    for (a, b) in zip(switches, switches.dropFirst()) {
      let expected = a.on ? onDuration : offDuration
      #expect(abs((b.time - a.time) - expected) < 1e-6, "\(algorithm)")
      #expect(a.on != b.on)
    }
    #expect(solution.component(0).allSatisfy { $0 > low - 1e-6 && $0 < high + 1e-6 })
  }

  @Test("A discrete event fires after the first step past a time and changes the state")
  func discreteEvent() throws {
    var fired = 0
    let kick = DiscreteEvent<Double>("kick", condition: { t, _, _ in t >= 1 && fired == 0 }) { context in
      fired += 1
      context.state[0] += 1
    }
    let solution = try solve(
      ReferenceProblems.decay(until: 3), .cvodeBDF(), options: SolverOptions(relativeTolerance: 1e-10, absoluteTolerance: .scalar(1e-12)),
      events: EventSet(discrete: [kick]))
    #expect(fired == 1)
    // After the kick at the end of a step t_k >= 1: y(3) = (exp(-0.7 t_k) + 1) exp(-0.7 (3 - t_k)).
    let kickTime = try #require(zip(solution.times, solution.times.dropFirst()).first { $0.0 == $0.1 }?.0)
    let exact = (exp(-0.7 * kickTime) + 1) * exp(-0.7 * (3 - kickTime))
    #expect(abs(solution.finalState[0] - exact) < 1e-7)
  }
}
