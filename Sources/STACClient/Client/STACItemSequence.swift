/// The items of a search, fetched page by page as they are iterated.
///
/// ```swift
/// for try await item in client.search(STACSearch(collections: ["SENTINEL1_SIG0_20M"])) { … }
/// ```
/// Iterating again starts the search again. Use ``pages`` for whole pages.
public struct STACItemSequence: AsyncSequence, Sendable {
    /// Each element is one item.
    public typealias Element = STACItem
    /// Iteration fails with a ``STACError``.
    public typealias Failure = STACError

    let makeProducer: @Sendable () -> any PageProducer

    init(_ makeProducer: @escaping @Sendable () -> any PageProducer) { self.makeProducer = makeProducer }

    /// The results as pages (one per API response or static file).
    public var pages: STACPageSequence { STACPageSequence(makeProducer) }

    /// Fetches all pages and returns every item (mind ``STACSearch/maxItems`` for big searches).
    public func collect() async throws(STACError) -> [STACItem] {
        var out: [STACItem] = []
        var it = makeAsyncIterator()
        while let item = try await it.next() { out.append(item) }
        return out
    }

    /// Fetches all pages and returns the items as one ItemCollection.
    public func itemCollection() async throws(STACError) -> STACItemCollection {
        STACItemCollection(features: try await collect())
    }

    /// Creates an iterator that starts the search.
    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(producer: makeProducer()) }

    /// Yields items, fetching the next page when the current one is used up.
    public struct AsyncIterator: AsyncIteratorProtocol {
        var producer: any PageProducer
        var buffer: [STACItem] = []
        var position = 0
        var finished = false

        init(producer: any PageProducer) { self.producer = producer }

        /// The next item, or `nil` at the end.
        public mutating func next() async throws(STACError) -> STACItem? {
            while position >= buffer.count {
                if finished { return nil }
                guard let page = try await producer.nextPage() else { finished = true; buffer = []; return nil }
                buffer = page.items
                position = 0
            }
            defer { position += 1 }
            return buffer[position]
        }

    }
}
