import SimKernel
import Testing

@Suite("README examples")
struct ReadmeExampleTests {
  @Test("The README's M/M/1 example: utilisation rho = 0.9 inside its 95% interval")
  func readmeQueue() throws {
    let horizon = 20_000.0
    let summary = try replicate(20, seed: 1) { _, streams in
      let sim = Simulation()
      let server = Resource(sim, capacity: 1, monitored: true)
      let arrivals = streams.stream("arrivals"), service = streams.stream("service")
      sim.process("source") { source in
        while true {
          try source.hold(arrivals.exponential(mean: 1 / 0.9))
          let work = service.exponential(mean: 1)
          sim.process("customer") { c in
            let request = try server.acquire(c)
            try c.hold(work)
            server.release(request)
          }
        }
      }
      try sim.run(until: horizon)
      defer { sim.close() }
      return ["utilisation": server.statistics!.utilization(at: horizon)]
    }
    let interval = try #require(summary["utilisation"])
    #expect(interval.contains(0.9), "\(interval)")
    #expect(interval.halfWidth < 0.01)
  }
}
