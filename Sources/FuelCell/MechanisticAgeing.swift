public import ODE
import Foundation

/// Mechanistic ageing of a cell as stiff ODEs solved by CVODE (BDF): platinum dissolution, re-deposition
/// and loss to the membrane in particle-size bins (``CatalystParameters``), membrane thinning that raises
/// hydrogen crossover and the growth of the ohmic resistance (``MembraneParameters``), and their effect
/// on the polarization curve (``CellPerformance``).
///
/// State, per m2 of electrode: for each bin the radius `r_i` and oxide coverage `theta_i`; the dissolved
/// platinum `c`; the platinum lost to the membrane; the membrane thickness; the contact resistance.
///
/// - `dr_i/dt = -Omega r1_i`: a particle shrinks by dissolution and grows by deposition; a bin whose
///   radius falls through ``vanishingRadius`` dissolves at that moment (an ODE event) and leaves the
///   system;
/// - `d theta_i/dt = r2_i / Gamma - 2 theta_i (dr_i/dt) / r_i` (oxide formed per site, diluted as the
///   particle grows; Darling and Meyers 2003, eq. 12);
/// - `V_ion dc/dt = sum_i N_i 4 pi r_i^2 r1_i - k_m c`: the ionomer collects what the particles
///   lose and passes it to the membrane at `k_m c`; `d(lost)/dt = k_m c`;
/// - membrane and resistance as in ``MembraneParameters``; the resistance grows only under load.
///
/// Platinum is conserved exactly between particles, ionomer and membrane (the tests check it).
///
/// Long lives are played by *cycle jumping* (Cojocaru and Karlsen, Int. J. Numer. Meth. Eng. 68 (2006)
/// 1173): the duty cycle is integrated in full, the per-cycle change of the slow quantities (particle
/// volumes, dissolved and lost platinum, thickness, resistance) is extrapolated over as many cycles as
/// keep every one within ``AgeingOptions/maxRelativeChange``, and the next cycle is integrated in full
/// again. Extrapolating platinum amounts rather than radii keeps the platinum balance exact.
public struct MechanisticAgeingModel: Sendable {
  /// The cathode catalyst.
  public var catalyst: CatalystParameters
  /// The membrane and ohmic path.
  public var membrane: MembraneParameters
  /// The cell's polarization parameters.
  public var cell: CellPerformance
  /// The stack, for power-driven duty cycles (`nil`: one cell).
  public var stack: StackDesign?

  /// Creates the model.
  public init(
    catalyst: CatalystParameters = CatalystParameters(), membrane: MembraneParameters = MembraneParameters(),
    cell: CellPerformance = CellPerformance(), stack: StackDesign? = nil
  ) {
    self.catalyst = catalyst
    self.membrane = membrane
    self.cell = cell
    self.stack = stack
  }

  /// The fresh cell.
  public var initialState: AgeingState { AgeingState(catalyst: catalyst, membrane: membrane) }

  /// The polarization curve of a cell in `state`.
  public func polarization(of state: AgeingState) -> LarminieDicksModel {
    cell.polarization(of: state, freshSurfaceArea: initialState.surfaceArea, membrane: membrane)
  }

  /// The cell voltage at the rated current density, V.
  public func ratedVoltage(of state: AgeingState) -> Double {
    polarization(of: state).cellVoltage(current: cell.ratedCurrentDensity * cell.activeArea)
  }

  /// The cathode potential (V vs RHE) and whether the cell carries current, for `drive` in `state`.
  ///
  /// - Throws: ``AgeingError/powerUnreachable(power:)`` when the aged stack cannot deliver a power.
  public func operatingPoint(_ drive: CellDrive, state: AgeingState) throws(AgeingError) -> (potential: Double, loaded: Bool) {
    switch drive {
    case .potential(let potential):
      return (potential, true)
    case .currentDensity(let density):
      let model = polarization(of: state)
      return (model.cathodePotential(current: density * cell.activeArea), density > 0)
    case .stackPower(let power):
      let model = polarization(of: state)
      guard let current = model.current(forStackPower: power, cells: stack?.cells ?? 1) else {
        throw .powerUnreachable(power: power)
      }
      return (model.cathodePotential(current: current), current > 0)
    case .off:
      return (0, false)
    }
  }

