import ArgumentParser
import TwinKit

@main
struct TwinKitCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "twinkit",
    abstract: "Simulation and digital-twin toolkit for the hydrogen fuel-cell industry.",
    subcommands: [Demo.self]
  )
}
