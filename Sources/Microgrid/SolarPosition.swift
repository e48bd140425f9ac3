import Foundation

/// Where the sun is, seen from a site. Angles in degrees.
///
/// Computed with the low-precision solar coordinates of the Astronomical Almanac as given by Michalsky
/// (1988, Solar Energy 40(3):227-235): about 0.01 degrees between 1950 and 2050, without refraction.
public struct SolarPosition: Sendable, Equatable {
  /// Angle between the sun and the vertical, degrees.
  public var zenith: Double
  /// Azimuth clockwise from north, degrees in 0..<360.
  public var azimuth: Double
  /// Declination, degrees.
  public var declination: Double

  /// The sun's elevation above the horizon, degrees.
  public var elevation: Double { 90 - zenith }

  /// The position at `julianDay` (UT) for a site at `latitude` (north positive) and `longitude` (east
  /// positive), degrees.
  public init(julianDay: Double, latitude: Double, longitude: Double) {
    let radians = Double.pi / 180
    let n = julianDay - 2_451_545.0
    let meanLongitude = (280.460 + 0.985_647_4 * n).truncatingRemainder(dividingBy: 360)
    let meanAnomaly = (357.528 + 0.985_600_3 * n).truncatingRemainder(dividingBy: 360) * radians
    let eclipticLongitude = (meanLongitude + 1.915 * sin(meanAnomaly) + 0.020 * sin(2 * meanAnomaly)) * radians
    let obliquity = (23.439 - 0.000_000_4 * n) * radians
    let rightAscension = atan2(cos(obliquity) * sin(eclipticLongitude), cos(eclipticLongitude))
    let declination = asin(sin(obliquity) * sin(eclipticLongitude))
    // Greenwich mean sidereal time in hours from the UT hour of the day.
    let hourUT = ((julianDay + 0.5).truncatingRemainder(dividingBy: 1)) * 24
    let daysAtMidnight = n - hourUT / 24
    let siderealHours = 6.697_375 + 0.065_709_824_2 * daysAtMidnight + 1.002_737_909 * hourUT
    let hourAngle = (siderealHours * 15 + longitude) * radians - rightAscension
    let phi = latitude * radians
    let cosZenith = sin(declination) * sin(phi) + cos(declination) * cos(phi) * cos(hourAngle)
    let zenith = acos(min(1, max(-1, cosZenith)))
    var azimuth = atan2(-sin(hourAngle), tan(declination) * cos(phi) - sin(phi) * cos(hourAngle)) / radians
    if azimuth < 0 { azimuth += 360 }
    self.zenith = zenith / radians
    self.azimuth = azimuth
    self.declination = declination / radians
  }

  /// The Julian day of a Gregorian calendar date and UT hour (Meeus, Astronomical Algorithms, ch. 7).
  public static func julianDay(year: Int, month: Int, day: Int, hourUT: Double) -> Double {
    let (y, m) = month <= 2 ? (year - 1, month + 12) : (year, month)
    let century = y / 100
    let gregorian = 2 - century + century / 4
    return (365.25 * Double(y + 4716)).rounded(.down) + (30.6001 * Double(m + 1)).rounded(.down) + Double(day)
      + Double(gregorian) - 1524.5 + hourUT / 24
  }
}
