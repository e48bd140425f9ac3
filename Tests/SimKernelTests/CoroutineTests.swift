import SimKernel
import Testing

/// Coroutine processes (synchronous bodies on their own stacks) against the same hand-derived
/// timelines as task processes, and the two forms against each other.
@Suite("Coroutine processes")
struct CoroutineTests {
  struct Broken: Error {}

  @Test("Coroutines interleave by simulated time; a coroutine is an event that others wait for")
  func interleaving() throws {
    let sim = Simulation()
    let log = Log()
    let a = sim.process("a") { p in
      for _ in 0..<3 {
        try p.hold(2)
        log.add("a@\(p.now)")
      }
    }
    let b = sim.process("b") { p in
      try p.hold(3)
      log.add("b@\(p.now)")
      try p.wait(for: a)
      log.add("b saw a finish @\(p.now)")
    }
    #expect(a.isCoroutine && b.isCoroutine)
    try sim.run()
    #expect(log.entries == ["a@2.0", "b@3.0", "a@4.0", "a@6.0", "b saw a finish @6.0"])
    #expect(!a.isAlive && !b.isAlive)
  }

  @Test("Event values and failures reach a coroutine; an unhandled failure names the process and the time")
  func valuesAndFailures() throws {
    let sim = Simulation()
    let log = Log()
    let signal = sim.event("signal")
    let alarm = sim.event("alarm")
    sim.process("listener") { p in
      let value = try p.wait(for: signal) as? Int
      log.add("value \(value ?? -1) @\(p.now)")
      do {
        try p.wait(for: alarm)
      } catch is Broken {
        log.add("caught @\(p.now)")
      }
      try p.hold(1)
      throw Broken()
    }
    sim.schedule(at: 4) { _ in signal.succeed(42) }
    sim.schedule(at: 6) { _ in alarm.fail(Broken()) }
    sim.schedule(at: 100) { _ in }
    #expect {
      try sim.run()
    } throws: { error in
      guard case .unhandledFailure(let source, let time, let underlying) = error as? SimulationError else { return false }
      return source == "process 'listener'" && time == 7 && underlying is Broken
    }
    #expect(log.entries == ["value 42 @4.0", "caught @6.0"])
    #expect(sim.now == 7)
  }

  @Test("Interrupting a coroutine cancels its hold and delivers the cause at the interrupt time")
  func interrupts() throws {
    let sim = Simulation()
    let log = Log()
    let worker = sim.process("worker") { p in
      do {
        try p.hold(10)
        log.add("finished uninterrupted")
      } catch let interrupt as Interrupt {
        log.add("interrupted @\(p.now) by \(interrupt.cause as? String ?? "?")")
        try p.hold(1)
        log.add("resumed work until \(p.now)")
      }
    }
    sim.process("boss") { p in
      try p.hold(3)
      worker.interrupt(cause: "phone call")
    }
    try sim.run()
    #expect(log.entries == ["interrupted @3.0 by phone call", "resumed work until 4.0"])
    #expect(sim.now == 4, "the cancelled hold at t = 10 left no event behind")
  }

  @Test("Any-of and all-of conditions in a coroutine")
  func conditions() throws {
    let sim = Simulation()
    let log = Log()
    sim.process("waiter") { p in
      let fast = sim.timeout(2, value: "fast")
      let slow = sim.timeout(5, value: "slow")
      let first = try p.wait(forAnyOf: [fast, slow])
      log.add("any @\(p.now): \(first.map { $0.value as? String ?? "" })")
      let all = try p.wait(forAllOf: [fast, slow, sim.timeout(1)])
      log.add("all @\(p.now): \(all.count)")
    }
    try sim.run()
    #expect(log.entries == ["any @2.0: [\"fast\"]", "all @5.0: 3"])
  }

  @Test("Preemption of a coroutine by a task: told by whom and since when; equal priority queues")
  func preemption() throws {
    let sim = Simulation()
    let log = Log()
    let press = Resource(sim, name: "press", capacity: 1, discipline: .preemptive)
    sim.process("routine job") { p in
      var remaining = 10.0
      while remaining > 0 {
        let request = try press.acquire(p, priority: 2)
        let start = p.now
        do {
          try p.hold(remaining)
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
      try p.hold(1)
      let request = try press.acquire(p, priority: 2)
      log.add("equal starts @\(p.now)")
      press.release(request)
    }
    try sim.run()
    #expect(
      log.entries == [
        "preempted @4.0 by rush order since 0.0", "rush starts @4.0", "equal starts @7.0", "routine done @13.0",
      ])
  }

  @Test("A coroutine interrupted while its request waits leaves no ghost in the queue")
  func cancellation() throws {
    let sim = Simulation()
    let log = Log()
    let pump = Resource(sim, name: "pump", capacity: 1)
    sim.process("holder") { p in
      let request = try pump.acquire(p)
      try p.hold(5)
      pump.release(request)
    }
    let impatient = sim.process("impatient") { p in
      do {
        _ = try pump.acquire(p)
        log.add("impatient served")
      } catch is Interrupt {
        log.add("gave up @\(p.now), queue \(pump.queueLength)")
      }
    }
    sim.process("patient") { p in
      try p.hold(1)
      let request = try pump.acquire(p)
      log.add("patient served @\(p.now)")
      pump.release(request)
    }
    sim.schedule(at: 2) { _ in impatient.interrupt() }
    try sim.run()
    #expect(log.entries == ["gave up @2.0, queue 1", "patient served @5.0"])
    #expect(pump.count == 0 && pump.queueLength == 0)
  }

  @Test("Stores and containers with coroutines: every item and every kilogram is accounted for")
  func storesAndContainers() throws {
    let sim = Simulation()
    let parts = Store<Int>(sim, name: "buffer", capacity: 2)
    let tank = Container(sim, name: "tank", capacity: 10, level: 0)
    let log = Log()
    sim.process("producer") { p in
      for part in 0..<6 {
        try p.hold(1)
        try parts.put(part, by: p)
        try tank.put(2.5, by: p)
      }
    }
    sim.process("consumer") { p in
      var received: [Int] = []
      for _ in 0..<6 {
        received.append(try parts.get(by: p))
        try tank.get(2.5, by: p)
        try p.hold(3)
      }
      log.add("\(received) @\(p.now)")
    }
    try sim.run()
    // The consumer takes a part every 3 time units from t = 1, so it finishes its last hold at 1 + 6 x 3.
    #expect(log.entries == ["[0, 1, 2, 3, 4, 5] @19.0"])
    #expect(tank.level == 0)
  }

  @Test("The same model as coroutines, as tasks, or mixed gives byte-identical traces")
  func formsAgree() throws {
    enum Form { case coroutines, tasks, mixed }
    func trace(_ form: Form) throws -> String {
      let sim = Simulation()
      let recorder = CSVEventTrace()
      sim.trace = recorder
      let streams = RandomStreams(seed: 99)
      let server = Resource(sim, name: "server", capacity: 2, discipline: .preemptive)
      let gate = sim.event("gate")
      sim.schedule(at: 3) { _ in gate.succeed() }
      for i in 0..<30 {
        let delay = streams.stream("arrivals").exponential(mean: 1)
        let service = streams.stream("service").exponential(mean: 1.5)
        let priority = i % 3
        let asCoroutine = form == .coroutines || (form == .mixed && i.isMultiple(of: 2))
        if asCoroutine {
          sim.process("job \(i)") { p in
            try p.hold(delay)
            if i < 5 { try p.wait(for: gate) }
            let request = try server.acquire(p, priority: priority)
            do { try p.hold(service) } catch is Interrupt { return }
            server.release(request)
          }
        } else {
          sim.process("job \(i)") { p in
            try await p.hold(delay)
            if i < 5 { try await p.wait(for: gate) }
            let request = try await server.acquire(p, priority: priority)
            do { try await p.hold(service) } catch is Interrupt { return }
            server.release(request)
          }
        }
      }
      try sim.run()
      return recorder.csv
    }
    let coroutines = try trace(.coroutines)
    #expect(coroutines.split(separator: "\n").count > 60)
    #expect(coroutines.contains("preempted"))
    #expect(try trace(.tasks) == coroutines)
    #expect(try trace(.mixed) == coroutines)
    #expect(try trace(.coroutines) == coroutines)
  }

  @Test("10,000 coroutines wait at once and resume in the order they started waiting")
  func manyAtOnce() throws {
    let sim = Simulation()
    let start = sim.event("start")
    final class Order: @unchecked Sendable { var resumed: [Int] = [] }
    let order = Order()
    for i in 0..<10_000 {
      sim.process("waiter \(i)") { p in
        try p.wait(for: start)
        order.resumed.append(i)
        try p.hold(Double(i % 7))
      }
    }
    sim.schedule(at: 1) { _ in start.succeed() }
    try sim.run()
    #expect(order.resumed == Array(0..<10_000))
    #expect(sim.now == 7)
  }

  @Test("close() ends waiting coroutines; a body that needs a deeper stack asks for one")
  func closeAndStackSize() throws {
    let sim = Simulation()
    let log = Log()
    let never = sim.event("never")
    sim.process("stuck") { p in
      do {
        try p.wait(for: never)
      } catch is SimulationClosed {
        log.add("closed @\(p.now)")
        throw SimulationClosed()
      }
    }
    // 20,000 frames of recursion, beyond the default stack, then a wait at the bottom.
    @Sendable func depth(_ n: Int, _ p: Process) throws -> Int {
      if n == 0 {
        try p.hold(1)
        return 0
      }
      return try depth(n - 1, p) + 1
    }
    sim.process("deep", stackBytes: 16 << 20) { p in log.add("depth \(try depth(20_000, p)) @\(p.now)") }
    try sim.run(until: 10)
    sim.close()
    #expect(log.entries == ["depth 20000 @1.0", "closed @10.0"])
  }

  @Test("A stack that cannot be mapped fails the process with the reason, not the program")
  func stackMappingFailure() {
    let sim = Simulation()
    sim.process("greedy", stackBytes: 1 << 50) { p in try p.hold(1) }
    #expect {
      try sim.run()
    } throws: { error in
      guard case .unhandledFailure(let source, let time, let underlying) = error as? SimulationError else { return false }
      return source == "process 'greedy'" && time == 0 && "\(underlying)".contains("coroutine stack")
    }
  }
}
