public import AGV
public import Scheduling

/// The transport orders a production schedule implies: a job's material is carried from the inbound
/// store to its first machine when the job is released, from machine to machine when an operation ends
/// and the next one is on another machine, and from its last machine to the outbound store when it is
/// done. Release times are the schedule's plus `offset` (the week's start), s.
///
/// - Parameters:
///   - stations: the layout vertex of each machine's buffer station.
///   - inbound: the inbound store's vertex (nil: no first move).
///   - outbound: the outbound store's vertex (nil: no last move).
public func materialMoves(
  _ schedule: Schedule, of instance: ShopInstance, stations: [Int], inbound: Int?, outbound: Int?, offset: Double
) -> [TransportTask] {
  var moves: [TransportTask] = []
  var byJob = Array(repeating: [ScheduledOperation](), count: instance.jobs.count)
  for entry in schedule.operations { byJob[entry.job].append(entry) }
  for (job, entries) in byJob.enumerated() where !entries.isEmpty {
    let route = entries.sorted { $0.operation < $1.operation }
    if let inbound, stations[route[0].machine] != inbound {
      moves.append(TransportTask(release: offset + instance.jobs[job].release, pickup: inbound, delivery: stations[route[0].machine]))
    }
    for (a, b) in zip(route, route.dropFirst()) where stations[a.machine] != stations[b.machine] {
      moves.append(TransportTask(release: offset + a.end, pickup: stations[a.machine], delivery: stations[b.machine]))
    }
    if let outbound, let last = route.last, stations[last.machine] != outbound {
      moves.append(TransportTask(release: offset + last.end, pickup: stations[last.machine], delivery: outbound))
    }
  }
  // Stable order by release: the fleet sees orders released together in job order.
  return moves.enumerated().sorted { ($0.element.release, $0.offset) < ($1.element.release, $1.offset) }.map(\.element)
}
