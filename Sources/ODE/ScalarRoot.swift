import CGSL

/// Brackets a root of `f` in `[lower, upper]` with Brent's method (GSL `gsl_root_fsolver_brent`), to a
/// bracket no wider than `tolerance`.
///
/// - Returns: the final bracket, in which a root lies; `nil` if `f` has the same sign at both ends or
///   is not finite somewhere the method looked (GSL's `GSL_EINVAL` and `GSL_EBADFUNC`, reported here
///   instead of by GSL's default handler, which aborts).
public func brentBracket(
  in lower: Double, _ upper: Double, tolerance: Double, maxIterations: Int = 200, _ f: @escaping (Double) -> Double
) -> (lower: Double, upper: Double)? {
  _ = gslErrorHandlerOff
  let search = RootSearch(f)
  let solver = gsl_root_fsolver_alloc(twinkit_gsl_root_brent())!
  defer { gsl_root_fsolver_free(solver) }
  var function = gsl_function(function: rootSearchTrampoline, params: Unmanaged.passUnretained(search).toOpaque())
  var bracket = (min(lower, upper), max(lower, upper))
  let found = withExtendedLifetime(search) { () -> Bool in
    guard gsl_root_fsolver_set(solver, &function, bracket.0, bracket.1) == GSL_SUCCESS else { return false }
    for _ in 0..<maxIterations {
      guard gsl_root_fsolver_iterate(solver) == GSL_SUCCESS else { return false }
      bracket = (gsl_root_fsolver_x_lower(solver), gsl_root_fsolver_x_upper(solver))
      if bracket.1 - bracket.0 <= tolerance { break }
    }
    return true
  }
  return found ? bracket : nil
}

private final class RootSearch {
  let function: (Double) -> Double
  init(_ function: @escaping (Double) -> Double) { self.function = function }
}

private func rootSearchTrampoline(_ t: Double, _ params: UnsafeMutableRawPointer?) -> Double {
  Unmanaged<RootSearch>.fromOpaque(params!).takeUnretainedValue().function(t)
}
