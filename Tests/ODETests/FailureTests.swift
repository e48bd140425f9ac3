import ODE
import Testing

@Suite("Failures come back as return codes with the time reached, never a crash")
struct FailureTests {
  struct Boom: Error, CustomStringConvertible { var description: String { "boom" } }

  @Test("A right-hand side that throws at t > 1 fails with its message; results before are kept",
        arguments: [ODEAlgorithm.cvodeBDF(), .arkodeERK(), .gslRK8PD])
  func throwingRightHandSide(algorithm: ODEAlgorithm) throws {
    let problem = ODEProblem(initialState: [1], timeSpan: 0...5) { t, y, dy in
      if t > 1 { throw Boom() }
      dy[0] = -y[0]
    }
    let solution = try solve(problem, algorithm)
    #expect(solution.returnCode == .functionFailure)
    let failure = try #require(solution.failure)
    #expect(failure.message.contains("boom"))
    // The failure names the last good time, which is where the kept results end.
    #expect(failure.time > 0 && failure.time <= 1, "\(failure)")
    #expect(solution.times.last! == failure.time)
    #expect(solution.count > 2)
  }

  @Test("A right-hand side producing NaN is named as such", arguments: [ODEAlgorithm.cvodeBDF(), .arkodeDIRK(), .gslRKF45])
  func nanRightHandSide(algorithm: ODEAlgorithm) throws {
    let problem = ODEProblem(initialState: [1], timeSpan: 0...5) { t, y, dy in
      dy[0] = t > 2 ? .nan : -y[0]
    }
    let solution = try solve(problem, algorithm)
    #expect(!solution.returnCode.isSuccessful)
    let failure = try #require(solution.failure)
    #expect(failure.message.contains("nan"), "\(failure)")
    #expect(failure.time >= 1.5 && failure.time <= 2.0 + 1e-9)
    #expect(solution.statistics.steps < 10_000)
  }

  @Test("A finite-time blow-up y' = y^2 ends in a named failure near t = 1")
  func blowUp() throws {
    let problem = ODEProblem(initialState: [1], timeSpan: 0...2) { _, y, dy in dy[0] = y[0] * y[0] }
    let solution = try solve(problem, .cvodeBDF(), options: SolverOptions(maxSteps: 10_000))
    #expect(!solution.returnCode.isSuccessful)
    #expect(abs(solution.finalTime - 1) < 1e-3)
    #expect(solution.failure?.flagName.isEmpty == false)
  }

  @Test("Invalid options are rejected before integration with a message naming the field")
  func invalidOptions() {
    let decay = ReferenceProblems.decay()
    #expect(throws: ODEError.invalidOptions("relativeTolerance must be a positive finite number, got -1.0")) {
      try solve(decay, .cvodeBDF(), options: SolverOptions(relativeTolerance: -1))
    }
    #expect(throws: ODEError.self) {
      try solve(decay, .cvodeBDF(), options: SolverOptions(absoluteTolerance: .perComponent([1, 2])))
    }
    #expect(throws: ODEError.self) { try solve(decay, .cvodeBDF(), options: SolverOptions(saveAt: .times([1, 9]))) }
    #expect(throws: ODEError.self) {
      try solve(decay, .cvodeBDF(linearSolver: .band(upper: 3, lower: 0)))
    }
    let empty = ODEProblem(initialState: [], timeSpan: 0...1) { _, _, _ in }
    #expect(throws: ODEError.self) { try solve(empty, .gslRK8PD) }
  }

  @Test("An IDA problem whose algebraic constraint has no solution fails at the start with a named reason")
  func inconsistentDAE() {
    let problem = DAEProblem(
      initialState: [1, 0], initialDerivative: [0, 0], timeSpan: 0...1, parameters: (),
      differentialComponents: [true, false]
    ) { _, y, yp, _, r in
      r[0] = yp[0] + y[0]
      r[1] = y[1] * y[1] + 1  // no real root
    }
    #expect(throws: ODEError.self) { try solve(problem) }
  }

  @Test("Brent's bracket: a root of x^3 - 2 to 1e-12; no sign change or a pole inside is nil, not GSL's abort")
  func brentFailures() throws {
    let bracket = try #require(brentBracket(in: 0, 2, tolerance: 1e-12) { $0 * $0 * $0 - 2 })
    let root = 1.2599210498948732  // 2^(1/3)
    #expect(bracket.lower <= root && root <= bracket.upper && bracket.upper - bracket.lower <= 1e-12)
    #expect(brentBracket(in: 0, 1, tolerance: 1e-9) { $0 + 1 } == nil, "no sign change")
    #expect(brentBracket(in: -1, 0.5, tolerance: 1e-9) { x in 1 / (x - 0.25) < 0 ? -1 / 0.0 : 1 / (x - 0.25) } == nil, "-inf inside")
    #expect(brentBracket(in: -1, 1, tolerance: 1e-9) { $0 == 1 ? .nan : $0 } == nil, "NaN at an end")
  }
}
