/// What holds the cell during one segment of a duty cycle.
public enum CellDrive: Sendable, Equatable {
  /// A fixed cathode potential, V vs RHE (potentiostatic stress tests such as the EU square wave).
  case potential(Double)
  /// A fixed current density, A/m2; zero is open circuit.
  case currentDensity(Double)
  /// A fixed stack power, W, for a stack of ``StackDesign``; the current follows from the aged
  /// polarization curve. Zero power is open circuit: the stack is on, with hydrogen and air.
  case stackPower(Double)
  /// The stack is shut down (no gases, no potential): the model takes it not to age meanwhile. Start-up
  /// and shut-down transients (carbon corrosion) are not in the model.
  case off
}

/// A constant drive held for a while.
public struct DutySegment: Sendable, Equatable {
  /// How long, s.
  public var duration: Double
  /// What holds the cell.
  public var drive: CellDrive

  /// Creates a segment.
  public init(duration: Double, drive: CellDrive) {
    self.duration = duration
    self.drive = drive
  }
}

/// Segments played in order, `repeats` times in a row (a stop-and-go pattern inside a shift).
public struct DutyBlock: Sendable, Equatable {
  /// The segments of one repeat, in order; runs of equal drives are merged.
  public var segments: [DutySegment]
  /// How many times the segments are played.
  public var repeats: Int

  /// Creates a block.
  public init(segments: [DutySegment], repeats: Int = 1) {
    precondition(repeats >= 1, "a block is played at least once")
    var merged: [DutySegment] = []
    for segment in segments where segment.duration > 0 {
      if let last = merged.last, last.drive == segment.drive {
        merged[merged.count - 1].duration += segment.duration
      } else {
        merged.append(segment)
      }
    }
    self.segments = merged
    self.repeats = repeats
  }

  /// One repeat's length, s.
  public var duration: Double { segments.reduce(0) { $0 + $1.duration } }
}

/// A duty cycle: blocks played in order, the whole repeated; the unit the ageing model jumps over
/// (and, inside it, the repeats of each block).
public struct DutyCycle: Sendable, Equatable {
  /// The blocks, in order.
  public var blocks: [DutyBlock]

  /// Creates a cycle from blocks.
  public init(blocks: [DutyBlock]) { self.blocks = blocks }

  /// Creates a cycle of one block played once; runs of equal drives are merged.
  public init(segments: [DutySegment]) { self.init(blocks: [DutyBlock(segments: segments)]) }

  /// The cycle's length, s.
  public var duration: Double { blocks.reduce(0) { $0 + $1.duration * Double($1.repeats) } }

  /// Every segment of one cycle in playing order, repeats written out.
  public var segments: [DutySegment] {
    blocks.flatMap { block in (0..<block.repeats).flatMap { _ in block.segments } }
  }

  /// The EU harmonised catalyst stress cycle: 10 s at 0.6 V, 30 s at 0.9 V (see
  /// ``LoadProfile/euSquareWave(cycles:)``).
  public static let euSquareWave = DutyCycle(segments: [
    DutySegment(duration: 10, drive: .potential(0.6)), DutySegment(duration: 30, drive: .potential(0.9)),
  ])

  /// One cycle from a sample-and-hold load profile: a cell-potential profile holds potentials, a
  /// current profile current densities over `activeArea` (m2), a power profile stack powers. Runs of
  /// equal samples become one segment, so a 1 s profile costs the ageing model only its changes.
  /// With `zeroPowerIsOff`, zero power means the stack is shut down (a dispatched system that is off)
  /// rather than held at open circuit.
  public init(profile: LoadProfile, activeArea: Double, zeroPowerIsOff: Bool = false) {
    precondition(activeArea > 0, "the active area must be positive")
    var segments: [DutySegment] = []
    segments.reserveCapacity(profile.times.count)
    for i in 0..<max(profile.times.count - 1, 0) {
      let value = profile.values[i]
      let drive: CellDrive
      switch profile.quantity {
      case .cellPotential: drive = .potential(value)
      case .current: drive = .currentDensity(value / activeArea)
      case .power: drive = zeroPowerIsOff && value <= 0 ? .off : .stackPower(value)
      }
      segments.append(DutySegment(duration: profile.times[i + 1] - profile.times[i], drive: drive))
    }
    self.init(segments: segments)
  }
}
