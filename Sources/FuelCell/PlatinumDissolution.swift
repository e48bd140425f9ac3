import Foundation

/// The cathode catalyst of one cell: platinum nanoparticles on carbon that dissolve, re-deposit and are
/// lost to the membrane, after the kinetic model of Darling and Meyers (J. Electrochem. Soc. 150 (2003)
/// A1523) with a particle-size distribution in bins (Holby, Sheng, Shao-Horn and Morgan, Energy Environ.
/// Sci. 2 (2009) 865).
///
/// Two surface reactions on a particle of radius `r` at cathode potential `U` (V vs RHE):
/// - dissolution `Pt <-> Pt2+ + 2e-` on the oxide-free fraction `1 - theta`, Butler-Volmer:
///   `r1 = k1 (1 - theta) [exp(a1 n F eta1 / RT) - (c / c_ref) exp(-(1 - a1) n F eta1 / RT)]`,
///   `eta1 = U - U1(r)`, with the equilibrium potential lowered by the Gibbs-Thomson (Kelvin) term
///   `U1(r) = U1 - 2 sigma Omega / (n F r)` (Plieth, J. Phys. Chem. 86 (1982) 3166);
/// - oxide formation `Pt + H2O <-> PtO + 2H+ + 2e-` with a coverage-dependent (Frumkin) energy `omega`:
///   `r2 = k2 [exp(-omega theta / RT) exp(a2 n F eta2 / RT) - theta exp(-(1 - a2) n F eta2 / RT)]`,
///   `eta2 = U - U2`, at unit proton activity.
///
/// Units: SI (K, m, mol, J, V, s); rates are per unit platinum surface, mol/(m2 s).
///
/// Provenance of the defaults: `U1`, `U2` from Bard, Parsons and Jordan (*Standard Potentials in Aqueous
/// Solution*, 1985); platinum's molar mass and density from the CRC Handbook; the surface site density
/// from the Pt(111) atom density (1.5e19 m^-2; one site per surface atom); the surface energy 2.37 J/m2,
/// `k2`, `omega` and the transfer coefficients are the values commonly quoted from Darling and Meyers'
/// table. The dissolution constant `k1`, the ionomer volume and the mass-transfer coefficient to the
/// membrane are *illustrative*: chosen so that the EU 0.6/0.9 V square wave costs tens of percent of
/// surface area over 10^4 cycles, the range accelerated tests on Pt/C report. The paper's table could not
/// be re-read on the project machine; calibrate `k1` to your own ECSA data before quoting lives.
public struct CatalystParameters: Sendable, Equatable {
  /// Cell temperature, K.
  public var temperature: Double = 353.15
  /// Cathode platinum loading, kg/m2 (0.4 mg/cm2).
  public var platinumLoading: Double = 4e-3
  /// Median particle radius of the number distribution, m.
  public var medianRadius: Double = 1.5e-9
  /// Standard deviation of ln(radius) of the lognormal number distribution.
  public var radiusSpread: Double = 0.3
  /// Size bins the distribution is cut into (equal numbers of particles per bin).
  public var bins: Int = 8
  /// Surface energy of platinum, J/m2.
  public var surfaceEnergy: Double = 2.37
  /// Molar volume of platinum, m3/mol: 195.084 g/mol over 21.45 g/cm3.
  public var molarVolume: Double = 0.195_084 / 21_450
  /// Standard potential of `Pt <-> Pt2+ + 2e-`, V.
  public var dissolutionPotential: Double = 1.188
  /// Dissolution rate constant `k1`, mol/(m2 s) (illustrative; see the type's notes).
  public var dissolutionRateConstant: Double = 4e-9
  /// Anodic transfer coefficient of dissolution.
  public var dissolutionTransfer: Double = 0.5
  /// Standard potential of `Pt + H2O <-> PtO + 2H+ + 2e-`, V.
  public var oxidePotential: Double = 0.98
  /// Oxide formation rate constant `k2`, mol/(m2 s).
  public var oxideRateConstant: Double = 1.36e-7
  /// Anodic transfer coefficient of oxide formation.
  public var oxideTransfer: Double = 0.5
  /// Frumkin interaction energy of the oxide, J/mol.
  public var oxideInteraction: Double = 3e4
  /// Platinum surface sites, mol/m2.
  public var siteDensity: Double = 1.5e19 / 6.022_140_76e23
  /// Reference concentration of dissolved platinum, mol/m3 (1 mol/L).
  public var referenceConcentration: Double = 1_000
  /// Ionomer volume of the catalyst layer per electrode area, m3/m2 (10 um layer, 30 % ionomer;
  /// illustrative).
  public var ionomerVolume: Double = 3e-6
  /// Mass-transfer coefficient of dissolved platinum into the membrane, where crossover hydrogen
  /// reduces it to a band of lost platinum, m/s (diffusivity 1e-10 m2/s over 10 um; illustrative).
  public var membraneTransfer: Double = 1e-5

  /// The default catalyst.
  public init() {}

  /// `F / (R T)`, 1/V.
  var inverseThermalVoltage: Double { PhysicalConstants.faraday / (PhysicalConstants.gas * temperature) }

  /// The dissolution equilibrium potential of a particle of radius `radius` (m), V: the bulk value
  /// lowered by the Gibbs-Thomson term `2 sigma Omega / (2 F r)` (two electrons).
  public func dissolutionEquilibrium(radius: Double) -> Double {
    dissolutionPotential - surfaceEnergy * molarVolume / (PhysicalConstants.faraday * radius)
  }

  /// The net dissolution rate on one unit of platinum surface, mol/(m2 s) (negative: deposition).
  ///
  /// - Parameters:
  ///   - potential: cathode potential, V vs RHE.
  ///   - radius: particle radius, m.
  ///   - coverage: oxide coverage `theta` (0...1).
  ///   - concentration: dissolved platinum in the ionomer, mol/m3.
  @inline(__always)
  public func dissolutionRate(potential: Double, radius: Double, coverage: Double, concentration: Double) -> Double {
    let f = 2 * inverseThermalVoltage * (potential - dissolutionEquilibrium(radius: radius))
    return dissolutionRateConstant * (1 - coverage)
      * (exp(dissolutionTransfer * f) - concentration / referenceConcentration * exp(-(1 - dissolutionTransfer) * f))
  }

  /// The net oxide formation rate, mol/(m2 s) (negative: oxide reduction).
  @inline(__always)
  public func oxideRate(potential: Double, coverage: Double) -> Double {
    let f = 2 * inverseThermalVoltage * (potential - oxidePotential)
    let frumkin = exp(-oxideInteraction * coverage / (PhysicalConstants.gas * temperature))
    return oxideRateConstant * (frumkin * exp(oxideTransfer * f) - coverage * exp(-(1 - oxideTransfer) * f))
  }

  /// Total platinum, mol/m2 of electrode.
  public var platinumAmount: Double { platinumLoading / 0.195_084 }
}
