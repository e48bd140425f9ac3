// TwinKit: one import for every public module.
@_exported public import ODE
@_exported public import SimKernel
@_exported public import Scenario
@_exported public import HydrogenSupply
@_exported public import Reporting
@_exported public import FuelCell
@_exported public import Optimization
@_exported public import Microgrid
@_exported public import Scheduling
@_exported public import AGV
@_exported public import ParkTwin
