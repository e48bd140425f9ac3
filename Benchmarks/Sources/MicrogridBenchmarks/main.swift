// Microgrid benchmarks (issue 6): a year of rule-based dispatch at 1-hour and 1-minute steps, and the
// year's perfect-foresight LP (8,760 hours, about 61,000 variables) built and solved by Clp.
// The site is sized like the guide's park (PV 35.75 kWp, 200 kWh storage, fuel cells) with a deterministic
// synthetic load and clear-sky PV shape, so the run needs no data files. The hourly site is written to
// the CSV named by the first argument so that microgrid_peers.py builds the same LP in PyPSA.

import Foundation
import Microgrid

func site(stepHours: Double, steps: Int) -> (MicrogridSystem, SiteProfiles) {
  var load = [Double](), pv = [Double](), price = [Double]()
  for t in 0..<steps {
    let hour = (Double(t) * stepHours).truncatingRemainder(dividingBy: 24)
    let day = Double(t) * stepHours / 24
    load.append(40 + 30 * (hour >= 8 && hour < 20 ? 1 : 0) + 5 * sin(day / 58))
    pv.append(max(0, 35.75 * 0.8 * sin(Double.pi * (hour - 6) / 12)) * (0.75 + 0.25 * cos(day / 9)))
    price.append(hour >= 8 && hour < 11 || hour >= 17 && hour < 22 ? 1.1 : hour >= 22 || hour < 6 ? 0.3 : 0.65)
  }
  let system = MicrogridSystem(
    stepHours: stepHours,
    // No end-of-horizon condition: PyPSA's Store has a fixed or a cyclic start, not 'end >= start'.
    battery: Battery(capacity: 200, maxCharge: 100, maxDischarge: 100, endAtLeastInitial: false),
    fuelCells: FuelCellPlant(capacity: 80, energyCost: 0.9, hydrogenPerKWh: 0.06),
    grid: GridConnection(importLimit: 500, importPrice: price, carbonIntensity: 0.58))
  return (system, SiteProfiles(load: load, pv: pv))
}

/// Best of `repeats` wall times, seconds.
func best(_ repeats: Int, _ body: () -> Void) -> Double {
  var fastest = Double.infinity
  for _ in 0..<repeats {
    let start = DispatchTime.now().uptimeNanoseconds
    body()
    fastest = min(fastest, Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9)
  }
  return fastest
}

print("case,steps,seconds,total_cost_cny")
for (label, stepHours, steps, repeats) in [("load following 1 h", 1.0, 8_760, 50), ("load following 1 min", 1.0 / 60, 525_600, 5)] {
  let (system, profiles) = site(stepHours: stepHours, steps: steps)
  var dispatch = Dispatch(steps: 0)
  let seconds = best(repeats) {
    var policy = LoadFollowing()
    dispatch = system.simulate(&policy, profiles: profiles)
  }
  print("\(label),\(steps),\(seconds),\(system.evaluate(dispatch, profiles: profiles).totalCost)")
}
let (system, profiles) = site(stepHours: 1, steps: 8_760)
if CommandLine.arguments.count > 1 {
  var csv = "load_kw,pv_kw,import_price_cny_per_kwh\n"
  for t in 0..<profiles.steps { csv += "\(profiles.load[t]),\(profiles.pv[t]),\(system.grid.importPrice[t])\n" }
  try csv.write(toFile: CommandLine.arguments[1], atomically: true, encoding: .utf8)
}
var optimal: (Dispatch, Double)?
let lpSeconds = best(3) {
  if let (dispatch, solution) = try? system.optimalDispatch(profiles: profiles) { optimal = (dispatch, solution.objective) }
}
guard let (dispatch, objective) = optimal else { fatalError("the annual LP has no optimum") }
print("LP (Clp) build+solve 1 h,8760,\(lpSeconds),\(objective)")
let totals = system.evaluate(dispatch, profiles: profiles)
print("")
print("lp_total,kwh")
print("import,\(totals.imported)")
print("fuel_cell,\(dispatch.fuelCell.reduce(0, +))")
print("pv_used,\(dispatch.pvUsed.reduce(0, +))")
