// Discrete-event kernel benchmarks, the same models as kernel_peers.py runs in SimPy:
//   (a) 1,000 processes x 1,000 timeouts (process API and event-scheduling API)
//   (b) M/M/1 with 250,000 customers (process API and event-scheduling API)
//   (c) N entities in a delay U(0, 2N), about N events pending, N = 1e3 ... 1e6 (event API)
// Prints CSV: benchmark,api,n,events,seconds,events_per_second,peak_rss_kb

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

/// (a) with processes.
func timeoutsWithProcesses(processes: Int, timeouts: Int) throws -> (Int, Double) {
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

let arguments = Set(CommandLine.arguments.dropFirst())
print("benchmark,api,n,events,seconds,events_per_second,peak_rss_kb")
if arguments.contains("a-event") {
  for _ in 0..<5 {
    let (e2, t2) = try timeoutsWithEvents(processes: 1000, timeouts: 1000)
    report("timeouts", "event", 1000, events: e2, t2)
  }
}
if arguments.isEmpty || arguments.contains("a") {
  for _ in 0..<3 {
    let (e1, t1) = try timeoutsWithProcesses(processes: 1000, timeouts: 1000)
    report("timeouts", "process", 1000, events: e1, t1)
    let (e2, t2) = try timeoutsWithEvents(processes: 1000, timeouts: 1000)
    report("timeouts", "event", 1000, events: e2, t2)
  }
}
