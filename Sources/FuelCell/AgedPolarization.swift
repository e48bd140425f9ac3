import ODE

/// The fresh cell's polarization parameters per unit area, in the Larminie-Dicks form
/// (``LarminieDicksModel``), which ageing then modifies.
///
/// Defaults: the Larminie-Dicks test vector (OPEM) referred to a 50 cm2 cell (the area is an
/// assumption): E0 = 1.178 V, A = 0.06 V, i0 = 6.54 mA over 50 cm2, iL = 100 A over 50 cm2, at 80 C.
public struct CellPerformance: Sendable, Equatable {
  /// Reversible voltage, V.
  public var openCircuitVoltage: Double = 1.178
  /// Tafel slope `A`, V.
  public var tafelSlope: Double = 0.06
  /// Exchange current density of the fresh catalyst, A/m2 of electrode.
  public var exchangeCurrentDensity: Double = 6.54e-3 / 50e-4
  /// Limiting current density, A/m2.
  public var limitingCurrentDensity: Double = 100 / 50e-4
  /// Active area of one cell, m2.
  public var activeArea: Double = 50e-4
  /// Current density at which the end-of-life voltage loss is judged (rated), A/m2.
  public var ratedCurrentDensity: Double = 1e4
  /// Cell temperature, K.
  public var temperature: Double = 353.15

  /// The default cell.
  public init() {}
}

/// A stack: identical cells in series.
public struct StackDesign: Sendable, Equatable {
  /// Cells in series.
  public var cells: Int
  /// The cell.
  public var cell: CellPerformance

  /// Creates a stack.
  public init(cells: Int, cell: CellPerformance = CellPerformance()) {
    precondition(cells >= 1, "a stack has at least one cell")
    self.cells = cells
    self.cell = cell
  }
}

extension CellPerformance {
  /// The polarization curve of a cell in `state`: the exchange current scales with the remaining
  /// surface area (`i0 ECSA / ECSA0`, so the activation loss grows by `A ln(ECSA0 / ECSA)`), crossover
  /// hydrogen is the internal current, and the resistance is the area-specific resistance over the area.
  public func polarization(
    of state: AgeingState, freshSurfaceArea: Double, membrane: MembraneParameters
  ) -> LarminieDicksModel {
    LarminieDicksModel(
      openCircuitVoltage: openCircuitVoltage, tafelSlope: tafelSlope,
      resistance: state.areaSpecificResistance(membrane: membrane) / activeArea,
      exchangeCurrent: exchangeCurrentDensity * activeArea * state.surfaceArea / freshSurfaceArea,
      limitingCurrent: limitingCurrentDensity * activeArea,
      internalCurrent: membrane.crossoverCurrentDensity(thickness: state.membraneThickness) * activeArea,
      temperature: temperature)
  }
}

extension LarminieDicksModel {
  /// The cathode potential vs RHE at `current` (A): the cell voltage with the ohmic drop added back,
  /// capped at the reversible voltage.
  public func cathodePotential(current: Double) -> Double {
    min(cellVoltage(current: current) + resistance * (current + internalCurrent), openCircuitVoltage)
  }

  /// The current (A) at which `cells` cells deliver `power` (W), on the rising branch of the power
  /// curve; `nil` if the stack cannot deliver it (beyond the peak, or an aged curve without a finite one).
  ///
  /// The power peak is where `d(V i)/di = V + i dV/di` changes sign; both it and the operating point are
  /// found with Brent's method (GSL), to 1e-10 of the limiting current.
  public func current(forStackPower power: Double, cells: Int) -> Double? {
    guard power > 0 else { return 0 }
    let b = massTransferConstant ?? concentrationConstant(temperature: temperature)
    let top = (limitingCurrent - internalCurrent) * (1 - 1e-12)
    let tolerance = 1e-10 * limitingCurrent
    let slope = { (i: Double) -> Double in
      let total = i + internalCurrent
      let dV = -tafelSlope / total - resistance - b / (limitingCurrent - total)
      return cellVoltage(current: i) + i * dV
    }
    guard top > 0, let peak = brentBracket(in: 0, top, tolerance: tolerance, slope)?.lower,
      stackPower(current: peak, cells: cells) >= power,
      let bracket = brentBracket(in: 0, peak, tolerance: tolerance, { stackPower(current: $0, cells: cells) - power })
    else { return nil }
    return (bracket.lower + bracket.upper) / 2
  }
}
