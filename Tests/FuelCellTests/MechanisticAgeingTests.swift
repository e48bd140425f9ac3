import Foundation
import Testing

@testable import FuelCell

@Suite("Mechanistic ageing: platinum dissolution, membrane thinning, resistance")
struct MechanisticAgeingTests {
  /// Total platinum (particles + ionomer + membrane band), mol/m2.
  func totalPlatinum(_ s: AgeingState, _ c: CatalystParameters) -> Double {
    s.particlePlatinum(molarVolume: c.molarVolume) + s.dissolvedPlatinum * c.ionomerVolume + s.lostPlatinum
  }

  @Test("Equilibrium with dissolved platinum follows the Ostwald-Freundlich (Kelvin) law in the radius")
  func kelvinShift() throws {
    // A single size, no loss to the membrane: at equilibrium c/c_ref = exp(2F(U - U1(r))/RT), so two
    // radii give c(ra)/c(rb) = exp(2 sigma Omega / (R T) (1/ra - 1/rb)) whatever the potential.
    func equilibrium(radius: Double) throws -> (c: Double, r: Double) {
      var catalyst = CatalystParameters()
      catalyst.bins = 1
      catalyst.medianRadius = radius
      catalyst.membraneTransfer = 0
      var options = AgeingOptions()
      options.cycleJumping = false
      options.relativeTolerance = 1e-9
      let model = MechanisticAgeingModel(catalyst: catalyst)
      let run = model.age(DutyCycle(segments: [DutySegment(duration: 2_000, drive: .potential(0.85))]), for: 20_000, options: options)
      #expect(run.failure == nil)
      let state = try #require(run.finalState)
      // Net dissolution has stopped.
      let rate = catalyst.dissolutionRate(
        potential: 0.85, radius: state.radii[0], coverage: state.oxideCoverages[0], concentration: state.dissolvedPlatinum)
      #expect(abs(rate) < 1e-9 * catalyst.dissolutionRateConstant)
      return (state.dissolvedPlatinum, state.radii[0])
    }
    let a = try equilibrium(radius: 1.0e-9)
    let b = try equilibrium(radius: 2.5e-9)
    let catalyst = CatalystParameters()
    let expected = exp(
      2 * catalyst.surfaceEnergy * catalyst.molarVolume / (PhysicalConstants.gas * catalyst.temperature) * (1 / a.r - 1 / b.r))
    #expect(abs(a.c / b.c / expected - 1) < 1e-6)
    #expect(a.c / b.c > 10, "a 1 nm particle is far more soluble than a 2.5 nm one")
  }

  @Test("Platinum is conserved between particles, ionomer and membrane, to the solver's tolerance")
  func platinumConserved() {
    let model = MechanisticAgeingModel()
    let initial = totalPlatinum(model.initialState, model.catalyst)
    // 20,000 EU cycles: four of the eight size bins dissolve completely on the way.
    for (rtol, bound) in [(1e-6, 1e-7), (1e-8, 1e-8)] {
      var options = AgeingOptions()
      options.relativeTolerance = rtol
      let run = model.age(.euSquareWave, for: 20_000 * 40, options: options)
      #expect(run.failure == nil)
      let final = run.finalState!
      #expect(abs(totalPlatinum(final, model.catalyst) / initial - 1) < bound)
      #expect(final.radii.filter { $0 == 0 }.count == 4)
      #expect(final.lostPlatinum > 0)
      #expect(run.detailedCycles < 4_000, "cycle jumping skips most of 20,000 cycles")
    }
  }

