import Dispatch
import Synchronization

/// The result of ``replicate(_:seed:level:parallel:_:)``: every metric's value per replication and its
/// confidence interval across replications.
public struct ReplicationSummary: Sendable {
  /// Metric name -> one value per replication, in replication order.
  public let values: [String: [Double]]
  /// Metric name -> t confidence interval of the mean across replications.
  public let intervals: [String: ConfidenceInterval]

  /// The interval for one metric.
  public subscript(metric: String) -> ConfidenceInterval? { intervals[metric] }
}

/// Runs `count` independent replications of a model and summarises each output with a t confidence
/// interval (the method of independent replications, Law, section 9.4.1).
///
/// Replication `r` receives `RandomStreams(seed: seed).replication(r)`: the same seed gives the same
/// draws for the same named sources in any model, so two policies compared with one seed see common
/// random numbers. With `parallel`, replications run on all cores, each on its own simulation; the
/// result does not depend on the number of cores.
///
/// - Parameters:
///   - progress: called after each replication with the number finished (from any thread).
///   - model: builds and runs one replication and returns its named outputs; every replication must
///     return the same names.
/// - Throws: the error of the lowest-numbered replication that threw.
public func replicate(
  _ count: Int, seed: UInt64, level: Double = 0.95, parallel: Bool = true,
  progress: (@Sendable (_ finished: Int, _ total: Int) -> Void)? = nil,
  _ model: @Sendable (_ index: Int, _ streams: RandomStreams) throws -> [String: Double]
) throws -> ReplicationSummary {
  precondition(count >= 1, "need at least one replication")
  let master = RandomStreams(seed: seed)
  let results = Mutex<[Int: Result<[String: Double], any Error>]>([:])
  withoutActuallyEscaping(model) { model in
    let run: @Sendable (Int) -> Void = { index in
      let streams = master.replication(index)
      let outcome = Result { try model(index, streams) }
      let finished = results.withLock { results in
        results[index] = outcome
        return results.count
      }
      progress?(finished, count)
    }
    if parallel {
      DispatchQueue.concurrentPerform(iterations: count, execute: run)
    } else {
      for index in 0..<count { run(index) }
    }
  }
  let collected = results.withLock { $0 }
  var values: [String: [Double]] = [:]
  for index in 0..<count {
    let outputs = try collected[index]!.get()
    for (name, value) in outputs { values[name, default: []].append(value) }
  }
  var intervals: [String: ConfidenceInterval] = [:]
  for (name, series) in values {
    let tally = Tally()
    for value in series { tally.add(value) }
    intervals[name] = tally.confidenceInterval(level: level)
  }
  return ReplicationSummary(values: values, intervals: intervals)
}
