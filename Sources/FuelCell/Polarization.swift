import Foundation

/// A steady-state polarization curve: cell voltage as a function of current.
public protocol PolarizationModel: Sendable {
  /// The voltage of one cell at `current` (A), V.
  func cellVoltage(current: Double) -> Double
}

extension PolarizationModel {
  /// The voltage of `cells` cells in series at `current`, V.
  public func stackVoltage(current: Double, cells: Int) -> Double { Double(cells) * cellVoltage(current: current) }

  /// Electric power of `cells` cells at `current`, W.
  public func stackPower(current: Double, cells: Int) -> Double { stackVoltage(current: current, cells: cells) * current }

  /// Efficiency relative to hydrogen's higher heating value, `mu_f V / 1.482 V`, with fuel utilisation
  /// `mu_f` (Larminie and Dicks 2003, eq. 2.20; OPEM uses mu_f = 0.95).
  public func efficiency(current: Double, fuelUtilisation: Double = 0.95) -> Double {
    fuelUtilisation * cellVoltage(current: current) / PhysicalConstants.higherHeatingValueVoltage
  }
}

/// Hydrogen consumed by `cells` cells at `current`: `N I / (2F)` mol/s times the molar mass, kg/s
/// (Faraday's law; Larminie and Dicks 2003, appendix 2).
public func hydrogenConsumption(current: Double, cells: Int) -> Double {
  Double(cells) * current / (2 * PhysicalConstants.faraday) * PhysicalConstants.hydrogenMolarMass
}

/// The concentration-loss constant `B = R T / (n F)` with n = 2 electrons per H2, V.
public func concentrationConstant(temperature: Double) -> Double {
  PhysicalConstants.gas * temperature / (2 * PhysicalConstants.faraday)
}

/// Amphlett's semi-empirical PEM cell model (Amphlett et al., J. Electrochem. Soc. 142 (1995) 1 and 9;
/// Mann et al., J. Power Sources 86 (2000) 173), as implemented by OPEM:
/// `V = E_Nernst - eta_act - eta_ohmic - eta_conc`.
///
/// Units: SI at the interface (K, Pa, m2, m, A/m2, ohm); the empirical correlations are written in the
/// units they were fitted in (atm, cm, A/cm2) and converted inside.
public struct AmphlettModel: PolarizationModel, Sendable, Equatable {
  /// Cell temperature, K.
  public var temperature: Double
  /// Hydrogen partial pressure, Pa.
  public var hydrogenPressure: Double
  /// Oxygen partial pressure, Pa.
  public var oxygenPressure: Double
  /// Active area, m2.
  public var area: Double
  /// Membrane thickness, m.
  public var membraneThickness: Double
  /// Membrane water content lambda (14 to 23; Mann et al. 2000).
  public var waterContent: Double
  /// Limiting current density, A/m2.
  public var maximumCurrentDensity: Double
  /// Electronic (contact) resistance, ohm.
  public var electronicResistance: Double
  /// Concentration-loss constant, V; `nil` for `RT/(2F)`.
  public var concentrationParameter: Double?

  /// Creates the model; the defaults are OPEM's standard test vector (a 50.6 cm2 cell with Nafion 117).
  public init(
    temperature: Double = 343.15, hydrogenPressure: Double = 101_325, oxygenPressure: Double = 101_325,
    area: Double = 50.6e-4, membraneThickness: Double = 178e-6, waterContent: Double = 23,
    maximumCurrentDensity: Double = 1.5e4, electronicResistance: Double = 0, concentrationParameter: Double? = nil
  ) {
    self.temperature = temperature
    self.hydrogenPressure = hydrogenPressure
    self.oxygenPressure = oxygenPressure
    self.area = area
    self.membraneThickness = membraneThickness
    self.waterContent = waterContent
    self.maximumCurrentDensity = maximumCurrentDensity
    self.electronicResistance = electronicResistance
    self.concentrationParameter = concentrationParameter
  }

  private static let atmosphere = 101_325.0
  /// Amphlett's activation coefficients (Mann et al. 2000, table 2).
  private static let (xi1, xi3, xi4) = (-0.948, 7.6e-5, -1.93e-4)

  /// Reversible voltage `1.229 - 8.5e-4 (T - 298.15) + 4.308e-5 T (ln pH2 + ln pO2 / 2)` (pressures in
  /// atm), V (Amphlett et al. 1995, eq. 8).
  public var nernstVoltage: Double {
    let (pH2, pO2) = (hydrogenPressure / Self.atmosphere, oxygenPressure / Self.atmosphere)
    return 1.229 - 8.5e-4 * (temperature - 298.15) + 4.308e-5 * temperature * (log(pH2) + 0.5 * log(pO2))
  }

