import FuelCell
import Testing

@Suite("Load profiles")
struct LoadProfileTests {
  @Test("The EU square wave: 40 s period, 10 s at 0.6 V and 30 s at 0.9 V")
  func euProtocol() {
    let profile = LoadProfile.euSquareWave(cycles: 3)
    #expect(profile.duration == 120 && profile.quantity == .cellPotential)
    #expect(profile.value(at: 0) == 0.6 && profile.value(at: 9.99) == 0.6 && profile.value(at: 10) == 0.9)
    #expect(profile.value(at: 39.9) == 0.9 && profile.value(at: 40) == 0.6)
    var timeAtHigh = 0.0
    for i in 0..<(profile.times.count - 1) where profile.values[i] == 0.9 { timeAtHigh += profile.times[i + 1] - profile.times[i] }
    #expect(timeAtHigh == 90)
  }

  @Test("A city-bus route's operating modes follow from its parameters")
  func cityBus() {
    let bus = LoadProfile.cityBus(stops: 30, stopSpacing: 120, dwell: 30, acceleration: 15, idlePower: 4_000, peakPower: 75_000, cruisePower: 35_000)
    let modes = bus.operatingModes(ratedPower: 80_000)
    #expect(bus.duration == 3600)
    #expect(modes.startStops == 1)
    #expect(modes.idleTime == 30 * 30, "4 kW is below 10% of 80 kW")
    #expect(modes.highPowerTime == 30 * 15, "75 kW is above 90%")
    // Each stop: idle 4 -> peak 75 -> cruise 35 -> next idle 4. The descent 75 -> 35 -> 4 is monotone,
    // so 35 kW is no reversal: 30 rises of 71 kW and 29 full descents of 71 kW, and the route ends
    // mid-cruise, so the last descent is 75 -> 35 kW, a half cycle of 40 kW. Equivalent full cycles:
    // (59 x 71 + 40) / 2 / 80.
    #expect(abs(modes.loadChangeCycles - (59 * 71_000 + 40_000) / 2 / 80_000) < 1e-9, "\(modes.loadChangeCycles)")
  }

  @Test("Sample-and-hold lookup")
  func lookup() {
    let p = LoadProfile.steps([(5, 1), (5, 2)], repeats: 2)
    #expect(p.times == [0, 5, 10, 15, 20] && p.value(at: 7) == 2 && p.value(at: 12) == 1 && p.value(at: 25) == 2)
  }
}
