/// How a call to ``Integrator/advance(to:)`` ended.
public enum AdvanceOutcome: Equatable, Sendable {
  /// The integrator is at the requested time.
  case reached
  /// An event action called ``EventContext/stop()``; the integrator is at the event time.
  case stopped(event: String, time: Double)
  /// The solver failed; the integrator stays at the last good time.
  case failed(SolverFailure)
}

/// A steppable integrator: advance to a time, change state or parameters, continue.
///
/// This is the form the discrete-event kernel drives: move the continuous state from one event time to
/// the next with ``advance(to:)``, apply a jump with ``reinitialize(state:parameters:)``, and let
/// ``ContinuousEvent``s stop the integration where a state crosses a threshold.
///
/// ```swift
/// let integrator = try Integrator(problem, .cvodeBDF())
/// _ = integrator.advance(to: 10)
/// try integrator.reinitialize(state: [0, 1])
/// _ = integrator.advance(to: 20)
/// ```
public final class Integrator<Parameters> {
  /// The algorithm's name (e.g. `CVODE-BDF`).
  public let algorithmName: String
  /// The parameters the right-hand side currently sees.
  public private(set) var parameters: Parameters
  /// The options the integrator was created with.
  public let options: SolverOptions
  /// The first failure, after which the integrator refuses to continue until re-initialised.
  public private(set) var failure: SolverFailure?

  let backend: any SteppingBackend
  private let makeCallbacks: (Parameters) -> CallbackBox
  private(set) var callbacks: CallbackBox
  private let continuousEvents: [ContinuousEvent<Parameters>]
  private let discreteEvents: [DiscreteEvent<Parameters>]
  private let endTime: Double
  private let forward: Bool
  private var rootScratch: [Int32]
  private var eventsFired = 0
  private var stepsTaken = 0
  /// Kept apart from ``discreteEvents`` so that the step loop touches no generically typed storage
  /// (which costs a metadata lookup per access in unspecialised code).
  private let hasDiscreteEvents: Bool
  private var recorder: Recorder?
  /// Whether the recorder keeps anything per step (not so for `.finalState` without dense output).
  private let recordsSteps: Bool

  // MARK: Creation

  /// Creates an integrator for an ODE problem.
  ///
  /// - Throws: ``ODEError`` when the options or problem are inconsistent or the library refuses them.
  public convenience init(
    _ problem: ODEProblem<Parameters>, _ algorithm: ODEAlgorithm, options: SolverOptions = SolverOptions(),
    events: EventSet<Parameters> = .none
  ) throws(ODEError) {
    try self.init(problem, algorithm, options: options, events: events, recording: false)
  }

  /// Creates an integrator for a DAE problem.
  ///
  /// - Throws: ``ODEError`` when the options or problem are inconsistent, or the initial conditions
  ///   cannot be made consistent.
  public convenience init(
    _ problem: DAEProblem<Parameters>, _ algorithm: DAEAlgorithm = .ida(), options: SolverOptions = SolverOptions(),
    events: EventSet<Parameters> = .none
  ) throws(ODEError) {
    try self.init(problem, algorithm, options: options, events: events, recording: false)
  }