  /// Hydrogen the stack consumes over one `cycle` in `state`, kg (Faraday's law over the segments'
  /// currents; potential-driven segments draw none).
  ///
  /// - Throws: ``AgeingError/powerUnreachable(power:)`` when the aged stack cannot deliver a power.
  public func hydrogenPerCycle(_ cycle: DutyCycle, state: AgeingState) throws(AgeingError) -> Double {
    let model = polarization(of: state)
    let cells = stack?.cells ?? 1
    var charge = 0.0
    for block in cycle.blocks {
      var perRepeat = 0.0
      for segment in block.segments {
        let current: Double
        switch segment.drive {
        case .potential, .off: current = 0
        case .currentDensity(let density): current = density * cell.activeArea
        case .stackPower(let power):
          guard let i = model.current(forStackPower: power, cells: cells) else { throw .powerUnreachable(power: power) }
          current = i
        }
        perRepeat += current * segment.duration
      }
      charge += perRepeat * Double(block.repeats)
    }
    return hydrogenConsumption(current: charge, cells: cells)
  }

  // MARK: The ODE

  /// Where each quantity sits in the ODE state vector.
  struct Layout {
    let bins: Int
    var coverages: Int { bins }
    var dissolved: Int { 2 * bins }
    var lost: Int { 2 * bins + 1 }
    var thickness: Int { 2 * bins + 2 }
    var resistance: Int { 2 * bins + 3 }
    var dimension: Int { 2 * bins + 4 }

    func vector(_ s: AgeingState) -> [Double] {
      s.radii + s.oxideCoverages + [s.dissolvedPlatinum, s.lostPlatinum, s.membraneThickness, s.contactResistance]
    }

    func state(_ y: [Double], counts: [Double]) -> AgeingState {
      var s = AgeingState(particleCounts: counts)
      s.radii = Array(y[0..<bins])
      s.oxideCoverages = Array(y[bins..<2 * bins])
      s.dissolvedPlatinum = y[dissolved]
      s.lostPlatinum = y[lost]
      s.membraneThickness = y[thickness]
      s.contactResistance = y[resistance]
      return s
    }
  }

  /// The conditions of one segment, the ODE's parameters.
  struct SegmentConditions {
    var potential: Double
    var loaded: Bool
    /// Bit `i` set: bin `i` still has particles.
    var activeBins: UInt64
  }

  /// Below this radius (about 30 atoms) a particle is taken to dissolve at once, m: its Kelvin shift
  /// (0.45 V) makes it dissolve within tens of seconds anyway, and following it to the last atoms would
  /// make the ODE needlessly stiff.
  public static let vanishingRadius = 0.5e-9

  /// The bins that still have particles (a nonzero radius), as a bit set.
  static func activeBins(_ radii: [Double]) -> UInt64 {
    radii.indices.reduce(0) { radii[$1] != 0 ? $0 | (1 << UInt64($1)) : $0 }
  }

  /// Moves the platinum of particles at or below ``vanishingRadius`` into the ionomer and sets their
  /// radius and coverage to zero (the mark of an empty bin); returns the bins that are left. The amount
  /// moved is the signed `r^3` one, so that a step that overshot past zero is balanced too.
  @discardableResult
  func dissolveVanishingParticles(_ y: inout [Double], layout: Layout, counts: [Double]) -> UInt64 {
    for i in 0..<layout.bins where y[i] != 0 && y[i] <= Self.vanishingRadius * (1 + 1e-9) {
      let r = y[i]
      y[layout.dissolved] += counts[i] * 4 / 3 * Double.pi * r * r * r / catalyst.molarVolume / catalyst.ionomerVolume
      y[i] = 0
      y[layout.coverages + i] = 0
    }
    return Self.activeBins(Array(y[0..<layout.bins]))
  }

