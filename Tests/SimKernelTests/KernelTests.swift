import SimKernel
import Testing

@Suite("Clock and event list")
struct KernelTests {
  @Test("Equal-time events fire by priority, then in scheduling order")
  func equalTimeOrder() throws {
    let sim = Simulation()
    let log = Log()
    sim.schedule(at: 1) { _ in log.add("a") }
    sim.schedule(at: 1, priority: 1) { _ in log.add("low") }
    sim.schedule(at: 1) { _ in log.add("b") }
    sim.schedule(at: 1, priority: -1) { _ in log.add("urgent") }
    sim.schedule(at: 0.5) { _ in log.add("early") }
    sim.schedule(at: 1) { _ in log.add("c") }
    try sim.run()
    #expect(log.entries == ["early", "urgent", "a", "b", "c", "low"])
    #expect(sim.now == 1)
  }

  @Test("Cancel and reschedule; stale handles cancel nothing")
  func cancelAndReschedule() throws {
    let sim = Simulation()
    let log = Log()
    let first = sim.schedule(at: 1) { _ in log.add("first") }
    let second = sim.schedule(at: 2) { s in log.add("second@\(s.now)") }
    sim.schedule(at: 3) { _ in log.add("third") }
    #expect(sim.cancel(first))
    #expect(!sim.cancel(first))
    let moved = try #require(sim.reschedule(second, to: 5))
    #expect(!sim.isPending(second) && sim.isPending(moved))
    try sim.run()
    #expect(log.entries == ["third", "second@5.0"])
    #expect(!sim.cancel(moved), "a fired event's handle is stale")
  }

  @Test("run(until:) stops before later events and sets the clock; step and stopWhen")
  func runUntilAndStep() throws {
    let sim = Simulation()
    let log = Log()
    for t in [1.0, 2, 3, 4] { sim.schedule(at: t) { s in log.add("\(s.now)") } }
    try sim.run(until: 2.5)
    #expect(log.entries == ["1.0", "2.0"])
    #expect(sim.now == 2.5)
    #expect(sim.peek() == 3)
    #expect(try sim.step())
    #expect(sim.now == 3)
    try sim.run(stopWhen: { sim.now >= 4 })
    #expect(log.entries == ["1.0", "2.0", "3.0", "4.0"])
    #expect(try !sim.step())
  }

  @Test("An action that schedules at the current time runs after the events already due")
  func sameTimeScheduling() throws {
    let sim = Simulation()
    let log = Log()
    sim.schedule(at: 1) { s in
      log.add("x")
      s.schedule(after: 0) { _ in log.add("x-child") }
    }
    sim.schedule(at: 1) { _ in log.add("y") }
    try sim.run()
    #expect(log.entries == ["x", "y", "x-child"])
  }

  @Test("A million scheduled events keep memory flat: slots are recycled")
  func slotsRecycled() throws {
    let sim = Simulation()
    var remaining = 1_000_000
    var tick: ((Simulation) -> Void)!
    tick = { s in
      remaining -= 1
      if remaining > 0 { s.schedule(after: 1, tick) }
    }
    sim.schedule(after: 1, tick)
    try sim.run()
    #expect(sim.eventsProcessed == 1_000_000)
    #expect(sim.pendingEventCount == 0)
  }
}
