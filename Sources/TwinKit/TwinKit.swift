// TwinKit: one import for every public module.
@_exported public import ODE
@_exported public import SimKernel
