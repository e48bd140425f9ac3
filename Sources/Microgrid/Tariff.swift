import Foundation

/// A three-band time-of-use tariff (peak, flat, valley) by hour of the day, CNY/kWh. Hours not in the
/// peak or valley sets are flat.
public struct TimeOfUseTariff: Sendable, Equatable {
  /// Peak price, CNY/kWh.
  public var peakPrice: Double
  /// Flat (shoulder) price, CNY/kWh.
  public var flatPrice: Double
  /// Valley price, CNY/kWh.
  public var valleyPrice: Double
  /// Whole hours of the day (0...23) billed at the peak price.
  public var peakHours: Set<Int>
  /// Whole hours of the day billed at the valley price.
  public var valleyHours: Set<Int>

  /// Creates a tariff.
  public init(peakPrice: Double, flatPrice: Double, valleyPrice: Double, peakHours: Set<Int>, valleyHours: Set<Int>) {
    self.peakPrice = peakPrice
    self.flatPrice = flatPrice
    self.valleyPrice = valleyPrice
    self.peakHours = peakHours
    self.valleyHours = valleyHours
  }

  /// The price in force at `hours` after midnight of the first day, CNY/kWh.
  public func price(atHour hours: Double) -> Double {
    let hour = Int(hours.truncatingRemainder(dividingBy: 24).rounded(.down))
    return peakHours.contains(hour) ? peakPrice : valleyHours.contains(hour) ? valleyPrice : flatPrice
  }

  /// The price at the start of each of `steps` steps of `stepHours`, CNY/kWh.
  public func prices(stepHours: Double, steps: Int) -> [Double] {
    (0..<steps).map { price(atHour: Double($0) * stepHours) }
  }

  /// Parses hour ranges such as `8-11, 17-22` (start inclusive, end exclusive, `22-6` wraps midnight);
  /// nil when the text is not of that form.
  public static func hours(parsing text: String) -> Set<Int>? {
    var result = Set<Int>()
    for part in text.split(separator: ",") {
      let bounds = part.split(separator: "-").map { Int($0.trimmingCharacters(in: .whitespaces)) }
      guard bounds.count == 2, let start = bounds[0], let end = bounds[1], (0..<24).contains(start), (0...24).contains(end),
        start != end
      else { return nil }
      var hour = start
      repeat {
        result.insert(hour)
        hour = (hour + 1) % 24
      } while hour != end % 24
    }
    return result
  }
}

/// A time-of-use tariff that changes by season: a base schedule, and for the listed calendar months
/// another one (Chinese provincial tariffs typically sharpen the peak in summer and winter).
public struct SeasonalTariff: Sendable, Equatable {
  /// The schedule outside the season.
  public var base: TimeOfUseTariff
  /// Calendar months (1 = January) of the season.
  public var seasonMonths: Set<Int>
  /// The schedule in the season.
  public var season: TimeOfUseTariff

  /// Creates a tariff.
  public init(base: TimeOfUseTariff, seasonMonths: Set<Int> = [], season: TimeOfUseTariff? = nil) {
    precondition(seasonMonths.allSatisfy { (1...12).contains($0) }, "months are 1...12")
    self.base = base
    self.seasonMonths = seasonMonths
    self.season = season ?? base
  }

  /// The price at the start of each of `steps` steps of `stepHours`, for a run starting on 1 January of
  /// `year`, CNY/kWh.
  public func prices(year: Int, stepHours: Double, steps: Int) -> [Double] {
    let months = GridConnection.calendarMonths(year: year, stepHours: stepHours, steps: steps)
    var result = base.prices(stepHours: stepHours, steps: steps)
    for (index, range) in months.enumerated() where seasonMonths.contains(index % 12 + 1) {
      for t in range { result[t] = season.price(atHour: Double(t) * stepHours) }
    }
    return result
  }

  /// Parses month ranges such as `7-8, 12-1` (both ends inclusive, wrapping the year end); nil when the
  /// text is not of that form. Empty text is no months.
  public static func months(parsing text: String) -> Set<Int>? {
    var result = Set<Int>()
    for part in text.split(separator: ",") {
      let bounds = part.split(separator: "-").map { Int($0.trimmingCharacters(in: .whitespaces)) }
      guard (1...2).contains(bounds.count), let start = bounds[0], let end = bounds.last!, (1...12).contains(start), (1...12).contains(end)
      else { return nil }
      var month = start
      while true {
        result.insert(month)
        if month == end { break }
        month = month % 12 + 1
      }
    }
    return result
  }
}

/// A built-in industrial park load shape for studies without metered data: two shifts (08:00-20:00 at
/// full load, a night base of `nightShare`), weekends at `weekendShare` of the weekday level, scaled to
/// the annual energy asked for. The shares are assumptions for illustration, not measurements.
public struct IndustrialLoadShape: Sendable, Equatable {
  /// Night load over day load.
  public var nightShare: Double = 0.45
  /// Weekend load over weekday load.
  public var weekendShare: Double = 0.6

  /// Creates the shape with the default shares.
  public init() {}

  /// Load per step, kW, for `steps` steps of `stepHours` from Monday 00:00, averaging to `annualEnergy`
  /// kWh per 8,760 hours.
  public func profile(annualEnergy: Double, stepHours: Double, steps: Int) -> [Double] {
    let shape = (0..<steps).map { t -> Double in
      let hours = Double(t) * stepHours
      let hour = hours.truncatingRemainder(dividingBy: 24)
      let weekday = Int(hours / 24) % 7 < 5
      return (hour >= 8 && hour < 20 ? 1 : nightShare) * (weekday ? 1 : weekendShare)
    }
    let meanShape = shape.reduce(0, +) / Double(max(1, steps))
    let meanLoad = annualEnergy / 8_760
    return shape.map { $0 / meanShape * meanLoad }
  }
}
