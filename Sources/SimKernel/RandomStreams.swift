import CGSL

/// Independent random-number streams, one per named source, all derived from one seed.
///
/// Each name gets its own GSL Mersenne Twister (`gsl_rng_mt19937`, Matsumoto and Nishimura 1998) seeded
/// from a hash of the master seed and the name, so adding a new random source to a model does not change
/// the draws of the others, and two scenarios with one seed draw the same numbers for the same
/// source: common random numbers. Replication `r` of an experiment uses ``replication(_:)``.
public final class RandomStreams: @unchecked Sendable {
  /// The master seed.
  public let seed: UInt64
  private var streams: [String: RandomStream] = [:]

  /// Creates the family of streams for `seed`.
  public init(seed: UInt64) { self.seed = seed }

  /// The stream for a named source (created on first use).
  public func stream(_ name: String) -> RandomStream {
    if let existing = streams[name] { return existing }
    let created = RandomStream(seed: Self.derive(seed, name))
    streams[name] = created
    return created
  }

  /// The streams of replication `index` (its own master seed, derived from this one).
  public func replication(_ index: Int) -> RandomStreams {
    RandomStreams(seed: Self.splitMix64(seed &+ 0x9E37_79B9_7F4A_7C15 &* UInt64(index + 1)))
  }

  /// FNV-1a of the name mixed into the seed by SplitMix64 (Steele, Lea and Flood 2014). GSL's
  /// MT19937 takes a 32-bit seed; the high and low halves are folded together.
  static func derive(_ seed: UInt64, _ name: String) -> UInt {
    var hash: UInt64 = 0xCBF2_9CE4_8422_2325
    for byte in name.utf8 {
      hash ^= UInt64(byte)
      hash = hash &* 0x0000_0100_0000_01B3
    }
    let mixed = splitMix64(seed ^ hash)
    let folded = (mixed >> 32) ^ (mixed & 0xFFFF_FFFF)
    return UInt(folded == 0 ? 4357 : folded)  // 0 selects GSL's default seed; avoid the ambiguity
  }

  static func splitMix64(_ x: UInt64) -> UInt64 {
    var z = x &+ 0x9E37_79B9_7F4A_7C15
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// One stream of random numbers (a GSL generator) with the distributions simulation models use.
///
/// Parameters follow the usual textbook forms (Law, Simulation Modeling and Analysis, ch. 6); the
/// sampling is GSL's (`gsl_ran_*`) except where noted.
public final class RandomStream: @unchecked Sendable {
  private let generator: UnsafeMutablePointer<gsl_rng>

  /// A stream with its own MT19937 generator seeded with `seed`.
  public init(seed: UInt) {
    generator = gsl_rng_alloc(twinkit_gsl_rng_mt19937())
    gsl_rng_set(generator, seed)
  }

  deinit { gsl_rng_free(generator) }

  /// Uniform on [0, 1).
  public func uniform() -> Double { gsl_rng_uniform(generator) }
  /// Uniform on [a, b).
  public func uniform(_ a: Double, _ b: Double) -> Double { gsl_ran_flat(generator, a, b) }
  /// Exponential with the given mean.
  public func exponential(mean: Double) -> Double { gsl_ran_exponential(generator, mean) }
  /// Normal with mean and standard deviation.
  public func normal(mean: Double, standardDeviation: Double) -> Double {
    mean + gsl_ran_gaussian_ziggurat(generator, standardDeviation)
  }
  /// Lognormal whose logarithm has mean `mu` and standard deviation `sigma`.
  public func lognormal(mu: Double, sigma: Double) -> Double { gsl_ran_lognormal(generator, mu, sigma) }
  /// Gamma with shape `k` and scale `theta` (mean k theta).
  public func gamma(shape: Double, scale: Double) -> Double { gsl_ran_gamma(generator, shape, scale) }
  /// Weibull with scale `lambda` and shape `k`.
  public func weibull(scale: Double, shape: Double) -> Double { gsl_ran_weibull(generator, scale, shape) }
  /// Erlang: the sum of `phases` exponentials, each with mean `phaseMean`.
  public func erlang(phases: Int, phaseMean: Double) -> Double { gsl_ran_erlang(generator, phaseMean, Double(phases)) }
  /// Poisson with the given mean.
  public func poisson(mean: Double) -> Int { Int(gsl_ran_poisson(generator, mean)) }
  /// Bernoulli: `true` with probability `p`.
  public func bernoulli(_ p: Double) -> Bool { gsl_ran_bernoulli(generator, p) == 1 }

  /// Triangular on [a, b] with mode c, by inversion of its CDF (GSL has no triangular sampler):
  /// `F^-1(u) = a + sqrt(u (b - a)(c - a))` for `u < (c - a)/(b - a)`, else `b - sqrt((1 - u)(b - a)(b - c))`.
  public func triangular(minimum a: Double, mode c: Double, maximum b: Double) -> Double {
    precondition(a <= c && c <= b && a < b, "triangular needs minimum <= mode <= maximum, minimum < maximum")
    let u = uniform()
    let split = (c - a) / (b - a)
    return u < split ? a + (u * (b - a) * (c - a)).squareRoot() : b - ((1 - u) * (b - a) * (b - c)).squareRoot()
  }

  /// An index in `0..<weights.count` drawn with probability proportional to its weight (GSL's Walker
  /// alias tables, `gsl_ran_discrete`); build the table once with ``DiscreteDistribution``.
  public func discrete(_ distribution: DiscreteDistribution) -> Int {
    Int(gsl_ran_discrete(generator, distribution.table))
  }

  /// A draw from the continuous empirical distribution of `data`: the piecewise-linear inverse of the
  /// empirical CDF through the sorted observations (Law, section 6.2.4).
  public func empirical(_ distribution: EmpiricalDistribution) -> Double {
    distribution.quantile(uniform())
  }
}

/// A discrete distribution over indices, prepared once for fast sampling (GSL `gsl_ran_discrete_preproc`).
public final class DiscreteDistribution: @unchecked Sendable {
  let table: UnsafeMutablePointer<gsl_ran_discrete_t>
  /// The number of outcomes.
  public let count: Int

  /// Prepares the table from non-negative weights (at least one positive).
  public init(weights: [Double]) {
    precondition(!weights.isEmpty && weights.allSatisfy { $0 >= 0 } && weights.contains { $0 > 0 },
      "discrete weights must be non-negative with at least one positive")
    count = weights.count
    table = weights.withUnsafeBufferPointer { gsl_ran_discrete_preproc($0.count, $0.baseAddress) }
  }

  deinit { gsl_ran_discrete_free(table) }
}

/// The continuous empirical distribution of a sample.
public struct EmpiricalDistribution: Sendable {
  private let sorted: [Double]

  /// Builds it from at least two observations.
  public init(data: [Double]) {
    precondition(data.count >= 2, "an empirical distribution needs at least two observations")
    sorted = data.sorted()
  }

  /// The inverse CDF at `u` in [0, 1): linear between the order statistics.
  public func quantile(_ u: Double) -> Double {
    let position = u * Double(sorted.count - 1)
    let i = min(Int(position), sorted.count - 2)
    return sorted[i] + (position - Double(i)) * (sorted[i + 1] - sorted[i])
  }
}