  @Test("Under 0.6/0.9 V square-wave cycling the surface area falls from every cycle to the next")
  func surfaceAreaFallsMonotonically() throws {
    let model = MechanisticAgeingModel()
    var options = AgeingOptions()
    options.cycleJumping = false
    options.recordInterval = 40  // every cycle
    let run = model.age(.euSquareWave, for: 300 * 40, options: options)
    #expect(run.failure == nil)
    let areas = run.records.map(\.surfaceAreaRatio)
    #expect(areas.count == 301)
    for (before, after) in zip(areas, areas.dropFirst()) { #expect(after < before) }
  }

  @Test("Without loss to the membrane, small particles feed large ones (Ostwald ripening)")
  func ostwaldRipening() throws {
    var catalyst = CatalystParameters()
    catalyst.membraneTransfer = 0
    let model = MechanisticAgeingModel(catalyst: catalyst)
    let run = model.age(.euSquareWave, for: 2_000 * 40)
    #expect(run.failure == nil)
    let fresh = model.initialState
    let final = try #require(run.finalState)
    #expect(final.radii.last! > fresh.radii.last!)
    #expect(final.radii.first! < fresh.radii.first!)
    #expect(final.surfaceArea < fresh.surfaceArea)
  }

  @Test("Cycle jumping reproduces the fully integrated surface-area loss over 3,000 cycles within 1 %")
  func cycleJumpingMatchesDetailed() {
    let model = MechanisticAgeingModel()
    var detailed = AgeingOptions()
    detailed.cycleJumping = false
    let full = model.age(.euSquareWave, for: 3_000 * 40, options: detailed)
    let jumped = model.age(.euSquareWave, for: 3_000 * 40)
    #expect(full.failure == nil)
    #expect(jumped.failure == nil)
    let fullLoss = 1 - full.records.last!.surfaceAreaRatio
    let jumpedLoss = 1 - jumped.records.last!.surfaceAreaRatio
    #expect(fullLoss > 0.01)
    #expect(abs(jumpedLoss / fullLoss - 1) < 0.01)
    #expect(jumped.detailedCycles < full.detailedCycles / 2)
    // The same 3,000 cycles as one cycle of a block repeated 3,000 times: the jumps happen inside it.
    let block = DutyCycle(blocks: [DutyBlock(segments: DutyCycle.euSquareWave.segments, repeats: 3_000)])
    let inner = model.age(block, for: 3_000 * 40)
    #expect(inner.failure == nil)
    #expect(abs((1 - inner.records.last!.surfaceAreaRatio) / fullLoss - 1) < 0.01)
    #expect(inner.integratedTime < 0.5 * 3_000 * 40)
  }

  @Test("Membrane thickness follows delta^2 = delta0^2 - 2 kappa psi p t, and crossover rises as it thins")
  func membraneThinning() {
    let model = MechanisticAgeingModel()
    let hours = 5_000.0
    let hourly = DutyCycle(segments: [DutySegment(duration: 3_600, drive: .currentDensity(5_000))])
    var detailed = AgeingOptions()
    detailed.cycleJumping = false
    let run = model.age(hourly, for: hours * 3_600, options: detailed)
    #expect(run.failure == nil)
    let final = run.records.last!
    #expect(abs(final.membraneThickness / model.membrane.thickness(after: hours * 3_600) - 1) < 1e-6)
    // Cycle jumps extrapolate linearly: first-order accurate in the jump.
    let jumped = model.age(hourly, for: hours * 3_600).records.last!
    #expect(abs(jumped.membraneThickness / model.membrane.thickness(after: hours * 3_600) - 1) < 1e-4)
    #expect(final.crossoverCurrentDensity > run.records.first!.crossoverCurrentDensity)
    // Contact resistance grows linearly under load.
    let grown = run.finalState!.contactResistance - model.membrane.contactResistance
    #expect(abs(grown / (model.membrane.contactResistanceGrowth * hours * 3_600) - 1) < 1e-6)
  }

  @Test("Halving the surface area costs A ln 2 of voltage at every current")
  func surfaceAreaShiftsPolarization() {
    let model = MechanisticAgeingModel()
    let fresh = model.initialState
    var aged = fresh
    aged.particleCounts = fresh.particleCounts.map { $0 / 2 }
    for density in [100.0, 1_000, 5_000, 10_000] {
      let current = density * model.cell.activeArea
      let loss = model.polarization(of: fresh).cellVoltage(current: current) - model.polarization(of: aged).cellVoltage(current: current)
      #expect(abs(loss - model.cell.tafelSlope * log(2)) < 1e-12)
    }
  }

  @Test("The stack current for a power delivers that power; a power beyond the peak is refused")
  func powerInversion() throws {
    let model = MechanisticAgeingModel(stack: StackDesign(cells: 300))
    let curve = model.polarization(of: model.initialState)
    // 300 cells of 50 cm2 peak near 11 kW.
    let current = try #require(curve.current(forStackPower: 5_000, cells: 300))
    #expect(abs(curve.stackPower(current: current, cells: 300) / 5_000 - 1) < 1e-8)
    #expect(curve.current(forStackPower: 50_000, cells: 300) == nil)
    #expect(throws: AgeingError.powerUnreachable(power: 50_000)) {
      try model.operatingPoint(.stackPower(50_000), state: model.initialState)
    }
    // The cathode sees a lower potential at higher power.
    let low = try model.operatingPoint(.stackPower(1_000), state: model.initialState).potential
    let high = try model.operatingPoint(.stackPower(8_000), state: model.initialState).potential
    #expect(high < low)
  }

  @Test("A duty cycle from a 1 s load profile keeps only the changes")
  func dutyCycleFromProfile() {
    let profile = LoadProfile.steps([(30, 4_000), (15, 75_000), (75, 35_000)], repeats: 3, quantity: .power)
    let cycle = DutyCycle(profile: profile, activeArea: 0.03)
    #expect(cycle.segments.count == 9)
    #expect(cycle.duration == 360)
    let potential = DutyCycle(profile: .euSquareWave(cycles: 5), activeArea: 1)
    #expect(potential.segments.count == 10)
    #expect(potential.segments[1] == DutySegment(duration: 30, drive: .potential(0.9)))
  }

  @Test("A shut-down stack does not age, and a run ends at its horizon inside a cycle")
  func offAndHorizon() throws {
    let model = MechanisticAgeingModel()
    let cycle = DutyCycle(segments: [
      DutySegment(duration: 3_600, drive: .off), DutySegment(duration: 3_600, drive: .currentDensity(5_000)),
    ])
    let off = model.age(cycle, for: 1_800)
    #expect(off.finalState == model.initialState)
    #expect(off.integratedTime == 0 && off.records.last!.time == 1_800)
    let partial = model.age(cycle, for: 5_400)
    #expect(partial.records.last!.time == 5_400 && partial.integratedTime == 1_800)
  }
}
