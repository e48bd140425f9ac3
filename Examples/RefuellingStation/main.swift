// A day at a hydrogen refuelling station, replicated: the model is HydrogenSupply.simulateStation.
//
//   swift run -c release RefuellingStationExample [replications]

import Foundation
import TwinKit

let replications = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 20
let parameters = StationParameters()
let summary = try replicate(replications, seed: 2026) { _, streams in
  let day = try simulateStation(parameters, streams: streams)
  return [
    "mean wait (min)": day.waits.mean / 60,
    "max wait (min)": day.waits.maximum / 60,
    "served": Double(day.served),
    "unserved (balked + reneged)": Double(day.balked + day.reneged),
    "hydrogen dispensed (kg)": day.dispensedKilograms,
    "compressor starts": Double(day.compressorStarts),
    "fills paused for low pressure": Double(day.fillPauses),
    "35 MPa dispenser utilisation": day.utilization35,
    "70 MPa dispenser utilisation": day.utilization70,
    "lowest buffer pressure (MPa)": day.minimumPressure / 1e6,
  ]
}
print("Hydrogen refuelling station, \(Int(parameters.hours)) h, \(replications) replications (95% intervals)")
for name in summary.intervals.keys.sorted() {
  let ci = summary.intervals[name]!
  print("  \(name.padding(toLength: 32, withPad: " ", startingAt: 0)) \(String(format: "%10.3f ± %.3f", ci.mean, ci.halfWidth))")
}
