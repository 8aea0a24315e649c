import Foundation
import Synchronization

/// A fixed set of threads for blocking work (file and network I/O through C libraries, chunk
/// and block codecs), shared by ZarrStore and GeoRaster (the model is swift-nio's NIOThreadPool).
///
/// Async code reaches it through ``run(cancelled:_:)``, which suspends the task instead of
/// blocking one of Swift's few cooperative threads. Work already on the pool fans out with
/// ``forEach(_:width:cancelled:_:)`` / ``workers(count:width:cancelled:_:)``: the calling thread
/// works too and pool threads join while they are free, so a fan-out nested in another (a
/// sharded write inside a region write) never waits for a thread that is not coming.
package final class BlockingPool: Sendable {
    /// The pool every module uses.
    package static let shared = BlockingPool(threadCount: 256)

    /// Active processor cores: the default width of a CPU-bound fan-out.
    package static let coreCount = max(1, ProcessInfo.processInfo.activeProcessorCount)

    /// The most threads the pool starts. Threads start when a job finds none idle and stay,
    /// parked, for later jobs. The bound is far above the cores because much of the work
    /// blocks without using a core (HTTP range reads, 16 at once per store; retry back-offs)
    /// and independent callers must not queue behind it; CPU-bound fan-outs keep to their width.
    package let threadCount: Int

    private let state = Mutex(PoolState())
    /// One wake-up signal per thread.
    private let wakeUps: [DispatchSemaphore]
    /// Cores not yet taken by a thread of a CPU-bound fan-out (see ``workers(count:width:cpuBound:cancelled:_:)``):
    /// one budget for every fan-out in the process, so callers that run several at once (the
    /// cube builder's units) need not split the cores between them by hand.
    private let freeCores: Atomic<Int>

    /// A pool of at most `threadCount` threads, started on demand and kept for the process's
    /// lifetime, whose CPU-bound fan-outs share `cores` cores.
    package init(threadCount: Int, cores: Int = BlockingPool.coreCount) {
        self.threadCount = max(1, threadCount)
        wakeUps = (0..<self.threadCount).map { _ in DispatchSemaphore(value: 0) }
        freeCores = Atomic(max(1, cores))
    }

    /// Takes a core of the budget if one is free; never waits.
    private func takeCore() -> Bool {
        var free = freeCores.load(ordering: .relaxed)
        while free > 0 {
            let (exchanged, current) = freeCores.compareExchange(expected: free, desired: free - 1, ordering: .acquiringAndReleasing)
            if exchanged { return true }
            free = current
        }
        return false
    }

    private func returnCore() {
        freeCores.add(1, ordering: .releasing)
    }

    /// Whether the current thread works for a CPU-bound fan-out (its core, if it holds one, is
    /// counted there): a fan-out nested in that work takes no second core for the same thread.
    @TaskLocal private static var inCPUWork = false

    private func start(_ number: Int) {
        let thread = Thread { [self] in self.serve(number) }
        thread.name = "eocube-blocking-\(number)"
        // Deep C decoders (libtiff, LERC) and recursive region copies want more than the 512 KiB default.
        thread.stackSize = 8 << 20
        thread.start()
    }

    /// Thread `number`'s loop: run queued jobs, else park as the most recently idle thread.
    private func serve(_ number: Int) {
        while true {
            let job: (@Sendable () -> Void)? = state.withLock { state in
                if let job = state.jobs.pop() { return job }
                state.idle.append(number)
                return nil
            }
            if let job { job() } else { wakeUps[number].wait() }
        }
    }

    private func enqueue(_ job: @escaping @Sendable () -> Void) {
        // The most recently parked thread takes it: work stays on few threads, whose malloc
        // arenas and caches are warm (round-robin wake-ups grew peak memory by 70 % on the
        // Zarr benchmark, every thread keeping freed chunk buffers in its own arena).
        enum Wake { case parked(Int), new(Int), none }
        let wake: Wake = state.withLock { state in
            state.jobs.push(job)
            if let parked = state.idle.popLast() { return .parked(parked) }
            guard state.started < threadCount else { return .none }
            state.started += 1
            return .new(state.started - 1)
        }
        switch wake {
        case .parked(let number): wakeUps[number].signal()
        case .new(let number): start(number)
        case .none: break  // every thread is busy and will look at the queue when done
        }
    }

    // MARK: Async entry

    /// Runs `work` on a pool thread and suspends until it is done.
    ///
    /// Cancelling the calling task before `work` starts skips it (`runIfActive`): the call then
    /// throws `cancelled()` at once. Cancelling while it runs sets ``WorkCancellation/isCancelled``
    /// for `work`, and fan-outs inside it stop claiming new items and throw `cancelled()`.
    package func run<T: Sendable, E: Error>(cancelled: @escaping @Sendable @autoclosure () -> E,
                                           _ work: @escaping @Sendable () throws(E) -> T) async throws(E) -> T {
        let ticket = Ticket<T, E>()
        let result: Result<T, E> = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Result<T, E>, Never>) in
                guard ticket.wait(with: continuation) else {
                    continuation.resume(returning: .failure(cancelled()))
                    return
                }
                enqueue {
                    guard ticket.start() else { return }  // cancelled while queued: already resumed
                    let outcome = WorkCancellation.$current.withValue(ticket.cancellation) { Result { () throws(E) -> T in try work() } }
                    ticket.finish(outcome)
                }
            }
        } onCancel: {
            ticket.cancel(with: .failure(cancelled()))
        }
        return try result.get()
    }

    // MARK: Fan-out on the pool

    /// Calls `body(i)` for every `i` in `0..<count` on up to `width` threads (the caller's
    /// included) and rethrows the first error; after an error or cancellation no new `i` starts.
    /// `cpuBound` fan-outs share the pool's cores (see ``workers(count:width:cpuBound:cancelled:_:)``).
    package func forEach<E: Error>(_ count: Int, width: Int = BlockingPool.coreCount, cpuBound: Bool = false,
                                   cancelled: @autoclosure () -> E, _ body: (Int) throws(E) -> Void) throws(E) {
        try workers(count: count, width: width, cpuBound: cpuBound, cancelled: cancelled()) { (next) throws(E) in
            while let i = next() { try body(i) }
        }
    }

    /// `body(i)` for every `i` in `0..<count` in parallel, in order.
    package func map<T, E: Error>(_ count: Int, width: Int = BlockingPool.coreCount, cpuBound: Bool = false,
                                  cancelled: @autoclosure () -> E, _ body: (Int) throws(E) -> T) throws(E) -> [T] {
        let results = UnsafeMutableBufferPointer<T?>.allocate(capacity: count)
        results.initialize(repeating: nil)
        defer { results.deinitialize(); results.deallocate() }
        nonisolated(unsafe) let shared = results
        try forEach(count, width: width, cpuBound: cpuBound, cancelled: cancelled()) { (i: Int) throws(E) in shared[i] = try body(i) }
        return results.map { $0! }
    }

    /// Runs `worker` on up to `width` threads (the caller's included), each looping over
    /// `nextJob()` for job numbers in `0..<count` (`nil` when none are left, after an error, or
    /// once the surrounding ``run(cancelled:_:)`` is cancelled). A worker sets up per-thread
    /// state (a scratch buffer) once. The first error is rethrown when every started worker is done.
    ///
    /// A `cpuBound` fan-out keeps to the pool's core budget: the caller works whatever the
    /// budget (so nothing ever waits for a core, and nested fan-outs cannot deadlock) and takes a
    /// core when one is free; helpers join only with a core of their own, now or, as cores free
    /// up while the caller claims jobs, later. Several fan-outs at once therefore share the cores
    /// instead of each taking `width` threads, and the last one running gets them all.
    package func workers<E: Error>(count: Int, width: Int, cpuBound: Bool = false, cancelled: @autoclosure () -> E,
                                   _ worker: (_ nextJob: () -> Int?) throws(E) -> Void) throws(E) {
        guard count > 0 else { return }
        let cancellation = WorkCancellation.current
        let helpers = min(max(1, width), count) - 1
        let callerCore = cpuBound && !Self.inCPUWork && takeCore()
        defer { if callerCore { returnCore() } }
        if helpers == 0 {
            let job = FanOut<E>(count: count, cancellation: cancellation)
            let outcome = Self.$inCPUWork.withValue(cpuBound || Self.inCPUWork) { Result { () throws(E) in try worker { job.claim() } } }
            if case .failure(let error) = outcome { throw error }
            if job.wasCancelled { throw cancelled() }
            return
        }
        let job = FanOut<E>(count: count, cancellation: cancellation)
        withoutActuallyEscaping(worker) { worker in
            job.worker = worker
            let helper = { @Sendable [job] in
                // A helper that starts after the work ran out never sees `worker`; one that
                // joined has dropped it by the time it leaves.
                guard let outcome = job.runHelper() else { return }
                job.leave(outcome)
            }
            let cpuHelper = { @Sendable [self, job] in
                defer { self.returnCore() }
                guard let outcome = Self.$inCPUWork.withValue(true, operation: { job.runHelper() }) else { return }
                job.leave(outcome)
            }
            var started = 0
            /// Starts helpers while the width allows and (for a CPU-bound fan-out) cores are free.
            func startHelpers() {
                while started < helpers {
                    if cpuBound {
                        guard takeCore() else { return }
                        enqueue(cpuHelper)
                    } else {
                        enqueue(helper)
                    }
                    started += 1
                }
            }
            startHelpers()
            let own = Self.$inCPUWork.withValue(cpuBound || Self.inCPUWork) {
                Result { () throws(E) in
                    try worker {
                        // Cores another fan-out gave back since the start are put to work here.
                        if cpuBound && started < helpers { startHelpers() }
                        return job.claim()
                    }
                }
            }
            job.finishCaller(own)
            // Queued helpers still hold `job`: drop its only reference to the closure, so the
            // closure provably does not escape this call.
            job.worker = nil
        }
        if let error = job.firstError { throw error }
        if job.wasCancelled { throw cancelled() }
    }
}

