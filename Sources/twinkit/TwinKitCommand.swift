import ArgumentParser
import TwinKit

@main
struct TwinKitCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "twinkit",
    abstract: "Simulation and digital-twin toolkit for the hydrogen fuel-cell industry.",
    version: TwinKitCommand.version,
    subcommands: [Demo.self, Run.self, Sweep.self, Merge.self, Report.self, Validate.self, Models.self]
  )

  /// The TwinKit version written into manifests.
  static let version = "0.1.0"
}
