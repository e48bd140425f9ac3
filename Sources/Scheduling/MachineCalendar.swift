/// When a machine can work: a list of unavailable periods (breaks, nights, holidays), and whether an
/// operation may pause over them or must fit between two of them.
public struct MachineCalendar: Sendable, Equatable {
  /// What an operation does at a break.
  public enum Mode: Sendable, Equatable {
    /// It pauses over the break and resumes after it.
    case resumable
    /// It must run, setup included, between two breaks (it waits for a window long enough).
    case nonPreemptive
  }

  /// An unavailable period `[start, end)`.
  public struct Period: Sendable, Equatable {
    /// Start.
    public var start: Double
    /// End (exclusive).
    public var end: Double

    /// Creates a period.
    public init(start: Double, end: Double) {
      self.start = start
      self.end = end
    }
  }

  /// Unavailable periods, sorted and disjoint.
  public private(set) var breaks: [Period]
  /// What an operation does at a break.
  public var mode: Mode

  /// Creates a calendar; overlapping or touching breaks are merged.
  public init(breaks: [Period], mode: Mode) {
    var merged: [Period] = []
    for b in breaks.filter({ $0.end > $0.start }).sorted(by: { $0.start < $1.start }) {
      if let last = merged.last, b.start <= last.end {
        merged[merged.count - 1].end = max(last.end, b.end)
      } else {
        merged.append(b)
      }
    }
    self.breaks = merged
    self.mode = mode
  }

  /// A repeating shift pattern: every `period` from time 0, the machine is off over `[offStart,
  /// offEnd)` of the period (e.g. a 24 h day off from 22 h to 6 h the next morning: offStart 22 h,
  /// offEnd 30 h), for `periods` periods.
  public static func repeating(
    period: Double, offStart: Double, offEnd: Double, periods: Int, mode: Mode
  ) -> MachineCalendar {
    MachineCalendar(
      breaks: (0..<periods).map { k in Period(start: Double(k) * period + offStart, end: Double(k) * period + offEnd) }, mode: mode)
  }

  /// The first time at or after `t` that is not in a break.
  public func nextAvailable(_ t: Double) -> Double {
    var time = t
    for b in breaks where b.end > time {
      if b.start <= time { time = b.end } else { break }
    }
    return time
  }

  /// Where a block of `work` time placed no earlier than `t` runs: its start and its end. Resumable
  /// blocks start at the first available time and skip breaks; non-preemptive ones start at the first
  /// time from which `work` fits before the next break.
  public func place(after t: Double, work: Double) -> (start: Double, end: Double) {
    var start = nextAvailable(t)
    switch mode {
    case .resumable:
      return (start, finish(from: start, work: work))
    case .nonPreemptive:
      for b in breaks where b.end > start {
        if b.start >= start + work { break }
        start = nextAvailable(b.end)
      }
      return (start, start + work)
    }
  }

  /// The end of `work` time done from `start`, skipping breaks.
  public func finish(from start: Double, work: Double) -> Double {
    var time = nextAvailable(start)
    var left = work
    for b in breaks where b.end > time {
      if time + left <= b.start { break }
      left -= b.start - time
      time = b.end
    }
    return time + left
  }

  /// The working stretches of `[from, to)`, breaks cut out.
  public func workingIntervals(from: Double, to: Double) -> [(start: Double, end: Double)] {
    var result: [(start: Double, end: Double)] = []
    var time = from
    for b in breaks where b.end > time && b.start < to {
      if b.start > time { result.append((time, b.start)) }
      time = b.end
    }
    if time < to { result.append((time, to)) }
    return result
  }

  /// Working time in `[from, to)`: its length less the breaks inside it.
  public func workingTime(from: Double, to: Double) -> Double {
    var total = to - from
    for b in breaks where b.end > from && b.start < to { total -= min(b.end, to) - max(b.start, from) }
    return total
  }
}