  /// One event per bin: when its radius falls through ``vanishingRadius`` during a segment, the bin
  /// dissolves there (``dissolveVanishingParticles(_:layout:counts:)``) and the solver restarts without it.
  func vanishingEvents(layout: Layout, counts: [Double]) -> EventSet<SegmentConditions> {
    let events = (0..<layout.bins).map { bin in
      ContinuousEvent<SegmentConditions>("bin \(bin) dissolves", direction: .downward) { _, y, _ in
        y[bin] - Self.vanishingRadius
      } action: { context in
        var y = context.state
        context.parameters.activeBins = dissolveVanishingParticles(&y, layout: layout, counts: counts)
        context.state = y
      }
    }
    return EventSet(continuous: events)
  }

  func problem(from state: AgeingState, horizon: Double) -> ODEProblem<SegmentConditions> {
    precondition(state.radii.count <= 64, "at most 64 size bins")
    let layout = Layout(bins: state.radii.count)
    let catalyst = catalyst
    let membrane = membrane
    let counts = state.particleCounts
    // A floor for the radius the rates see, in case a step overshoots the vanishing radius before the
    // event pulls the bin out.
    let floor = Self.vanishingRadius / 2
    return ODEProblem(
      initialState: layout.vector(state), timeSpan: 0...horizon,
      parameters: SegmentConditions(potential: 0, loaded: false, activeBins: Self.activeBins(state.radii))
    ) { _, y, conditions, dy in
      let c = y[layout.dissolved]
      var source = 0.0
      for i in 0..<layout.bins {
        guard conditions.activeBins & (1 << UInt64(i)) != 0 else {
          dy[i] = 0
          dy[layout.coverages + i] = 0
          continue
        }
        let r = max(y[i], floor)
        let theta = y[layout.coverages + i]
        let rate = catalyst.dissolutionRate(potential: conditions.potential, radius: r, coverage: theta, concentration: c)
        let drdt = -catalyst.molarVolume * rate
        dy[i] = drdt
        dy[layout.coverages + i] =
          catalyst.oxideRate(potential: conditions.potential, coverage: theta) / catalyst.siteDensity - 2 * theta * drdt / r
        source += counts[i] * 4 * Double.pi * y[i] * y[i] * rate
      }
      let toMembrane = catalyst.membraneTransfer * c
      dy[layout.dissolved] = (source - toMembrane) / catalyst.ionomerVolume
      dy[layout.lost] = toMembrane
      let thickness = max(y[layout.thickness], 1e-9)
      dy[layout.thickness] = -membrane.thinningCoefficient * membrane.crossoverFlux(thickness: thickness)
      dy[layout.resistance] = conditions.loaded ? membrane.contactResistanceGrowth : 0
    }
  }

  /// Absolute tolerances per component, scaled to each quantity's size.
  func absoluteTolerances(_ layout: Layout, relative: Double) -> [Double] {
    var atol = [Double](repeating: 0, count: layout.dimension)
    for i in 0..<layout.bins {
      atol[i] = 1e-6 * catalyst.medianRadius * relative / 1e-6
      atol[layout.coverages + i] = 1e-8
    }
    atol[layout.dissolved] = 1e-12
    atol[layout.lost] = 1e-9 * catalyst.platinumAmount * relative / 1e-6
    atol[layout.thickness] = 1e-6 * membrane.initialThickness * relative / 1e-6
    atol[layout.resistance] = 1e-6 * membrane.contactResistance * relative / 1e-6
    return atol
  }

  // MARK: Running

