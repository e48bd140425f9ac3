import Foundation
import SimKernel
import Testing

/// Queueing results checked with 95% confidence intervals from independent replications: the
/// interval must contain the closed-form value (Gross and Harris, Fundamentals of Queueing Theory,
/// 4th ed.: M/M/1 section 2.2, M/M/c section 2.3 with Erlang's C formula, M/M/1/K section 2.4).
@Suite("Queueing theory from replications")
struct QueueingTheoryTests {
  @Test("M/M/1 at rho = 0.9: Wq = 9, W = 10, Lq = 8.1 inside the 95% intervals; Little's law per run (coroutines)")
  func mm1() throws {
    let model = QueueingModel(arrivalRate: 0.9, serviceRate: 1, servers: 1, warmUp: 5_000, horizon: 105_000)
    let summary = try replicate(20, seed: 20261122) { _, streams in try model.run(streams: streams) }
    for (metric, exact) in [("Wq", 9.0), ("W", 10.0), ("Lq", 8.1)] {
      let interval = try #require(summary[metric])
      #expect(interval.contains(exact), "\(metric): \(interval) does not contain \(exact)")
      #expect(interval.halfWidth < 0.1 * exact, "\(metric): interval too wide to test anything: \(interval)")
    }
    for residual in summary.values["littleResidual"]! { #expect(residual < 0.02, "Little's law residual \(residual)") }
  }

  @Test("M/M/3 with lambda = 2.4, mu = 1: P(wait) = 0.64719 and Wq = 1.0787 (Erlang C), with task processes")
  func mm3() throws {
    let model = QueueingModel(
      arrivalRate: 2.4, serviceRate: 1, servers: 3, warmUp: 2_000, horizon: 32_000, form: .tasks)
    let summary = try replicate(20, seed: 7) { _, streams in try model.run(streams: streams) }
    // Erlang C computed here too, so the published figures are checked as well as the simulation.
    let (a, c) = (2.4, 3)
    let terms = (0..<c).map { k in pow(a, Double(k)) / tgamma(Double(k + 1)) }.reduce(0, +)
    let top = pow(a, Double(c)) / tgamma(Double(c + 1)) * Double(c) / (Double(c) - a)
    let erlangC = top / (terms + top)
    #expect(abs(erlangC - 0.64719) < 5e-6)
    #expect(abs(erlangC / (Double(c) - a) - 1.0787) < 5e-5)
    #expect(summary["Pwait"]!.contains(0.64719), "\(summary["Pwait"]!)")
    #expect(summary["Pwait"]!.halfWidth < 0.01 && summary["Wq"]!.halfWidth < 0.05)
    #expect(summary["Wq"]!.contains(1.0787), "\(summary["Wq"]!)")
    for residual in summary.values["littleResidual"]! { #expect(residual < 0.02) }
  }

  @Test("M/M/1/K with rho = 0.9, K = 5: blocking probability (1 - rho) rho^K / (1 - rho^(K+1))")
  func mm1k() throws {
    let model = QueueingModel(
      arrivalRate: 0.9, serviceRate: 1, servers: 1, systemCapacity: 5, warmUp: 1_000, horizon: 41_000)
    let summary = try replicate(20, seed: 11) { _, streams in try model.run(streams: streams) }
    let (rho, k) = (0.9, 5.0)
    let exact = (1 - rho) * pow(rho, k) / (1 - pow(rho, k + 1))
    #expect(summary["Pblock"]!.contains(exact), "\(summary["Pblock"]!) vs \(exact)")
    #expect(summary["Pblock"]!.halfWidth < 0.005)
  }
}
