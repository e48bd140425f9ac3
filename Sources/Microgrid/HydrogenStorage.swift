import HydrogenSupply

/// An electrolyser: electric power in, hydrogen out at a fixed specific energy.
///
/// Units as the rest of the module: kW, kWh, h, kg.
public struct Electrolyser: Sendable, Equatable {
  /// Electric rating, kW.
  public var rating: Double
  /// Electricity per kilogram of hydrogen at the system boundary, kWh/kg (assumed; current alkaline and
  /// PEM systems are quoted at about 50-60 kWh/kg).
  public var energyPerKg: Double
  /// Lowest stable load of a running electrolyser, fraction of the rating (> 0: unit commitment).
  public var minimumLoad: Double
  /// Power drawn in every step the electrolyser is committed (hot standby and balance of plant), kW
  /// (> 0: unit commitment).
  public var standbyPower: Double

  /// Creates an electrolyser.
  public init(rating: Double, energyPerKg: Double, minimumLoad: Double = 0, standbyPower: Double = 0) {
    precondition(rating >= 0 && energyPerKg > 0 && (0...1).contains(minimumLoad) && standbyPower >= 0, "invalid electrolyser")
    self.rating = rating
    self.energyPerKg = energyPerKg
    self.minimumLoad = minimumLoad
    self.standbyPower = standbyPower
  }

  /// Whether dispatching it needs on/off decisions (a MILP).
  public var needsCommitment: Bool { minimumLoad > 0 || standbyPower > 0 }
}

/// A compressed hydrogen tank: its level in kg between bounds; its pressure follows from the level by
/// the Abel-Noble equation of state (``HydrogenSupply/abelNoblePressure(density:temperature:)``).
public struct HydrogenTank: Sendable, Equatable {
  /// Most hydrogen it holds, kg.
  public var capacity: Double
  /// Least hydrogen it keeps (the pressure the fuel cells need), kg.
  public var minimumLevel: Double
  /// Hydrogen at the start, kg.
  public var initialLevel: Double
  /// Whether the horizon must end with at least the initial level (so a run cannot live off its stock).
  public var endAtLeastInitial: Bool
  /// Internal volume, m3.
  public var volume: Double
  /// Gas temperature, K.
  public var temperature: Double

  /// Creates a tank.
  public init(
    capacity: Double, minimumLevel: Double = 0, initialLevel: Double, endAtLeastInitial: Bool = true, volume: Double,
    temperature: Double = 288.15
  ) {
    precondition(0 <= minimumLevel && minimumLevel <= initialLevel && initialLevel <= capacity, "need 0 <= minimum <= initial <= capacity")
    precondition(volume > 0 && temperature > 0, "the tank needs a volume and a temperature")
    self.capacity = capacity
    self.minimumLevel = minimumLevel
    self.initialLevel = initialLevel
    self.endAtLeastInitial = endAtLeastInitial
    self.volume = volume
    self.temperature = temperature
  }

  /// The pressure at `level` kg, Pa.
  public func pressure(level: Double) -> Double {
    abelNoblePressure(density: level / volume, temperature: temperature)
  }
}

/// The park's hydrogen: an optional electrolyser filling a tank that the fuel cells draw from, topped
/// up by delivered hydrogen at a price.
public struct HydrogenStorage: Sendable, Equatable {
  /// The electrolyser, if any.
  public var electrolyser: Electrolyser?
  /// The tank.
  public var tank: HydrogenTank
  /// Price of delivered hydrogen, CNY/kg.
  public var purchasePrice: Double
  /// Most hydrogen delivered per hour, kg/h (0: none can be bought).
  public var purchaseLimit: Double

  /// Creates the storage.
  public init(electrolyser: Electrolyser? = nil, tank: HydrogenTank, purchasePrice: Double, purchaseLimit: Double = .infinity) {
    precondition(purchasePrice >= 0 && purchaseLimit >= 0, "invalid purchase terms")
    self.electrolyser = electrolyser
    self.tank = tank
    self.purchasePrice = purchasePrice
    self.purchaseLimit = purchaseLimit
  }
}
