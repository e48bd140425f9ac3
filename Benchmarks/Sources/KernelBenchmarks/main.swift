// Discrete-event kernel benchmarks, the same models as kernel_peers.py runs in SimPy:
//   (a) 1,000 processes x 1,000 timeouts (coroutine and task processes, scheduled closures, event notices)
//   (b) M/M/1 with 250,000 customers (coroutine and task processes, scheduled closures, event notices)
//   (c) N entities in a delay U(0, 2N), about N events pending, N = 1e3 ... 1e6 (closures, notices)
// Prints CSV: benchmark,api,n,events,seconds,events_per_second,peak_rss_kb
// Arguments: any of a, b, c (default all); profile-coroutines runs only the coroutine rows of a and b.

import Foundation
import SimKernel

func seconds(_ body: () throws -> Void) rethrows -> Double {
  let start = DispatchTime.now().uptimeNanoseconds
  try body()
  return Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
}

func peakRSSKilobytes() -> Int {
  guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return -1 }
  for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
    return Int(line.split(separator: " ", omittingEmptySubsequences: true)[1]) ?? -1
  }
  return -1
}

func report(_ name: String, _ api: String, _ n: Int, events: Int, _ elapsed: Double) {
  print("\(name),\(api),\(n),\(events),\(elapsed),\(Double(events) / elapsed),\(peakRSSKilobytes())")
}

/// (a) with coroutine processes.
func timeoutsWithCoroutines(processes: Int, timeouts: Int) throws -> (Int, Double) {
  let sim = Simulation()
  for _ in 0..<processes {
    sim.process { p in for _ in 0..<timeouts { try p.hold(1) } }
  }
  let elapsed = try seconds { try sim.run() }
  return (sim.eventsProcessed, elapsed)
}

/// (a) with task processes.
func timeoutsWithTasks(processes: Int, timeouts: Int) throws -> (Int, Double) {
  let sim = Simulation()
  for _ in 0..<processes {
    sim.process { p in for _ in 0..<timeouts { try await p.hold(1) } }
  }
  let elapsed = try seconds { try sim.run() }
  return (sim.eventsProcessed, elapsed)
}

/// (a) with scheduled closures: each "process" is a closure that schedules itself again.
func timeoutsWithEvents(processes: Int, timeouts: Int) throws -> (Int, Double) {
  let sim = Simulation()
  for _ in 0..<processes {
    var remaining = timeouts
    var tick: ((Simulation) -> Void)!
    tick = { sim in
      remaining -= 1
      if remaining > 0 { sim.schedule(after: 1, tick) }
    }
    sim.schedule(after: 1, tick)
  }
  let elapsed = try seconds { try sim.run() }
  return (sim.eventsProcessed, elapsed)
}

/// (a) with event notices: one registered event kind, the entity number says which "process" it is.
func timeoutsWithNotices(processes: Int, timeouts: Int) throws -> (Int, Double) {
  let sim = Simulation()
  let remaining = UnsafeMutableBufferPointer<Int>.allocate(capacity: processes)
  defer { remaining.deallocate() }
  remaining.initialize(repeating: timeouts)
  let tick = sim.register { sim, notice in
    remaining[notice.entity] -= 1
    if remaining[notice.entity] > 0 { sim.schedule(notice, after: 1) }
  }
  for entity in 0..<processes { sim.schedule(tick, entity: entity, after: 1) }
  let elapsed = try seconds { try sim.run() }
  return (sim.eventsProcessed, elapsed)
}

/// (b) M/M/1 (lambda = 0.9, mu = 1) until `customers` have been served, with a coroutine process per
/// customer.
func mm1WithCoroutines(customers: Int) throws -> (Int, Double) {
  let sim = Simulation()
  let streams = RandomStreams(seed: 1)
  let arrivals = streams.stream("arrivals")
  let service = streams.stream("service")
  let server = Resource(sim, name: "server")
  final class Count: @unchecked Sendable { var served = 0 }
  let count = Count()
  sim.process("source") { source in
    for _ in 0..<customers {
      try source.hold(arrivals.exponential(mean: 1 / 0.9))
      sim.process("customer") { c in
        let request = try server.acquire(c)
        try c.hold(service.exponential(mean: 1))
        server.release(request)
        count.served += 1
      }
    }
  }
  let elapsed = try seconds { try sim.run() }
  precondition(count.served == customers)
  return (sim.eventsProcessed, elapsed)
}

/// (b) with a task process per customer.
func mm1WithTasks(customers: Int) throws -> (Int, Double) {
  let sim = Simulation()
  let streams = RandomStreams(seed: 1)
  let arrivals = streams.stream("arrivals")
  let service = streams.stream("service")
  let server = Resource(sim, name: "server")
  final class Count: @unchecked Sendable { var served = 0 }
  let count = Count()
  sim.process("source") { source in
    for _ in 0..<customers {
      try await source.hold(arrivals.exponential(mean: 1 / 0.9))
      sim.process("customer") { c in
        let request = try await server.acquire(c)
        try await c.hold(service.exponential(mean: 1))
        server.release(request)
        count.served += 1
      }
    }
  }
  let elapsed = try seconds { try sim.run() }
  precondition(count.served == customers)
  return (sim.eventsProcessed, elapsed)
}