// MARK: - Cancellation seen by work on the pool

/// Whether the ``BlockingPool/run(cancelled:_:)`` call the current pool work belongs to was cancelled.
package final class WorkCancellation: Sendable {
    private let flag = Atomic<Bool>(false)

    /// The cancellation of the work running on this thread (`nil` outside ``BlockingPool/run(cancelled:_:)``).
    @TaskLocal package static var current: WorkCancellation?

    /// Whether the caller's task was cancelled.
    package var isCancelled: Bool { flag.load(ordering: .relaxed) }

    func cancel() { flag.store(true, ordering: .relaxed) }
}

/// One ``BlockingPool/run(cancelled:_:)`` request: its continuation and whether it started, so
/// exactly one of the worker and the cancellation handler resumes it.
private final class Ticket<T: Sendable, E: Error>: Sendable {
    private enum State {
        case created
        case waiting(CheckedContinuation<Result<T, E>, Never>)
        case running(CheckedContinuation<Result<T, E>, Never>)
        case done
        case cancelledEarly
    }

    private let state = Mutex(State.created)
    let cancellation = WorkCancellation()

    /// Stores the continuation; `false` when the task was cancelled before it got here.
    func wait(with continuation: CheckedContinuation<Result<T, E>, Never>) -> Bool {
        state.withLock { state in
            guard case .created = state else { state = .done; return false }
            state = .waiting(continuation)
            return true
        }
    }

