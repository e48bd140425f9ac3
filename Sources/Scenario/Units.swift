/// The physical dimension of a scenario parameter; values are converted to its SI unit.
public enum PhysicalDimension: String, Sendable, CaseIterable {
  case time, power, energy, pressure, mass, volume, massFlow, temperature, length, speed, rate, fraction
  case current, voltage, area, angle
  /// Money (start costs); CNY is the only currency.
  case money
  /// Money per energy (tariffs, fuel cost per kWh); CNY is the only currency.
  case energyPrice
  /// Money per power (demand charge per billing period).
  case powerPrice
  /// Money per mass (hydrogen price).
  case massPrice
  /// Mass of CO2 per energy (grid emission factor).
  case emissionIntensity
  /// Current per area (fuel-cell current density).
  case currentDensity
  /// Resistance times area (area-specific resistance of a cell).
  case areaResistance
  /// Energy per mass (electrolyser consumption per kg of hydrogen).
  case specificEnergy
  /// Energy per distance (a vehicle's traction consumption).
  case energyPerLength
  /// A model coefficient given as a bare number in the SI unit its field's description states (rate
  /// constants, permeabilities); it has no unit symbols of its own.
  case coefficient

  /// The SI unit values are stored in.
  public var siUnit: String {
    switch self {
    case .time: "s"
    case .power: "W"
    case .energy: "J"
    case .pressure: "Pa"
    case .mass: "kg"
    case .volume: "m3"
    case .massFlow: "kg/s"
    case .temperature: "K"
    case .length: "m"
    case .speed: "m/s"
    case .rate: "1/s"
    case .fraction: "1"
    case .current: "A"
    case .voltage: "V"
    case .area: "m2"
    case .angle: "rad"
    case .money: "CNY"
    case .energyPrice: "CNY/J"
    case .massPrice: "CNY/kg"
    case .powerPrice: "CNY/W"
    case .emissionIntensity: "kg/J"
    case .currentDensity: "A/m2"
    case .areaResistance: "ohm m2"
    case .specificEnergy: "J/kg"
    case .energyPerLength: "J/m"
    case .coefficient: "SI"
    }
  }
}

/// A unit a scenario may write: its dimension and the affine map to SI, `si = value * factor + offset`.
public struct PhysicalUnit: Sendable {
  /// The dimension it measures.
  public let dimension: PhysicalDimension
  /// Multiplier to the SI unit.
  public let factor: Double
  /// Offset added after scaling (only temperatures in degrees Celsius).
  public let offset: Double

  init(_ dimension: PhysicalDimension, _ factor: Double, offset: Double = 0) {
    self.dimension = dimension
    self.factor = factor
    self.offset = offset
  }

