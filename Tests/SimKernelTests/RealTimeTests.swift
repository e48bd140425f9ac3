import Foundation
import SimKernel
import Synchronization
import Testing

@Suite("Real-time mode")
struct RealTimeTests {
  final class Readings: @unchecked Sendable {
    var entries: [(String, Double)] = []
  }

  @Test("Simulated time is paced by the factor; an injected event runs at the time it arrives")
  func pacing() throws {
    let sim = Simulation()
    let log = Readings()
    for t in [10.0, 20, 30] { sim.schedule(at: t) { s in log.entries.append(("tick", s.now)) } }
    let inbox = EventInbox()
    let injectedAfter = Mutex<Double>(-1)
    let start = Date()
    Thread.detachNewThread {
      usleep(150_000)
      injectedAfter.withLock { $0 = Date().timeIntervalSince(start) }
      inbox.inject { sim in log.entries.append(("sensor", sim.now)) }
    }
    try sim.runRealTime(until: 40, factor: 100, inbox: inbox)
    let elapsed = Date().timeIntervalSince(start)
    #expect(sim.now == 40)
    #expect(elapsed >= 0.39 && elapsed < 2, "40 units at 100 per second took \(elapsed) s")
    let sensor = try #require(log.entries.first { $0.0 == "sensor" })
    // Expected simulated time = wall time of the injection x factor, within a few poll intervals.
    let expected = injectedAfter.withLock { $0 } * 100
    #expect(abs(sensor.1 - expected) < 5, "injected at ~t = \(expected), processed at t = \(sensor.1)")
    #expect(log.entries.map(\.1) == log.entries.map(\.1).sorted(), "events stay in time order")
    #expect(log.entries.filter { $0.0 == "tick" }.map(\.1) == [10, 20, 30])
  }
}