    /// Marks the work as started; `false` when it was cancelled while queued.
    func start() -> Bool {
        state.withLock { state in
            guard case .waiting(let continuation) = state else { return false }
            state = .running(continuation)
            return true
        }
    }

    func finish(_ outcome: Result<T, E>) {
        let continuation: CheckedContinuation<Result<T, E>, Never>? = state.withLock { state in
            guard case .running(let continuation) = state else { return nil }
            state = .done
            return continuation
        }
        continuation?.resume(returning: outcome)
    }

    /// Cancels: a queued request is resumed at once with `failure`; running work sees
    /// ``WorkCancellation/isCancelled``.
    func cancel(with failure: @autoclosure () -> Result<T, E>) {
        cancellation.cancel()
        let continuation: CheckedContinuation<Result<T, E>, Never>? = state.withLock { state in
            switch state {
            case .created: state = .cancelledEarly; return nil
            case .waiting(let continuation): state = .done; return continuation
            case .running, .done, .cancelledEarly: return nil
            }
        }
        continuation?.resume(returning: failure())
    }
}

/// The shared state of one fan-out: the next job number, the workers running, the first error.
private final class FanOut<E: Error>: Sendable {
    private struct State {
        var next = 0
        var active = 0
        var callerDone = false
        var firstError: E?
        var cancelled = false
    }

