public import SimKernel
import CGSL
import Foundation

extension MechanisticAgeingModel {
  /// The life (s) under `cycle`: the time to the end-of-life voltage loss, or `nil` if it is not
  /// reached within `limit` seconds (or the run fails first).
  public func life(_ cycle: DutyCycle, limit: Double, options: AgeingOptions = AgeingOptions()) -> Double? {
    var options = options
    options.stopAtEndOfLife = true
    options.recordInterval = .infinity
    let run = age(cycle, for: limit, options: options)
    return run.endOfLifeTime
  }

  /// The environment factor of the guide's accelerated-test model, `field life = accelerated-test life
  /// x factor`, derived from the two duty cycles by this model: the ratio of the lives it predicts.
  ///
  /// - Returns: `nil` if either life is not reached within `limit` seconds.
  public func environmentFactor(
    acceleratedTest: DutyCycle, field: DutyCycle, limit: Double, options: AgeingOptions = AgeingOptions()
  ) -> Double? {
    guard let test = life(acceleratedTest, limit: limit, options: options),
      let fieldLife = life(field, limit: limit, options: options)
    else { return nil }
    return fieldLife / test
  }
}

/// Stack lives when the cells' catalysts differ: each cell's dissolution rate constant is the nominal
/// one times a lognormal factor with mean 1 and coefficient of variation `dispersion` (the Jiangsu guide
/// reports stack performance dispersion up to 10 %), every cell is aged, and the weakest cell ends the
/// stack's life.
///
/// Ageing thousands of cells one by one would cost thousands of ODE runs. The cell life is a smooth,
/// monotone function of the rate factor, so it is computed at `gridPoints` factors spanning the sampled
/// range (geometrically spaced) and interpolated in log-log coordinates with GSL's Steffen spline
/// (monotone between the points; Steffen, Astron. Astrophys. 239 (1990) 443); the tests check the
/// interpolation against direct runs.
public struct MechanisticCellDispersion: Sendable {
  /// The nominal cell.
  public var model: MechanisticAgeingModel
  /// Cells in the stack.
  public var cells: Int
  /// Coefficient of variation of the cells' dissolution rate constants.
  public var dispersion: Double
  /// Factors at which the life is computed exactly.
  public var gridPoints: Int

  /// Creates the description.
  public init(model: MechanisticAgeingModel, cells: Int, dispersion: Double, gridPoints: Int = 9) {
    precondition(cells >= 1 && dispersion >= 0 && gridPoints >= 3, "need cells >= 1, dispersion >= 0, 3+ grid points")
    self.model = model
    self.cells = cells
    self.dispersion = dispersion
    self.gridPoints = gridPoints
  }

  /// The life of one cell whose dissolution rate constant is `factor` times the nominal one, s.
  public func cellLife(factor: Double, cycle: DutyCycle, limit: Double, options: AgeingOptions = AgeingOptions()) -> Double? {
    var cell = model
    cell.catalyst.dissolutionRateConstant *= factor
    return cell.life(cycle, limit: limit, options: options)
  }

  /// Lives (s) of `samples` stacks, each the shortest life among its cells, in the order sampled from
  /// the stream "cell dispersion".
  ///
  /// - Returns: `nil` if a grid life is not reached within `limit` seconds.
  public func stackLives(
    _ cycle: DutyCycle, samples: Int, streams: RandomStreams, limit: Double, options: AgeingOptions = AgeingOptions()
  ) -> [Double]? {
    let variance = log(1 + dispersion * dispersion)
    let (mu, sigma) = (-variance / 2, variance.squareRoot())
    let stream = streams.stream("cell dispersion")
    // The weakest cell has the largest factor; only each stack's largest factor matters.
    let worst: [Double] = (0..<samples).map { _ in
      (0..<cells).reduce(0.0) { w, _ in max(w, sigma > 0 ? stream.lognormal(mu: mu, sigma: sigma) : 1) }
    }
    guard let curve = lifeCurve(cycle, factors: (worst.min() ?? 1)...(worst.max() ?? 1), limit: limit, options: options) else {
      return nil
    }
    return worst.map { curve.life(factor: $0) }
  }

  /// Cell lives at `gridPoints` geometrically spaced rate factors over `factors`, for interpolation.
  ///
  /// - Returns: `nil` if a life is not reached within `limit` seconds.
  public func lifeCurve(
    _ cycle: DutyCycle, factors: ClosedRange<Double>, limit: Double, options: AgeingOptions = AgeingOptions()
  ) -> LifeCurve? {
    let (low, high) = (factors.lowerBound, factors.upperBound)
    let grid = high > low ? (0..<gridPoints).map { low * pow(high / low, Double($0) / Double(gridPoints - 1)) } : [low]
    var lives: [Double] = []
    for factor in grid {
      guard let life = cellLife(factor: factor, cycle: cycle, limit: limit, options: options) else { return nil }
      lives.append(life)
    }
    return LifeCurve(factors: grid, lives: lives)
  }
}

/// Cell life against the dissolution-rate factor, interpolated in log-log coordinates by GSL's Steffen
/// spline between lives computed by the model.
public struct LifeCurve: Sendable {
  /// The factors at which the life was computed, increasing.
  public let factors: [Double]
  /// The lives there, s.
  public let lives: [Double]

  /// The interpolated life at `factor` (clamped to the computed range), s.
  public func life(factor: Double) -> Double {
    guard factors.count >= 3 else { return lives[0] }
    let x = factors.map { log($0) }
    let y = lives.map { log($0) }
    let spline = gsl_interp_alloc(twinkit_gsl_interp_steffen(), x.count)!
    defer { gsl_interp_free(spline) }
    gsl_interp_init(spline, x, y, x.count)
    return exp(gsl_interp_eval(spline, x, y, min(max(log(factor), x[0]), x[x.count - 1]), nil))
  }
}
