import Foundation

/// Hourly weather from an EnergyPlus weather file (EPW, the format of TMY3-derived typical years).
public struct EPWWeather: Sendable, Equatable {
  /// Site latitude, degrees north (LOCATION field 7).
  public var latitude: Double
  /// Site longitude, degrees east (field 8).
  public var longitude: Double
  /// Time zone, hours from UT (field 9).
  public var utcOffset: Double
  /// Global horizontal irradiance per hour, W/m² (data field 14).
  public var global: [Double]
  /// Direct normal irradiance per hour, W/m² (field 15).
  public var directNormal: [Double]
  /// Diffuse horizontal irradiance per hour, W/m² (field 16).
  public var diffuse: [Double]
  /// Dry-bulb air temperature per hour, °C (field 7).
  public var airTemperature: [Double]
}

/// Reads EPW files: the LOCATION header line and the hourly data rows, field numbers as in the EnergyPlus
/// "Auxiliary Programs" manual, chapter "Weather Converter Program" (data row: year, month, day, hour
/// ending 1-24, minute, source flags, dry bulb, dew point, humidity, pressure, extraterrestrial
/// horizontal and normal, horizontal infrared, global horizontal, direct normal, diffuse horizontal, ...).
public enum EPWReader {
  /// Reads a file.
  ///
  /// - Throws: ``ScenarioError`` naming the line of a missing LOCATION header or a malformed row.
  public static func read(path: String) throws(ScenarioError) -> EPWWeather {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
      throw ScenarioError(issues: [ScenarioIssue(location: SourceLocation(file: path, line: 0, column: 0), keyPath: "", message: "cannot read the file")])
    }
    return try parse(text, file: path)
  }

  /// Parses EPW text.
  public static func parse(_ text: String, file: String) throws(ScenarioError) -> EPWWeather {
    let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
    func issue(_ line: Int, _ message: String) -> ScenarioIssue {
      ScenarioIssue(location: SourceLocation(file: file, line: line, column: 1), keyPath: "", message: message)
    }
    let location = lines.first?.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingWhitespace() } ?? []
    guard location.count >= 9, location[0] == "LOCATION", let latitude = Double(location[6]), let longitude = Double(location[7]),
      let zone = Double(location[8])
    else {
      throw ScenarioError(issues: [issue(1, "expected the EPW LOCATION line: LOCATION,city,state,country,source,WMO,latitude,longitude,time zone,elevation")])
    }
    var weather = EPWWeather(latitude: latitude, longitude: longitude, utcOffset: zone, global: [], directNormal: [], diffuse: [], airTemperature: [])
    var issues: [ScenarioIssue] = []
    // Eight header lines precede the data (LOCATION ... DATA PERIODS).
    for (offset, line) in lines.enumerated().dropFirst(8) where !line.trimmingWhitespace().isEmpty {
      let fields = line.split(separator: ",", omittingEmptySubsequences: false)
      guard fields.count >= 16, let temperature = Double(fields[6]), let global = Double(fields[13]), let direct = Double(fields[14]),
        let diffuse = Double(fields[15])
      else {
        issues.append(issue(offset + 1, "expected an EPW data row with at least 16 fields (dry bulb in 7, GHI, DNI, DHI in 14-16)"))
        if issues.count >= 20 { break }
        continue
      }
      weather.airTemperature.append(temperature)
      weather.global.append(max(0, global))
      weather.directNormal.append(max(0, direct))
      weather.diffuse.append(max(0, diffuse))
    }
    if weather.global.isEmpty && issues.isEmpty { issues.append(issue(9, "no hourly data rows after the 8 header lines")) }
    if !issues.isEmpty { throw ScenarioError(issues: issues) }
    return weather
  }
}