  /// The units TwinKit accepts, by symbol. Factors are exact SI definitions (BIPM, The International
  /// System of Units, 9th ed., 2019); `kWp` is peak DC power of PV (IEC 61836), a power.
  public static let table: [String: PhysicalUnit] = [
    "s": .init(.time, 1), "min": .init(.time, 60), "h": .init(.time, 3600), "d": .init(.time, 86_400),
    "week": .init(.time, 604_800), "a": .init(.time, 31_536_000),
    "W": .init(.power, 1), "kW": .init(.power, 1e3), "MW": .init(.power, 1e6),
    "Wp": .init(.power, 1), "kWp": .init(.power, 1e3), "MWp": .init(.power, 1e6),
    "J": .init(.energy, 1), "kJ": .init(.energy, 1e3), "MJ": .init(.energy, 1e6), "GJ": .init(.energy, 1e9),
    "Wh": .init(.energy, 3600), "kWh": .init(.energy, 3.6e6), "MWh": .init(.energy, 3.6e9), "GWh": .init(.energy, 3.6e12),
    "Pa": .init(.pressure, 1), "kPa": .init(.pressure, 1e3), "MPa": .init(.pressure, 1e6), "bar": .init(.pressure, 1e5),
    "g": .init(.mass, 1e-3), "kg": .init(.mass, 1), "t": .init(.mass, 1e3),
    "L": .init(.volume, 1e-3), "m3": .init(.volume, 1),
    "kg/s": .init(.massFlow, 1), "kg/min": .init(.massFlow, 1.0 / 60), "kg/h": .init(.massFlow, 1.0 / 3600),
    "g/s": .init(.massFlow, 1e-3),
    "K": .init(.temperature, 1), "degC": .init(.temperature, 1, offset: 273.15),
    "um": .init(.length, 1e-6), "nm": .init(.length, 1e-9), "mm": .init(.length, 1e-3), "cm": .init(.length, 1e-2), "m": .init(.length, 1), "km": .init(.length, 1e3),
    "m/s": .init(.speed, 1), "km/h": .init(.speed, 1.0 / 3.6),
    "1/s": .init(.rate, 1), "1/min": .init(.rate, 1.0 / 60), "1/h": .init(.rate, 1.0 / 3600), "1/d": .init(.rate, 1.0 / 86_400),
    "%": .init(.fraction, 0.01),
    "A": .init(.current, 1), "mA": .init(.current, 1e-3), "V": .init(.voltage, 1),
    "J/kg": .init(.specificEnergy, 1), "MJ/kg": .init(.specificEnergy, 1e6), "kWh/kg": .init(.specificEnergy, 3.6e6),
    "J/m": .init(.energyPerLength, 1), "Wh/m": .init(.energyPerLength, 3600), "kWh/km": .init(.energyPerLength, 3.6),
    "A/m2": .init(.currentDensity, 1), "A/cm2": .init(.currentDensity, 1e4), "mA/cm2": .init(.currentDensity, 10),
    "ohm*m2": .init(.areaResistance, 1), "ohm*cm2": .init(.areaResistance, 1e-4), "mohm*cm2": .init(.areaResistance, 1e-7),
    "cm2": .init(.area, 1e-4), "m2": .init(.area, 1),
    "rad": .init(.angle, 1), "deg": .init(.angle, Double.pi / 180),
    "CNY/J": .init(.energyPrice, 1), "CNY/kWh": .init(.energyPrice, 1 / 3.6e6), "CNY/MWh": .init(.energyPrice, 1 / 3.6e9),
    "CNY": .init(.money, 1), "kCNY": .init(.money, 1e3),
    "CNY/W": .init(.powerPrice, 1), "CNY/kW": .init(.powerPrice, 1e-3),
    "CNY/kg": .init(.massPrice, 1), "CNY/t": .init(.massPrice, 1e-3),
    "kg/J": .init(.emissionIntensity, 1), "kg/kWh": .init(.emissionIntensity, 1 / 3.6e6),
    "g/kWh": .init(.emissionIntensity, 1e-3 / 3.6e6), "t/MWh": .init(.emissionIntensity, 1 / 3.6e6),
  ]

  /// The unit a key suffix names: `_per_` stands for `/` (`flow_kg_per_h` -> `kg/h`).
  static func symbol(forKeySuffix suffix: String) -> String {
    var result = ""
    var rest = Substring(suffix)
    while let range = rest.range(of: "_per_") {
      result += rest[..<range.lowerBound] + "/"
      rest = rest[range.upperBound...]
    }
    return result + rest
  }
}

/// Why a quantity could not be read.
enum QuantityProblem: Error, Equatable {
  case notANumber
  case unknownUnit(String)
  case wrongDimension(String, PhysicalDimension)
  case missingUnit
}

/// Reads `"35.75 kWp"` (or `"15min"`) as an SI value of `dimension`; a bare number is accepted only for
/// fractions or when `unitFromKey` supplies the unit.
func parseQuantity(_ text: String, dimension: PhysicalDimension, unitFromKey: PhysicalUnit?) throws(QuantityProblem)
  -> Double
{
  let trimmed = text.trimmingWhitespace()
  var split = trimmed.startIndex
  for index in trimmed.indices {
    let c = trimmed[index]
    if c.isNumber || c == "." || c == "-" || c == "+" || ((c == "e" || c == "E") && index != trimmed.startIndex) {
      split = trimmed.index(after: index)
      // "e" followed by a letter other than a digit/sign is the start of a unit, not an exponent.
      if (c == "e" || c == "E"), split < trimmed.endIndex, !(trimmed[split].isNumber || trimmed[split] == "-" || trimmed[split] == "+") {
        split = index
        break
      }
    } else {
      break
    }
  }
  guard let number = Double(trimmed[..<split]), number.isFinite else { throw .notANumber }
  let symbol = trimmed[split...].trimmingWhitespace()
  if symbol.isEmpty {
    if let unitFromKey { return number * unitFromKey.factor + unitFromKey.offset }
    if dimension == .fraction || dimension == .coefficient { return number }
    throw .missingUnit
  }
  guard unitFromKey == nil else { throw .unknownUnit(symbol) }
  guard let unit = PhysicalUnit.table[symbol] else { throw .unknownUnit(symbol) }
  guard unit.dimension == dimension else { throw .wrongDimension(symbol, unit.dimension) }
  return number * unit.factor + unit.offset
}

extension StringProtocol {
  func trimmingWhitespace() -> String {
    String(drop { $0.isWhitespace }.reversed().drop { $0.isWhitespace }.reversed())
  }
}
