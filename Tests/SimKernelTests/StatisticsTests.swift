import Foundation
import SimKernel
import Testing

@Suite("Statistics and random streams")
struct StatisticsTests {
  @Test("Tally matches the two-pass formulas; the t interval uses the published quantile")
  func tally() {
    let data = [2.0, 4, 4, 4, 5, 5, 7, 9]
    let tally = Tally()
    for x in data { tally.add(x) }
    let mean = data.reduce(0, +) / Double(data.count)
    let variance = data.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(data.count - 1)
    #expect(tally.mean == 5)
    #expect(abs(tally.variance - variance) < 1e-12)
    #expect(tally.minimum == 2 && tally.maximum == 9)
    // t_{0.975, 7} = 2.364624 (standard t table).
    let interval = tally.confidenceInterval()
    #expect(abs(interval.halfWidth - 2.364624 * variance.squareRoot() / 8.0.squareRoot()) < 1e-5)
  }

  @Test("Time-weighted average of a step function, with warm-up reset")
  func timeWeighted() {
    let level = TimeWeighted(initial: 0, at: 0)
    level.record(2, at: 1)  // 0 on [0,1)
    level.record(5, at: 3)  // 2 on [1,3)
    #expect(abs(level.mean(at: 5) - (0 + 4 + 10) / 5.0) < 1e-12)  // 5 on [3,5)
    level.reset(at: 5)
    level.record(1, at: 6)
    #expect(abs(level.mean(at: 8) - (5 + 2) / 3.0) < 1e-12)
    #expect(level.maximum == 5)
  }

  @Test("Histogram bins, under- and overflow")
  func histogram() {
    var h = Histogram(lower: 0, upper: 10, bins: 5)
    for x in [-1.0, 0, 1.9, 2, 9.99, 10, 42] { h.add(x) }
    #expect(h.counts == [2, 1, 0, 0, 1])
    #expect(h.underflow == 1 && h.overflow == 2)
  }

  @Test("A new named stream does not change the draws of the others (common random numbers)")
  func streamIndependence() {
    let a = RandomStreams(seed: 5)
    let first = (0..<5).map { _ in a.stream("arrivals").uniform() }
    let b = RandomStreams(seed: 5)
    _ = b.stream("breakdowns").uniform()
    let second = (0..<5).map { _ in b.stream("arrivals").uniform() }
    #expect(first == second)
    #expect(RandomStreams(seed: 6).stream("arrivals").uniform() != first[0])
    #expect(a.replication(1).stream("x").uniform() != a.replication(2).stream("x").uniform())
  }

  /// Sample means of 40,000 draws inside a 99.9% interval around the distribution's mean.
  @Test("Distribution means match their formulas")
  func distributionMeans() {
    let stream = RandomStreams(seed: 1).stream("test")
    let empirical = EmpiricalDistribution(data: [1, 2, 4, 8])
    let cases: [(String, Double, () -> Double)] = [
      ("exponential", 2.5, { stream.exponential(mean: 2.5) }),
      ("normal", -1, { stream.normal(mean: -1, standardDeviation: 3) }),
      ("lognormal", exp(0.5 + 0.5 * 0.25), { stream.lognormal(mu: 0.5, sigma: 0.5) }),
      ("gamma", 2 * 3, { stream.gamma(shape: 2, scale: 3) }),
      ("weibull", 2 * tgamma(1 + 1 / 1.5), { stream.weibull(scale: 2, shape: 1.5) }),
      ("uniform", 3, { stream.uniform(1, 5) }),
      ("triangular", (1 + 2 + 6) / 3.0, { stream.triangular(minimum: 1, mode: 2, maximum: 6) }),
      ("erlang", 3 * 0.5, { stream.erlang(phases: 3, phaseMean: 0.5) }),
      ("poisson", 4.2, { Double(stream.poisson(mean: 4.2)) }),
      ("bernoulli", 0.3, { stream.bernoulli(0.3) ? 1 : 0 }),
      // Piecewise-linear inverse ECDF through 1, 2, 4, 8: mean of the three segments' midpoints.
      ("empirical", (1.5 + 3 + 6) / 3, { stream.empirical(empirical) }),
    ]
    for (name, exact, draw) in cases {
      let tally = Tally()
      for _ in 0..<40_000 { tally.add(draw()) }
      let interval = tally.confidenceInterval(level: 0.999)
      #expect(interval.contains(exact), "\(name): \(interval) vs \(exact)")
    }
  }

  @Test("Discrete distribution frequencies follow the weights (chi-square, 3 dof, 0.999 quantile 16.27)")
  func discrete() {
    let stream = RandomStreams(seed: 3).stream("mix")
    let weights = [1.0, 2, 3, 4]
    let table = DiscreteDistribution(weights: weights)
    var counts = [0, 0, 0, 0]
    let n = 20_000
    for _ in 0..<n { counts[stream.discrete(table)] += 1 }
    var chiSquare = 0.0
    for (count, weight) in zip(counts, weights) {
      let expected = Double(n) * weight / 10
      let deviation = Double(count) - expected
      chiSquare += deviation * deviation / expected
    }
    #expect(chiSquare < 16.27)
  }

  @Test("Batch means of an AR(1) series covers its mean; naive i.i.d. intervals are too narrow")
  func batchMeansInterval() {
    let stream = RandomStreams(seed: 9).stream("ar1")
    var x = 0.0
    var series: [Double] = []
    for _ in 0..<200_000 {
      x = 0.9 * x + stream.normal(mean: 0, standardDeviation: 1)
      series.append(10 + x)
    }
    let batched = batchMeans(series, batches: 20)
    let naive = Tally()
    for v in series { naive.add(v) }
    #expect(batched.contains(10))
    #expect(batched.halfWidth > 3 * naive.confidenceInterval().halfWidth, "correlation widens the true interval")
  }
}
