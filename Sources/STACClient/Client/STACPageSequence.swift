/// The pages of a search, fetched one at a time as they are iterated.
public struct STACPageSequence: AsyncSequence, Sendable {
    /// Each element is one page.
    public typealias Element = STACItemPage
    /// Iteration fails with a ``STACError``.
    public typealias Failure = STACError

    let makeProducer: @Sendable () -> any PageProducer

    init(_ makeProducer: @escaping @Sendable () -> any PageProducer) { self.makeProducer = makeProducer }

    /// Creates an iterator that starts the search.
    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(producer: makeProducer()) }

    /// Yields pages.
    public struct AsyncIterator: AsyncIteratorProtocol {
        var producer: any PageProducer

        /// The next page, or `nil` at the end.
        public mutating func next() async throws(STACError) -> STACItemPage? { try await producer.nextPage() }

    }
}
