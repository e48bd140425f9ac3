// swift-tools-version: 6.1
//
// TwinKit benchmarks: kept out of the main package so that CI and users never build the benchmark
// dependencies. Run them with Benchmarks/run-ode.sh, which also runs the Python peers side by side.

import PackageDescription

let package = Package(
  name: "TwinKitBenchmarks",
  platforms: [.macOS(.v14)],
  dependencies: [
    .package(name: "TwinKit", path: ".."),
    .package(url: "https://github.com/google/swift-benchmark", from: "0.1.2"),
  ],
  targets: [
    .executableTarget(
      name: "ODEBenchmarks",
      dependencies: [
        "CVODEBaseline",
        .product(name: "ODE", package: "TwinKit"),
        .product(name: "Benchmark", package: "swift-benchmark"),
      ]
    ),
    .executableTarget(
      name: "KernelBenchmarks",
      dependencies: [.product(name: "SimKernel", package: "TwinKit")]
    ),
    .executableTarget(
      name: "FuelCellBenchmarks",
      dependencies: [.product(name: "FuelCell", package: "TwinKit")]
    ),
    .executableTarget(
      name: "MicrogridBenchmarks",
      dependencies: [.product(name: "Microgrid", package: "TwinKit")]
    ),
    .executableTarget(
      name: "SchedulingBenchmarks",
      dependencies: [.product(name: "Scheduling", package: "TwinKit")]
    ),
    .executableTarget(
      name: "MAPFBenchmarks",
      dependencies: [.product(name: "AGV", package: "TwinKit"), .product(name: "SimKernel", package: "TwinKit")]
    ),
    // The same CVODE solves written directly in C, to measure the Swift layer's overhead.
    .target(
      name: "CVODEBaseline",
      cSettings: [.unsafeFlags(["-O2"])],
      linkerSettings: [
        .linkedLibrary("sundials_cvode"), .linkedLibrary("sundials_nvecserial"),
        .linkedLibrary("sundials_sunmatrixdense"), .linkedLibrary("sundials_sunlinsoldense"),
        .linkedLibrary("sundials_generic"),
      ]
    ),
  ],
  swiftLanguageModes: [.v6]
)
