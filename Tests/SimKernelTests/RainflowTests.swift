import SimKernel
import Testing

@Suite("Rainflow cycle counting")
struct RainflowTests {
  @Test("Rainflow counting reproduces ASTM E1049-85's worked example")
  func astmExample() {
    // ASTM E1049-85, fig. 6: ranges 3 (0.5), 4 (1.5), 6 (0.5), 8 (1.0), 9 (0.5); the PyPI package
    // `rainflow` gives the same.
    let cycles = rainflowCycles([-2, 1, -3, 5, -1, 3, -4, 4, -2])
    var byRange: [Double: Double] = [:]
    for cycle in cycles { byRange[cycle.range, default: 0] += cycle.count }
    #expect(byRange == [3: 0.5, 4: 1.5, 6: 0.5, 8: 1.0, 9: 0.5])
    // Conservation: every reversal-to-reversal half range is counted once.
    #expect(cycles.reduce(0) { $0 + $1.count * 2 } == 8)
  }

  @Test("Monotone stretches and repeated values are reduced to reversals first")
  func reversals() {
    let cycles = rainflowCycles([0, 1, 2, 2, 3, 1, 1, 0, 3])
    var byRange: [Double: Double] = [:]
    for cycle in cycles { byRange[cycle.range, default: 0] += cycle.count }
    #expect(byRange == rainflowCycles([0, 3, 0, 3]).reduce(into: [Double: Double]()) { $0[$1.range, default: 0] += $1.count })
  }
}
