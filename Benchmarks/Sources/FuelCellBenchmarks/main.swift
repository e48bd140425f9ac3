// Fuel-cell benchmarks (issue 5): a 10,000-hour stack life at 1 s resolution, 36 million load samples,
// through the empirical operating-mode model (duty-cycle analysis with streaming rainflow counting).
// The load is a synthetic city-bus pattern generated on the fly (no 36M array): idle at stops,
// accelerations to high power, cruising, start-stop at the depot every 16 hours.

import Foundation
import FuelCell

let rated = 80_000.0
let seconds = 10_000 * 3600
let start = DispatchTime.now().uptimeNanoseconds
var counter = OperatingModeCounter(ratedPower: rated)
for t in 0..<seconds {
  let inDay = t % 57_600  // 16 h shifts
  let power: Double
  if inDay < 600 {
    power = 0  // parked at the depot
  } else {
    let phase = t % 120  // a 2-minute stop-and-go pattern
    power = phase < 20 ? 6_000 : phase < 35 ? 76_000 : 40_000 + 10_000 * sin(Double(phase) * 0.1)
  }
  counter.add(time: Double(t), power: power)
}
let summary = counter.finish()
let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9
print("samples,seconds,samples_per_second,start_stops,idle_h,high_power_h,load_change_cycles")
print("\(seconds),\(elapsed),\(Double(seconds) / elapsed),\(summary.startStops),\(summary.idleTime / 3600),\(summary.highPowerTime / 3600),\(summary.loadChangeCycles)")
