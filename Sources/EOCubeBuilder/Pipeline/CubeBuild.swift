import STACClient

/// A build running in a task of its own (``CubeBuilder/start(items:)``): its events as they
/// happen, and its report once it ends.
///
/// ```swift
/// let build = builder.start(items: STACClient().search(api, search))
/// for await event in build.events {
///     if case .slotFinished(let progress) = event { print(progress.summary) }
/// }
/// let report = try await build.report
/// ```
public struct CubeBuild: Sendable {
    /// The build's events; the sequence ends when the build does, however it ends.
    public let events: AsyncStream<BuildEvent>
    private let task: Task<Result<BuildReport, CubeBuilderError>, Never>

    init(events: AsyncStream<BuildEvent>, task: Task<Result<BuildReport, CubeBuilderError>, Never>) {
        self.events = events
        self.task = task
    }

    /// What the build did, once it has ended; its error if it failed.
    public var report: BuildReport {
        get async throws(CubeBuilderError) { try await task.value.get() }
    }

    /// Cancels the build: units already running finish (or are abandoned whole), finished slots
    /// are journaled, and ``report`` throws ``CubeBuilderError/cancelled(store:)``; building
    /// again resumes from there.
    public func cancel() {
        task.cancel()
    }
}

extension CubeBuilder {
    /// Starts building `items` (all of them are read before merging starts: they are sorted
    /// into day slots) in a task of its own, and returns its handle.
    public func start<Items: AsyncSequence & Sendable>(items: Items) -> CubeBuild where Items.Element == STACItem {
        let (events, continuation) = AsyncStream.makeStream(of: BuildEvent.self)
        var observed = self
        observed.eventSink = { continuation.yield($0) }
        let task = Task { () -> Result<BuildReport, CubeBuilderError> in
            defer { continuation.finish() }
            do throws(CubeBuilderError) {
                return .success(try await observed.build(items: items))
            } catch {
                return .failure(error)
            }
        }
        return CubeBuild(events: events, task: task)
    }

    /// Ingests the items of an asynchronous sequence, such as a STAC search
    /// (`STACClient.search(_:_:)`): reads them all (they are sorted into day slots before any
    /// is merged), then builds as ``build(items:)-([STACItem])`` does. A failure of the
    /// sequence is a ``CubeBuilderError/catalog(source:cause:)`` error, and nothing is written.
    public func build<Items: AsyncSequence>(items: Items) async throws(CubeBuilderError) -> BuildReport where Items.Element == STACItem {
        try await build(items: Self.collect(items))
    }

    /// ``schedule(items:)-([STACItem])`` for the items of an asynchronous sequence.
    public func schedule<Items: AsyncSequence>(items: Items) async throws(CubeBuilderError) -> BuildSchedule where Items.Element == STACItem {
        try await schedule(items: Self.collect(items))
    }

    /// Every item of `items`, in order.
    static func collect<Items: AsyncSequence>(_ items: Items) async throws(CubeBuilderError) -> [STACItem] where Items.Element == STACItem {
        var all: [STACItem] = []
        do {
            for try await item in items { all.append(item) }
        } catch {
            throw .catalog(source: "the items to build", cause: CubeBuilderError.Cause(error))
        }
        return all
    }
}
