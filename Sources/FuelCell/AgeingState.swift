import CGSL
import Foundation

/// The ageing state of one cell: the catalyst's particle-size bins, their oxide coverage, dissolved and
/// lost platinum, the membrane thickness and the contact resistance.
public struct AgeingState: Sendable, Equatable {
  /// Particles per bin, per m2 of electrode (fixed: particles shrink or grow, their number does not
  /// change).
  public var particleCounts: [Double]
  /// Particle radius per bin, m.
  public var radii: [Double]
  /// Oxide coverage per bin (0...1).
  public var oxideCoverages: [Double]
  /// Dissolved platinum in the catalyst-layer ionomer, mol/m3.
  public var dissolvedPlatinum: Double
  /// Platinum lost to the membrane, mol/m2 of electrode.
  public var lostPlatinum: Double
  /// Membrane thickness, m.
  public var membraneThickness: Double
  /// Contact and ionomer resistance, ohm m2.
  public var contactResistance: Double

  /// The fresh cell: a lognormal number distribution of radii cut into bins of equal particle counts
  /// (each bin at its quantile midpoint), scaled to the catalyst's platinum loading.
  public init(catalyst: CatalystParameters, membrane: MembraneParameters) {
    precondition(catalyst.bins >= 1, "the catalyst needs at least one size bin")
    let bins = catalyst.bins
    radii = (0..<bins).map { bin in
      let quantile = (Double(bin) + 0.5) / Double(bins)
      return catalyst.medianRadius * exp(catalyst.radiusSpread * gsl_cdf_ugaussian_Pinv(quantile))
    }
    let molesPerParticleSet = radii.reduce(0) { $0 + 4 / 3 * Double.pi * $1 * $1 * $1 } / catalyst.molarVolume
    particleCounts = Array(repeating: catalyst.platinumAmount / molesPerParticleSet, count: bins)
    oxideCoverages = Array(repeating: 0, count: bins)
    dissolvedPlatinum = 0
    lostPlatinum = 0
    membraneThickness = membrane.initialThickness
    contactResistance = membrane.contactResistance
  }

  /// Electrochemical surface area, m2 of platinum per m2 of electrode (the roughness factor).
  public var surfaceArea: Double {
    zip(particleCounts, radii).reduce(0) { $0 + $1.0 * 4 * Double.pi * $1.1 * $1.1 }
  }

  /// Platinum in the particles, mol/m2 of electrode, for a molar volume `molarVolume` (m3/mol).
  public func particlePlatinum(molarVolume: Double) -> Double {
    zip(particleCounts, radii).reduce(0) { $0 + $1.0 * 4 / 3 * Double.pi * $1.1 * $1.1 * $1.1 } / molarVolume
  }

  /// Number-mean particle radius, m.
  public var meanRadius: Double {
    zip(particleCounts, radii).reduce(0) { $0 + $1.0 * $1.1 } / particleCounts.reduce(0, +)
  }

  /// The membrane's and contacts' area-specific resistance, ohm m2.
  public func areaSpecificResistance(membrane: MembraneParameters) -> Double {
    membraneThickness / membrane.conductivity + contactResistance
  }
}