  /// Plays `cycle` for `duration` seconds (or until end of life if ``AgeingOptions/stopAtEndOfLife``),
  /// recording the state about every ``AgeingOptions/recordInterval`` seconds.
  ///
  /// Cycle jumps work at two levels: over repeats of a block inside the cycle (``DutyBlock``), and over
  /// whole cycles. A solver failure or an unreachable power ends the run early: the records up to that
  /// point are kept and ``AgeingRun/failure`` says when and why.
  ///
  /// - Parameter start: the state to age from (nil: the fresh cell), so that a co-simulation can age a
  ///   stack period by period; times in the run count from this call, end of life from the fresh cell's
  ///   rated voltage.
  public func age(_ cycle: DutyCycle, for duration: Double, from start: AgeingState? = nil, options: AgeingOptions = AgeingOptions()) -> AgeingRun {
    precondition(cycle.duration > 0, "the duty cycle is empty")
    let fresh = start ?? initialState
    let freshVoltage = ratedVoltage(of: initialState)
    var run = AgeingRun(freshRatedVoltage: freshVoltage)
    run.records.append(record(time: 0, cycles: 0, state: fresh, cycle: cycle))
    var player: SegmentPlayer
    do {
      let longest = cycle.blocks.flatMap(\.segments).map(\.duration).max() ?? 1
      player = try SegmentPlayer(model: self, state: fresh, horizon: longest, endTime: duration, options: options)
    } catch {
      run.failure = error
      return run
    }

    var cycles = 0
    var pendingSnapshots = options.snapshotTimes.sorted()[...]
    func takeSnapshots(_ time: Double, _ state: AgeingState, run: inout AgeingRun) {
      while let next = pendingSnapshots.first, next <= time {
        run.snapshots.append((next, time, state))
        pendingSnapshots.removeFirst()
      }
    }
    takeSnapshots(0, fresh, run: &run)
    var nextRecord = options.recordInterval
    var previous = (time: 0.0, voltage: ratedVoltage(of: fresh))
    let endVoltage = (1 - options.endOfLifeLoss) * freshVoltage
    while player.time < duration {
      let start = player.state
      do {
        for block in cycle.blocks { try player.play(block) }
      } catch {
        run.failure = error
        break
      }
      cycles += 1
      run.detailedCycles += 1

      // Jump over the cycles the slow quantities barely notice.
      let remaining = Int(((duration - player.time) / cycle.duration).rounded(.down))
      if options.cycleJumping, remaining > 0 {
        let jump = min(jumpLength(from: start, to: player.state, options: options), remaining)
        if jump > 0 {
          player.jump(from: start, cycles: jump, cycleDuration: cycle.duration)
          cycles += jump
        }
      }

      takeSnapshots(player.time, player.state, run: &run)
      let voltage = ratedVoltage(of: player.state)
      if run.endOfLifeTime == nil, voltage <= endVoltage {
        // Linear in time between the last two voltages (over one cycle, or across a jump).
        let fraction = previous.voltage > voltage ? (previous.voltage - endVoltage) / (previous.voltage - voltage) : 1
        run.endOfLifeTime = previous.time + fraction * (player.time - previous.time)
        run.records.append(record(time: player.time, cycles: cycles, state: player.state, cycle: cycle))
        if options.stopAtEndOfLife { break }
      } else if player.time >= nextRecord {
        run.records.append(record(time: player.time, cycles: cycles, state: player.state, cycle: cycle))
      }
      if player.time >= nextRecord {
        nextRecord = ((player.time / options.recordInterval).rounded(.down) + 1) * options.recordInterval
      }
      previous = (player.time, voltage)
    }
    if run.records.last?.time != player.time {
      run.records.append(record(time: player.time, cycles: cycles, state: player.state, cycle: cycle))
    }
    run.finalState = player.state
    run.integratedTime = player.integratedTime
    return run
  }

  /// Integrates segments one after the other with one CVODE integrator, re-initialised at every change
  /// of drive, and jumps over block repeats and whole cycles.
  struct SegmentPlayer {
    let model: MechanisticAgeingModel
    let layout: Layout
    let integrator: Integrator<SegmentConditions>
    let options: AgeingOptions
    var state: AgeingState
    /// Simulated time, s.
    var time = 0.0
    /// Where the run ends, s: the last cycle is cut there.
    let endTime: Double
    /// Time integrated by the solver (not jumped), s.
    var integratedTime = 0.0

