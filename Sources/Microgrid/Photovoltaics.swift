import Foundation

/// Irradiance components on a horizontal plane, W/m².
public struct Irradiance: Sendable, Equatable {
  /// Global horizontal irradiance.
  public var global: Double
  /// Direct normal irradiance.
  public var directNormal: Double
  /// Diffuse horizontal irradiance.
  public var diffuse: Double

  /// Creates the components.
  public init(global: Double, directNormal: Double, diffuse: Double) {
    self.global = global
    self.directNormal = directNormal
    self.diffuse = diffuse
  }

  /// Splits a global horizontal value into direct and diffuse with the Erbs, Klein and Duffie correlation
  /// (Solar Energy 28(4):293-302, 1982) for the diffuse fraction as a function of the clearness index
  /// `kt = GHI / (1367 W/m² cos zenith)`.
  public static func erbs(global: Double, zenith: Double) -> Irradiance {
    let cosZenith = cos(zenith * .pi / 180)
    guard global > 0, cosZenith > 0.0175 else { return Irradiance(global: max(0, global), directNormal: 0, diffuse: max(0, global)) }
    let kt = min(1, global / (solarConstant * cosZenith))
    let diffuseFraction: Double =
      if kt <= 0.22 { 1 - 0.09 * kt }
      else if kt <= 0.8 { 0.9511 - 0.1604 * kt + 4.388 * kt * kt - 16.638 * pow(kt, 3) + 12.336 * pow(kt, 4) }
      else { 0.165 }
    let diffuse = global * diffuseFraction
    return Irradiance(global: global, directNormal: (global - diffuse) / cosZenith, diffuse: diffuse)
  }

  /// Clear-sky global horizontal irradiance by Haurwitz (J. Meteorology 2:1-8, 1945):
  /// `1098 cos z exp(-0.059 / cos z)` W/m², zero with the sun below the horizon.
  public static func haurwitzClearSky(zenith: Double) -> Double {
    let cosZenith = cos(zenith * .pi / 180)
    return cosZenith > 0 ? 1098 * cosZenith * exp(-0.059 / cosZenith) : 0
  }

  /// The solar constant used by the Erbs correlation, W/m².
  public static let solarConstant = 1367.0
}

/// A PV array and inverter as PVWatts version 5 models them (Dobos, NREL/TP-6A20-62641, 2014): isotropic
/// plane-of-array irradiance, DC power linear in irradiance with a temperature coefficient, NOCT cell
/// temperature, and the PVWatts part-load inverter curve clipped at the AC rating.
public struct PVArray: Sendable, Equatable {
  /// DC rating at 1000 W/m² and 25 °C, kW.
  public var ratedDC: Double
  /// Surface tilt from horizontal, degrees.
  public var tilt: Double
  /// Surface azimuth clockwise from north, degrees (180 faces south).
  public var azimuth: Double
  /// Power temperature coefficient, 1/K (PVWatts "standard" module: -0.0047).
  public var temperatureCoefficient: Double
  /// Nominal operating cell temperature, °C.
  public var noct: Double
  /// DC system losses (soiling, wiring, mismatch...), fraction (PVWatts default 0.14).
  public var losses: Double
  /// Inverter nominal efficiency (PVWatts default 0.96).
  public var inverterEfficiency: Double
  /// DC-to-AC ratio (PVWatts default 1.2); the inverter's AC rating is `ratedDC / dcToAC`.
  public var dcToAC: Double
  /// Ground reflectance (albedo).
  public var albedo: Double

  /// Creates an array with PVWatts' defaults.
  public init(
    ratedDC: Double, tilt: Double, azimuth: Double = 180, temperatureCoefficient: Double = -0.0047, noct: Double = 45,
    losses: Double = 0.14, inverterEfficiency: Double = 0.96, dcToAC: Double = 1.2, albedo: Double = 0.2
  ) {
    self.ratedDC = ratedDC
    self.tilt = tilt
    self.azimuth = azimuth
    self.temperatureCoefficient = temperatureCoefficient
    self.noct = noct
    self.losses = losses
    self.inverterEfficiency = inverterEfficiency
    self.dcToAC = dcToAC
    self.albedo = albedo
  }

  /// Plane-of-array irradiance by the isotropic-sky model (Liu and Jordan 1963):
  /// `DNI cos(AOI) + DHI (1 + cos tilt) / 2 + GHI albedo (1 - cos tilt) / 2`, W/m².
  public func planeOfArray(_ irradiance: Irradiance, sun: SolarPosition) -> Double {
    let r = Double.pi / 180
    let cosIncidence =
      cos(sun.zenith * r) * cos(tilt * r) + sin(sun.zenith * r) * sin(tilt * r) * cos((sun.azimuth - azimuth) * r)
    let beam = sun.zenith < 90 ? irradiance.directNormal * max(0, cosIncidence) : 0
    return beam + irradiance.diffuse * (1 + cos(tilt * r)) / 2 + irradiance.global * albedo * (1 - cos(tilt * r)) / 2
  }

  /// Cell temperature from the NOCT model: `T_air + POA (NOCT - 20) / 800`, °C.
  public func cellTemperature(planeOfArray: Double, airTemperature: Double) -> Double {
    airTemperature + planeOfArray * (noct - 20) / 800
  }

  /// DC power, kW: `P_dc0 (POA / 1000) (1 + gamma (T_cell - 25)) (1 - losses)`.
  public func dcPower(planeOfArray: Double, cellTemperature: Double) -> Double {
    max(0, ratedDC * planeOfArray / 1000 * (1 + temperatureCoefficient * (cellTemperature - 25)) * (1 - losses))
  }

  /// AC power, kW, from the PVWatts v5 inverter curve `eta = eta_nom / 0.9637 (-0.0162 z - 0.0059 / z + 0.9858)`
  /// with `z` the DC power over the inverter's DC rating, clipped at the AC rating.
  public func acPower(dc: Double) -> Double {
    let acRating = ratedDC / dcToAC
    let dcRating = acRating / inverterEfficiency
    guard dc > 0 else { return 0 }
    let z = dc / dcRating
    let efficiency = inverterEfficiency / 0.9637 * (-0.0162 * z - 0.0059 / z + 0.9858)
    return min(acRating, max(0, dc * efficiency))
  }

  /// AC power, kW, for the given weather and sun.
  public func acPower(_ irradiance: Irradiance, sun: SolarPosition, airTemperature: Double) -> Double {
    let poa = planeOfArray(irradiance, sun: sun)
    return acPower(dc: dcPower(planeOfArray: poa, cellTemperature: cellTemperature(planeOfArray: poa, airTemperature: airTemperature)))
  }
}
