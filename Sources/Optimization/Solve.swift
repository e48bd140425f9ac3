import CCoinOR
import Dispatch
import Synchronization

/// How a solve ended.
public enum SolveStatus: String, Sendable, Equatable {
  /// Proven optimal (within the gap tolerance for MILPs).
  case optimal
  /// No solution satisfies the constraints.
  case infeasible
  /// The objective can improve without bound.
  case unbounded
  /// The time limit stopped the search; ``Solution/values`` holds the best solution found, if any.
  case timeLimit
  /// The solver gave up (numerical difficulties or another stop).
  case failed
}

/// Settings for ``solve(_:options:)``.
public struct SolveOptions: Sendable {
  /// Wall-clock limit, s (nil for none).
  public var timeLimit: Double?
  /// Relative MILP gap at which to stop (Cbc's `ratioGap`).
  public var relativeGap: Double
  /// Solver log level (0 silent).
  public var logLevel: Int

  /// Creates options.
  public init(timeLimit: Double? = nil, relativeGap: Double = 1e-9, logLevel: Int = 0) {
    self.timeLimit = timeLimit
    self.relativeGap = relativeGap
    self.logLevel = logLevel
  }
}

/// The outcome of a solve: status, objective, values, bound and gap, work and time.
public struct Solution: Sendable {
  /// How it ended.
  public var status: SolveStatus
  /// The objective of the returned solution (including the constant).
  public var objective: Double
  /// Variable values (empty when none was found).
  public var values: [Double]
  /// Row duals (shadow prices) for LPs, empty for MILPs.
  public var duals: [Double]
  /// The best proven bound on the objective (equal to it for LPs solved to optimality).
  public var bound: Double
  /// The solver's name: `Clp` (dual simplex) or `Cbc` (branch and cut).
  public var solver: String
  /// Simplex iterations.
  public var iterations: Int
  /// Wall time of the solve (build excluded), s.
  public var seconds: Double

  /// The relative gap `|objective - bound| / max(1, |objective|)`.
  public var gap: Double { abs(objective - bound) / max(1, abs(objective)) }

  /// The value of a variable.
  public subscript(variable: LinearProgram.Variable) -> Double { values[variable.index] }
}

/// Solves a program with COIN-OR: Clp's dual simplex for LPs, Cbc's branch and cut when any variable is
/// integer (Forrest and Lougee-Heimer, "CBC user guide", 2005; Debian's Clp 1.17 and Cbc 2.10).
public func solve(_ program: LinearProgram, options: SolveOptions = SolveOptions()) -> Solution {
  program.isMixedInteger ? solveWithCbc(program, options) : solveWithClp(program, options)
}

private func bounded(_ values: [Double]) -> [Double] {
  // COIN-OR reads +-1e30 as infinite.
  values.map { $0.isInfinite ? ($0 > 0 ? 1e30 : -1e30) : $0 }
}

private func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) * 1e-9 }

private func solveWithClp(_ program: LinearProgram, _ options: SolveOptions) -> Solution {
  let model = Clp_newModel()!
  defer { Clp_deleteModel(model) }
  Clp_setLogLevel(model, Int32(options.logLevel))
  let (start, index, value) = program.compressedColumns()
  let starts = start.map { CoinBigIndex($0) }
  let (lower, upper, rowLower, rowUpper) = (bounded(program.lower), bounded(program.upper), bounded(program.rowLower), bounded(program.rowUpper))
  Clp_loadProblem(
    model, Int32(program.variableCount), Int32(program.constraintCount), starts, index, value, lower, upper,
    program.costs, rowLower, rowUpper)
  Clp_setOptimizationDirection(model, program.direction == .minimize ? 1 : -1)
  if let limit = options.timeLimit { Clp_setMaximumSeconds(model, limit) }
  let began = now()
  Clp_dual(model, 0)
  let seconds = now() - began
  let status: SolveStatus
  if Clp_isProvenOptimal(model) != 0 {
    status = .optimal
  } else if Clp_isProvenPrimalInfeasible(model) != 0 {
    status = .infeasible
  } else if Clp_isProvenDualInfeasible(model) != 0 {
    status = .unbounded
  } else if Clp_status(model) == 3 {
    status = .timeLimit
  } else {
    status = .failed
  }
  let n = program.variableCount
  let m = program.constraintCount
  let values = status == .optimal || status == .timeLimit ? Array(UnsafeBufferPointer(start: Clp_primalColumnSolution(model), count: n)) : []
  let duals = status == .optimal ? Array(UnsafeBufferPointer(start: Clp_dualRowSolution(model), count: m)) : []
  let objective = Clp_objectiveValue(model) + program.objectiveConstant
  return Solution(
    status: status, objective: objective, values: values, duals: duals, bound: objective, solver: "Clp",
    iterations: Int(Clp_numberIterations(model)), seconds: seconds)
}

/// Cbc 2.10's C interface runs through `CbcMain1`, which keeps static state, so concurrent solves from
/// different threads can disturb each other (seen as a sporadic failed solve under parallel tests).
/// Cbc solves are therefore serialised; Clp has no such state and runs concurrently.
private let cbcSerializer = Mutex(())

private func solveWithCbc(_ program: LinearProgram, _ options: SolveOptions) -> Solution {
  cbcSerializer.withLock { _ in solveWithCbcUnlocked(program, options) }
}

private func solveWithCbcUnlocked(_ program: LinearProgram, _ options: SolveOptions) -> Solution {
  let model = Cbc_newModel()!
  defer { Cbc_deleteModel(model) }
  let (start, index, value) = program.compressedColumns()
  let starts = start.map { CoinBigIndex($0) }
  let (lower, upper, rowLower, rowUpper) = (bounded(program.lower), bounded(program.upper), bounded(program.rowLower), bounded(program.rowUpper))
  Cbc_loadProblem(
    model, Int32(program.variableCount), Int32(program.constraintCount), starts, index, value, lower, upper,
    program.costs, rowLower, rowUpper)
  Cbc_setObjSense(model, program.direction == .minimize ? 1 : -1)
  for (i, isInteger) in program.integer.enumerated() where isInteger { Cbc_setInteger(model, Int32(i)) }
  Cbc_setLogLevel(model, Int32(options.logLevel))
  Cbc_setParameter(model, "ratioGap", "\(options.relativeGap)")
  Cbc_setParameter(model, "threads", "1")
  if let limit = options.timeLimit { Cbc_setMaximumSeconds(model, limit) }
  let began = now()
  Cbc_solve(model)
  let seconds = now() - began
  let hasSolution = Cbc_getColSolution(model) != nil && Cbc_numberSavedSolutions(model) > 0
  let status: SolveStatus
  if Cbc_isProvenOptimal(model) != 0 {
    status = .optimal
  } else if Cbc_isProvenInfeasible(model) != 0 {
    status = .infeasible
  } else if Cbc_isContinuousUnbounded(model) != 0 || Cbc_secondaryStatus(model) == 7 {
    status = .unbounded
  } else if Cbc_isSecondsLimitReached(model) != 0 {
    status = .timeLimit
  } else {
    status = .failed
  }
  let values = hasSolution && (status == .optimal || status == .timeLimit)
    ? Array(UnsafeBufferPointer(start: Cbc_getColSolution(model), count: program.variableCount)) : []
  let objective = Cbc_getObjValue(model) + program.objectiveConstant
  let bound = Cbc_getBestPossibleObjValue(model) + program.objectiveConstant
  return Solution(
    status: status, objective: objective, values: values, duals: [], bound: bound, solver: "Cbc", iterations: Int(Cbc_getIterationCount(model)), seconds: seconds)
}
