/// One counted cycle: its range, mean and weight (1 for a full cycle, 0.5 for a half cycle).
public struct RainflowCycle: Sendable, Equatable {
  /// Peak-to-valley range, in the signal's unit.
  public var range: Double
  /// Mean of peak and valley.
  public var mean: Double
  /// 1 for a full cycle, 0.5 for a half cycle.
  public var count: Double
}

/// Rainflow cycle counting, streaming (ASTM E1049-85 (2017), section 5.4.4, three-point method): feed
/// samples with ``add(_:)``, then call ``finish()`` to count the residue as half cycles. Memory holds only
/// the unclosed reversals, so 36 million samples need no array.
///
/// - Complexity: amortised O(1) per sample.
public struct RainflowCounter: Sendable {
  private var stack: [Double] = []
  private var last: Double?
  private var direction = 0.0
  private let onCycle: @Sendable (RainflowCycle) -> Void

  /// Creates a counter that reports every cycle to `onCycle` as soon as it closes.
  public init(onCycle: @escaping @Sendable (RainflowCycle) -> Void) { self.onCycle = onCycle }

  /// Adds the next sample.
  public mutating func add(_ value: Double) {
    guard let previous = last else {
      last = value
      push(value)
      return
    }
    let step = value - previous
    guard step != 0 else { return }
    if direction != 0, (step > 0) == (direction > 0) {
      // Still rising (or falling): the running extreme moves on.
      stack[stack.count - 1] = value
    } else {
      push(value)
    }
    direction = step
    last = value
    if direction != 0 { settle() }
  }

  private mutating func push(_ value: Double) { stack.append(value) }

  /// Closes every cycle the three-point rule allows (the latest point may still move, so the range
  /// that ends at it is only compared, never counted).
  private mutating func settle() {
    while stack.count >= 3 {
      let n = stack.count
      let x = abs(stack[n - 1] - stack[n - 2])
      let y = abs(stack[n - 2] - stack[n - 3])
      guard x >= y else { break }
      let mean = (stack[n - 2] + stack[n - 3]) / 2
      if n == 3 {
        onCycle(RainflowCycle(range: y, mean: mean, count: 0.5))
        stack.removeFirst()
      } else {
        onCycle(RainflowCycle(range: y, mean: mean, count: 1))
        stack.removeSubrange((n - 3)..<(n - 1))
      }
    }
  }

  /// Counts what remains as half cycles; the counter is then empty.
  public mutating func finish() {
    for i in stride(from: 1, to: stack.count, by: 1) {
      onCycle(RainflowCycle(range: abs(stack[i] - stack[i - 1]), mean: (stack[i] + stack[i - 1]) / 2, count: 0.5))
    }
    stack.removeAll()
    last = nil
    direction = 0
  }
}

/// All rainflow cycles of a sequence (ASTM E1049-85, section 5.4.4).
public func rainflowCycles(_ values: [Double]) -> [RainflowCycle] {
  final class Collected: @unchecked Sendable { var cycles: [RainflowCycle] = [] }
  let collected = Collected()
  var counter = RainflowCounter { collected.cycles.append($0) }
  for value in values { counter.add(value) }
  counter.finish()
  return collected.cycles
}
