/// Collects the states a solution keeps, as the ``Integrator`` advances.
struct Recorder {
  let dimension: Int
  let schedule: SaveSchedule
  private(set) var times: [Double] = []
  private(set) var values: [Double] = []
  private(set) var dense: DenseOutput?
  private let forward: Bool
  private var nextSaveIndex = 0

  init(dimension: Int, forward: Bool, schedule: SaveSchedule, dense: Bool) {
    self.dimension = dimension
    self.forward = forward
    self.schedule = schedule
    self.dense = dense ? DenseOutput(dimension: dimension, forward: forward) : nil
  }

  private mutating func append(_ t: Double, _ y: UnsafeBufferPointer<Double>) {
    times.append(t)
    values.append(contentsOf: y)
  }

  mutating func start(time: Double, state: UnsafeBufferPointer<Double>) {
    switch schedule {
    case .everyStep: append(time, state)
    case .times(let saveTimes):
      while nextSaveIndex < saveTimes.count, saveTimes[nextSaveIndex] == time {
        append(time, state)
        nextSaveIndex += 1
      }
    case .finalState: break
    }
  }

  /// Records what lies in `(start, end]` after a step (or a root return) of `backend`.
  mutating func recordSegment(from start: Double, to end: Double, backend: any SteppingBackend) {
    if dense != nil { backend.appendInterpolant(to: &dense!, from: start, to: end) }
    switch schedule {
    case .everyStep: append(end, UnsafeBufferPointer(backend.currentState))
    case .times(let saveTimes):
      while nextSaveIndex < saveTimes.count {
        let t = saveTimes[nextSaveIndex]
        guard forward ? t <= end : t >= end else { break }
        if t == end {
          append(t, UnsafeBufferPointer(backend.currentState))
        } else {
          let n = dimension
          withUnsafeTemporaryAllocation(of: Double.self, capacity: n) { y in
            _ = backend.interpolate(at: t, into: y)  // t lies within this step by construction
            append(t, UnsafeBufferPointer(y))
          }
        }
        nextSaveIndex += 1
      }
    case .finalState: break
    }
  }

  /// Records the state after a jump at `time` (a second point at the same time) when saving every step.
  mutating func recordJump(time: Double, state: UnsafeBufferPointer<Double>) {
    if schedule == .everyStep { append(time, state) }
  }

  mutating func finish(time: Double, state: UnsafeBufferPointer<Double>) {
    if schedule == .finalState { append(time, state) }
  }
}
