import Foundation
import SimKernel
import Testing

@testable import FuelCell

@Suite("Mechanistic lives: accelerated-test factor and cell-to-cell dispersion")
struct MechanisticLifeTests {
  /// An hour of 50 min at 0.5 A/cm2 and 10 min at open circuit.
  let hourly = DutyCycle(segments: [
    DutySegment(duration: 3_000, drive: .currentDensity(5_000)), DutySegment(duration: 600, drive: .currentDensity(0)),
  ])
  let limit = 50_000.0 * 3_600

  @Test("The environment factor of a cycle against itself played twice per cycle is 1; more open circuit shortens life")
  func environmentFactor() throws {
    let model = MechanisticAgeingModel()
    let doubled = DutyCycle(blocks: [DutyBlock(segments: hourly.segments, repeats: 2)])
    let same = try #require(model.environmentFactor(acceleratedTest: hourly, field: doubled, limit: limit))
    #expect(abs(same - 1) < 2e-3)
    // The accelerated test: 30 min at 0.5 A/cm2 and 30 min at open circuit.
    let harsh = DutyCycle(segments: [
      DutySegment(duration: 1_800, drive: .currentDensity(5_000)), DutySegment(duration: 1_800, drive: .currentDensity(0)),
    ])
    let factor = try #require(model.environmentFactor(acceleratedTest: harsh, field: hourly, limit: limit))
    #expect(factor > 1.5)
  }

  @Test("Cell dispersion: none gives the nominal life; 10 % shortens the median stack life, more so with more cells")
  func dispersion() throws {
    let model = MechanisticAgeingModel()
    let nominal = try #require(model.life(hourly, limit: limit))
    let none = MechanisticCellDispersion(model: model, cells: 20, dispersion: 0, gridPoints: 3)
    let same = try #require(none.stackLives(hourly, samples: 5, streams: RandomStreams(seed: 1), limit: limit))
    #expect(same.allSatisfy { $0 == nominal })

    func median(_ values: [Double]) -> Double { values.sorted()[values.count / 2] }
    let small = MechanisticCellDispersion(model: model, cells: 5, dispersion: 0.1, gridPoints: 5)
    let large = MechanisticCellDispersion(model: model, cells: 100, dispersion: 0.1, gridPoints: 5)
    let fewCells = try #require(small.stackLives(hourly, samples: 400, streams: RandomStreams(seed: 2), limit: limit))
    let manyCells = try #require(large.stackLives(hourly, samples: 400, streams: RandomStreams(seed: 2), limit: limit))
    #expect(median(fewCells) < nominal)
    #expect(median(manyCells) < median(fewCells))
    // Between grid points (0.8, 0.95, 1.13, 1.35, 1.6) the interpolated life of a cell 17 % worse than
    // nominal matches a direct run within 0.5 %.
    let curve = try #require(large.lifeCurve(hourly, factors: 0.8...1.6, limit: limit))
    let direct = try #require(large.cellLife(factor: 1.17, cycle: hourly, limit: limit))
    #expect(abs(curve.life(factor: 1.17) / direct - 1) < 5e-3)
    #expect(direct < nominal)
  }
}
