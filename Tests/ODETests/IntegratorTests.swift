import Foundation
@testable import ODE
import Testing


@Suite("The steppable integrator")
struct IntegratorTests {
  @Test("Advancing in pieces and jumping the state matches the closed form")
  func advanceAndReinitialize() throws {
    let integrator = try Integrator(
      ReferenceProblems.decay(until: 10), .cvodeBDF(),
      options: SolverOptions(relativeTolerance: 1e-10, absoluteTolerance: .scalar(1e-12)))
    for stop in [1.0, 2.5, 4] {
      #expect(integrator.advance(to: stop) == .reached)
      #expect(integrator.time == stop)
    }
    #expect(abs(integrator.state[0] - exp(-2.8)) < 1e-8)
    try integrator.reinitialize(state: [2])
    #expect(integrator.advance(to: 6) == .reached)
    #expect(abs(integrator.state[0] - 2 * exp(-1.4)) < 1e-8)
    try integrator.reinitialize(parameters: 0.1)
    #expect(integrator.advance(to: 8) == .reached)
    #expect(abs(integrator.state[0] - 2 * exp(-1.4) * exp(-0.2)) < 1e-8)
    #expect(integrator.statistics.reinitializations == 2)
  }

  @Test("Interpolation inside the last step follows the solution", arguments: [ODEAlgorithm.cvodeAdams(), .arkodeERK(), .gslRK8PD])
  func interpolate(algorithm: ODEAlgorithm) throws {
    let integrator = try Integrator(
      ReferenceProblems.oscillator(), algorithm,
      options: SolverOptions(relativeTolerance: 1e-10, absoluteTolerance: .scalar(1e-12), maxStep: 0.5))
    #expect(integrator.advance(to: 3) == .reached)
    #expect(integrator.interpolate(at: 3)! == integrator.state)
    #expect(integrator.interpolate(at: 1) == nil, "t = 1 lies before the last step")
    var inside = 0
    for t in stride(from: 2.5, through: 3, by: 0.0005) {
      guard let y = integrator.interpolate(at: t) else { continue }
      inside += 1
      #expect(abs(y[0] - cos(2 * t)) < 1e-6, "\(algorithm) at t = \(t)")
    }
    #expect(inside >= 2)
  }

  @Test("Every solver object is released after use, for every back end (no retain cycles hold C memory)")
  func noLeaks() throws {
    let problem = ProblemLibrary.robertson(until: 10)
    let never = ContinuousEvent<Void>("never", condition: { _, y, _ in y[0] + 1 }) { _ in }
    let algorithms: [ODEAlgorithm] = [.cvodeBDF(), .arkodeDIRK(), .arkodeERK(), .gslMSBDF, .gslRK8PD]
    var released: [() -> Bool] = []
    for algorithm in algorithms {
      for _ in 0..<200 {
        let integrator = try Integrator(problem, algorithm, events: EventSet(continuous: [never]))
        #expect(integrator.advance(to: 10) == .reached)
        try integrator.reinitialize(state: [1, 0, 0])  // a restart builds a new callback box
        weak let backend = integrator.backend as AnyObject
        weak let box = integrator.callbacks
        released.append { backend == nil && box == nil }
      }
    }
    // The back ends free their SUNDIALS/GSL objects in deinit; all of them must have run.
    #expect(released.allSatisfy { $0() })
  }
}
