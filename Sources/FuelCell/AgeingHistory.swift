/// A measured ageing history of a stack, in SI units: what calibration and remaining-useful-life
/// estimation consume (e.g. from the FCLAB IEEE PHM 2014 data challenge files).
public struct AgeingHistory: Sendable, Equatable {
  /// Time since the start of the test, s.
  public var time: [Double] = []
  /// Stack voltage, V.
  public var stackVoltage: [Double] = []
  /// Cell voltages, V, one array per cell (may be empty).
  public var cellVoltages: [[Double]] = []
  /// Stack current, A.
  public var current: [Double] = []
  /// Current density, A/m2.
  public var currentDensity: [Double] = []
  /// Coolant outlet temperature (the stack temperature proxy), K.
  public var temperature: [Double] = []
  /// Hydrogen inlet pressure, Pa.
  public var hydrogenPressure: [Double] = []
  /// Air inlet pressure, Pa.
  public var airPressure: [Double] = []
  /// Hydrogen inlet flow, m3/s (as measured, normal conditions).
  public var hydrogenFlow: [Double] = []
  /// Air inlet flow, m3/s.
  public var airFlow: [Double] = []

  /// An empty history.
  public init() {}

  /// The number of samples.
  public var count: Int { time.count }
}
