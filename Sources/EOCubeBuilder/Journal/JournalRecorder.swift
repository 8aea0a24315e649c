import Synchronization

/// Records finished day slots in the ingest journal without making the build wait for storage.
///
/// A journal entry may only become durable after the data it vouches for, so each recording
/// first makes the store durable (``StoreCoordination/makeDurable()``, `syncfs(2)` locally) and
/// then updates the journal. Both run in a task of their own while the builder merges the next
/// slot. Journals only grow during a build, so a snapshot queued behind another replaces it:
/// the journal lags at most a slot or two behind, and a crash in that window only makes a re-run
/// redo those slots, which the fill-only merge makes harmless.
final class JournalRecorder: Sendable {
    private let snapshots: AsyncStream<IngestJournal>.Continuation
    private let writer: Task<Void, Never>
    /// The first failure, reported by ``checkFailure()`` and ``finish()``.
    private let failure: FirstFailure

    /// The first error of the writing task, shared with it.
    private final class FirstFailure: Sendable {
        let error = Mutex<CubeBuilderError?>(nil)
    }

    init(store: CubeStore) {
        let (stream, continuation) = AsyncStream.makeStream(of: IngestJournal.self, bufferingPolicy: .bufferingNewest(1))
        let failure = FirstFailure()
        snapshots = continuation
        self.failure = failure
        // Not a child of the build: a cancelled build still records the slots it finished.
        writer = Task {
            for await journal in stream {
                do throws(CubeBuilderError) {
                    try await store.makeDurable()
                    try await store.writeJournal(journal)
                } catch {
                    failure.error.withLock { $0 = $0 ?? error }
                    return
                }
            }
        }
    }

    /// Queues `journal` (a snapshot holding every item recorded before) to be written once
    /// everything written so far is durable.
    func record(_ journal: IngestJournal) {
        snapshots.yield(journal)
    }

    /// Throws the first failure of a recording so far, without waiting for queued ones.
    func checkFailure() throws(CubeBuilderError) {
        if let failure = failure.error.withLock({ $0 }) { throw failure }
    }

    /// Waits for every queued recording; throws the first failure.
    func finish() async throws(CubeBuilderError) {
        snapshots.finish()
        await writer.value
        try checkFailure()
    }
}
