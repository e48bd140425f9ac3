import Foundation
import FuelCell
import SimKernel
import Testing

@Suite("Accelerated-test factor and cell dispersion")
struct StackLifeTests {
  static let model = OperatingModeDegradation(
    perLoadChangeCycle: 1e-6, perStartStop: 2e-5, perIdleSecond: 3e-9, perHighPowerSecond: 4e-9)

  @Test("The environment factor is the ratio of loss rates, so field life = test life x factor exactly")
  func environmentFactor() {
    var test = OperatingModeSummary()
    test.duration = 3600
    test.loadChangeCycles = 120
    test.startStops = 6
    test.highPowerTime = 1800
    var field = OperatingModeSummary()
    field.duration = 36_000
    field.loadChangeCycles = 300
    field.startStops = 2
    field.idleTime = 7200
    field.highPowerTime = 1200
    let factor = Self.model.environmentFactor(acceleratedTest: test, field: field)
    #expect(abs(Self.model.lifetime(test) * factor - Self.model.lifetime(field)) < 1e-6 * Self.model.lifetime(field))
    // By hand: test 1.2e-4 + 1.2e-4 + 7.2e-6 = 2.472e-4 per 3600 s; field 3e-4 + 4e-5 + 2.16e-5 + 4.8e-6 = 3.664e-4 per 36000 s.
    #expect(abs(factor - (2.472e-4 / 3600) / (3.664e-4 / 36_000)) < 1e-9)
  }

  @Test("Without dispersion every stack lives the nominal life")
  func noDispersion() {
    let lives = CellDispersion(cells: 100, dispersion: 0).stackLives(nominalLife: 5000, samples: 10, streams: RandomStreams(seed: 1))
    #expect(lives.allSatisfy { $0 == 5000 })
  }

  @Test("One cell: lives follow 1/lognormal, mean exp(sigma^2) x nominal (inside a 99.9% interval)")
  func singleCell() {
    let dispersion = CellDispersion(cells: 1, dispersion: 0.10)
    let lives = dispersion.stackLives(nominalLife: 1, samples: 40_000, streams: RandomStreams(seed: 2))
    let tally = Tally()
    for life in lives { tally.add(life) }
    // 1/X for X lognormal(mu, sigma) is lognormal(-mu, sigma), mean exp(-mu + sigma^2/2) = exp(sigma^2).
    let expected = exp(log(1 + 0.01))
    #expect(tally.confidenceInterval(level: 0.999).contains(expected), "\(tally.confidenceInterval()) vs \(expected)")
  }

  @Test("The weakest of many cells shortens stack life: the median falls with the number of cells")
  func weakestCell() {
    func median(_ cells: Int) -> Double {
      let lives = CellDispersion(cells: cells, dispersion: 0.10)
        .stackLives(nominalLife: 10_000, samples: 2001, streams: RandomStreams(seed: 3)).sorted()
      return lives[1000]
    }
    let (one, ten, hundred) = (median(1), median(10), median(100))
    #expect(one > ten && ten > hundred)
    // With 100 cells at 10% dispersion the expected maximum rate factor is about 1.25 (normal order
    // statistics: 1 + 2.5 sigma), so the median stack life is near 8,000 h.
    #expect(hundred > 7_500 && hundred < 8_500, "median \(hundred)")
  }
}
