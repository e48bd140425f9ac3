import CGSL

/// Brackets a root of `f` in `[lower, upper]` with Brent's method (GSL `gsl_root_fsolver_brent`), to a
/// bracket no wider than `tolerance`.
///
/// - Precondition: `f(lower)` and `f(upper)` differ in sign (or one is zero).
/// - Returns: the final bracket; a root lies in it.
public func brentBracket(
  in lower: Double, _ upper: Double, tolerance: Double, maxIterations: Int = 200, _ f: @escaping (Double) -> Double
) -> (lower: Double, upper: Double) {
  let search = RootSearch(f)
  let solver = gsl_root_fsolver_alloc(twinkit_gsl_root_brent())!
  defer { gsl_root_fsolver_free(solver) }
  var function = gsl_function(function: rootSearchTrampoline, params: Unmanaged.passUnretained(search).toOpaque())
  var bracket = (min(lower, upper), max(lower, upper))
  withExtendedLifetime(search) {
    guard gsl_root_fsolver_set(solver, &function, bracket.0, bracket.1) == GSL_SUCCESS else { return }
    for _ in 0..<maxIterations {
      gsl_root_fsolver_iterate(solver)
      bracket = (gsl_root_fsolver_x_lower(solver), gsl_root_fsolver_x_upper(solver))
      if bracket.1 - bracket.0 <= tolerance { break }
    }
  }
  return bracket
}

private final class RootSearch {
  let function: (Double) -> Double
  init(_ function: @escaping (Double) -> Double) { self.function = function }
}

private func rootSearchTrampoline(_ t: Double, _ params: UnsafeMutableRawPointer?) -> Double {
  Unmanaged<RootSearch>.fromOpaque(params!).takeUnretainedValue().function(t)
}
