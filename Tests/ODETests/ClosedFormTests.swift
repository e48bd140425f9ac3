import Foundation
import ODE
import Testing

@Suite("Every algorithm against closed-form solutions")
struct ClosedFormTests {
  static let algorithms: [ODEAlgorithm] = [
    .cvodeBDF(), .cvodeAdams(), .arkodeERK(), .arkodeDIRK(), .gslRK8PD, .gslRKF45, .gslMSBDF,
  ]

  static let options = SolverOptions(relativeTolerance: 1e-9, absoluteTolerance: .scalar(1e-12))

  @Test("Exponential decay", arguments: algorithms)
  func decay(algorithm: ODEAlgorithm) throws {
    let solution = try solve(ReferenceProblems.decay(), algorithm, options: Self.options)
    #expect(solution.returnCode == .success)
    for i in 0..<solution.count {
      let exact = exp(-0.7 * solution.times[i])
      #expect(abs(solution[i].first! - exact) <= 1e-7 * exact + 1e-10, "\(algorithm) at t = \(solution.times[i])")
    }
  }

  /// L-stable DIRK methods damp undamped oscillations by design; they are tested on decay, stiff and
  /// dense-output problems instead.
  static let oscillatoryAlgorithms = algorithms.filter { $0 != .arkodeDIRK() }

  @Test("Harmonic oscillator: state after three periods", arguments: oscillatoryAlgorithms)
  func oscillator(algorithm: ODEAlgorithm) throws {
    let solution = try solve(ReferenceProblems.oscillator(), algorithm, options: Self.options)
    #expect(solution.returnCode == .success)
    let y = solution.finalState
    #expect(abs(y[0] - cos(20)) < 1e-6, "\(algorithm)")
    #expect(abs(y[1] + 2 * sin(20)) < 2e-6, "\(algorithm)")
  }

  @Test("Dense output reproduces the closed form between steps", arguments: algorithms)
  func denseOutput(algorithm: ODEAlgorithm) throws {
    let solution = try solve(ReferenceProblems.oscillator(), algorithm, options: Self.options)
    #expect(solution.hasDenseOutput)
    for t in stride(from: 0.05, to: 10, by: 0.37) {
      let y = solution(t)
      #expect(abs(y[0] - cos(2 * t)) < 1e-5, "\(algorithm) at t = \(t)")
    }
  }

  @Test("Save-at times are hit exactly and interpolated accurately")
  func saveAt() throws {
    let times = Array(stride(from: 0.0, through: 5.0, by: 0.25))
    let options = SolverOptions(relativeTolerance: 1e-10, absoluteTolerance: .scalar(1e-12), saveAt: .times(times))
    let solution = try solve(ReferenceProblems.decay(), .cvodeBDF(), options: options)
    #expect(solution.times == times)
    #expect(!solution.hasDenseOutput)
    for (i, t) in times.enumerated() { #expect(abs(solution[i].first! - exp(-0.7 * t)) < 1e-8) }
  }

  @Test("Backward integration recovers the initial value")
  func backward() throws {
    let problem = ODEProblem(initialState: [exp(-3.5)], timeSpan: (start: 5, end: 0), parameters: 0.7) {
      _, y, k, dy in dy[0] = -k * y[0]
    }
    let solution = try solve(problem, .cvodeAdams(), options: Self.options)
    #expect(abs(solution.finalState[0] - 1) < 1e-7)
  }

  @Test("IMEX split of a stiff linear decay plus a forcing term")
  func imex() throws {
    // y' = -1000 (y - cos t) - sin t has the solution y = cos t from y(0) = 1.
    let problem = ODEProblem(
      initialState: [1], timeSpan: 0...3, parameters: 1000.0,
      stiff: { t, y, k, dy in dy[0] = -k * (y[0] - cos(t)) },
      nonstiff: { t, _, _, dy in dy[0] = -sin(t) })
    for algorithm in [ODEAlgorithm.arkodeIMEX(), .cvodeBDF()] {
      let solution = try solve(problem, algorithm, options: SolverOptions(relativeTolerance: 1e-8, absoluteTolerance: .scalar(1e-10)))
      #expect(solution.returnCode == .success)
      #expect(abs(solution.finalState[0] - cos(3)) < 1e-6, "\(algorithm)")
    }
    let plain = ReferenceProblems.decay()
    #expect(throws: ODEError.self) { try solve(plain, .arkodeIMEX()) }
  }
}
