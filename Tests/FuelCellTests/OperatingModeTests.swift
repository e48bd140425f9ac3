import FuelCell
import Testing

@Suite("Duty-cycle analysis and the operating-mode loss model")
struct OperatingModeTests {
  @Test("A square-wave duty cycle gives its known start-stops, idle and high-power time, and load cycles")
  func squareWave() {
    // Rated 80 kW: off 60 s, then 10 cycles of (idle at 5 kW for 60 s, full 80 kW for 60 s), then off.
    let rated = 80_000.0
    var times: [Double] = [0]
    var power: [Double] = [0]
    var t = 60.0
    for _ in 0..<10 {
      times.append(t); power.append(5_000); t += 60
      times.append(t); power.append(80_000); t += 60
    }
    times.append(t); power.append(0)
    times.append(t + 60); power.append(0)
    let s = summarizeOperatingModes(times: times, power: power, ratedPower: rated)
    #expect(s.startStops == 1)
    #expect(s.idleTime == 600)
    #expect(s.highPowerTime == 600, "full power is above 90% of rated")
    #expect(s.duration == t + 60)
    // Rainflow while running: 10 ramps up and 9 down between 5 and 80 kW (the last descent is the
    // shut-down, a start-stop), 19 half cycles = 9.5 cycles of range 75 kW (PyPI `rainflow` agrees);
    // as equivalent full cycles 9.5 x 75/80.
    #expect(abs(s.loadChangeCycles - 9.5 * 75_000 / rated) < 1e-12)
  }

  @Test("Loss and lifetime follow the linear model")
  func lossAndLifetime() {
    var s = OperatingModeSummary()
    s.duration = 3600
    s.loadChangeCycles = 50
    s.startStops = 1
    s.idleTime = 600
    s.highPowerTime = 300
    let model = OperatingModeDegradation(
      perLoadChangeCycle: 1e-7, perStartStop: 2e-5, perIdleSecond: 3e-9, perHighPowerSecond: 4e-9, acceleration: 1.5)
    let loss = 1.5 * (50 * 1e-7 + 2e-5 + 600 * 3e-9 + 300 * 4e-9)
    #expect(abs(model.voltageLoss(s) - loss) < 1e-18)
    #expect(abs(model.lifetime(s) - 0.10 / loss * 3600) < 1e-6)
  }
}