  /// Activation loss `-(xi1 + xi2 T + xi3 T ln c_O2 + xi4 T ln i)` with the interfacial concentrations
  /// `c_O2 = pO2 / (5.08e6 exp(-498/T))`, `c_H2 = pH2 / (1.09e6 exp(77/T))` (mol/cm3) and
  /// `xi2 = 0.00286 + 0.0002 ln A + 4.3e-5 ln c_H2` (A in cm2), V (Mann et al. 2000, eqs. 11-14).
  public func activationLoss(current: Double) -> Double {
    guard current > 0 else { return 0 }
    let t = temperature
    let cO2 = oxygenPressure / Self.atmosphere / (5.08e6 * exp(-498 / t))
    let cH2 = hydrogenPressure / Self.atmosphere / (1.09e6 * exp(77 / t))
    let xi2 = 0.00286 + 0.0002 * log(area * 1e4) + 4.3e-5 * log(cH2)
    return -(Self.xi1 + xi2 * t + Self.xi3 * t * log(cO2) + Self.xi4 * t * log(current))
  }

  /// Membrane resistivity `181.6 (1 + 0.03 J + 0.062 (T/303)^2 J^2.5) / ((lambda - 0.634 - 3 J) exp(4.18 (T - 303)/T))`
  /// with J in A/cm2, ohm cm (Mann et al. 2000, eq. 19, after Springer et al. 1991).
  public func membraneResistivity(current: Double) -> Double {
    let j = current / (area * 1e4)
    let t = temperature
    return 181.6 * (1 + 0.03 * j + 0.062 * (t / 303) * (t / 303) * pow(j, 2.5))
      / ((waterContent - 0.634 - 3 * j) * exp(4.18 * (t - 303) / t))
  }

  /// Ohmic loss `i (rho l / A + R_electronic)`, V.
  public func ohmicLoss(current: Double) -> Double {
    guard current > 0 else { return 0 }
    let membrane = membraneResistivity(current: current) * (membraneThickness * 100) / (area * 1e4)
    return current * (membrane + electronicResistance)
  }

  /// Concentration loss `-B ln(1 - J / J_max)`, V (Mann et al. 2000, eq. 21); infinite at the limit.
  public func concentrationLoss(current: Double) -> Double {
    guard current > 0 else { return 0 }
    let b = concentrationParameter ?? concentrationConstant(temperature: temperature)
    let ratio = current / area / maximumCurrentDensity
    return ratio < 1 ? -b * log(1 - ratio) : .infinity
  }

  /// The current at the limiting current density, A.
  public var limitingCurrent: Double { maximumCurrentDensity * area }

  /// `E_Nernst - eta_act - eta_ohmic - eta_conc` at `current` (A), V.
  public func cellVoltage(current: Double) -> Double {
    nernstVoltage - activationLoss(current: current) - ohmicLoss(current: current) - concentrationLoss(current: current)
  }
}

/// Larminie and Dicks' empirical polarization curve (Fuel Cell Systems Explained, 2nd ed., 2003,
/// eq. 3.14, with OPEM's concentration term):
/// `V = E0 - A ln((i + i_n)/i_0) - R (i + i_n) + B ln(1 - (i + i_n)/i_L)`.
public struct LarminieDicksModel: PolarizationModel, Sendable, Equatable {
  /// Reversible no-loss voltage, V.
  public var openCircuitVoltage: Double
  /// Tafel slope, V.
  public var tafelSlope: Double
  /// Membrane and contact resistance, ohm.
  public var resistance: Double
  /// Exchange current, A.
  public var exchangeCurrent: Double
  /// Limiting current, A.
  public var limitingCurrent: Double
  /// Internal (crossover) current, A.
  public var internalCurrent: Double
  /// Cell temperature, K (sets `B = RT/(2F)` unless `massTransferConstant` is given).
  public var temperature: Double
  /// The mass-transfer constant B, V; `nil` for `RT/(2F)`.
  public var massTransferConstant: Double?

  /// Creates the model (defaults: the values in the issue, after OPEM's test vector).
  public init(
    openCircuitVoltage: Double = 1.178, tafelSlope: Double = 0.06, resistance: Double = 0.0018,
    exchangeCurrent: Double = 0.00654, limitingCurrent: Double = 100, internalCurrent: Double = 0.23,
    temperature: Double = 328.15, massTransferConstant: Double? = nil
  ) {
    self.openCircuitVoltage = openCircuitVoltage
    self.tafelSlope = tafelSlope
    self.resistance = resistance
    self.exchangeCurrent = exchangeCurrent
    self.limitingCurrent = limitingCurrent
    self.internalCurrent = internalCurrent
    self.temperature = temperature
    self.massTransferConstant = massTransferConstant
  }

  /// The Larminie-Dicks voltage at `current` (A), V; minus infinity at or beyond the limiting current.
  public func cellVoltage(current: Double) -> Double {
    let total = current + internalCurrent
    let b = massTransferConstant ?? concentrationConstant(temperature: temperature)
    let ratio = total / limitingCurrent
    guard ratio < 1 else { return -.infinity }
    return openCircuitVoltage - tafelSlope * log(total / exchangeCurrent) - resistance * total + b * log(1 - ratio)
  }
}