    init(
      model: MechanisticAgeingModel, state: AgeingState, horizon: Double, endTime: Double, options: AgeingOptions
    ) throws(AgeingError) {
      self.model = model
      self.endTime = endTime
      self.state = state
      self.options = options
      layout = Layout(bins: state.radii.count)
      var solverOptions = SolverOptions(relativeTolerance: options.relativeTolerance)
      solverOptions.absoluteTolerance = .perComponent(model.absoluteTolerances(layout, relative: options.relativeTolerance))
      solverOptions.saveAt = .finalState
      do {
        integrator = try Integrator(
          model.problem(from: state, horizon: horizon), .cvodeBDF(), options: solverOptions,
          events: model.vanishingEvents(layout: layout, counts: state.particleCounts))
      } catch {
        throw .setup(error)
      }
    }

    /// Plays one segment (cut at the end of the run); a shut-down stack only lets the time pass.
    mutating func play(_ segment: DutySegment) throws(AgeingError) {
      let duration = min(segment.duration, endTime - time)
      guard duration > 0 else { return }
      if segment.drive == .off {
        time += duration
        return
      }
      let conditions = try model.operatingPoint(segment.drive, state: state)
      do {
        try integrator.reinitialize(
          time: 0, state: layout.vector(state),
          parameters: SegmentConditions(
            potential: conditions.potential, loaded: conditions.loaded, activeBins: activeBins(state.radii)))
      } catch {
        var failure = error
        failure.time += time
        throw .solver(failure)
      }
      if case .failed(var failure) = integrator.advance(to: duration) {
        failure.time += time
        throw .solver(failure)
      }
      var y = integrator.state
      model.dissolveVanishingParticles(&y, layout: layout, counts: state.particleCounts)
      state = layout.state(y, counts: state.particleCounts)
      time += duration
      integratedTime += duration
    }

    /// Plays a block's repeats, jumping over those the slow quantities barely notice.
    mutating func play(_ block: DutyBlock) throws(AgeingError) {
      var done = 0
      while done < block.repeats, time < endTime {
        let start = state
        for segment in block.segments { try play(segment) }
        done += 1
        let left = min(block.repeats - done, Int(((endTime - time) / block.duration).rounded(.down)))
        if options.cycleJumping, left > 0 {
          let jump = min(model.jumpLength(from: start, to: state, options: options), left)
          if jump > 0 {
            self.jump(from: start, cycles: jump, cycleDuration: block.duration)
            done += jump
          }
        }
      }
    }

    /// Extrapolates the change since `start` over `cycles` more repeats of `cycleDuration` seconds.
    mutating func jump(from start: AgeingState, cycles: Int, cycleDuration: Double) {
      var y = layout.vector(model.extrapolate(from: start, to: state, cycles: cycles))
      model.dissolveVanishingParticles(&y, layout: layout, counts: state.particleCounts)
      state = layout.state(y, counts: state.particleCounts)
      time += Double(cycles) * cycleDuration
    }

    private func activeBins(_ radii: [Double]) -> UInt64 { MechanisticAgeingModel.activeBins(radii) }
  }

  /// The slow quantities of a state, extrapolated linearly per cycle: particle platinum per bin (mol/m2),
  /// lost platinum, membrane thickness, contact resistance.
  func slowQuantities(_ s: AgeingState) -> [Double] {
    let perBin = zip(s.particleCounts, s.radii).map { $0 * 4 / 3 * Double.pi * $1 * $1 * $1 / catalyst.molarVolume }
    return perBin + [s.lostPlatinum, s.membraneThickness, s.contactResistance]
  }

