// apmrisk's library, one module for its users: every layer, re-exported. The layers themselves are separate
// targets (see Package.swift and each target's README) so that the compiler refuses an import against the flow
// Support ← Sampling ← (Fit) ← Contracts ← Engine ← Risk ← Analysis ← Model ← Bench ← Output ← Report.
@_exported import APMSupport
@_exported import APMSampling
@_exported import APMFit
@_exported import APMContracts
@_exported import APMEngine
@_exported import APMRisk
@_exported import APMAnalysis
@_exported import APMModel
@_exported import APMBench
@_exported import APMOutput
@_exported import APMReport
