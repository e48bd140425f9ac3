import SimKernel
import Testing

@Suite("Resources, stores and containers")
struct ResourceTests {
  @Test("FIFO and priority disciplines serve waiting requests in the right order")
  func servingOrder() throws {
    for discipline in [Resource.Discipline.fifo, .priority] {
      let sim = Simulation()
      let log = Log()
      let machine = Resource(sim, name: "machine", capacity: 1, discipline: discipline)
      // "first" holds the machine; the others arrive at t = 1, 2, 3 with priorities 5, 1, 3.
      sim.process("first") { p in
        let r = try await machine.acquire(p)
        try await p.hold(10)
        machine.release(r)
      }
      for (name, arrival, priority) in [("p5", 1.0, 5), ("p1", 2.0, 1), ("p3", 3.0, 3)] {
        sim.process(name) { p in
          try await p.hold(arrival)
          let r = try await machine.acquire(p, priority: priority)
          log.add(name)
          try await p.hold(1)
          machine.release(r)
        }
      }
      try sim.run()
      #expect(log.entries == (discipline == .fifo ? ["p5", "p1", "p3"] : ["p1", "p3", "p5"]))
    }
  }

  @Test("Preemption: the victim is told by whom and since when, and its time is accounted")
  func preemption() throws {
    let sim = Simulation()
    let log = Log()
    let press = Resource(sim, name: "press", capacity: 1, discipline: .preemptive)
    sim.process("routine job") { p in
      var remaining = 10.0
      while remaining > 0 {
        let request = try await press.acquire(p, priority: 2)
        let start = p.now
        do {
          try await p.hold(remaining)
          remaining = 0
          press.release(request)
        } catch let interrupt as Interrupt {
          let preempted = try #require(interrupt.cause as? Preempted)
          remaining -= p.now - start
          log.add("preempted @\(p.now) by \(preempted.by?.name ?? "?") since \(preempted.usageSince)")
        }
      }
      log.add("routine done @\(p.now)")
    }
    sim.process("rush order") { p in
      try await p.hold(4)
      let request = try await press.acquire(p, priority: 0)
      log.add("rush starts @\(p.now)")
      try await p.hold(3)
      press.release(request)
    }
    sim.process("equal priority") { p in
      try await p.hold(1)
      // Same priority as the routine job: must queue, not preempt.
      let request = try await press.acquire(p, priority: 2)
      log.add("equal starts @\(p.now)")
      press.release(request)
    }
    try sim.run()
    #expect(
      log.entries == [
        "preempted @4.0 by rush order since 0.0", "rush starts @4.0", "equal starts @7.0", "routine done @13.0",
      ])
  }

  @Test("An interrupted waiting request leaves no ghost in the queue")
  func cancellation() throws {
    let sim = Simulation()
    let log = Log()
    let pump = Resource(sim, name: "pump", capacity: 1, monitored: true)
    sim.process("holder") { p in
      let r = try await pump.acquire(p)
      try await p.hold(5)
      pump.release(r)
    }
    let impatient = sim.process("impatient") { p in
      do {
        _ = try await pump.acquire(p)
        log.add("impatient served")
      } catch is Interrupt {
        log.add("impatient left @\(p.now), queue \(pump.queueLength)")
      }
    }
    sim.process("patient") { p in
      try await p.hold(1)
      let r = try await pump.acquire(p)
      log.add("patient served @\(p.now)")
      pump.release(r)
    }
    sim.schedule(at: 2) { _ in impatient.interrupt() }
    try sim.run()
    #expect(log.entries == ["impatient left @2.0, queue 1", "patient served @5.0"])
    #expect(pump.queueLength == 0 && pump.count == 0)
    let stats = try #require(pump.statistics)
    #expect(abs(stats.utilization(at: 5) - 1) < 1e-12)
    // Queue: 1 waiting on [0, 1), 2 on [1, 2), 1 on [2, 5) -> area 1 + 2 + 3 = 6 over 5.
    #expect(abs(stats.queueLength.mean(at: 5) - 6.0 / 5) < 1e-12)
  }

  @Test("Stores: FIFO, priority and filter gets; puts wait for room")
  func stores() throws {
    let sim = Simulation()
    let log = Log()
    let fifo = Store<Int>(sim, name: "fifo", capacity: 2)
    let ranked = Store<Int>(sim, name: "ranked", ordering: .priority(<))
    let parts = Store<String>(sim, name: "parts")
    sim.process("producer") { p in
      for i in 1...3 {
        try await fifo.put(i, by: p)
        log.add("put \(i) @\(p.now)")
      }
    }
    sim.process("consumer") { p in
      try await p.hold(5)
      for _ in 0..<3 { log.add("got \(try await fifo.get(by: p)) @\(p.now)") }
    }
    for x in [5, 1, 4] { ranked.put(x) }
    sim.process("ranked reader") { p in
      var seen: [Int] = []
      for _ in 0..<3 { seen.append(try await ranked.get(by: p)) }
      log.add("ranked \(seen)")
    }
    sim.process("picker") { p in
      let gear = try await parts.get(by: p) { $0.hasPrefix("gear") }
      log.add("picked \(gear) @\(p.now)")
    }
    sim.process("supplier") { p in
      try await p.hold(1)
      parts.put("shaft")
      try await p.hold(1)
      parts.put("gear-12")
    }
    try sim.run()
    #expect(log.entries.contains("put 3 @5.0"), "the third put waited for room until t = 5")
    #expect(log.entries.filter { $0.hasPrefix("got") } == ["got 1 @5.0", "got 2 @5.0", "got 3 @5.0"])
    #expect(log.entries.contains("ranked [1, 4, 5]"))
    #expect(log.entries.contains("picked gear-12 @2.0"))
    #expect(parts.items == ["shaft"])
  }

  @Test("Container: gets wait for level, puts for room; the level is conserved")
  func container() throws {
    let sim = Simulation()
    let log = Log()
    let tank = Container(sim, name: "H2 buffer", capacity: 100, level: 20, monitored: true)
    sim.process("vehicle") { p in
      try await tank.get(50, by: p)
      log.add("filled @\(p.now), level \(tank.level)")
    }
    sim.process("compressor") { p in
      for _ in 0..<4 {
        try await p.hold(1)
        try await tank.put(20, by: p)
      }
      log.add("compressor done @\(p.now), level \(tank.level)")
    }
    try sim.run()
    #expect(log.entries == ["filled @2.0, level 10.0", "compressor done @4.0, level 50.0"])
    // Conservation: initial + put - got = final.
    #expect(20 + 4 * 20 - 50 == tank.level)
  }
}