  /// How many more cycles can be skipped after a cycle from `start` to `end`.
  ///
  /// None while the dissolved platinum is still settling (it changed by more than 1 % over the cycle:
  /// the cycle is not yet representative). Otherwise every slow quantity may change by at most
  /// `maxRelativeChange` of its own size, a bin's platinum counting at least a thousandth of an average
  /// bin (so that a dissolving bin does not stop the jumps), and a shrinking bin may lose at most half
  /// of what it has left.
  func jumpLength(from start: AgeingState, to end: AgeingState, options: AgeingOptions) -> Int {
    let settled = abs(end.dissolvedPlatinum - start.dissolvedPlatinum) <= 1e-2 * abs(end.dissolvedPlatinum)
    guard settled else { return 0 }
    let a = slowQuantities(start)
    let b = slowQuantities(end)
    let bins = start.radii.count
    let binFloor = 1e-3 * catalyst.platinumAmount / Double(bins)
    var allowed = Double(options.maxJump)
    for k in a.indices {
      let change = abs(b[k] - a[k])
      guard change > 0 else { continue }
      let scale = k < bins ? max(abs(b[k]), binFloor) : abs(b[k])
      allowed = min(allowed, options.maxRelativeChange * scale / change)
      if k < bins, b[k] < a[k] { allowed = min(allowed, 0.5 * b[k] / change) }
    }
    return max(Int(allowed.rounded(.down)) - 1, 0)
  }

  /// `end` plus `cycles` more times the change from `start` to `end` in the slow quantities. The fast
  /// ones (oxide coverages, dissolved platinum) keep their end-of-cycle values; what the ionomer gained
  /// or lost over the cycle is booked to the membrane, so that platinum stays exactly conserved.
  func extrapolate(from start: AgeingState, to end: AgeingState, cycles: Int) -> AgeingState {
    let a = slowQuantities(start)
    let b = slowQuantities(end)
    let k = Double(cycles)
    var s = end
    for i in s.radii.indices {
      let moles = b[i] + k * (b[i] - a[i])
      s.radii[i] = cbrt(moles * catalyst.molarVolume / (4 / 3 * Double.pi * s.particleCounts[i]))
    }
    let n = s.radii.count
    let ionomerChange = (end.dissolvedPlatinum - start.dissolvedPlatinum) * catalyst.ionomerVolume
    s.lostPlatinum = b[n] + k * (b[n] - a[n] + ionomerChange)
    s.membraneThickness = max(b[n + 1] + k * (b[n + 1] - a[n + 1]), 1e-9)
    s.contactResistance = b[n + 2] + k * (b[n + 2] - a[n + 2])
    return s
  }

  func record(time: Double, cycles: Int, state: AgeingState, cycle: DutyCycle) -> AgeingRecord {
    let fresh = initialState
    let hydrogen = (try? hydrogenPerCycle(cycle, state: state)) ?? .nan
    return AgeingRecord(
      time: time, cycles: cycles, surfaceAreaRatio: state.surfaceArea / fresh.surfaceArea,
      meanRadius: state.meanRadius, lostPlatinumFraction: state.lostPlatinum / catalyst.platinumAmount,
      membraneThickness: state.membraneThickness,
      crossoverCurrentDensity: membrane.crossoverCurrentDensity(thickness: state.membraneThickness),
      areaSpecificResistance: state.areaSpecificResistance(membrane: membrane), ratedVoltage: ratedVoltage(of: state),
      hydrogenRate: hydrogen / cycle.duration)
  }
}

extension AgeingState {
  /// A state with the given particle counts and everything else empty (filled in by the caller).
  init(particleCounts: [Double]) {
    self.particleCounts = particleCounts
    radii = []
    oxideCoverages = []
    dissolvedPlatinum = 0
    lostPlatinum = 0
    membraneThickness = 0
    contactResistance = 0
  }
}