  convenience init(
    _ problem: ODEProblem<Parameters>, _ algorithm: ODEAlgorithm, options: SolverOptions,
    events: EventSet<Parameters>, recording: Bool
  ) throws(ODEError) {
    guard problem.dimension > 0 else { throw .invalidProblem("the state is empty") }
    try options.validate(dimension: problem.dimension, timeSpan: problem.timeSpan)
    let n = problem.dimension
    let f = problem.f
    let jacobian = problem.jacobian
    let split = problem.splitting
    let conditions = events.continuous.map { $0.condition }
    let checkFinite = options.checkFinite
    let makeCallbacks: (Parameters) -> CallbackBox = { p in
      CallbackBox(
        dimension: n, rightHandSide: { t, y, dy in try f(t, y, p, dy) },
        split: split.map { s in ({ t, y, dy in try s.stiff(t, y, p, dy) }, { t, y, dy in try s.nonstiff(t, y, p, dy) }) },
        jacobian: jacobian.map { jac in { t, y, fy, m in try jac(t, y, fy, p, m) } },
        eventFunctions: Integrator.eventFunctions(conditions, p), eventCount: conditions.count,
        checkFinite: checkFinite)
    }
    let callbacks = makeCallbacks(problem.parameters)
    let t0 = problem.timeSpan.start
    let directions = events.continuous.map { $0.direction }
    let backend: any SteppingBackend
    switch algorithm.kind {
    case .cvode(let bdf, let linearSolver, let maxOrder):
      let resources = try SundialsResources(dimension: n, linearSolver: linearSolver)
      problem.initialState.withUnsafeBufferPointer { resources.load($0, into: resources.state) }
      let stepper = try CVODEStepper(
        resources: resources, callbacks: callbacks, initialTime: t0, bdf: bdf, maxOrder: maxOrder, options: options)
      if !directions.isEmpty { try stepper.setRootDirections(directions.map { $0.rawValue }) }
      backend = SundialsODEBackend(resources: resources, stepper: stepper, callbacks: callbacks, initialTime: t0)
    case .arkode(let method, let order, let linearSolver):
      let resources = try SundialsResources(dimension: n, linearSolver: linearSolver)
      problem.initialState.withUnsafeBufferPointer { resources.load($0, into: resources.state) }
      let stepper = try ARKStepStepper(
        resources: resources, callbacks: callbacks, initialTime: t0, method: method, order: order, options: options)
      if !directions.isEmpty { try stepper.setRootDirections(directions.map { $0.rawValue }) }
      backend = SundialsODEBackend(resources: resources, stepper: stepper, callbacks: callbacks, initialTime: t0)
    case .gsl(let stepper):
      backend = try GSLBackend(
        callbacks: callbacks, stepper: stepper, initialTime: t0, endTime: problem.timeSpan.end,
        initialState: problem.initialState, eventDirections: directions, options: options)
    }
    self.init(
      backend: backend, makeCallbacks: makeCallbacks, callbacks: callbacks, parameters: problem.parameters,
      algorithmName: algorithm.description,
      options: options, events: events, timeSpan: problem.timeSpan, recording: recording)
  }

  convenience init(
    _ problem: DAEProblem<Parameters>, _ algorithm: DAEAlgorithm, options: SolverOptions,
    events: EventSet<Parameters>, recording: Bool
  ) throws(ODEError) {
    guard problem.dimension > 0 else { throw .invalidProblem("the state is empty") }
    guard problem.initialDerivative.count == problem.dimension else {
      throw .invalidProblem(
        "initialDerivative has \(problem.initialDerivative.count) entries, the state has \(problem.dimension)")
    }
    try options.validate(dimension: problem.dimension, timeSpan: problem.timeSpan)
    let n = problem.dimension
    let residual = problem.residual
    let jacobian = problem.jacobian
    let conditions = events.continuous.map { $0.condition }
    let checkFinite = options.checkFinite
    let makeCallbacks: (Parameters) -> CallbackBox = { p in
      CallbackBox(
        dimension: n, rightHandSide: { _, _, _ in },
        residual: { t, y, yp, r in try residual(t, y, yp, p, r) },
        residualJacobian: jacobian.map { jac in { t, c, y, yp, m in try jac(t, c, y, yp, p, m) } },
        eventFunctions: Integrator.eventFunctions(conditions, p), eventCount: conditions.count,
        checkFinite: checkFinite)
    }
    let callbacks = makeCallbacks(problem.parameters)
    let backend = try IDABackend(
      callbacks: callbacks, initialTime: problem.timeSpan.start, endTime: problem.timeSpan.end,
      initialState: problem.initialState, initialDerivative: problem.initialDerivative,
      differentialComponents: problem.differentialComponents, linearSolver: algorithm.linearSolver,
      options: options)
    if !events.continuous.isEmpty { try backend.setRootDirections(events.continuous.map { $0.direction.rawValue }) }
    if let failure = backend.makeInitialConditionsConsistent() { throw .invalidProblem(failure.description) }
    self.init(
      backend: backend, makeCallbacks: makeCallbacks, callbacks: callbacks, parameters: problem.parameters,
      algorithmName: algorithm.description,
      options: options, events: events, timeSpan: problem.timeSpan, recording: recording)
  }

