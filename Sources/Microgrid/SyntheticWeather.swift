import Foundation
public import SimKernel

/// A site on the globe and its clock.
public struct SiteLocation: Sendable, Equatable {
  /// Latitude, degrees north.
  public var latitude: Double
  /// Longitude, degrees east.
  public var longitude: Double
  /// Local standard time minus UT, hours (China: +8).
  public var utcOffset: Double

  /// Creates a location.
  public init(latitude: Double, longitude: Double, utcOffset: Double) {
    self.latitude = latitude
    self.longitude = longitude
    self.utcOffset = utcOffset
  }

  /// The sun at `hours` after local midnight of January 1 of `year`.
  public func sun(year: Int, hours: Double) -> SolarPosition {
    let julianDay = SolarPosition.julianDay(year: year, month: 1, day: 1, hourUT: 0) + (hours - utcOffset) / 24
    return SolarPosition(julianDay: julianDay, latitude: latitude, longitude: longitude)
  }
}

/// Weather for one step.
public struct WeatherSample: Sendable, Equatable {
  /// Horizontal irradiance components, W/m².
  public var irradiance: Irradiance
  /// Air temperature, °C.
  public var airTemperature: Double
  /// The sun at the step's midpoint.
  public var sun: SolarPosition

  /// Creates a sample.
  public init(irradiance: Irradiance, airTemperature: Double, sun: SolarPosition) {
    self.irradiance = irradiance
    self.airTemperature = airTemperature
    self.sun = sun
  }
}

/// Weather without a download: Haurwitz clear-sky irradiance at the site scaled by a clear-sky index
/// whose daily sky state (clear, broken, overcast) follows a Markov chain, split into direct and diffuse by
/// Erbs; air temperature a seasonal plus a diurnal sinusoid. The sky-state parameters are illustrative
/// defaults, not fitted to any station: use a measured TMY file for yield studies.
public struct SyntheticWeather: Sendable {
  /// Where.
  public var location: SiteLocation
  /// Which calendar year (for the sun's position).
  public var year: Int
  /// Mean clear-sky index of each sky state (clear, broken, overcast).
  public var stateClearSkyIndex: [Double] = [0.95, 0.6, 0.25]
  /// Standard deviation of the step-to-step clear-sky index within each state.
  public var stateVariability: [Double] = [0.03, 0.2, 0.08]
  /// Probability that tomorrow's sky state equals today's; otherwise one of the others at random.
  public var persistence: Double = 0.6
  /// Annual mean air temperature, °C.
  public var meanTemperature: Double = 16
  /// Half the difference between the warmest and coldest month, K.
  public var seasonalAmplitude: Double = 12
  /// Half the daily temperature range, K.
  public var diurnalAmplitude: Double = 4

  /// Creates a generator with the default sky model.
  public init(location: SiteLocation, year: Int) {
    self.location = location
    self.year = year
  }

  /// `steps` samples of `stepHours` each from local midnight of January 1, drawn from `random`.
  public func generate(stepHours: Double, steps: Int, random: RandomStream) -> [WeatherSample] {
    var samples: [WeatherSample] = []
    samples.reserveCapacity(steps)
    var state = 0
    var day = -1
    for t in 0..<steps {
      let hours = (Double(t) + 0.5) * stepHours
      let today = Int(hours / 24)
      if today != day {
        day = today
        if !random.bernoulli(persistence) { state = (state + 1 + (random.bernoulli(0.5) ? 1 : 0)) % 3 }
      }
      let sun = location.sun(year: year, hours: hours)
      let index = min(1.1, max(0.05, random.normal(mean: stateClearSkyIndex[state], standardDeviation: stateVariability[state])))
      let global = Irradiance.haurwitzClearSky(zenith: sun.zenith) * index
      let hourOfDay = hours.truncatingRemainder(dividingBy: 24)
      // Coldest around January 15, warmest around July 15; daily minimum near sunrise, maximum at 15:00.
      let temperature = meanTemperature - seasonalAmplitude * cos(2 * .pi * (hours / 24 - 15) / 365)
        + diurnalAmplitude * cos(2 * .pi * (hourOfDay - 15) / 24)
      samples.append(WeatherSample(irradiance: .erbs(global: global, zenith: sun.zenith), airTemperature: temperature, sun: sun))
    }
    return samples
  }
}

extension PVArray {
  /// AC power per step, kW, for a weather series.
  public func acPower(_ weather: [WeatherSample]) -> [Double] {
    weather.map { acPower($0.irradiance, sun: $0.sun, airTemperature: $0.airTemperature) }
  }
}
