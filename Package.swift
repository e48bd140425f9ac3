// swift-tools-version: 6.1
//
// TwinKit: simulation and digital-twin toolkit for the hydrogen fuel-cell industry.
// Dependencies point one way: twinkit (CLI) -> domains -> SimKernel / ODE -> C libraries.

import PackageDescription

let strictSettings: [SwiftSetting] = [
  .enableUpcomingFeature("ExistentialAny"),
  .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
  name: "TwinKit",
  platforms: [.macOS(.v14)],
  // MARK: - Public API
  products: [
    .library(name: "TwinKit", targets: ["TwinKit"]),
    .library(name: "ODE", targets: ["ODE"]),
    .library(name: "SimKernel", targets: ["SimKernel"]),
    .library(name: "FuelCell", targets: ["FuelCell"]),
    .library(name: "Optimization", targets: ["Optimization"]),
    .library(name: "Microgrid", targets: ["Microgrid"]),
    .library(name: "Scheduling", targets: ["Scheduling"]),
    .library(name: "HydrogenSupply", targets: ["HydrogenSupply"]),
    .library(name: "AGV", targets: ["AGV"]),
    .library(name: "ParkTwin", targets: ["ParkTwin"]),
    .library(name: "Scenario", targets: ["Scenario"]),
    .library(name: "Reporting", targets: ["Reporting"]),
    .executable(name: "twinkit", targets: ["twinkit"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
    .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
  ],
  targets: [
    // MARK: - Public modules
    .target(name: "ODE", dependencies: ["CSundials", "CGSL"], swiftSettings: strictSettings),
    .target(
      name: "SimKernel",
      dependencies: ["ODE", "CGSL", "CBoostContext", .product(name: "DequeModule", package: "swift-collections")],
      swiftSettings: strictSettings
    ),
    .target(name: "FuelCell", dependencies: ["ODE", "SimKernel", "CGSL"], swiftSettings: strictSettings),
    .target(name: "Optimization", dependencies: ["CCoinOR"], swiftSettings: strictSettings),
    .target(name: "Microgrid", dependencies: ["Optimization", "SimKernel", "HydrogenSupply"], swiftSettings: strictSettings),
    .target(name: "Scheduling", dependencies: ["SimKernel"], swiftSettings: strictSettings),
    .target(name: "HydrogenSupply", dependencies: ["SimKernel", "ODE"], swiftSettings: strictSettings),
    .target(
      name: "AGV", dependencies: ["SimKernel", .product(name: "HeapModule", package: "swift-collections")], swiftSettings: strictSettings),
    .target(name: "ParkTwin", dependencies: ["SimKernel", "FuelCell", "Microgrid", "Scheduling", "AGV"], swiftSettings: strictSettings),
    .target(name: "Reporting", swiftSettings: strictSettings),
    .target(
      name: "Scenario", dependencies: ["Yams", "SimKernel", "FuelCell", "HydrogenSupply", "Optimization", "Microgrid", "Scheduling", "AGV", "ParkTwin"],
      swiftSettings: strictSettings),
    .target(
      name: "TwinKit",
      dependencies: [
        "ODE", "SimKernel", "FuelCell", "HydrogenSupply", "Optimization", "Microgrid", "Scheduling", "AGV", "ParkTwin", "Scenario", "Reporting",
      ],
      swiftSettings: strictSettings
    ),
    .executableTarget(
      name: "twinkit",
      dependencies: [
        "TwinKit",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ],
      swiftSettings: strictSettings
    ),

    // MARK: - Examples (library use in Swift)
    .executableTarget(
      name: "RefuellingStationExample",
      dependencies: ["TwinKit"],
      path: "Examples/RefuellingStation",
      swiftSettings: strictSettings
    ),

    // MARK: - Implementation details (C libraries from Debian, linked by name)
    .systemLibrary(name: "CSundials", providers: [.apt(["libsundials-dev"])]),
    .systemLibrary(name: "CGSL", providers: [.apt(["libgsl-dev"])]),
    .systemLibrary(name: "CCoinOR", providers: [.apt(["coinor-libcbc-dev"])]),
    .systemLibrary(name: "CBoostContext", providers: [.apt(["libboost-context-dev"])]),

    // MARK: - Tests
    .testTarget(name: "ODETests", dependencies: ["ODE"], swiftSettings: strictSettings),
    .testTarget(name: "SimKernelTests", dependencies: ["SimKernel"], swiftSettings: strictSettings),
    .testTarget(name: "ScenarioTests", dependencies: ["Scenario", "Reporting", "FuelCell"], swiftSettings: strictSettings),
    .testTarget(name: "ReportingTests", dependencies: ["Reporting"], swiftSettings: strictSettings),
    .testTarget(name: "twinkitTests", dependencies: ["twinkit"], swiftSettings: strictSettings),
    .testTarget(name: "FuelCellTests", dependencies: ["FuelCell"], swiftSettings: strictSettings),
    .testTarget(name: "OptimizationTests", dependencies: ["Optimization"], swiftSettings: strictSettings),
    .testTarget(name: "MicrogridTests", dependencies: ["Microgrid", "SimKernel"], swiftSettings: strictSettings),
    .testTarget(name: "SchedulingTests", dependencies: ["Scheduling", "SimKernel"], swiftSettings: strictSettings),
    .testTarget(name: "AGVTests", dependencies: ["AGV"], swiftSettings: strictSettings),
    .testTarget(name: "ParkTwinTests", dependencies: ["ParkTwin", "AGV", "Microgrid", "Scheduling", "FuelCell", "SimKernel"], swiftSettings: strictSettings),
  ],
  swiftLanguageModes: [.v6]
)
