import ArgumentParser
import TwinKit

@main
struct TwinKitCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "twinkit",
    abstract: "Simulation and digital-twin toolkit for the hydrogen fuel-cell industry.",
    discussion: """
      Examples:
        twinkit demo
        twinkit models
        twinkit validate Examples/*.yaml
        twinkit run Examples/refuelling-station.yaml --seed 7
        twinkit sweep Examples/station-sizing-sweep.yaml
        twinkit report runs/refuelling-station-seed2026
      Exit codes: 0 ok, 1 model or solver failure, 2 bad input.
      """,
    version: TwinKitCommand.version,
    subcommands: [Demo.self, Run.self, Sweep.self, Merge.self, Report.self, Validate.self, Models.self, ScheduleInstance.self, PathFinding.self]
  )

  /// The TwinKit version written into manifests.
  static let version = "0.1.0"
}
