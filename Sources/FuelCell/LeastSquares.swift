import CGSL

/// Why a fit could not be made.
public enum FitError: Error, Equatable, CustomStringConvertible {
  /// Fewer observations than parameters.
  case tooFewObservations(Int, parameters: Int)
  /// GSL's solver stopped with a status.
  case solverFailed(status: Int32, message: String)

  /// One line.
  public var description: String {
    switch self {
    case .tooFewObservations(let n, let p): "\(n) observations cannot determine \(p) parameters"
    case .solverFailed(let status, let message): "least-squares solver failed (GSL status \(status)): \(message)"
    }
  }
}

/// The result of a nonlinear least-squares fit.
public struct LeastSquaresFit: Sendable, Equatable {
  /// The parameters at the minimum.
  public var parameters: [Double]
  /// Sum of squared residuals at the minimum.
  public var sumOfSquares: Double
  /// Iterations taken.
  public var iterations: Int
}

/// Minimises `sum_i r_i(x)^2` from `initial` with GSL's trust-region Levenberg-Marquardt solver
/// (`gsl_multifit_nlinear_trust`, Mor\u{e9} scaling, finite-difference Jacobian; GSL reference manual,
/// "Nonlinear Least-Squares Fitting").
///
/// - Parameters:
///   - observations: the number of residuals.
///   - residuals: writes the residuals for parameters `x` into `r`.
/// - Throws: ``FitError``.
public func leastSquares(
  initial: [Double], observations: Int, maxIterations: Int = 200,
  residuals: @escaping (_ x: UnsafeBufferPointer<Double>, _ r: UnsafeMutableBufferPointer<Double>) -> Void
) throws(FitError) -> LeastSquaresFit {
  let p = initial.count
  guard observations >= p, p > 0 else { throw .tooFewObservations(observations, parameters: p) }
  _ = gslErrorHandlerDisabled
  let box = ResidualBox(residuals)
  var fdf = gsl_multifit_nlinear_fdf()
  fdf.f = leastSquaresTrampoline
  fdf.df = nil  // GSL approximates the Jacobian by forward differences
  fdf.fvv = nil
  fdf.n = observations
  fdf.p = p
  fdf.params = Unmanaged.passUnretained(box).toOpaque()
  var settings = gsl_multifit_nlinear_default_parameters()
  guard let workspace = gsl_multifit_nlinear_alloc(twinkit_gsl_multifit_trust(), &settings, observations, p),
    let start = gsl_vector_alloc(p)
  else { throw .solverFailed(status: -1, message: "allocation failed") }
  defer {
    gsl_multifit_nlinear_free(workspace)
    gsl_vector_free(start)
  }
  for (i, value) in initial.enumerated() { gsl_vector_set(start, i, value) }
  let status = withExtendedLifetime(box) { () -> Int32 in
    let initStatus = gsl_multifit_nlinear_init(start, &fdf, workspace)
    guard initStatus == 0 else { return initStatus }
    var info: Int32 = 0
    return gsl_multifit_nlinear_driver(maxIterations, 1e-10, 1e-10, 0, nil, nil, &info, workspace)
  }
  guard status == 0 || status == Int32(GSL_EMAXITER) else {
    throw .solverFailed(status: status, message: String(cString: gsl_strerror(status)))
  }
  let x = gsl_multifit_nlinear_position(workspace)!
  let r = gsl_multifit_nlinear_residual(workspace)!
  var sum = 0.0
  for i in 0..<observations { sum += gsl_vector_get(r, i) * gsl_vector_get(r, i) }
  return LeastSquaresFit(
    parameters: (0..<p).map { gsl_vector_get(x, $0) }, sumOfSquares: sum,
    iterations: Int(gsl_multifit_nlinear_niter(workspace)))
}

/// GSL's default error handler aborts; TwinKit reads statuses instead.
let gslErrorHandlerDisabled: Void = { _ = gsl_set_error_handler_off() }()

private final class ResidualBox {
  let residuals: (UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) -> Void
  init(_ residuals: @escaping (UnsafeBufferPointer<Double>, UnsafeMutableBufferPointer<Double>) -> Void) {
    self.residuals = residuals
  }
}

private func leastSquaresTrampoline(
  _ x: UnsafePointer<gsl_vector>?, _ params: UnsafeMutableRawPointer?, _ f: UnsafeMutablePointer<gsl_vector>?
) -> Int32 {
  let box = Unmanaged<ResidualBox>.fromOpaque(params!).takeUnretainedValue()
  let xv = x!.pointee
  let fv = f!.pointee
  // GSL may hand over strided views: gather and scatter through the stride.
  let status = withUnsafeTemporaryAllocation(of: Double.self, capacity: xv.size + fv.size) { scratch -> Int32 in
    let xs = UnsafeMutableBufferPointer(rebasing: scratch[0..<xv.size])
    let rs = UnsafeMutableBufferPointer(rebasing: scratch[xv.size...])
    for i in 0..<xv.size { xs[i] = xv.data[i * xv.stride] }
    box.residuals(UnsafeBufferPointer(xs), rs)
    for i in 0..<fv.size {
      guard rs[i].isFinite else { return Int32(GSL_EDOM) }
      fv.data[i * fv.stride] = rs[i]
    }
    return 0
  }
  if status != 0 { return status }
  return 0
}