    private let count: Int
    private let cancellation: WorkCancellation?
    private let state = Mutex(State())
    /// The caller's worker; written by the caller before any helper is queued and after every
    /// helper that joined has left, read only by helpers between ``join()`` and ``leave(_:)``.
    nonisolated(unsafe) var worker: ((_ nextJob: () -> Int?) throws(E) -> Void)?
    /// Signalled by the last helper to leave once the caller waits for it.
    private let drained = DispatchSemaphore(value: 0)

    init(count: Int, cancellation: WorkCancellation?) {
        self.count = count
        self.cancellation = cancellation
    }

    var firstError: E? { state.withLock { $0.firstError } }
    var wasCancelled: Bool { state.withLock { $0.cancelled } }

    /// The next job number, or `nil` when done, failed or cancelled.
    func claim() -> Int? {
        let cancelled = cancellation?.isCancelled ?? false
        return state.withLock { state in
            if cancelled { state.cancelled = true }
            guard state.firstError == nil, !state.cancelled, state.next < count else { return nil }
            defer { state.next += 1 }
            return state.next
        }
    }

    /// A helper thread arrives: the worker to run (and the helper counted) when there is still
    /// work to share, else `nil`.
    func join() -> ((_ nextJob: () -> Int?) throws(E) -> Void)? {
        let joined: Bool = state.withLock { state in
            guard !state.callerDone, state.firstError == nil, !state.cancelled, state.next < count else { return false }
            state.active += 1
            return true
        }
        return joined ? worker : nil
    }

    /// Joins and runs the worker on a helper thread; `nil` when there was nothing to join.
    /// (A function of its own, so the helper's reference to the worker ends when it returns.)
    func runHelper() -> Result<Void, E>? {
        guard let worker = join() else { return nil }
        return Result { () throws(E) in try worker { self.claim() } }
    }

    /// A helper is done.
    func leave(_ outcome: Result<Void, E>) {
        let wake: Bool = state.withLock { state in
            if case .failure(let error) = outcome, state.firstError == nil { state.firstError = error }
            state.active -= 1
            return state.active == 0 && state.callerDone
        }
        if wake { drained.signal() }
    }

    /// The caller's own worker is done: records its error, stops further helpers from joining
    /// and waits for those that joined.
    func finishCaller(_ outcome: Result<Void, E>) {
        let mustWait: Bool = state.withLock { state in
            if case .failure(let error) = outcome, state.firstError == nil { state.firstError = error }
            state.callerDone = true
            return state.active > 0
        }
        if mustWait { drained.wait() }
    }
}

/// The pool's queue and its parked threads.
private struct PoolState: ~Copyable {
    var jobs = JobQueue()
    /// Threads waiting for work, the most recently parked last.
    var idle: [Int] = []
    /// Threads started so far.
    var started = 0
}

/// The pool's pending jobs, first in first out.
private struct JobQueue: ~Copyable {
    private var jobs: [@Sendable () -> Void] = []
    private var head = 0

    mutating func push(_ job: @escaping @Sendable () -> Void) { jobs.append(job) }

    mutating func pop() -> (@Sendable () -> Void)? {
        guard head < jobs.count else { return nil }
        let job = jobs[head]
        head += 1
        if head == jobs.count {
            jobs.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 1024 && head * 2 >= jobs.count {
            jobs.removeFirst(head)
            head = 0
        }
        return job
    }
}
