import DequeModule
import Synchronization

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The task executor that runs every process of one simulation, on the thread that drives it, and the
/// ready queue of coroutine processes.
///
/// Task processes are Swift tasks created with this executor as their preference, so every job of theirs
/// is enqueued here; coroutine processes that an event makes ready are queued here too. The kernel runs
/// the queue to empty after each event, in FIFO order. That makes the interleaving of processes a
/// function of the event order alone: two runs with one seed are identical.
///
/// A task process that awaits something outside the simulation (an actor, `Task.sleep`, I/O) would
/// resume on another thread. Such a job is not run: it is set aside and the run stops with
/// ``SimulationError/foreignAwait(time:)``.
final class SimulationExecutor: TaskExecutor, @unchecked Sendable {
  /// Something ready to run.
  enum Ready {
    case job(UnownedJob)
    case coroutine(Process)
  }

  private var ready = Deque<Ready>()
  private var owner: pthread_t
  private let foreignJobs = Mutex<[UnownedJob]>([])
  private let foreignFlag = Atomic<Bool>(false)

  init() { owner = pthread_self() }

  /// Makes the calling thread the one that drives the simulation.
  func adoptCurrentThread() { owner = pthread_self() }

  func enqueue(_ job: consuming ExecutorJob) {
    let job = UnownedJob(job)
    if pthread_equal(owner, pthread_self()) != 0 {
      ready.append(.job(job))
    } else {
      foreignJobs.withLock { $0.append(job) }
      foreignFlag.store(true, ordering: .releasing)
    }
  }

  /// Queues a coroutine process to run (kernel thread only).
  func enqueue(coroutine process: Process) { ready.append(.coroutine(process)) }

  /// Whether a job arrived from another thread.
  var sawForeignJob: Bool { foreignFlag.load(ordering: .acquiring) }

  /// Runs queued jobs and coroutines until none is left.
  @inline(__always)
  func drain() {
    guard !ready.isEmpty else { return }
    let executor = asUnownedTaskExecutor()
    while let next = ready.popFirst() {
      switch next {
      case .job(let job): job.runSynchronously(on: executor)
      case .coroutine(let process): process.switchIn()
      }
    }
  }
}
