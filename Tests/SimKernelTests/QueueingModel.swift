import SimKernel

/// An M/M/c queue with optional system capacity K (M/M/c/K), written with processes and a monitored
/// resource, for checks against queueing theory.
struct QueueingModel: Sendable {
  /// How the source and the customers are written.
  enum Form: Sendable { case coroutines, tasks }

  var arrivalRate: Double
  var serviceRate: Double
  var servers: Int
  /// Customers in the system at most (queue + service); arrivals beyond are blocked.
  var systemCapacity: Int?
  var warmUp: Double
  var horizon: Double
  var form = Form.coroutines

  /// Counters shared by the model's processes (one simulation, one thread).
  final class Counters: @unchecked Sendable {
    var inSystem = 0
    var arrivals = 0
    var blocked = 0
    let waits = Tally()
    let sojourns = Tally()
    var waitedCount = 0
    var measuring = false
  }

  /// Runs one replication and returns Wq, W, Lq, L, P(wait), P(block), the arrival rate seen and the
  /// Little's-law residual |L - lambda W| / L.
  func run(streams: RandomStreams) throws -> [String: Double] {
    let sim = Simulation()
    let server = Resource(sim, name: "server", capacity: servers, monitored: true)
    let counters = Counters()
    let inSystem = TimeWeighted(initial: 0, at: 0)
    let interarrival = streams.stream("arrivals")
    let service = streams.stream("service")
    let (lambda, mu, capacity) = (arrivalRate, serviceRate, systemCapacity)
    // The bookkeeping both forms share: admit an arrival (false if blocked), record a departure.
    @Sendable func admit(at time: Double) -> Bool {
      if counters.measuring { counters.arrivals += 1 }
      if let capacity, counters.inSystem >= capacity {
        if counters.measuring { counters.blocked += 1 }
        return false
      }
      counters.inSystem += 1
      inSystem.record(Double(counters.inSystem), at: time)
      return true
    }
    @Sendable func depart(arrival: Double, wait: Double, at time: Double, measured: Bool) {
      counters.inSystem -= 1
      inSystem.record(Double(counters.inSystem), at: time)
      if measured {
        counters.waits.add(wait)
        counters.sojourns.add(time - arrival)
        if wait > 0 { counters.waitedCount += 1 }
      }
    }
    switch form {
    case .coroutines:
      sim.process("source") { source in
        while true {
          try source.hold(interarrival.exponential(mean: 1 / lambda))
          let serviceTime = service.exponential(mean: 1 / mu)
          guard admit(at: source.now) else { continue }
          let measured = counters.measuring
          sim.process("customer") { customer in
            let arrival = customer.now
            let request = try server.acquire(customer)
            let wait = customer.now - arrival
            try customer.hold(serviceTime)
            server.release(request)
            depart(arrival: arrival, wait: wait, at: customer.now, measured: measured)
          }
        }
      }
    case .tasks:
      sim.process("source") { source in
        while true {
          try await source.hold(interarrival.exponential(mean: 1 / lambda))
          let serviceTime = service.exponential(mean: 1 / mu)
          guard admit(at: source.now) else { continue }
          let measured = counters.measuring
          sim.process("customer") { customer in
            let arrival = customer.now
            let request = try await server.acquire(customer)
            let wait = customer.now - arrival
            try await customer.hold(serviceTime)
            server.release(request)
            depart(arrival: arrival, wait: wait, at: customer.now, measured: measured)
          }
        }
      }
    }
    try sim.run(until: warmUp)
    counters.measuring = true
    server.statistics!.reset(at: warmUp)
    inSystem.reset(at: warmUp)
    try sim.run(until: horizon)
    let span = horizon - warmUp
    let observedRate = Double(counters.arrivals - counters.blocked) / span
    let meanInSystem = inSystem.mean(at: horizon)
    let results: [String: Double] = [
      "Wq": counters.waits.mean,
      "W": counters.sojourns.mean,
      "Lq": server.statistics!.queueLength.mean(at: horizon),
      "L": meanInSystem,
      "Pwait": Double(counters.waitedCount) / Double(max(counters.waits.count, 1)),
      "Pblock": Double(counters.blocked) / Double(max(counters.arrivals, 1)),
      "lambda": observedRate,
      "littleResidual": abs(meanInSystem - observedRate * counters.sojourns.mean) / meanInSystem,
    ]
    sim.close()
    return results
  }
}
