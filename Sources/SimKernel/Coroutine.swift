internal import CBoostContext

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

// Coroutine processes: a process whose body is synchronous code runs on a stack of its own, and the kernel
// switches to it and back with Boost.Context's `jump_fcontext` (the stackful coroutines of SystemC's
// SC_THREAD and OMNeT++'s `activity()`). A switch saves and restores the callee-saved registers and the
// stack pointer only: no task, no executor, no allocation per wait.
//
// Invariant that keeps runs deterministic: only the kernel switches *into* a coroutine (from the event loop
// or the ready queue, on the thread that runs the simulation), and a coroutine only switches back to the
// kernel. Coroutines never switch into each other.
//
// The Swift runtime tracks dynamic exclusive accesses (to class properties, globals, escaping captures)
// in a per-thread list whose entries live in the accessing frame. Accesses end before a call returns, so
// none is open across a wait in ordinary code; one held across a wait on purpose (a wait inside
// `withUnsafeMutablePointer(to: &object.field)`) stays in the list while other coroutines run, which the
// runtime tolerates (it removes entries out of order) but reports as a conflict if they touch the same
// property.

/// Stacks for coroutine processes: each mapped with a guard page below it (an overflow faults instead of
/// corrupting memory) and committed by the system page by page as it is touched. Stacks of finished
/// processes are kept for reuse, so a model that starts a process per customer maps a few stacks only.
final class CoroutineStackPool {
  /// A mapped stack: `base` is the start of the mapping (the guard page), `size` its length in bytes.
  struct Stack {
    let base: UnsafeMutableRawPointer
    let size: Int
    /// The highest address (stacks grow down).
    var top: UnsafeMutableRawPointer { base + size }
  }

  /// Why a stack could not be mapped.
  struct MappingFailure: Error, CustomStringConvertible {
    let bytes: Int
    let reason: String
    var description: String {
      "could not map a \(bytes / 1024) KiB coroutine stack (\(reason)); every waiting coroutine process "
        + "holds one, and the system limits the number of mappings (vm.max_map_count, about 32,000 stacks): "
        + "write the body as async code (a Swift task) for more processes at once"
    }
  }

  static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))
  /// Free stacks; nearly always all of one size, so the last one fits.
  private var free: [Stack] = []

  /// A stack with at least `usableBytes` below its top, reused if one is free.
  func take(usableBytes: Int) throws(MappingFailure) -> Stack {
    let page = Self.pageSize
    let size = (usableBytes + page - 1) / page * page + page
    if let index = free.lastIndex(where: { $0.size == size }) {
      return index == free.count - 1 ? free.removeLast() : free.remove(at: index)
    }
    guard let base = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), base != MAP_FAILED
    else { throw MappingFailure(bytes: size, reason: String(cString: strerror(errno))) }
    guard mprotect(base, page, PROT_NONE) == 0 else {
      let reason = String(cString: strerror(errno))
      munmap(base, size)
      throw MappingFailure(bytes: size, reason: reason)
    }
    return Stack(base: base, size: size)
  }

  /// Keeps a stack whose coroutine has finished for the next process.
  func giveBack(_ stack: Stack) { free.append(stack) }

  deinit {
    for stack in free { munmap(stack.base, stack.size) }
  }
}

/// Marks the final switch out of a coroutine whose body has returned.
private var finishedMarker: UnsafeMutableRawPointer { UnsafeMutableRawPointer(bitPattern: 1)! }

/// The first function on every coroutine stack. It runs the body, then switches back for good; the
/// kernel then recycles the stack. Everything it references is released inside ``runCoroutineBody(_:)``
/// before the last switch, because the frames left on the stack are never unwound.
private let coroutineEntry: @convention(c) (twinkit_fcontext_transfer) -> Void = { transfer in
  let caller = runCoroutineBody(transfer)
  _ = jump_fcontext(caller, finishedMarker)
  fatalError("a finished coroutine was resumed")
}

@inline(never)
private func runCoroutineBody(_ transfer: twinkit_fcontext_transfer) -> UnsafeMutableRawPointer {
  let process = Unmanaged<Process>.fromOpaque(transfer.data!).takeUnretainedValue()
  let suspension = process.suspension
  suspension.pointee.caller = transfer.fctx
  let body = suspension.pointee.body!
  suspension.pointee.body = nil
  do {
    try body(process)
    process.finish(nil)
  } catch {
    process.finish(error)
  }
  return suspension.pointee.caller!
}

extension Process {
  /// Runs the coroutine until it waits or returns (kernel side; called from the event loop and the ready
  /// queue only). The first call maps its stack; a process that cannot get one fails with the reason.
  func switchIn() {
    let suspension = suspension
    if suspension.pointee.context == nil {
      do {
        let stack = try simulation.coroutineStacks.take(usableBytes: suspension.pointee.stackBytes)
        suspension.pointee.stack = stack
        suspension.pointee.context = make_fcontext(stack.top, stack.size - CoroutineStackPool.pageSize, coroutineEntry)
      } catch {
        suspension.pointee.body = nil
        finish(error)
        simulation.removeLiveProcess(self)
        return
      }
    }
    let transfer = jump_fcontext(suspension.pointee.context, Unmanaged.passUnretained(self).toOpaque())
    suspension.pointee.caller = nil
    if transfer.data == finishedMarker {
      suspension.pointee.context = nil
      if let stack = suspension.pointee.stack {
        suspension.pointee.stack = nil
        simulation.coroutineStacks.giveBack(stack)
      }
      // The kernel may reach a holding process unretained, and its own stack no longer holds it: this
      // can release the last reference, so nothing touches `self` afterwards.
      simulation.removeLiveProcess(self)
    } else {
      suspension.pointee.context = transfer.fctx
    }
  }

  /// Switches back to the kernel until the wait ends (coroutine side); throws what ended it, if an error.
  @inline(__always)
  func suspendCoroutine() throws {
    let suspension = suspension
    guard let caller = suspension.pointee.caller else { preconditionFailure(notRunningMessage) }
    suspension.pointee.isWaiting = true
    let transfer = jump_fcontext(caller, nil)
    suspension.pointee.caller = transfer.fctx
    if let error = suspension.pointee.resumeError {
      suspension.pointee.resumeError = nil
      throw error
    }
  }

  /// Makes the coroutine ready to run after the current event (kernel side), with `error` thrown into it.
  func makeReady(throwing error: (any Error)?) {
    suspension.pointee.resumeError = error
    simulation.executor.enqueue(coroutine: self)
  }

  /// Why a wait without `await` cannot suspend here.
  var notRunningMessage: String {
    if !isCoroutine {
      "process '\(name)' runs as a Swift task (its body awaits): its waits need `try await`"
    } else {
      "process '\(name)' is not the running process: a process can only wait in its own body"
    }
  }
}
