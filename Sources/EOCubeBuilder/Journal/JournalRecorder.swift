import Foundation

/// Records finished day slots in the ingest journal without making the build wait for the disk.
///
/// A journal entry may only become durable after the data it vouches for, so each recording
/// first flushes the store (`syncfs(2)`) and then replaces the journal. Both run on one serial
/// queue in the background while the builder merges the next slot; the journal therefore lags
/// at most a slot behind, and a crash in that window only makes a re-run redo the slot, which the
/// fill-only merge makes harmless.
final class JournalRecorder: @unchecked Sendable {
    private let store: CubeStore
    private let queue = DispatchQueue(label: "eocube.journal")
    private let lock = NSLock()
    /// The first failure, reported by ``checkFailure()`` and ``finish()``; guarded by `lock`.
    private var failure: CubeBuilderError?

    init(store: CubeStore) {
        self.store = store
    }

    /// Queues `journal` (a snapshot) to be written once everything written so far is on disk.
    func record(_ journal: IngestJournal) {
        queue.async { [self] in
            guard lock.withLock({ failure == nil }) else { return }
            do throws(CubeBuilderError) {
                try store.flushToDisk()
                try store.writeJournal(journal)
            } catch {
                lock.withLock { failure = error }
            }
        }
    }

    /// Throws the first failure of a recording so far, without waiting for queued ones.
    func checkFailure() throws(CubeBuilderError) {
        if let failure = lock.withLock({ failure }) { throw failure }
    }

    /// Waits for every queued recording; throws the first failure.
    func finish() throws(CubeBuilderError) {
        queue.sync {}
        try checkFailure()
    }
}
