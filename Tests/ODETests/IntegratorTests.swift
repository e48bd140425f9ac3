import Foundation
import ODE
import Testing

import CTestSupport

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

  @Test("Solving the same problem many times leaks no memory")
  func noLeaks() throws {
    let problem = ProblemLibrary.robertson(until: 10)
    let bounce = ContinuousEvent<Void>("never", condition: { _, y, _ in y[0] + 1 }) { _ in }
    func run(_ algorithm: ODEAlgorithm) throws {
      _ = try solve(problem, algorithm, options: SolverOptions(saveAt: .finalState), events: EventSet(continuous: [bounce]))
    }
    let algorithms: [ODEAlgorithm] = [.cvodeBDF(), .arkodeDIRK(), .gslMSBDF]
    for algorithm in algorithms { for _ in 0..<50 { try run(algorithm) } }  // warm up allocator caches
    let before = twinkit_heap_bytes_in_use()
    for algorithm in algorithms { for _ in 0..<1_000 { try run(algorithm) } }
    let after = twinkit_heap_bytes_in_use()
    // 3,000 solves: a leak of even one small C object per solve would show as > 64 kB.
    #expect(Int(after) - Int(before) < 64 * 1024, "heap grew by \(Int(after) - Int(before)) bytes")
  }
}
