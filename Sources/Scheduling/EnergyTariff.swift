/// A periodic, piecewise-constant energy price (a time-of-use tariff): within each period (a day, a
/// week) the price changes at fixed offsets. Prices in currency per joule (SI; 1 CNY/kWh = 1 / 3.6e6
/// CNY/J), times in seconds.
public struct EnergyTariff: Sendable, Equatable {
  /// A price in force from `start` (offset in the period) to the next band's start.
  public struct Band: Sendable, Equatable {
    /// Offset in the period, s.
    public var start: Double
    /// Price, currency/J.
    public var price: Double

    /// Creates a band.
    public init(start: Double, price: Double) {
      self.start = start
      self.price = price
    }
  }

  /// The period, s.
  public let period: Double
  /// The bands, sorted, the first starting at 0, neighbours with different prices.
  public let bands: [Band]
  /// The integral of the price from the period's start to each band's start, currency s/J.
  private let integralAtBand: [Double]
  /// The integral over one period.
  private let integralPerPeriod: Double

  /// Creates a tariff from bands within `period` (sorted here; a band at 0 is required; neighbours of
  /// equal price are merged).
  ///
  /// - Precondition: a positive period, a band at offset 0, all offsets in `[0, period)`.
  public init(period: Double, bands: [Band]) {
    let sorted = bands.sorted { $0.start < $1.start }
    precondition(period > 0 && sorted.first?.start == 0 && sorted.allSatisfy { $0.start < period }, "bands need offsets in [0, period), one at 0")
    var merged: [Band] = []
    for band in sorted where merged.last?.price != band.price { merged.append(band) }
    var integral: [Double] = []
    var total = 0.0
    for (i, band) in merged.enumerated() {
      integral.append(total)
      total += band.price * ((i + 1 < merged.count ? merged[i + 1].start : period) - band.start)
    }
    self.period = period
    self.bands = merged
    integralAtBand = integral
    integralPerPeriod = total
  }

  /// The price at time `t`, currency/J.
  public func price(at t: Double) -> Double { bands[band(at: t.positiveRemainder(period))].price }

  /// The cost of drawing `power` (W) over `[from, to]`, currency.
  public func cost(power: Double, from: Double, to: Double) -> Double { power * (integral(to) - integral(from)) }

  /// The times in the open interval `(from, to)` at which the price changes, ascending.
  public func changes(from: Double, to: Double) -> [Double] {
    var result: [Double] = []
    var base = (from / period).rounded(.down) * period
    while base < to {
      for band in bands where base + band.start > from && base + band.start < to { result.append(base + band.start) }
      base += period
    }
    return result
  }

  /// The integral of the price from time 0 to `t`.
  private func integral(_ t: Double) -> Double {
    let periods = (t / period).rounded(.down)
    let offset = t - periods * period
    let b = band(at: offset)
    return periods * integralPerPeriod + integralAtBand[b] + bands[b].price * (offset - bands[b].start)
  }

  /// The band in force at `offset` in the period (binary search).
  private func band(at offset: Double) -> Int {
    var (low, high) = (0, bands.count - 1)
    while low < high {
      let middle = (low + high + 1) / 2
      if bands[middle].start <= offset { low = middle } else { high = middle - 1 }
    }
    return low
  }
}

extension Double {
  /// The remainder of division by `divisor` in `[0, divisor)`.
  fileprivate func positiveRemainder(_ divisor: Double) -> Double {
    let r = truncatingRemainder(dividingBy: divisor)
    return r < 0 ? r + divisor : r
  }
}
