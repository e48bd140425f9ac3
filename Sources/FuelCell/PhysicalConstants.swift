/// Physical constants used by the fuel-cell models (CODATA 2018, Tiesinga et al., Rev. Mod. Phys. 93
/// (2021) 025010; molar mass from IUPAC 2013 standard atomic weights).
public enum PhysicalConstants {
  /// Faraday constant, C/mol.
  public static let faraday = 96_485.332_12
  /// Molar gas constant, J/(mol K).
  public static let gas = 8.314_462_618
  /// Molar mass of H2, kg/mol.
  public static let hydrogenMolarMass = 2.015_88e-3
  /// Higher heating value of hydrogen expressed as a cell voltage, V: the enthalpy of formation of liquid
  /// water over 2F (Larminie and Dicks, Fuel Cell Systems Explained, 2nd ed., 2003, section 2.5).
  public static let higherHeatingValueVoltage = 1.482
}
