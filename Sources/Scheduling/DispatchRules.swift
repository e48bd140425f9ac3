import Foundation

/// What a dispatch rule sees of an operation waiting for a machine.
public struct DispatchCandidate: Sendable, Equatable {
  /// Job index.
  public var job: Int
  /// Operation index within the job.
  public var operation: Int
  /// The machine it would run on.
  public var machine: Int
  /// Its processing time there.
  public var duration: Double
  /// When it became ready (its predecessor finished, or the job was released).
  public var readySince: Double
  /// Work left in the job including this operation (shortest alternatives).
  public var remainingWork: Double
  /// Operations left in the job including this one.
  public var remainingOperations: Int
  /// The job's due date.
  public var due: Double
  /// The job's weight.
  public var weight: Double
}

/// The situation a rule decides in.
public struct DispatchContext: Sendable, Equatable {
  /// The current time.
  public var now: Double
  /// Mean processing time of the waiting candidates (ATC's scale).
  public var meanDuration: Double
}

/// A priority dispatch rule: when a machine frees, the waiting operation with the lowest priority value
/// goes first (ties: longest waiting, then lowest job index). Write your own by conforming.
public protocol DispatchRule: Sendable {
  /// The priority of `candidate`; lower is served first.
  func priority(_ candidate: DispatchCandidate, context: DispatchContext) -> Double
}

/// The classic rules (Panwalkar and Iskander, Oper. Res. 25 (1977) 45; ATC after Vepsalainen and
/// Morton, Manage. Sci. 33 (1987) 1035).
public enum PriorityRule: DispatchRule, Equatable {
  /// First in, first out (longest waiting first).
  case fifo
  /// Shortest processing time.
  case spt
  /// Longest processing time.
  case lpt
  /// Earliest due date.
  case edd
  /// Most work remaining.
  case mwkr
  /// Most operations remaining.
  case mor
  /// Critical ratio: time to due over work remaining.
  case criticalRatio
  /// Least slack: time to due minus work remaining.
  case slack
  /// Apparent tardiness cost with look-ahead `k`: `(w/p) exp(-max(0, d - p - t) / (k p_mean))`, highest first.
  case apparentTardinessCost(lookAhead: Double)

  /// The rules by name, as scenarios and the command line write them.
  public static func named(_ name: String) -> PriorityRule? {
    switch name.lowercased() {
    case "fifo": .fifo
    case "spt": .spt
    case "lpt": .lpt
    case "edd": .edd
    case "mwkr": .mwkr
    case "mor": .mor
    case "cr": .criticalRatio
    case "slack": .slack
    case "atc": .apparentTardinessCost(lookAhead: 2)
    default: nil
    }
  }

  /// See ``DispatchRule``.
  public func priority(_ c: DispatchCandidate, context: DispatchContext) -> Double {
    switch self {
    case .fifo: return c.readySince
    case .spt: return c.duration
    case .lpt: return -c.duration
    case .edd: return c.due
    case .mwkr: return -c.remainingWork
    case .mor: return -Double(c.remainingOperations)
    case .criticalRatio: return c.remainingWork > 0 ? (c.due - context.now) / c.remainingWork : -.infinity
    case .slack: return c.due - context.now - c.remainingWork
    case .apparentTardinessCost(let k):
      guard c.duration > 0 else { return -.infinity }
      let scale = max(k * context.meanDuration, .leastNonzeroMagnitude)
      let slack = c.due.isFinite ? max(0, c.due - c.duration - context.now) : .infinity
      return -(c.weight / c.duration) * exp(-slack / scale)
    }
  }
}
