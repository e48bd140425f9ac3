/// The membrane and the cell's ohmic path as they age.
///
/// - Hydrogen crosses the membrane by Fickian permeation, `N = psi p_H2 / delta` mol/(m2 s), and the
///   crossover shows as an internal current density `i_x = 2 F N` (Larminie and Dicks' `i_n`);
/// - chemical attack by radicals from the crossover gas thins the membrane in proportion to that flux,
///   `d delta / dt = -kappa N`, so `delta^2 = delta0^2 - 2 kappa psi p_H2 t` at fixed conditions: a
///   thinner membrane lets more hydrogen through and thins faster;
/// - the area-specific resistance is the membrane's `delta / sigma` plus a contact and ionomer part that
///   grows linearly while the cell runs (the linear ohmic rise of long-term tests).
///
/// Provenance of the defaults: a 25.4 um membrane (Nafion NR211); conductivity 10 S/m for a fully
/// humidified membrane at 80 C (Springer, Zawodzinski and Gottesfeld, J. Electrochem. Soc. 138 (1991)
/// 2334); permeability 2e-14 mol/(m s Pa), which gives the 1-2 mA/cm2 crossover measured on 25 um
/// membranes (Kocha, Yang and Yi, AIChE J. 52 (2006) 1916). The thinning coefficient and the contact
/// resistance growth are illustrative (about 20 % thinning and +60 % contact resistance over 10,000 h);
/// calibrate them to your stack.
public struct MembraneParameters: Sendable, Equatable {
  /// Initial membrane thickness, m.
  public var initialThickness: Double = 25.4e-6
  /// Hydrogen permeability, mol/(m s Pa).
  public var hydrogenPermeability: Double = 2e-14
  /// Hydrogen partial pressure at the anode, Pa.
  public var hydrogenPressure: Double = 1e5
  /// Thickness lost per mole of crossover hydrogen per unit area, m3/mol.
  public var thinningCoefficient: Double = 1.6e-9
  /// Proton conductivity of the membrane, S/m.
  public var conductivity: Double = 10
  /// Initial contact and ionomer resistance, ohm m2.
  public var contactResistance: Double = 1.5e-6
  /// Growth of the contact and ionomer resistance, ohm m2 per second of operation.
  public var contactResistanceGrowth: Double = 2.5e-14

  /// The default membrane.
  public init() {}

  /// Hydrogen crossover flux through a membrane of thickness `thickness` (m), mol/(m2 s).
  public func crossoverFlux(thickness: Double) -> Double { hydrogenPermeability * hydrogenPressure / thickness }

  /// The crossover as a current density, A/m2.
  public func crossoverCurrentDensity(thickness: Double) -> Double {
    2 * PhysicalConstants.faraday * crossoverFlux(thickness: thickness)
  }

  /// The thickness after `seconds` at fixed conditions: `sqrt(delta0^2 - 2 kappa psi p t)`, m (zero once
  /// the membrane is gone).
  public func thickness(after seconds: Double) -> Double {
    let squared = initialThickness * initialThickness
      - 2 * thinningCoefficient * hydrogenPermeability * hydrogenPressure * seconds
    return squared > 0 ? squared.squareRoot() : 0
  }
}
