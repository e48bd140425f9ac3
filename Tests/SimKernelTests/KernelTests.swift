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

  @Test("The event list fires 20,000 random events in (time, priority, scheduling order), negatives and -0 included")
  func heapOrderMatchesSort() throws {
    // Reference: a stable sort of the schedule by (time, priority); cancelled entries removed.
    let draws = RandomStreams(seed: 42).stream("heap test")
    func integer(_ count: Int) -> Int { min(count - 1, Int(draws.uniform(0, Double(count)))) }
    let sim = Simulation(startTime: -1e3)
    let log = OrderLog()
    var expected: [(time: Double, priority: Int, index: Int)] = []
    var handles: [EventHandle] = []
    for index in 0..<20_000 {
      // Coarse times so that many are equal; -0.0 and +0.0 must count as one time.
      var time = Double(integer(200) - 100) / 4
      if time == 0, integer(2) == 0 { time = -0.0 }
      let priority = integer(3) - 1
      handles.append(sim.schedule(at: time, priority: priority) { _ in log.fired.append(index) })
      expected.append((time, priority, index))
    }
    var cancelled = Set<Int>()
    for index in stride(from: 0, to: 20_000, by: 7) where sim.cancel(handles[index]) { cancelled.insert(index) }
    try sim.run()
    let order = expected.filter { !cancelled.contains($0.index) }
      .sorted { ($0.time, $0.priority, $0.index) < ($1.time, $1.priority, $1.index) }.map(\.index)
    #expect(log.fired == order)
    #expect(cancelled.count == 2_858)
  }

  @Test("Event notices carry their entity, interleave with closures in scheduling order, and cancel")
  func eventNotices() throws {
    let sim = Simulation()
    let log = Log()
    // A self-rescheduling kind: entity e ticks at 1, 2, 3 and stops.
    let tick = sim.register { s, notice in
      log.add("tick\(notice.entity)@\(s.now)")
      if s.now < 3 { s.schedule(notice, after: 1) }
    }
    let ring = sim.register { s, notice in log.add("ring\(notice.entity)@\(s.now)") }
    #expect(tick != ring)
    sim.schedule(tick, entity: 1, at: 1)
    sim.schedule(at: 1) { _ in log.add("closure@1.0") }
    sim.schedule(tick, entity: 2, at: 1)
    let cancelled = sim.schedule(ring, entity: 9, at: 2)
    let moved = sim.schedule(ring, entity: 5, after: 0.5, priority: 1)
    #expect(sim.cancel(cancelled))
    let later = try #require(sim.reschedule(moved, to: 2.5))
    #expect(sim.isPending(later))
    try sim.run()
    #expect(log.entries == [
      "tick1@1.0", "closure@1.0", "tick2@1.0", "tick1@2.0", "tick2@2.0", "ring5@2.5", "tick1@3.0", "tick2@3.0",
    ])
    #expect(sim.eventsProcessed == 8)
  }
}

/// Fired indices in order (one simulation, one thread).
final class OrderLog: @unchecked Sendable {
  var fired: [Int] = []
}
