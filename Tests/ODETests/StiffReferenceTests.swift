import ODE
import Testing

@Suite("Stiff problems against published reference solutions")
struct StiffReferenceTests {
  static let tight = SolverOptions(
    relativeTolerance: 1e-8, absoluteTolerance: .perComponent([1e-14, 1e-20, 1e-14]), saveAt: .finalState)

  @Test("CVODE BDF reaches 6 correct digits on ROBER at t = 1e5 and 1e11 (rtol 1e-8)", arguments: [1e5, 1e11])
  func roberCVODE(end: Double) throws {
    let solution = try solve(ProblemLibrary.robertson(until: end), .cvodeBDF(), options: Self.tight)
    #expect(solution.returnCode == .success)
    let reference = end == 1e5 ? ProblemLibrary.robertsonAt1e5 : ProblemLibrary.robertsonAt1e11
    let digits = ProblemLibrary.correctDigits(solution.finalState, reference)
    #expect(digits >= 6, "only \(digits) correct digits")
  }

  @Test("ROBER with its analytic Jacobian, with a band solver, and with GSL msbdf")
  func roberOtherStiffSolvers() throws {
    for algorithm in [ODEAlgorithm.cvodeBDF(linearSolver: .band(upper: 2, lower: 2)), .gslMSBDF] {
      let solution = try solve(ProblemLibrary.robertson(until: 1e5), algorithm, options: Self.tight)
      #expect(solution.returnCode == .success, "\(algorithm)")
      let digits = ProblemLibrary.correctDigits(solution.finalState, ProblemLibrary.robertsonAt1e5)
      #expect(digits >= 5, "\(algorithm): \(digits) digits")
      #expect(solution.statistics.jacobianEvaluations > 0 || algorithm == .gslMSBDF)
    }
  }

  @Test("Van der Pol mu = 1000 at t = 2000 with CVODE BDF")
  func vanDerPol() throws {
    let options = SolverOptions(relativeTolerance: 1e-10, absoluteTolerance: .scalar(1e-10), saveAt: .finalState)
    let solution = try solve(ProblemLibrary.vanDerPol(), .cvodeBDF(), options: options)
    #expect(solution.returnCode == .success)
    let digits = ProblemLibrary.correctDigits(solution.finalState, ProblemLibrary.vanDerPolAt2000)
    #expect(digits >= 5, "only \(digits) correct digits")
  }

  @Test("ROBER as a DAE (y1 + y2 + y3 = 1) with IDA from inconsistent y'")
  func roberDAE() throws {
    let problem = DAEProblem(
      initialState: [1, 0, 0], initialDerivative: [0, 0, 0], timeSpan: 0...1e5, parameters: (),
      differentialComponents: [true, true, false]
    ) { _, y, yp, _, r in
      r[0] = -0.04 * y[0] + 1e4 * y[1] * y[2] - yp[0]
      r[1] = 0.04 * y[0] - 1e4 * y[1] * y[2] - 3e7 * y[1] * y[1] - yp[1]
      r[2] = y[0] + y[1] + y[2] - 1
    }
    let options = SolverOptions(
      relativeTolerance: 1e-8, absoluteTolerance: .perComponent([1e-14, 1e-20, 1e-14]), saveAt: .finalState)
    let solution = try solve(problem, .ida(), options: options)
    #expect(solution.returnCode == .success)
    let y = solution.finalState
    #expect(abs(y[0] + y[1] + y[2] - 1) < 1e-12, "mass conservation violated")
    let digits = ProblemLibrary.correctDigits(y, ProblemLibrary.robertsonAt1e5)
    #expect(digits >= 6, "only \(digits) correct digits")
  }

  @Test("ARKODE's default DIRK on ROBER to 1e11 is known to fail, and the failure is reported")
  func arkodeDIRKOnROBERFails() throws {
    let options = SolverOptions(
      relativeTolerance: 1e-8, absoluteTolerance: .perComponent([1e-14, 1e-20, 1e-14]), maxSteps: 20_000,
      saveAt: .everyStep)
    let solution = try solve(ProblemLibrary.robertson(until: 1e11), .arkodeDIRK(), options: options)
    #expect(!solution.returnCode.isSuccessful)
    let failure = try #require(solution.failure)
    #expect(failure.time > 0 && failure.time < 1e11)
    #expect(solution.finalTime <= failure.time)
    // The results up to the failure are kept, and they are still accurate where they exist.
    #expect(solution.count > 1)
    #expect(solution.times.last! <= failure.time)
  }

  @Test("Explicit methods on stiff ROBER exhaust the step budget and say so")
  func explicitOnStiffFails() throws {
    let options = SolverOptions(maxSteps: 2_000, saveAt: .finalState)
    for algorithm in [ODEAlgorithm.arkodeERK(), .gslRKF45] {
      let solution = try solve(ProblemLibrary.robertson(until: 1e5), algorithm, options: options)
      #expect(solution.returnCode == .maxSteps, "\(algorithm)")
      #expect(solution.failure?.flagName == "TWINKIT_MAX_STEPS")
      #expect((solution.failure?.time ?? 0) > 0)
    }
  }
}