/// How ``MechanisticAgeingModel/age(_:for:options:)`` runs.
public struct AgeingOptions: Sendable, Equatable {
  /// Relative tolerance of the ODE solver.
  public var relativeTolerance: Double = 1e-6
  /// Whether to jump over cycles (off: every cycle is integrated).
  public var cycleJumping = true
  /// The largest change of any slow quantity over one jump, relative to its size.
  public var maxRelativeChange = 2e-3
  /// The most cycles skipped in one jump.
  public var maxJump = 100_000
  /// Record the state about this often, s.
  public var recordInterval: Double = 3_600
  /// The relative loss of the rated voltage that ends the life (default 10 %).
  public var endOfLifeLoss = 0.10
  /// Whether to stop at end of life.
  public var stopAtEndOfLife = false
  /// Times (s) at which to keep the whole state in ``AgeingRun/snapshots`` (for polarization curves at
  /// chosen ages); each is taken at the first cycle boundary at or after the time.
  public var snapshotTimes: [Double] = []

  /// The defaults.
  public init() {}
}

/// One recorded point of an ageing run.
public struct AgeingRecord: Sendable, Equatable {
  /// Time since the start, s.
  public var time: Double
  /// Duty cycles played (integrated or jumped).
  public var cycles: Int
  /// Electrochemical surface area relative to the fresh cell.
  public var surfaceAreaRatio: Double
  /// Number-mean particle radius, m.
  public var meanRadius: Double
  /// Platinum lost to the membrane, as a fraction of the loading.
  public var lostPlatinumFraction: Double
  /// Membrane thickness, m.
  public var membraneThickness: Double
  /// Hydrogen crossover as a current density, A/m2.
  public var crossoverCurrentDensity: Double
  /// Area-specific resistance, ohm m2.
  public var areaSpecificResistance: Double
  /// Cell voltage at the rated current density, V.
  public var ratedVoltage: Double
  /// The stack's mean hydrogen draw over the duty cycle in this state, kg/s (NaN when the aged stack
  /// can no longer deliver the cycle's power).
  public var hydrogenRate: Double
}

/// Why an ageing run ended early.
public enum AgeingError: Error, Equatable, CustomStringConvertible {
  /// The ODE solver could not be set up.
  case setup(ODEError)
  /// The ODE solver failed (time in seconds since the start of the run).
  case solver(SolverFailure)
  /// The aged stack cannot deliver a power the duty cycle asks for, W.
  case powerUnreachable(power: Double)

  /// One line naming the reason.
  public var description: String {
    switch self {
    case .setup(let error): return "the ageing ODE could not be set up: \(error)"
    case .solver(let failure): return "the ageing ODE failed: \(failure)"
    case .powerUnreachable(let power): return "the aged stack can no longer deliver \(power) W"
    }
  }
}

/// The result of an ageing run.
public struct AgeingRun: Sendable {
  /// The rated voltage of the fresh cell, V.
  public var freshRatedVoltage: Double
  /// Recorded points, in time order.
  public var records: [AgeingRecord] = []
  /// The state at the end.
  public var finalState: AgeingState?
  /// When the rated voltage first fell by the end-of-life loss, s; `nil` if it did not.
  public var endOfLifeTime: Double?
  /// Cycles played (the rest were jumped over whole).
  public var detailedCycles = 0
  /// Simulated time the ODE solver integrated, s (the rest was jumped).
  public var integratedTime = 0.0
  /// Why the run ended early, if it did.
  public var failure: AgeingError?
  /// Hydrogen used over the run, kg: the recorded draws integrated by the trapezoidal rule.
  public var hydrogen: Double {
    zip(records, records.dropFirst()).reduce(0) { $0 + ($1.0.hydrogenRate + $1.1.hydrogenRate) / 2 * ($1.1.time - $1.0.time) }
  }
  /// The states kept for ``AgeingOptions/snapshotTimes``: the time asked for, the time taken, the state.
  public var snapshots: [(requested: Double, time: Double, state: AgeingState)] = []

  init(freshRatedVoltage: Double) { self.freshRatedVoltage = freshRatedVoltage }
}
