/// A degradation-aware power limit for a hybrid fuel-cell/battery drive: the stack never runs below a
/// floor (no idling near open circuit, where the cathode potential dissolves platinum fastest) nor above
/// a cap (no high-power stress); a battery takes the surplus below the floor and gives the deficit above
/// the cap. The guide's claim of 15-20 % longer life from degradation-aware control is the kind of
/// what-if this answers, with the hydrogen and battery energy it costs.
public struct PowerLimits: Sendable, Equatable {
  /// Lowest stack power while the drive asks for less (including zero), W.
  public var floor: Double
  /// Highest stack power, W (infinity: no cap).
  public var cap: Double

  /// Creates the limits.
  public init(floor: Double = 0, cap: Double = .infinity) {
    precondition(floor >= 0 && cap >= floor, "need 0 <= floor <= cap")
    self.floor = floor
    self.cap = cap
  }

  /// What the limits do to one cycle's energy, J: the battery charged by the stack's surplus below the
  /// floor and discharged for the demand above the cap.
  public struct BatteryExchange: Sendable, Equatable {
    /// Energy into the battery per cycle, J.
    public var charged: Double
    /// Energy out of the battery per cycle, J.
    public var discharged: Double
  }

  /// The cycle with every stack-power segment clamped to `[floor, cap]`, and the battery energy that
  /// clamping moves. Segments driven by potential or current density are left alone.
  public func apply(to cycle: DutyCycle) -> (cycle: DutyCycle, exchange: BatteryExchange) {
    var exchange = BatteryExchange(charged: 0, discharged: 0)
    let blocks = cycle.blocks.map { block in
      let segments = block.segments.map { segment -> DutySegment in
        guard case .stackPower(let power) = segment.drive else { return segment }
        let limited = min(max(power, floor), cap)
        let repeats = Double(block.repeats)
        if limited > power { exchange.charged += (limited - power) * segment.duration * repeats }
        if limited < power { exchange.discharged += (power - limited) * segment.duration * repeats }
        return DutySegment(duration: segment.duration, drive: .stackPower(limited))
      }
      return DutyBlock(segments: segments, repeats: block.repeats)
    }
    return (DutyCycle(blocks: blocks), exchange)
  }
}