  private init(
    backend: any SteppingBackend, makeCallbacks: @escaping (Parameters) -> CallbackBox, callbacks: CallbackBox, parameters: Parameters, algorithmName: String,
    options: SolverOptions, events: EventSet<Parameters>, timeSpan: (start: Double, end: Double), recording: Bool
  ) {
    self.backend = backend
    self.makeCallbacks = makeCallbacks
    self.callbacks = callbacks
    self.parameters = parameters
    self.algorithmName = algorithmName
    self.options = options
    continuousEvents = events.continuous
    discreteEvents = events.discrete
    hasDiscreteEvents = !events.discrete.isEmpty
    endTime = timeSpan.end
    forward = timeSpan.end > timeSpan.start
    rootScratch = Array(repeating: 0, count: max(events.continuous.count, 1))
    recordsSteps = recording && (options.saveAt != .finalState || options.keepsDenseOutput)
    if recording {
      recorder = Recorder(
        dimension: callbacks.dimension, forward: forward, schedule: options.saveAt, dense: options.keepsDenseOutput)
      recorder!.start(time: timeSpan.start, state: UnsafeBufferPointer(backend.currentState))
    }
  }

  private static func eventFunctions(
    _ conditions: [(Double, UnsafeBufferPointer<Double>, Parameters) -> Double], _ p: Parameters
  ) -> CallbackBox.EventFunctions? {
    guard !conditions.isEmpty else { return nil }
    return { t, y, g in
      for k in conditions.indices { g[k] = conditions[k](t, y, p) }
    }
  }

  // MARK: State

  /// The current time.
  public var time: Double { backend.time }
  /// A copy of the state at ``time``.
  public var state: [Double] { Array(backend.currentState) }
  /// Work counters so far.
  public var statistics: SolverStatistics {
    var s = backend.statistics
    s.eventsFired = eventsFired
    return s
  }

  /// The state at `t` from the last step's interpolant, or `nil` if `t` lies outside that step.
  public func interpolate(at t: Double) -> [Double]? {
    var inside = false
    let values = [Double](unsafeUninitializedCapacity: callbacks.dimension) { buffer, count in
      buffer.initialize(repeating: 0)
      inside = backend.interpolate(at: t, into: buffer)
      count = callbacks.dimension
    }
    return inside ? values : nil
  }

  /// Restarts with a new state and/or new parameters (a discrete jump), at the current time unless
  /// `time` is given (an earlier time re-integrates from there: the kernel's rewind).
  ///
  /// The multistep history is discarded, as after any discontinuity, and the step budget
  /// (``SolverOptions/maxSteps``) starts afresh.
  /// - Throws: ``SolverFailure`` if the library cannot restart (for IDA: no consistent initial values).
  public func reinitialize(
    time newTime: Double? = nil, state newState: [Double]? = nil, parameters newParameters: Parameters? = nil
  ) throws(SolverFailure) {
    if let newParameters {
      parameters = newParameters
      callbacks = makeCallbacks(newParameters)
    }
    let values = newState ?? state
    precondition(values.count == callbacks.dimension, "state has \(values.count) components, expected \(callbacks.dimension)")
    let restartTime = newTime ?? time
    let result = values.withUnsafeBufferPointer {
      backend.reinitialize(time: restartTime, state: $0, callbacks: callbacks)
    }
    if let result {
      failure = result
      throw result
    }
    failure = nil
    stepsTaken = 0
    recorder?.recordJump(time: time, state: UnsafeBufferPointer(backend.currentState))
  }

  // MARK: Advancing

