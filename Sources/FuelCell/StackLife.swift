public import SimKernel

extension OperatingModeDegradation {
  /// Relative voltage loss per second of operation under a profile.
  public func lossRate(_ profile: OperatingModeSummary) -> Double {
    profile.duration > 0 ? voltageLoss(profile) / profile.duration : 0
  }

  /// The environment factor of the guide's accelerated-test model, `field life = accelerated-test life x
  /// factor`: the ratio of the loss rates under the accelerated-test profile and the field profile,
  /// derived from the two duty cycles rather than typed in.
  public func environmentFactor(acceleratedTest: OperatingModeSummary, field: OperatingModeSummary) -> Double {
    let fieldRate = lossRate(field)
    return fieldRate > 0 ? lossRate(acceleratedTest) / fieldRate : .infinity
  }
}

/// Stack life when cells age at different rates: the weakest cell ends the stack's life.
///
/// Each cell's loss rate is the stack's nominal rate times a lognormal factor with mean 1 and
/// coefficient of variation `dispersion` (the Jiangsu guide reports stack performance dispersion up to
/// 10%). The stack reaches end of life when its first cell has lost `endOfLifeLoss`.
public struct CellDispersion: Sendable, Equatable {
  /// Cells in the stack.
  public var cells: Int
  /// Coefficient of variation of the cells' ageing rates.
  public var dispersion: Double

  /// Creates the description.
  public init(cells: Int, dispersion: Double) {
    precondition(cells >= 1 && dispersion >= 0, "need at least one cell and a non-negative dispersion")
    self.cells = cells
    self.dispersion = dispersion
  }

  /// Lognormal parameters with mean 1 and coefficient of variation `cv`: `sigma^2 = ln(1 + cv^2)`,
  /// `mu = -sigma^2 / 2`.
  var lognormal: (mu: Double, sigma: Double) {
    let variance = log(1 + dispersion * dispersion)
    return (-variance / 2, variance.squareRoot())
  }

  /// Stack lives (s) for `samples` stacks whose nominal life is `nominalLife` (s): each is the nominal
  /// life over its worst cell's rate factor.
  public func stackLives(nominalLife: Double, samples: Int, streams: RandomStreams) -> [Double] {
    let stream = streams.stream("cell dispersion")
    let (mu, sigma) = lognormal
    return (0..<samples).map { _ in
      var worst = 0.0
      for _ in 0..<cells { worst = max(worst, sigma > 0 ? stream.lognormal(mu: mu, sigma: sigma) : 1) }
      return nominalLife / worst
    }
  }
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif
