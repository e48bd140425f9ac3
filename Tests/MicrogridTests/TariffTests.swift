import Microgrid
import Testing

/// Seasonal time-of-use tariffs.
@Suite("Seasonal tariff")
struct SeasonalTariffTests {
  @Test("July 1 09:00 of 2026 (hour 181 x 24 + 9) is billed at the season's peak; January at the base peak; '12-1' wraps the year")
  func seasonalPrices() throws {
    let base = TimeOfUseTariff(peakPrice: 1.0, flatPrice: 0.62, valleyPrice: 0.3, peakHours: [8, 9, 10], valleyHours: [0, 1, 2])
    let summer = TimeOfUseTariff(peakPrice: 1.4, flatPrice: 0.7, valleyPrice: 0.25, peakHours: [9, 10, 11, 12], valleyHours: [0, 1])
    let tariff = SeasonalTariff(base: base, seasonMonths: [7, 8], season: summer)
    let prices = tariff.prices(year: 2026, stepHours: 1, steps: 8_760)
    #expect(prices[9] == 1.0 && prices[12] == 0.62 && prices[2] == 0.3)
    let july = 181 * 24
    #expect(prices[july + 9] == 1.4 && prices[july + 12] == 1.4 && prices[july + 2] == 0.7 && prices[july - 24 + 9] == 1.0)
    // September 1 (day 243) is back on the base schedule.
    #expect(prices[243 * 24 + 12] == 0.62 && prices[243 * 24 - 24 + 12] == 1.4)
    #expect(SeasonalTariff.months(parsing: "12-1, 7") == [12, 1, 7])
    #expect(SeasonalTariff.months(parsing: "13-2") == nil && SeasonalTariff.months(parsing: "") == [])
  }
}