  /// Integrates to `target` (which must not lie before the current time in the direction of
  /// integration), running event actions on the way.
  ///
  /// - Returns: ``AdvanceOutcome/reached`` at `target`, or where an event stopped it, or the failure
  ///   with the time reached; the state is kept at the last good time.
  public func advance(to target: Double) -> AdvanceOutcome {
    if let failure { return .failed(failure) }
    precondition(forward ? target >= time : target <= time, "advance(to: \(target)) lies behind t = \(time)")
    guard target != time else { return .reached }
    // The loop works on locals: every access to a stored property of a class costs a dynamic
    // exclusivity check, and this loop runs once per solver step.
    var steps = stepsTaken
    defer { stepsTaken = steps }
    let budget = options.maxSteps
    let backend = backend
    var nonFinite = callbacks.nonFiniteCounter
    var previous = backend.time
    while true {
      if steps >= budget {
        return fail(
          SolverFailure(
            code: .maxSteps, flagName: "TWINKIT_MAX_STEPS", flag: -1, time: previous,
            message: "\(budget) steps taken before reaching t = \(target) (raise maxSteps)"))
      }
      let result = backend.step(until: target)
      let now = backend.time
      switch result {
      case .failed(let reason):
        return fail(reason)
      case .root:
        if recordsSteps, now != previous { recorder!.recordSegment(from: previous, to: now, backend: backend) }
        if let stop = handleContinuousEvents() { return stop }
        if let failure { return .failed(failure) }
        nonFinite = callbacks.nonFiniteCounter
      case .advanced, .reachedStop:
        steps += 1
        if recordsSteps, now != previous { recorder!.recordSegment(from: previous, to: now, backend: backend) }
        if hasDiscreteEvents {
          if let stop = handleDiscreteEvents() { return stop }
          if let failure { return .failed(failure) }
          nonFinite = callbacks.nonFiniteCounter
        }
        if case .reachedStop = result { return .reached }
      }
      if nonFinite.pointee > Self.nonFiniteRetryLimit {
        return fail(
          SolverFailure(
            code: .functionFailure, flagName: "TWINKIT_NONFINITE", flag: -1, time: backend.time,
            message: (callbacks.callbackFailure ?? "non-finite values")
              + "; still non-finite after \(Self.nonFiniteRetryLimit) retries with smaller steps"))
      }
      previous = backend.time
    }
  }

  private func fail(_ reason: SolverFailure) -> AdvanceOutcome {
    failure = reason
    return .failed(reason)
  }

  /// How many right-hand-side results with NaN or infinity the solvers may retry with smaller steps
  /// before the integration fails. A value that is non-finite only past a singularity makes step-size
  /// control creep toward it forever; this bound turns that into a named failure.
  static var nonFiniteRetryLimit: Int { 50 }

  private func handleContinuousEvents() -> AdvanceOutcome? {
    rootScratch.withUnsafeMutableBufferPointer { backend.rootDirections(into: $0) }
    var fired: [(index: Int, direction: CrossingDirection)] = []
    for k in continuousEvents.indices where rootScratch[k] != 0 {
      fired.append((k, rootScratch[k] > 0 ? .upward : .downward))
    }
    return runActions(fired.map { ($0.index, $0.direction, continuousEvents[$0.index].action, continuousEvents[$0.index].name) })
  }

  private func handleDiscreteEvents() -> AdvanceOutcome? {
    let y = UnsafeBufferPointer(backend.currentState)
    var due: [(Int, CrossingDirection, (inout EventContext<Parameters>) -> Void, String)] = []
    for (k, event) in discreteEvents.enumerated() where event.condition(time, y, parameters) {
      due.append((k, .either, event.action, event.name))
    }
    return due.isEmpty ? nil : runActions(due)
  }

  /// Runs the actions of the events that fired together, in list order, then restarts or stops.
  private func runActions(
    _ due: [(index: Int, direction: CrossingDirection, action: (inout EventContext<Parameters>) -> Void, name: String)]
  ) -> AdvanceOutcome? {
    var currentState = state
    var currentParameters = parameters
    var modified = false
    var stopper: String?
    for event in due {
      var context = EventContext(
        time: time, state: currentState, parameters: currentParameters, eventIndex: event.index,
        direction: event.direction)
      event.action(&context)
      eventsFired += 1
      currentState = context.state
      currentParameters = context.parameters
      modified = modified || context.modified
      if context.stopRequested, stopper == nil { stopper = event.name }
    }
    if modified {
      guard currentState.count == callbacks.dimension else {
        failure = SolverFailure(
          code: .eventFailure, flagName: "TWINKIT_EVENT_STATE", flag: -1, time: time,
          message: "an event action set a state of \(currentState.count) components, expected \(callbacks.dimension)")
        return .failed(failure!)
      }
      do {
        try reinitialize(state: currentState, parameters: currentParameters)
      } catch {
        return .failed(error)
      }
    }
    if let stopper { return .stopped(event: stopper, time: time) }
    return nil
  }

  /// Integrates to the end of the problem's time span and returns the recorded solution data.
  func finish() -> (Recorder, AdvanceOutcome) {
    let outcome = advance(to: endTime)
    recorder!.finish(time: time, state: UnsafeBufferPointer(backend.currentState))
    return (recorder!, outcome)
  }
}