/// (b) with scheduled closures: arrival and departure events and a FIFO of arrival times.
func mm1WithEvents(customers: Int) throws -> (Int, Double) {
  let sim = Simulation()
  let streams = RandomStreams(seed: 1)
  let arrivals = streams.stream("arrivals")
  let service = streams.stream("service")
  var queue: [Double] = []
  var head = 0
  var busy = false
  var arrived = 0
  var served = 0
  var depart: ((Simulation) -> Void)!
  var arrive: ((Simulation) -> Void)!
  depart = { sim in
    served += 1
    if head < queue.count {
      head += 1
      sim.schedule(after: service.exponential(mean: 1), depart)
    } else {
      busy = false
    }
  }
  arrive = { sim in
    arrived += 1
    if busy { queue.append(sim.now) } else {
      busy = true
      sim.schedule(after: service.exponential(mean: 1), depart)
    }
    if arrived < customers { sim.schedule(after: arrivals.exponential(mean: 1 / 0.9), arrive) }
  }
  sim.schedule(after: arrivals.exponential(mean: 1 / 0.9), arrive)
  let elapsed = try seconds { try sim.run() }
  precondition(served == customers)
  return (sim.eventsProcessed, elapsed)
}

/// (c) N entities, each waiting U(0, 2N) then again, so about N events are pending; `events` in all.
func pendingEntities(_ n: Int, events: Int) throws -> (Int, Double) {
  let sim = Simulation()
  let stream = RandomStreams(seed: 2).stream("delays")
  let limit = Double(2 * n)
  var remaining = events
  var step: ((Simulation) -> Void)!
  step = { sim in
    remaining -= 1
    if remaining > 0 { sim.schedule(after: stream.uniform(0, limit), step) }
  }
  for _ in 0..<n { sim.schedule(after: stream.uniform(0, limit), step) }
  let elapsed = try seconds { try sim.run(stopWhen: nil) }
  return (sim.eventsProcessed, elapsed)
}

/// (b) with event notices: an arrival kind and a departure kind; the queue holds arrival times.
func mm1WithNotices(customers: Int) throws -> (Int, Double) {
  let sim = Simulation()
  let streams = RandomStreams(seed: 1)
  let arrivals = streams.stream("arrivals")
  let service = streams.stream("service")
  final class Server: @unchecked Sendable {
    var waiting = 0
    var busy = false
    var arrived = 0
    var served = 0
  }
  let server = Server()
  let departure = sim.register { sim, notice in
    server.served += 1
    if server.waiting > 0 {
      server.waiting -= 1
      sim.schedule(notice, after: service.exponential(mean: 1))
    } else {
      server.busy = false
    }
  }
  let arrival = sim.register { sim, notice in
    server.arrived += 1
    if server.busy { server.waiting += 1 } else {
      server.busy = true
      sim.schedule(departure, after: service.exponential(mean: 1))
    }
    if server.arrived < customers { sim.schedule(notice, after: arrivals.exponential(mean: 1 / 0.9)) }
  }
  sim.schedule(arrival, after: arrivals.exponential(mean: 1 / 0.9))
  let elapsed = try seconds { try sim.run() }
  precondition(server.served == customers)
  return (sim.eventsProcessed, elapsed)
}

/// (c) with event notices.
func pendingEntitiesWithNotices(_ n: Int, events: Int) throws -> (Int, Double) {
  let sim = Simulation()
  let stream = RandomStreams(seed: 2).stream("delays")
  let limit = Double(2 * n)
  final class Counter: @unchecked Sendable { var remaining = 0 }
  let counter = Counter()
  counter.remaining = events
  let step = sim.register { sim, notice in
    counter.remaining -= 1
    if counter.remaining > 0 { sim.schedule(notice, after: stream.uniform(0, limit)) }
  }
  for entity in 0..<n { sim.schedule(step, entity: entity, after: stream.uniform(0, limit)) }
  let elapsed = try seconds { try sim.run() }
  return (sim.eventsProcessed, elapsed)
}

let arguments = Set(CommandLine.arguments.dropFirst())
print("benchmark,api,n,events,seconds,events_per_second,peak_rss_kb")
if arguments.isEmpty || arguments.contains("a") {
  for _ in 0..<3 {
    let (e0, t0) = try timeoutsWithCoroutines(processes: 1000, timeouts: 1000)
    report("timeouts", "coroutine", 1000, events: e0, t0)
    if arguments.contains("profile-coroutines") { continue }
    let (e1, t1) = try timeoutsWithTasks(processes: 1000, timeouts: 1000)
    report("timeouts", "task", 1000, events: e1, t1)
    let (e2, t2) = try timeoutsWithEvents(processes: 1000, timeouts: 1000)
    report("timeouts", "event", 1000, events: e2, t2)
    let (e3, t3) = try timeoutsWithNotices(processes: 1000, timeouts: 1000)
    report("timeouts", "notice", 1000, events: e3, t3)
  }
}
if arguments.isEmpty || arguments.contains("b") {
  for _ in 0..<3 {
    let (e0, t0) = try mm1WithCoroutines(customers: 250_000)
    report("mm1", "coroutine", 250_000, events: e0, t0)
    if arguments.contains("profile-coroutines") { continue }
    let (e1, t1) = try mm1WithTasks(customers: 250_000)
    report("mm1", "task", 250_000, events: e1, t1)
    let (e2, t2) = try mm1WithEvents(customers: 250_000)
    report("mm1", "event", 250_000, events: e2, t2)
    let (e3, t3) = try mm1WithNotices(customers: 250_000)
    report("mm1", "notice", 250_000, events: e3, t3)
  }
}
if arguments.isEmpty || arguments.contains("c") {
  for n in [1_000, 10_000, 100_000, 1_000_000] {
    let (events, elapsed) = try pendingEntities(n, events: 2_000_000 + n)
    report("pending", "event", n, events: events, elapsed)
    let (notices, noticeElapsed) = try pendingEntitiesWithNotices(n, events: 2_000_000 + n)
    report("pending", "notice", n, events: notices, noticeElapsed)
  }
}
